"""`run_failure_recorder`: every failed run of this code location is recorded and reported.

One JSON line per failure in `<data_root>/run_failures.jsonl` (run, job, session, the failed
steps and the first line of the error), plus a warning in the sensor's log: a failure is
never only in a run page nobody opens. `so8t start` re-executes failed runs from the failure.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from dagster import DefaultSensorStatus, RunFailureSensorContext, run_failure_sensor

from so8t_resources.settings_resource import SettingsResource

FAILURES_FILE = "run_failures.jsonl"


def root_error_line(error) -> str:
    """The first line of the innermost cause of a Dagster error (the user's exception, not
    Dagster's wrapper around it)."""
    if error is None:
        return ""
    while error.cause is not None:
        error = error.cause
    return (error.message or "").strip().splitlines()[0] if (error.message or "").strip() else ""


def failure_record(context: RunFailureSensorContext) -> dict:
    run = context.dagster_run
    steps = list(context.get_step_failure_events())
    error = root_error_line(steps[0].step_failure_data.error) if steps else ""
    error = error or (context.failure_event.message or "").strip().split("\n")[0]
    return {"run_id": run.run_id, "job": run.job_name, "session": run.tags.get("dagster/partition"),
            "failed_steps": [e.step_key for e in steps], "error": error,
            "recorded_at": datetime.now(UTC).isoformat(timespec="seconds")}


@run_failure_sensor(name="run_failure_recorder", default_status=DefaultSensorStatus.RUNNING,
                    minimum_interval_seconds=30)
def run_failure_recorder(context: RunFailureSensorContext, settings: SettingsResource) -> None:
    record = failure_record(context)
    path = settings.data_root() / FAILURES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    context.log.warning(f"run {record['run_id'][:8]} of {record['job']} failed"
                        f" (session {record['session']}, steps {record['failed_steps']}): {record['error']}")
