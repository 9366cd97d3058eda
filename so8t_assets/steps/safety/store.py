"""Safety models on disk: `<data_root>/models/safety/<backend>/<version>/`, as for NSFW."""

from __future__ import annotations

from pathlib import Path

from so8t_assets.steps.nsfw.store import read_meta, resolve

MODEL_NAMES = {"sklearn": "so8t-safety-sklearn", "transformers": "so8t-safety-transformers"}


def models_root(data_root: Path) -> Path:
    return data_root / "models" / "safety"


def load_model(cfg, data_root: Path):
    """(model with .predict(texts), meta) for the `four_class` config section."""
    import joblib

    if cfg.backend == "transformers":
        from so8t_assets.steps.safety.hf_model import TransformersSafety

        folder = Path(cfg.model_path) if cfg.model_path else resolve(models_root(data_root), "transformers",
                                                                      cfg.model_version, "safety")
        return TransformersSafety(folder), read_meta(folder)
    folder = resolve(models_root(data_root), "sklearn", cfg.model_version, "safety")
    return joblib.load(folder / "model.joblib"), read_meta(folder)
