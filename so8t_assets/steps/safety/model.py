"""The default safety model: shared character and word n-gram features, three heads.

- four-class head: multinomial logistic regression, sigmoid-calibrated, so its
  probabilities can be combined with the policy table;
- hazard heads: one calibrated logistic regression per hazard (multi-label);
- domain head: multinomial logistic regression.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from so8t_assets.steps.nsfw.classifier import passages
from so8t_assets.steps.nsfw.sklearn_model import forget_cache_ids, ngram_features
from so8t_assets.steps.safety.taxonomy import CLASSES, HAZARDS

PASSAGE = 400  # characters: about the length of the longest training snippets


def _features():
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion(ngram_features())


def _logistic(seed: int, calibrated: bool):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    base = LogisticRegression(C=8.0, solver="saga", max_iter=3000, class_weight="balanced", random_state=seed)
    return CalibratedClassifierCV(base, method="sigmoid", cv=3) if calibrated else base


@dataclass
class SafetyModel:
    features: object
    four_class: object
    hazards: dict  # hazard -> fitted head, or a constant probability for a hazard never seen
    domain: object

    @classmethod
    def fit(cls, texts: list[str], classes: list[str], hazards: list[tuple[str, ...]], domains: list[str],
            seed: int = 0) -> SafetyModel:
        features = _features()
        x = features.fit_transform(texts)
        forget_cache_ids(features)
        four = _logistic(seed, calibrated=True).fit(x, classes)
        heads = {}
        for h in HAZARDS:
            y = np.array([h in hs for hs in hazards], dtype=int)
            heads[h] = _logistic(seed, calibrated=True).fit(x, y) if 6 <= y.sum() <= len(y) - 6 else float(y.mean())
        return cls(features, four, heads, _logistic(seed, calibrated=False).fit(x, domains))

    def predict(self, texts: list[str]) -> list[dict]:
        return predict_pages(texts, self._predict_passages, list(self.hazards), list(self.domain.classes_))

    def _predict_passages(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(class probabilities in CLASSES order, hazard probabilities, domain probabilities)."""
        x = self.features.transform(texts)
        seen = list(self.four_class.classes_)
        proba = self.four_class.predict_proba(x)
        class_p = np.zeros((len(texts), len(CLASSES)))  # a class absent from training stays at 0
        for j, c in enumerate(CLASSES):
            if c in seen:
                class_p[:, j] = proba[:, seen.index(c)]
        hazard_p = np.column_stack([head.predict_proba(x)[:, 1] if not isinstance(head, float)
                                    else np.full(len(texts), head) for head in self.hazards.values()])
        return class_p, hazard_p, self.domain.predict_proba(x)


def predict_pages(texts: list[str], predict_passages, hazard_names: list[str], domain_names: list[str]) -> list[dict]:
    """Per text: class probabilities, hazard probabilities, domain and its probability.

    The heads learn from snippets and requests of a few sentences; a long page is scored
    passage by passage (about PASSAGE characters each) and the passages combined: class
    and domain probabilities are averaged, so one alarming paragraph in a benign page does
    not decide it, and a hazard takes its highest passage score (what the page touches).
    predict_passages(passages) -> (class, hazard, domain) probability arrays, one row each."""
    if not texts:
        return []
    spans = [passages(t, PASSAGE) for t in texts]
    classes, hazards, domains = predict_passages([p for ps in spans for p in ps])
    out, start = [], 0
    for ps in spans:
        part = slice(start, start + len(ps))
        start += len(ps)
        c, h, d = classes[part].mean(axis=0), hazards[part].max(axis=0), domains[part].mean(axis=0)
        out.append({"four_class_scores": {name: float(c[j]) for j, name in enumerate(CLASSES)},
                    "hazard_scores": {name: float(h[j]) for j, name in enumerate(hazard_names)},
                    "domain": str(domain_names[int(d.argmax())]), "domain_score": float(d.max())})
    return out

