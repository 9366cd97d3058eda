"""Checks on one record: format, agreement with the label, language, no invented personal data.

Each check returns a short reason; an empty list means the record is valid. The asset
check runs these over every record, and the LLM backend uses them to repair or reject.
"""

from __future__ import annotations

import re

from so8t_assets.steps.cleanse.pii import find_pii
from so8t_assets.steps.language import identify
from so8t_assets.steps.thinking.record import RecordFormatError, parse_parts
from so8t_assets.steps.thinking.requests import sentences

REFUSAL_MARKERS = re.compile(r"I can(?:'|no)t help|I won't|I will not|I'm not able to help|"
                             r"お応えできません|お手伝いできません|お答えできません|対応できません", re.IGNORECASE)
PLACEHOLDER = re.compile(r"<(?:EMAIL|PHONE|CREDIT_CARD|MY_NUMBER|IP_ADDRESS|ADDRESS|SECRET_URL)>")
MAX_REFUSE_CHARS = 300


def label_agreement(final: str, four_class: str, document: str) -> str | None:
    own = final
    for s in sentences(document):  # a refusal phrase the document itself says ("I won't forget…") is not ours
        own = own.replace(s, " ")
    refuses = bool(REFUSAL_MARKERS.search(own))
    if four_class in ("ALLOW", "ESCALATION") and refuses:
        return f"a refusal for {four_class}"
    if four_class in ("DENY", "REFUSE") and not refuses:
        return f"no refusal for {four_class}"
    if four_class == "REFUSE":
        if len(final) > MAX_REFUSE_CHARS:
            return "a REFUSE answer longer than a short refusal"
        if any(len(s) >= 20 and s in final for s in sentences(document)):
            return "a REFUSE answer that quotes the document"
    return None


def check_record(assistant: str, four_class: str, lang: str, document: str) -> list[str]:
    try:
        parts = parse_parts(assistant)
    except RecordFormatError as err:
        return [f"format: {err}"]
    problems = []
    disagreement = label_agreement(parts["final"], four_class, document)
    if disagreement:
        problems.append(f"label: {disagreement}")
    prose = PLACEHOLDER.sub("", parts["final"])
    if len(prose) >= 30 and identify(prose)[0] != lang:
        problems.append(f"language: <final> is not {lang}")
    bare = PLACEHOLDER.sub(" ", assistant)
    if any(bare[s:e] not in document for s, e, _ in find_pii(bare)):
        problems.append("pii: personal data in the answer that the cleansed document does not hold")
    invented = set(PLACEHOLDER.findall(assistant)) - set(PLACEHOLDER.findall(document))
    if invented:
        problems.append(f"pii: placeholder {sorted(invented)[0]} not in the document")
    return problems
