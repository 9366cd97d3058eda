"""The four-class decision: the model's proposal, raised by policy rules, set by overrides.

`decide` returns the class, what decided it and the score it decided on. `decided_by` is a
stable name (the model's id, a rule's conditions, an override's pattern), so labels group by it;
the score (the model's probability of the class, or the score that fired the rule; none for
a domain rule or an override) is kept apart in `score`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from so8t_assets.steps.safety.taxonomy import SEVERITY


@dataclass(frozen=True)
class Decision:
    four_class: str
    decided_by: str  # "model:<name>@<version>", rule_name(rule) or "override:/<pattern>/"
    score: float | None = None


def rule_name(rule) -> str:
    """A rule's stable name, from its conditions: `rule:class>=DENY&indiscriminate_weapons>=0.6->REFUSE`."""
    when = [f"class>={rule.min_class}"] if rule.min_class != "ALLOW" else []
    if rule.hazard is not None:
        when.append(f"{rule.hazard}>={rule.min_score:g}")
    if rule.domain is not None:
        when.append(f"domain={rule.domain}")
    if rule.min_nsfw is not None:
        when.append(f"nsfw>={rule.min_nsfw:g}")
    return f"rule:{'&'.join(when) or 'always'}->{rule.then}"


def _rule_fires(rule, current: str, hazard_scores: dict, domain: str | None,
                nsfw_score: float | None) -> tuple[bool, float | None]:
    """(whether every condition holds, the score that fired it: the hazard's, else the NSFW score)."""
    if SEVERITY[current] < SEVERITY[rule.min_class]:
        return False, None
    scores = []
    if rule.hazard is not None:
        score = hazard_scores.get(rule.hazard, 0.0)
        if score < rule.min_score:
            return False, None
        scores.append(score)
    if rule.domain is not None and domain != rule.domain:
        return False, None
    if rule.min_nsfw is not None:
        if nsfw_score is None or nsfw_score < rule.min_nsfw:
            return False, None
        scores.append(nsfw_score)
    return True, (scores[0] if scores else None)


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
    decided_by, score = f"model:{model_id}", class_scores[current]
    changed = True
    while changed:  # rules only raise, so this ends; a raise may enable an earlier rule (order-free)
        changed = False
        for rule in cfg.rules:
            if SEVERITY[rule.then] <= SEVERITY[current]:
                continue
            fires, trigger = _rule_fires(rule, current, hazard_scores, domain, nsfw_score)
            if fires:
                decided_by, score = rule_name(rule), trigger
                current, changed = rule.then, True
    for override in cfg.overrides:
        if re.search(override.pattern, text):
            return Decision(override.then, f"override:/{override.pattern}/")
    return Decision(current, decided_by, score)
