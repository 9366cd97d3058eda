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
        folder = Path(nsfw_cfg.model_path)
    else:
        folder = resolve(models_root(data_root), nsfw_cfg.backend, nsfw_cfg.model_version)
    try:
        return cls(folder, nsfw_cfg.threshold)
    except ImportError as err:
        raise BackendUnavailable(f"nsfw_detection.backend {nsfw_cfg.backend!r} needs the ml extra "
                                 f"(pip install -e '.[ml]'): {err}") from None


class BackendUnavailable(RuntimeError):
    """A configured backend whose packages are not installed; the message is one line."""
