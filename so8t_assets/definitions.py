"""The code location: the one Definitions object."""

from __future__ import annotations

from dagster import Definitions, map_asset_specs

from so8t_assets.automation import SESSION_AUTOMATION, session_automation_sensor
from so8t_assets.cleansed_text import cleansed_text
from so8t_assets.domain_labels import domain_labels
from so8t_assets.four_class_labels import four_class_labels
from so8t_assets.jobs import full_pipeline, train_models, train_nsfw_model, train_safety_model
from so8t_assets.nsfw_labels import nsfw_labels
from so8t_assets.nsfw_model import nsfw_model
from so8t_assets.raw_pages import raw_pages
from so8t_assets.safety_model import safety_model
from so8t_assets.session_report import session_report
from so8t_assets.thinking_datasets import thinking_datasets
from so8t_resources.config import config_path_from_env
from so8t_resources.crawler_resource import CrawlerResource
from so8t_resources.nsfw_resource import NsfwResource
from so8t_resources.settings_resource import SettingsResource
from so8t_resources.tracking_resource import TrackingResource
from so8t_sensors.run_failures import run_failure_recorder
from so8t_sensors.session_inbox import session_inbox_sensor


def resources_for_environment() -> dict:
    """Resources as the environment asks for them (SO8T_CONFIG names the platform config)."""
    return {
        "settings": SettingsResource(config_path=config_path_from_env()),
        "crawler": CrawlerResource(),
        "nsfw": NsfwResource(),
        "tracking": TrackingResource(),
    }


# Everything downstream of raw_pages follows it (so8t_assets/automation.py).
followers = map_asset_specs(
    lambda spec: spec.replace_attributes(automation_condition=SESSION_AUTOMATION),
    [nsfw_labels, cleansed_text, domain_labels, four_class_labels, thinking_datasets, session_report])

defs = Definitions(
    assets=[raw_pages, nsfw_model, safety_model, *followers],
    jobs=[full_pipeline, train_models, train_nsfw_model, train_safety_model],
    sensors=[session_inbox_sensor, session_automation_sensor, run_failure_recorder],
    resources=resources_for_environment(),
)


def full_pipeline_job():
    """The session job, for `dagster.reconstructable`: `so8t start` runs it on the multiprocess
    executor, whose step processes rebuild it from this function."""
    return defs.resolve_job_def("full_pipeline")
