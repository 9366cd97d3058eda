"""The platform config as a Dagster resource."""

from __future__ import annotations

from pathlib import Path

from dagster import ConfigurableResource

from so8t_resources.config import Settings, load_settings


class SettingsResource(ConfigurableResource):
    """Loads the platform config file (None: embedded defaults); each session keeps its own copy."""

    config_path: str | None = None

    def settings(self) -> Settings:
        return load_settings(self.config_path)

    def data_root(self) -> Path:
        return self.settings().data_root()
