"""Load the configured NSFW classifier."""

from __future__ import annotations

from pathlib import Path

from so8t_assets.steps.nsfw.classifier import NsfwClassifier
from so8t_assets.steps.nsfw.store import resolve


def models_root(data_root: Path) -> Path:
    return data_root / "models" / "nsfw"


def load_classifier(nsfw_cfg, data_root: Path) -> NsfwClassifier:
    """The backend named in config, at the configured version (or local model path)."""
    if nsfw_cfg.backend == "sklearn":
        from so8t_assets.steps.nsfw.classifier import SklearnNsfw

        return SklearnNsfw(resolve(models_root(data_root), "sklearn", nsfw_cfg.model_version), nsfw_cfg.threshold)
    raise NotImplementedError(f"nsfw_detection.backend {nsfw_cfg.backend!r} is not available yet")
