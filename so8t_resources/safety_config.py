"""The `four_class` config section: the safety model and the policy table, as data.

The model proposes a class with calibrated probabilities; policy rules may only raise it
(towards REFUSE); overrides, matched on the text, set it outright and are applied last.
Every label records which of the three decided it.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

ClassName = Literal["ALLOW", "ESCALATION", "DENY", "REFUSE"]
Hazard = Literal["violent_crimes", "nonviolent_crimes", "sex_related_crimes", "child_sexual_exploitation",
                 "defamation", "specialized_advice", "privacy", "intellectual_property", "indiscriminate_weapons",
                 "hate", "suicide_self_harm", "sexual_content", "elections"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PolicyRule(_Section):
    """Raise the class to `then` when every condition given holds."""

    then: ClassName
    reason: str
    min_class: ClassName = Field("ALLOW", description="only when the class so far is at least this")
    hazard: Hazard | None = None
    min_score: float = Field(0.5, ge=0, le=1, description="the hazard's probability that triggers the rule")
    domain: str | None = None
    min_nsfw: float | None = Field(None, ge=0, le=1, description="NSFW score of the text, where one is known")


class PolicyOverride(_Section):
    """Set the class outright when the regular expression matches the text (applied last)."""

    pattern: str
    then: ClassName
    reason: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as err:
            raise ValueError(f"not a regular expression ({err})") from None
        return v


def _default_rules() -> list[PolicyRule]:
    severe = [("indiscriminate_weapons", "weapons capable of mass casualties are severe harm"),
              ("child_sexual_exploitation", "child sexual exploitation is severe harm"),
              ("suicide_self_harm", "self-harm methods are severe harm"),
              ("violent_crimes", "planning violence is severe harm")]
    rules = [PolicyRule(min_class="DENY", hazard=h, min_score=0.6, then="REFUSE", reason=why) for h, why in severe]
    rules.append(PolicyRule(min_nsfw=0.9, then="DENY", reason="the NSFW classifier finds sexual content"))
    rules += [PolicyRule(domain=d, then="ESCALATION", reason=f"{d} questions are answered with care and caveats")
              for d in ("medical", "legal", "finance")]
    return rules


class FourClassConfig(_Section):
    classes: list[ClassName] = Field(default_factory=lambda: ["ALLOW", "ESCALATION", "DENY", "REFUSE"])
    backend: Literal["sklearn", "transformers"] = "sklearn"
    model_version: str = Field("latest", description="a trained version under <data_root>/models/safety")
    model_path: str | None = Field(None, description="transformers: a fine-tuned safety model folder to label with")
    base_model: str | None = Field(None, description="transformers: the local encoder safety_model fine-tunes")
    hazard_threshold: float = Field(0.5, ge=0, le=1, description="a hazard is listed from this probability")
    heldout_fraction: float = Field(0.2, gt=0, lt=1)
    rules: list[PolicyRule] = Field(default_factory=_default_rules)
    overrides: list[PolicyOverride] = Field(default_factory=list)
