"""The default NSFW model: character and word n-grams plus lexicon counts, calibrated.

Character n-grams carry Japanese (no spaces) and spelling variants; word n-grams carry
English phrasing; the lexicon counts add adult and context cues. Logistic regression is
calibrated with Platt scaling, so a score reads as a probability and the threshold is
meaningful across retrains.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from so8t_assets.steps.nsfw.lexicon import adult_hits, context_hits, normalise


class LexiconFeatures(BaseEstimator, TransformerMixin):
    """Per text: log1p of adult cue count, of context cue count, and whether both appear."""

    def fit(self, texts, y=None):
        return self

    def transform(self, texts):
        rows = []
        for text in texts:
            a, c = len(adult_hits(text)), len(context_hits(text))
            rows.append([np.log1p(a), np.log1p(c), float(a > 0 and c > 0)])
        return sparse.csr_matrix(np.asarray(rows, dtype=np.float64))


def ngram_features() -> list[tuple[str, object]]:
    """Character n-grams (Japanese, spelling variants) and word n-grams (English phrasing)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return [
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), min_df=2, sublinear_tf=True,
                                  max_features=300_000, preprocessor=normalise, dtype=np.float32)),
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                  preprocessor=normalise, token_pattern=r"(?u)\b\w[\w'+-]*\b",
                                  dtype=np.float32)),
    ]


def build_pipeline(seed: int = 0):
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion([*ngram_features(), ("lexicon", LexiconFeatures())])
    return Pipeline([("features", features), ("classifier", calibrated_logistic(seed))])


def forget_cache_ids(features) -> None:
    """Drop state that differs between identical fits of a FeatureUnion, so equal training gives
    equal bytes (and the same content-hash version): TfidfVectorizer keeps id(stop_words)."""
    for _, transformer in features.transformer_list:
        if hasattr(transformer, "_stop_words_id"):
            del transformer._stop_words_id


def make_reproducible(pipeline):
    forget_cache_ids(pipeline.named_steps["features"])
    return pipeline


def calibrated_logistic(seed: int = 0):
    """Logistic regression with Platt calibration: scores read as probabilities."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    return CalibratedClassifierCV(
        LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced", random_state=seed),
        method="sigmoid", cv=5,
    )
