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

        if cfg.model_path:  # a folder fine-tuned elsewhere: it may have no meta.json of ours
            folder = Path(cfg.model_path)
            meta = read_meta(folder) if (folder / "meta.json").exists() else {"name": folder.name, "version": "local"}
            return TransformersSafety(folder), meta
        folder = resolve(models_root(data_root), "transformers", cfg.model_version, "safety")
        return TransformersSafety(folder), read_meta(folder)
    folder = resolve(models_root(data_root), "sklearn", cfg.model_version, "safety")
    return joblib.load(folder / "model.joblib"), read_meta(folder)
