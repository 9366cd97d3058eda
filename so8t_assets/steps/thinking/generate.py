"""Records from labelled documents: requests, the backend's four parts, validation.

A backend turns a batch of (request, document, labels, policy) into four parts per item.
A record that fails validation is repaired where the backend can, else rejected with
its reasons; nothing invalid is written as a record.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from so8t_assets.steps.thinking.record import assistant_content, public_view, thinking_sha256
from so8t_assets.steps.thinking.requests import Request, requests_for
from so8t_assets.steps.thinking.template import VERSION, template_parts
from so8t_assets.steps.thinking.validate import check_record

SYSTEM = {
    "en": "You are a careful assistant. Reason in <think-task>, <think-safety> and <think-policy>, "
          "then give the answer the user sees in <final>.",
    "ja": "あなたは慎重なアシスタントです。<think-task>、<think-safety>、<think-policy> で考えてから、"
          "ユーザーに見せる回答を <final> に書いてください。",
}


@dataclass(frozen=True)
class Item:
    request: Request
    document: str
    labels: dict  # four_class, hazards, hazard_scores, domain, decided_by, decided_score
    policy: str


class TemplateBackend:
    version = VERSION

    def generate(self, items: list[Item]) -> list[dict[str, str]]:
        return [template_parts(i.request, i.document, i.labels, i.policy) for i in items]

    def repair(self, item: Item, parts: dict[str, str], problems: list[str]) -> dict[str, str] | None:
        return None  # the template is its own reference: an invalid template record is a bug to see


@dataclass
class Outcome:
    records: list[dict] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)


def record_id(session_id: str, doc_id: str, task: str) -> str:
    return hashlib.sha256(f"{session_id}\n{doc_id}\n{task}".encode()).hexdigest()[:20]


def build_records(session_id: str, docs: list[dict], cfg, backend) -> Outcome:
    """docs: doc_id, text, lang, four_class, hazards, hazard_scores, domain, decided_by, decided_score."""
    items, owners = [], []
    for doc in docs:
        policy_lang = "ja" if doc["lang"] == "ja" else "en"
        for req in requests_for(doc["doc_id"], doc["text"], doc["lang"], cfg.task_types, cfg.requests_per_document):
            items.append(Item(req, doc["text"], doc, cfg.policy_for(doc.get("domain"), policy_lang)))
            owners.append(doc)
    out = Outcome()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for item, doc, parts in zip(items, owners, backend.generate(items), strict=True):
        generator = backend.version
        problems = check_record(assistant_content(parts), doc["four_class"], item.request.lang, item.document)
        if problems:
            repaired = backend.repair(item, parts, problems)
            if repaired is not None:
                parts, generator = repaired, f"{backend.version}+repair"
                problems = check_record(assistant_content(parts), doc["four_class"], item.request.lang,
                                        item.document)
        rid = record_id(session_id, doc["doc_id"], item.request.task)
        base = {"record_id": rid, "session": session_id, "doc_id": doc["doc_id"], "lang": item.request.lang,
                "task": item.request.task, "four_class": doc["four_class"], "domain": doc.get("domain")}
        if problems:
            out.rejects.append({**base, "generator": generator, "problems": problems})
            continue
        messages = [{"role": "system", "content": SYSTEM[item.request.lang]},
                    {"role": "user", "content": item.request.text},
                    {"role": "assistant", "content": assistant_content(parts)}]
        if "<think" in json.dumps(public_view({**base, "messages": messages}), ensure_ascii=False):
            # a page that itself contains "<think…" would leak through the public view: keep it out
            out.rejects.append({**base, "generator": generator,
                                "problems": ["public: thinking text in the public view"]})
            continue
        out.records.append({**base, "hazards": list(doc.get("hazards") or []), "messages": messages,
                            "generator": generator, "thinking_sha256": thinking_sha256(parts), "created_at": now})
    return out
