"""Declarative automation and the run-failure sensor, on a real instance.

The automation conditions are evaluated the way the automation sensor evaluates them
(`evaluate_automation_conditions`), over real materialisations of `raw_pages`.
"""

import json

from dagster import (
    AssetCheckEvaluation,
    AssetKey,
    DagsterEventType,
    DagsterInstance,
    build_run_status_sensor_context,
    evaluate_automation_conditions,
    materialize,
    op,
)
from dagster import job as dagster_job
from helpers import write_config

from so8t_assets.definitions import defs, resources_for_environment
from so8t_assets.raw_pages import raw_pages
from so8t_cli.commands import create_session
from so8t_cli.env import use_config
from so8t_resources.config import load_settings
from so8t_resources.settings_resource import SettingsResource
from so8t_sensors.run_failures import FAILURES_FILE, run_failure_recorder


def requested(result) -> set[tuple[str, str]]:
    return {(r.key.to_user_string(), pk) for r in result.results
            for pk in r.true_subset.expensively_compute_partition_keys()}


def _html_session(tmp_path, session_id):
    folder = tmp_path / "site"
    folder.mkdir(exist_ok=True)
    body = "".join(f"<p>Paragraph {i}: the city library opens a new reading room for students.</p>"
                   for i in range(6))
    (folder / "a.html").write_text(f"<html><body>{body}</body></html>")
    config = write_config(tmp_path, with_models=True, data_sources={
        "kind": "html_dir", "html_dir": {"path": str(folder), "base_url": "https://mirror.example/"}})
    use_config(config)
    create_session(load_settings(config), [], session_id)
    return config


def test_downstream_follows_raw_pages_once_its_blocking_checks_pass(tmp_path, dagster_home):
    config = _html_session(tmp_path, "s1")
    instance = DagsterInstance.get()
    first = evaluate_automation_conditions(defs=defs, instance=instance)
    assert first.total_requested == 0  # a new session: raw_pages is missing, nothing follows yet

    assert materialize([raw_pages], partition_key="s1", instance=instance,
                       resources=resources_for_environment()).success
    second = evaluate_automation_conditions(defs=defs, instance=instance, cursor=first.cursor)
    # One tick requests the chain downstream of raw_pages, in one run; session_report waits for
    # thinking_datasets' blocking checks to pass, which only that run can tell.
    assert requested(second) == {(a, "s1") for a in ("nsfw_labels", "cleansed_text", "domain_labels",
                                                     "four_class_labels", "thinking_datasets")}

    # A second session whose raw_pages then fails a blocking check (reported after its run): nothing follows.
    create_session(load_settings(config), [], "s2")
    assert materialize([raw_pages], partition_key="s2", instance=instance,
                       resources=resources_for_environment()).success
    instance.report_runless_asset_event(AssetCheckEvaluation(AssetKey("raw_pages"), "urls_unique", passed=False,
                                                             partition="s2"))
    third = evaluate_automation_conditions(defs=defs, instance=instance, cursor=second.cursor)
    assert not {pk for _, pk in requested(third)} & {"s2"}


def test_run_failure_sensor_records_the_failure(tmp_path, dagster_home):
    config = write_config(tmp_path)

    @op
    def crawl_step():
        raise RuntimeError("disk full while writing part-0.parquet\nsecond line")

    @dagster_job(tags={"dagster/partition": "s9"})
    def failing():
        crawl_step()

    instance = DagsterInstance.get()
    result = failing.execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    run = instance.get_run_by_id(result.run_id)
    failure = next(e for e in result.all_events if e.event_type == DagsterEventType.RUN_FAILURE)
    context = build_run_status_sensor_context("run_failure_recorder", failure, instance, run,
                                              resources={"settings": SettingsResource(config_path=str(config))})
    run_failure_recorder(context.for_run_failure())
    lines = (tmp_path / "data" / FAILURES_FILE).read_text().splitlines()
    record = json.loads(lines[-1])
    assert record["run_id"] == result.run_id and record["session"] == "s9"
    assert record["failed_steps"] == ["crawl_step"]
    assert record["error"].startswith("RuntimeError: disk full while writing part-0.parquet")
