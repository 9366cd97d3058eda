"""Load the configured NSFW classifier."""

from __future__ import annotations

from pathlib import Path

from so8t_assets.steps.nsfw.classifier import NsfwClassifier
from so8t_assets.steps.nsfw.store import resolve


def models_root(data_root: Path) -> Path:
    return data_root / "models" / "nsfw"


def load_classifier(nsfw_cfg, data_root: Path) -> NsfwClassifier:
    """The backend named in config, at the configured version (or, for transformers, a local path)."""
    from so8t_assets.steps.nsfw import classifier

    backends = {"sklearn": classifier.SklearnNsfw, "embedding": classifier.EmbeddingNsfw,
                "transformers": classifier.TransformersNsfw}
    cls = backends[nsfw_cfg.backend]
    if nsfw_cfg.backend == "transformers" and nsfw_cfg.model_path:
        return cls(Path(nsfw_cfg.model_path), nsfw_cfg.threshold)
    return cls(resolve(models_root(data_root), nsfw_cfg.backend, nsfw_cfg.model_version), nsfw_cfg.threshold)
