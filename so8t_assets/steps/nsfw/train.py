"""Train, evaluate on the held-out split, and store an NSFW model."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from so8t_assets.steps.metrics import metrics_by_language
from so8t_assets.steps.nsfw.dataset import Example
from so8t_assets.steps.nsfw.store import save_model

MODEL_NAMES = {"sklearn": "so8t-nsfw-sklearn", "embedding": "so8t-nsfw-embedding",
               "transformers": "so8t-nsfw-transformers"}


# Training runs for minutes: it says what it is doing as it goes, to this logger (the CLI shows it).
training_log = logging.getLogger("so8t.train")


@contextmanager
def progress(step: str, detail: str = "", log: Callable[[str], None] = training_log.info,
             every_s: float = 30.0) -> Iterator[None]:
    """Say when a training step starts (with `detail`), every `every_s` seconds while it runs, and
    when it ends, each with the time elapsed (a fit is one call that reports nothing on its own)."""
    start, done = time.monotonic(), threading.Event()

    def beat() -> None:
        while not done.wait(every_s):
            log(f"{step}: still running, {time.monotonic() - start:.0f} s")

    log(f"{step}…" + (f" ({detail})" if detail else ""))
    ticker = threading.Thread(target=beat, daemon=True)
    ticker.start()
    try:
        yield
    finally:
        done.set()
        ticker.join()
    log(f"{step}: done in {time.monotonic() - start:.0f} s")


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


def _save_evaluated(backend: str, write, load, train, heldout, models_root: Path, threshold: float,
                    **extra) -> tuple[str, Path, dict]:
    """Write the model, evaluate it as it will be used (page scoring), then store both at once."""
    metrics: dict = {}

    def write_and_evaluate(folder: Path) -> None:
        write(folder)
        with progress(f"NSFW model ({backend}): evaluating on {len(heldout)} held-out examples"):
            metrics.update(evaluate(load(folder).document_scores, heldout, threshold))

    version, folder = save_model(models_root, backend, write_and_evaluate,
                                 lambda: _meta(backend, train, heldout, threshold, metrics, **extra))
    return version, folder, metrics


def train_sklearn(train: list[Example], heldout: list[Example], models_root: Path, threshold: float,
                  seed: int = 0) -> tuple[str, Path, dict]:
    import joblib

    from so8t_assets.steps.nsfw.classifier import SklearnNsfw
    from so8t_assets.steps.nsfw.sklearn_model import build_pipeline, make_reproducible

    with progress(f"NSFW model (sklearn): fitting on {len(train)} examples"):
        pipeline = make_reproducible(build_pipeline(seed).fit([e.text for e in train], [e.label for e in train]))
    return _save_evaluated("sklearn", lambda d: joblib.dump(pipeline, d / "model.joblib"),
                           lambda d: SklearnNsfw(d, threshold), train, heldout, models_root, threshold)


def train_embedding(train: list[Example], heldout: list[Example], models_root: Path, threshold: float,
                    encoder_path: str | None = None, seed: int = 0) -> tuple[str, Path, dict]:
    """A calibrated logistic head on frozen sentence embeddings."""
    import joblib

    from so8t_assets.steps.nsfw.classifier import EmbeddingNsfw
    from so8t_assets.steps.nsfw.encoder import SentenceEncoder
    from so8t_assets.steps.nsfw.sklearn_model import calibrated_logistic

    encoder = SentenceEncoder(encoder_path)
    with progress(f"NSFW model (embedding): encoding {len(train)} examples and fitting the head"):
        head = calibrated_logistic(seed).fit(encoder.encode([e.text for e in train]), [e.label for e in train])

    def load(folder: Path) -> EmbeddingNsfw:
        return EmbeddingNsfw(folder, threshold, encoder=encoder)

    return _save_evaluated("embedding", lambda d: joblib.dump(head, d / "head.joblib"), load, train, heldout,
                           models_root, threshold, encoder_path=encoder_path)


def train_transformers(train: list[Example], heldout: list[Example], models_root: Path, threshold: float,
                       base_model: str, epochs: int = 2, log=print) -> tuple[str, Path, dict]:
    """Fine-tune a local Hugging Face model (GPU when present) and evaluate it."""
    from so8t_assets.steps.nsfw.classifier import TransformersNsfw
    from so8t_assets.steps.nsfw.hf import fine_tune

    def write(folder: Path) -> None:
        fine_tune(base_model, [e.text for e in train], [e.label for e in train], folder, epochs=epochs, log=log)

    return _save_evaluated("transformers", write, lambda d: TransformersNsfw(d, threshold), train, heldout,
                           models_root, threshold, base_model=str(base_model), epochs=epochs)
