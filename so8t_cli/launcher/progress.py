"""Follow a run's event log: a progress line per phase, on the terminal and in the launcher's log.

Reads the instance's event log (the run's own record), so it sees the steps of every
multiprocess-executor child without any channel of its own.
"""

from __future__ import annotations

import logging

from dagster import DagsterInstance, EventLogEntry

from so8t_assets.interrupts import was_interrupted
from so8t_sensors.run_failures import root_error_line

# Crawler progress lines worth a terminal line of their own (the rest go to the log file only).
_PROGRESS_PREFIXES = ("crawl:", "resuming:")


def _rows(entry: EventLogEntry) -> int | None:
    materialization = entry.dagster_event.step_materialization_data.materialization
    value = materialization.metadata.get("dagster/row_count")
    return None if value is None else int(value.value)


def _first_line(text: str) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


def announce(text: str, log: logging.Logger, echo=print) -> None:
    """A launcher line: on the terminal and in the log file."""
    echo(text, flush=True)
    log.info(text)


class RunFollower:
    """`poll()` after each wait: prints new phase lines, logs every new event."""

    def __init__(self, instance: DagsterInstance, session_id: str, log: logging.Logger, echo=print):
        self.instance, self.session_id, self.log, self.echo = instance, session_id, log, echo
        self.cursor: str | None = None
        self.rows: dict[str, int | None] = {}
        self.stopping = False  # once a stop is requested, an interrupted step is not "retrying"

    def _say(self, text: str) -> None:
        announce(f"[{self.session_id}] {text}", self.log, self.echo)

    def poll(self, run_id: str) -> None:
        while True:
            conn = self.instance.get_records_for_run(run_id, cursor=self.cursor, limit=500)
            for record in conn.records:
                self._handle(record.event_log_entry)
            self.cursor = conn.cursor
            if not conn.has_more:
                return

    def _handle(self, entry: EventLogEntry) -> None:
        step = entry.step_key or ""
        event = entry.dagster_event
        message = entry.user_message or (event.message if event else "") or ""
        if event is None:
            if any(message.startswith(p) for p in _PROGRESS_PREFIXES):
                self._say(f"{step}: {message}")
            return
        kind = event.event_type_value
        if kind == "STEP_START":
            self._say(f"{step}: started")
        elif kind == "ASSET_MATERIALIZATION":
            self.rows[step] = _rows(entry)
        elif kind == "STEP_SUCCESS":
            rows = self.rows.get(step)
            seconds = event.event_specific_data.duration_ms / 1000
            self._say(f"{step}: done in {seconds:.1f} s" + (f", {rows:,} rows" if rows is not None else ""))
        elif kind == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed:
                self._say(f"check failed: {evaluation.asset_key.to_user_string()}.{evaluation.check_name}")
        elif kind == "STEP_UP_FOR_RETRY" and not self.stopping:
            self._say(f"{step}: failed, retrying ({_first_line(message)})")
        elif kind == "STEP_FAILURE":
            if was_interrupted(event.step_failure_data):
                self._say(f"{step}: stopped")
            else:
                self._say(f"{step}: FAILED: {root_error_line(event.step_failure_data.error) or _first_line(message)}")
