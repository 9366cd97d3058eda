"""The four-class decision: the model's proposal, raised by policy rules, set by overrides.

`decide` returns the class and what decided it, so every label can be traced to the
model (with its probability), the rule (with the score that triggered it) or the override.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from so8t_assets.steps.safety.taxonomy import SEVERITY


@dataclass(frozen=True)
class Decision:
    four_class: str
    decided_by: str


def _rule_fires(rule, current: str, hazard_scores: dict, domain: str | None,
                nsfw_score: float | None) -> str | None:
    """What triggered the rule (for the trace), or None when a condition does not hold."""
    if SEVERITY[current] < SEVERITY[rule.min_class]:
        return None
    why = []
    if rule.hazard is not None:
        score = hazard_scores.get(rule.hazard, 0.0)
        if score < rule.min_score:
            return None
        why.append(f"{rule.hazard} {score:.2f}")
    if rule.domain is not None:
        if domain != rule.domain:
            return None
        why.append(f"domain {domain}")
    if rule.min_nsfw is not None:
        if nsfw_score is None or nsfw_score < rule.min_nsfw:
            return None
        why.append(f"nsfw {nsfw_score:.2f}")
    return ", ".join(why) or "always"


def model_class(class_scores: dict) -> str:
    """The model's proposal, in two steps: refuse at all (DENY + REFUSE hold half the
    probability or more)? Then the likelier class of that pair. A plain argmax over four
    would let a page split between DENY and REFUSE pass as ALLOW."""
    refusing = class_scores.get("DENY", 0.0) + class_scores.get("REFUSE", 0.0) >= 0.5
    pair = ("DENY", "REFUSE") if refusing else ("ALLOW", "ESCALATION")
    return max(pair, key=lambda c: class_scores.get(c, 0.0))


def decide(text: str, class_scores: dict, hazard_scores: dict, domain: str | None, nsfw_score: float | None,
           cfg, model_id: str) -> Decision:
    """cfg: the `four_class` config section (its `rules` and `overrides`)."""
    current = model_class(class_scores)
    decided_by = f"model {model_id}: {current} {class_scores[current]:.2f}"
    changed = True
    while changed:  # rules only raise, so this ends; a raise may enable an earlier rule (order-free)
        changed = False
        for rule in cfg.rules:
            if SEVERITY[rule.then] <= SEVERITY[current]:
                continue
            trigger = _rule_fires(rule, current, hazard_scores, domain, nsfw_score)
            if trigger:
                decided_by = f"policy: {current} -> {rule.then} ({trigger}): {rule.reason}"
                current, changed = rule.then, True
    for override in cfg.overrides:
        if re.search(override.pattern, text):
            return Decision(override.then, f"override /{override.pattern}/: {override.reason}")
    return Decision(current, decided_by)
