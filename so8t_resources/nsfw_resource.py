"""The NSFW classifier as a Dagster resource, for the crawler (real time) and `nsfw_labels`."""

from __future__ import annotations

from pathlib import Path

from dagster import ConfigurableResource

from so8t_assets.steps.nsfw.classifier import NsfwClassifier
from so8t_assets.steps.nsfw.loader import load_classifier


class NsfwResource(ConfigurableResource):
    """Loads the NSFW model a session's config names (backend, version, threshold)."""

    def classifier(self, settings, data_root: Path) -> NsfwClassifier:
        return load_classifier(settings.nsfw_detection, data_root)
