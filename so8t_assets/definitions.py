"""The code location: the one Definitions object."""

from __future__ import annotations

import os

from dagster import Definitions

from so8t_assets.jobs import full_pipeline
from so8t_assets.raw_pages import raw_pages
from so8t_resources.crawler_resource import CrawlerResource
from so8t_resources.settings_resource import SettingsResource
from so8t_sensors.session_inbox import session_inbox_sensor


def resources_for_environment() -> dict:
    """The one place that reads the environment: SO8T_CONFIG names the platform config file."""
    return {
        "settings": SettingsResource(config_path=os.environ.get("SO8T_CONFIG") or None),
        "crawler": CrawlerResource(),
    }


defs = Definitions(
    assets=[raw_pages],
    jobs=[full_pipeline],
    sensors=[session_inbox_sensor],
    resources=resources_for_environment(),
)
