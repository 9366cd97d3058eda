"""Label texts: domain, hazards and the four-class decision, from a stored safety model."""

from __future__ import annotations

from pathlib import Path

from so8t_assets.steps.safety.policy import decide
from so8t_assets.steps.safety.store import load_model
from so8t_assets.steps.safety.taxonomy import listed_hazards


def _rounded(score: float | None) -> float | None:
    return None if score is None else round(score, 4)


class SafetyLabeller:
    def __init__(self, cfg, data_root: Path):
        """cfg: the `four_class` config section."""
        self.cfg = cfg
        self.model, self.meta = load_model(cfg, data_root)
        self.model_id = f"{self.meta['name']}@{self.meta['version']}"

    def label(self, texts: list[str], nsfw_scores: list[float | None] | None = None) -> list[dict]:
        nsfw_scores = nsfw_scores or [None] * len(texts)
        rows = []
        for text, pred, nsfw in zip(texts, self.model.predict(texts), nsfw_scores, strict=True):
            hazards = listed_hazards(pred["hazard_scores"], self.cfg.hazard_threshold)
            decision = decide(text, pred["four_class_scores"], pred["hazard_scores"], pred["domain"], nsfw,
                              self.cfg, self.model_id)
            rows.append({"four_class": decision.four_class, "decided_by": decision.decided_by,
                         "decided_score": _rounded(decision.score),
                         "four_class_scores": {c: round(p, 4) for c, p in pred["four_class_scores"].items()},
                         "hazards": hazards,
                         "hazard_scores": {h: round(p, 4) for h, p in pred["hazard_scores"].items()},
                         "domain": pred["domain"], "domain_score": round(pred["domain_score"], 4),
                         "safety_model": self.model_id})
        return rows
