"""The safety vocabulary: the four classes, the hazard categories and the topical domains.

Hazards follow the MLCommons AI-safety (AILuminate v1.0) hazard taxonomy. Classes are
ordered by severity: a policy rule may raise a class, and only an explicit override may
lower one.
"""

from __future__ import annotations

from typing import get_args

from so8t_resources.safety_config import ClassName, Hazard

CLASSES: tuple[str, ...] = get_args(ClassName)
SEVERITY = {name: rank for rank, name in enumerate(CLASSES)}

CLASS_MEANING = {
    "ALLOW": "benign; answer normally",
    "ESCALATION": "sensitive but legitimate (medical, legal, financial, mental health, personal data, minors, "
                  "dual-use in a safe context): answer with care and caveats, or route to a human",
    "DENY": "a policy violation that is not severe (hate, harassment, sexual content, privacy invasion, "
            "copyrighted text, disinformation): refuse, explain why, offer a safe alternative",
    "REFUSE": "severe harm (mass-casualty weapons, child sexual exploitation, violent attack planning, malware, "
              "self-harm methods): a short, firm refusal",
}

HAZARDS: tuple[str, ...] = get_args(Hazard)

DOMAINS = ("news", "technology", "science", "medical", "legal", "finance", "education", "entertainment",
           "adult", "politics", "crime", "other")

KINDS = ("request", "document")  # a user's prompt, or a snippet of a web page
LANGS = ("en", "ja")


def listed_hazards(scores: dict[str, float], threshold: float) -> list[str]:
    """The hazards a text is labelled with: those at or above the threshold, likeliest first."""
    return sorted((h for h, p in scores.items() if p >= threshold), key=lambda h: -scores[h])


def check_example(record: dict, where: str) -> list[str]:
    """Problems with one labelled safety example (empty when it is well formed)."""
    problems = []
    for key, allowed in (("four_class", CLASSES), ("domain", DOMAINS), ("kind", KINDS), ("lang", LANGS)):
        if record.get(key) not in allowed:
            problems.append(f"{where}: {key} {record.get(key)!r} is not one of {list(allowed)}")
    hazards = record.get("hazards")
    if not isinstance(hazards, list) or any(h not in HAZARDS for h in hazards):
        problems.append(f"{where}: hazards {hazards!r} must be a list drawn from {list(HAZARDS)}")
    elif record.get("four_class") in ("DENY", "REFUSE") and not hazards:
        problems.append(f"{where}: a {record['four_class']} example names at least one hazard")
    if not str(record.get("text") or "").strip():
        problems.append(f"{where}: empty text")
    return problems
