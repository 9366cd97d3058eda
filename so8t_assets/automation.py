"""Declarative automation: a session's downstream assets follow its `raw_pages`.

Each downstream asset materialises once its upstream partitions have updated, none is
missing or in progress, and every blocking check upstream passed. Model retraining does not
set off a re-label of every session (models are ignored as triggers): re-run sessions on
purpose, with a backfill. `raw_pages` has no condition: crawling stays an explicit act.
"""

from dagster import AssetSelection, AutomationCondition, AutomationConditionSensorDefinition, DefaultSensorStatus

from so8t_assets.jobs import MODELS

SESSION_AUTOMATION = (
    AutomationCondition.eager() & AutomationCondition.all_deps_blocking_checks_passed()
).ignore(MODELS).with_label("eager, upstream blocking checks passed")

FOLLOWERS = AssetSelection.all() - MODELS - AssetSelection.assets("raw_pages")

session_automation_sensor = AutomationConditionSensorDefinition(
    "session_automation_sensor", target=FOLLOWERS, default_status=DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description="Materialises a session's downstream assets once its raw_pages partition completes.")
