"""Train, evaluate on the held-out split, and store an NSFW model."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from so8t_assets.steps.metrics import metrics_by_language
from so8t_assets.steps.nsfw.dataset import Example
from so8t_assets.steps.nsfw.store import save_model

SKLEARN_NAME = "so8t-nsfw-sklearn"


def data_fingerprint(examples: list[Example]) -> str:
    digest = hashlib.sha256()
    for e in sorted(examples, key=lambda e: (e.text, e.label)):
        digest.update(f"{e.label}\t{e.text}\n".encode())
    return digest.hexdigest()[:16]


def evaluate(classifier_scores, heldout: list[Example], threshold: float) -> dict:
    scores = classifier_scores([e.text for e in heldout])
    return metrics_by_language([e.label for e in heldout], scores, [e.lang for e in heldout], threshold)


def train_sklearn(train: list[Example], heldout: list[Example], models_root: Path, threshold: float,
                  seed: int = 0) -> tuple[str, Path, dict]:
    import joblib

    from so8t_assets.steps.nsfw.sklearn_model import build_pipeline

    pipeline = build_pipeline(seed).fit([e.text for e in train], [e.label for e in train])
    metrics = evaluate(lambda texts: list(pipeline.predict_proba(texts)[:, 1]), heldout, threshold)
    meta = {
        "name": SKLEARN_NAME, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "threshold": threshold, "n_train": len(train), "n_heldout": len(heldout),
        "train_data": data_fingerprint(train), "heldout_data": data_fingerprint(heldout),
        "heldout_metrics": metrics,
    }
    version, folder = save_model(models_root, "sklearn", lambda d: joblib.dump(pipeline, d / "model.joblib"), meta)
    return version, folder, metrics
