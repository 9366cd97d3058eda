"""The record format: chat `messages` whose assistant turn holds four tagged parts.

`public_view` is the one function that makes a record publishable: the assistant turn
keeps only the text of `<final>`. `thinking_sha256` is what the audit table stores.
"""

from __future__ import annotations

import hashlib
import json
import re

PARTS = ("task", "safety", "policy", "final")
TAGS = tuple(f"think-{p}" if p != "final" else "final" for p in PARTS)
_ELEMENT = re.compile(r"<(think-task|think-safety|think-policy|final)>(.*?)</\1>", re.DOTALL)
_ANY_TAG = re.compile(r"</?(?:think-[a-z]+|final)>")


class RecordFormatError(ValueError):
    """An assistant turn that is not the four tagged parts, once each, in order."""


def assistant_content(parts: dict[str, str]) -> str:
    return "\n".join(f"<{tag}>{parts[p].strip()}</{tag}>" for p, tag in zip(PARTS, TAGS, strict=True))


def parse_parts(content: str) -> dict[str, str]:
    """The four parts of an assistant turn; RecordFormatError names what is wrong."""
    found = _ELEMENT.findall(content)
    tags = [tag for tag, _ in found]
    if tags != list(TAGS):
        raise RecordFormatError(f"expected the tags {list(TAGS)} once each, in order; found {tags}")
    rest = _ELEMENT.sub("", content).strip()
    if rest or _ANY_TAG.search("".join(body for _, body in found)):
        raise RecordFormatError("text or stray tags outside the four parts")
    parts = dict(zip(PARTS, (body.strip() for _, body in found), strict=True))
    empty = [p for p, body in parts.items() if not body]
    if empty:
        raise RecordFormatError(f"empty part: {empty[0]}")
    return parts


def thinking_text(parts: dict[str, str]) -> str:
    """The three thinking parts, tagged, as they appear in the private record."""
    return "\n".join(f"<{tag}>{parts[p].strip()}</{tag}>" for p, tag in zip(PARTS[:3], TAGS[:3], strict=True))


def thinking_sha256(parts: dict[str, str]) -> str:
    return hashlib.sha256(thinking_text(parts).encode("utf-8")).hexdigest()


def public_view(record: dict) -> dict:
    """The record as it may be published: metadata, the user turn and the assistant turn
    reduced to the text of `<final>` (the system turn, which describes the private format,
    is dropped). Every public path (the export CLI, the asset check) uses this."""
    messages = record["messages"]
    if isinstance(messages, str):
        messages = json.loads(messages)
    public = []
    for m in messages:
        if m["role"] == "system":
            continue  # it instructs the private format (it names the think tags): not for publication
        if m["role"] == "assistant":
            m = {"role": "assistant", "content": parse_parts(m["content"])["final"]}
        public.append(m)
    keep = ("record_id", "session", "doc_id", "lang", "task", "four_class", "domain")
    return {**{k: record[k] for k in keep if k in record}, "messages": public}
