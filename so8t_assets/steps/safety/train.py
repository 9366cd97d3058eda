"""Train the safety model, evaluate it on the held-out split as it is used, and store it."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from so8t_assets.steps.nsfw.store import save_model
from so8t_assets.steps.nsfw.train import progress
from so8t_assets.steps.safety.dataset import SafetyExample
from so8t_assets.steps.safety.metrics import metrics_by_slice
from so8t_assets.steps.safety.policy import decide, model_class
from so8t_assets.steps.safety.store import MODEL_NAMES
from so8t_assets.steps.safety.taxonomy import listed_hazards


def data_fingerprint(examples: list[SafetyExample]) -> str:
    digest = hashlib.sha256()
    for e in sorted(examples, key=lambda e: (e.text, e.four_class)):
        digest.update(f"{e.four_class}\t{','.join(e.hazards)}\t{e.domain}\t{e.text}\n".encode())
    return digest.hexdigest()[:16]


def evaluate(model, examples: list[SafetyExample], cfg) -> dict:
    """Figures for the model alone and for model + policy (no NSFW score: text only)."""
    preds = model.predict([e.text for e in examples])
    gold = [e.four_class for e in examples]
    slices = {"lang": [e.lang for e in examples], "kind": [e.kind for e in examples],
              "tricky": [str(e.tricky).lower() for e in examples]}
    alone = [model_class(p["four_class_scores"]) for p in preds]
    decided = [decide(e.text, p["four_class_scores"], p["hazard_scores"], p["domain"], None, cfg, "").four_class
               for e, p in zip(examples, preds, strict=True)]
    hazard_hits = sum(set(e.hazards) == set(listed_hazards(p["hazard_scores"], cfg.hazard_threshold))
                      for e, p in zip(examples, preds, strict=True))
    return {"policy": metrics_by_slice(gold, decided, slices), "model_only": metrics_by_slice(gold, alone, slices),
            "domain_accuracy": round(sum(e.domain == p["domain"] for e, p in zip(examples, preds, strict=True))
                                     / max(len(examples), 1), 4),
            "hazard_exact_match": round(hazard_hits / max(len(examples), 1), 4)}


def _meta(backend: str, train, heldout, metrics: dict, **extra) -> dict:
    return {"name": MODEL_NAMES[backend], "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "n_train": len(train), "n_heldout": len(heldout), "train_data": data_fingerprint(train),
            "heldout_data": data_fingerprint(heldout), "heldout_metrics": metrics, **extra}


def _save_evaluated(backend: str, write, load, train, heldout, models_root: Path, cfg,
                    **extra) -> tuple[str, Path, dict]:
    """Write the model, evaluate it as it will be used, then store both at once."""
    metrics: dict = {}

    def write_and_evaluate(folder: Path) -> None:
        write(folder)
        with progress(f"safety model ({backend}): evaluating on {len(heldout)} held-out examples"):
            metrics.update(evaluate(load(folder), heldout, cfg))

    version, folder = save_model(models_root, backend, write_and_evaluate,
                                 lambda: _meta(backend, train, heldout, metrics, **extra))
    return version, folder, metrics


def train_sklearn(train: list[SafetyExample], heldout: list[SafetyExample], models_root: Path, cfg,
                  seed: int = 0) -> tuple[str, Path, dict]:
    import joblib

    from so8t_assets.steps.safety.model import SafetyModel

    with progress(f"safety model (sklearn): fitting on {len(train)} examples",
                  "the four-class head with 3-fold calibration, then a head per hazard and the domain head"):
        model = SafetyModel.fit([e.text for e in train], [e.four_class for e in train], [e.hazards for e in train],
                                [e.domain for e in train], seed=seed)
    return _save_evaluated("sklearn", lambda d: joblib.dump(model, d / "model.joblib"), lambda d: model,
                           train, heldout, models_root, cfg)


def train_transformers(train: list[SafetyExample], heldout: list[SafetyExample], models_root: Path, cfg,
                       base_model: str, epochs: int = 2, log=print) -> tuple[str, Path, dict]:
    """Fine-tune a local Hugging Face model (GPU when present) with the three heads, and evaluate it."""
    from so8t_assets.steps.safety.hf_model import TransformersSafety, fine_tune_safety

    def write(folder: Path) -> None:
        fine_tune_safety(base_model, train, folder, epochs=epochs, log=log)

    return _save_evaluated("transformers", write, TransformersSafety, train, heldout, models_root, cfg,
                           base_model=str(base_model), epochs=epochs)
