"""Train, evaluate on the held-out split, and store an NSFW model."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from so8t_assets.steps.metrics import metrics_by_language
from so8t_assets.steps.nsfw.dataset import Example
from so8t_assets.steps.nsfw.store import save_model, update_meta

MODEL_NAMES = {"sklearn": "so8t-nsfw-sklearn", "embedding": "so8t-nsfw-embedding",
               "transformers": "so8t-nsfw-transformers"}
SKLEARN_NAME = MODEL_NAMES["sklearn"]


def data_fingerprint(examples: list[Example]) -> str:
    digest = hashlib.sha256()
    for e in sorted(examples, key=lambda e: (e.text, e.label)):
        digest.update(f"{e.label}\t{e.text}\n".encode())
    return digest.hexdigest()[:16]


def evaluate(classifier_scores, heldout: list[Example], threshold: float) -> dict:
    scores = classifier_scores([e.text for e in heldout])
    return metrics_by_language([e.label for e in heldout], scores, [e.lang for e in heldout], threshold)


def _meta(backend: str, train: list[Example], heldout: list[Example], threshold: float, metrics: dict,
          **extra) -> dict:
    return {
        "name": MODEL_NAMES[backend], "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "threshold": threshold, "n_train": len(train), "n_heldout": len(heldout),
        "train_data": data_fingerprint(train), "heldout_data": data_fingerprint(heldout),
        "heldout_metrics": metrics, **extra,
    }


def train_sklearn(train: list[Example], heldout: list[Example], models_root: Path, threshold: float,
                  seed: int = 0) -> tuple[str, Path, dict]:
    import joblib

    from so8t_assets.steps.nsfw.sklearn_model import build_pipeline

    pipeline = build_pipeline(seed).fit([e.text for e in train], [e.label for e in train])
    metrics = evaluate(lambda texts: list(pipeline.predict_proba(texts)[:, 1]), heldout, threshold)
    version, folder = save_model(models_root, "sklearn", lambda d: joblib.dump(pipeline, d / "model.joblib"),
                                 _meta("sklearn", train, heldout, threshold, metrics))
    return version, folder, metrics


def train_embedding(train: list[Example], heldout: list[Example], models_root: Path, threshold: float,
                    encoder_path: str | None = None, seed: int = 0) -> tuple[str, Path, dict]:
    """A calibrated logistic head on frozen sentence embeddings."""
    import joblib
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    from so8t_assets.steps.nsfw.encoder import SentenceEncoder

    encoder = SentenceEncoder(encoder_path)
    head = CalibratedClassifierCV(LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced",
                                                     random_state=seed), method="sigmoid", cv=5)
    head.fit(encoder.encode([e.text for e in train]), [e.label for e in train])
    metrics = evaluate(lambda texts: list(head.predict_proba(encoder.encode(texts))[:, 1]), heldout, threshold)
    meta = _meta("embedding", train, heldout, threshold, metrics, encoder_path=encoder_path)
    version, folder = save_model(models_root, "embedding", lambda d: joblib.dump(head, d / "head.joblib"), meta)
    return version, folder, metrics


def train_transformers(train: list[Example], heldout: list[Example], models_root: Path, threshold: float,
                       base_model: str, epochs: int = 2, log=print) -> tuple[str, Path, dict]:
    """Fine-tune a local Hugging Face model (GPU when present) and evaluate it."""
    from so8t_assets.steps.nsfw.classifier import TransformersNsfw
    from so8t_assets.steps.nsfw.hf import fine_tune

    def write(folder: Path) -> None:
        fine_tune(base_model, [e.text for e in train], [e.label for e in train], folder, epochs=epochs, log=log)

    meta = _meta("transformers", train, heldout, threshold, {}, base_model=str(base_model), epochs=epochs)
    version, folder = save_model(models_root, "transformers", write, meta)
    metrics = evaluate(TransformersNsfw(folder, threshold).scores, heldout, threshold)
    update_meta(folder, heldout_metrics=metrics)
    return version, folder, metrics
