"""What `so8t start` does for one session: nothing, a fresh run, or a re-execution from
the failure of the session's last run.

A run the instance still calls in progress whose orchestrating process is gone (power loss,
`kill -9` of the whole process group) is first marked failed, so it can be resumed.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from dagster import AssetKey, DagsterInstance, DagsterRun, DagsterRunStatus, RunsFilter

from so8t_cli.launcher.run_child import PID_TAG

JOB = "full_pipeline"
_UNFINISHED = (DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING,
               DagsterRunStatus.STARTED, DagsterRunStatus.CANCELING)


@dataclass(frozen=True)
class Plan:
    session_id: str
    action: str                     # "complete" | "fresh" | "from_failure"
    parent_run_id: str | None = None
    missing: tuple[str, ...] = ()   # session assets with no materialisation yet
    resume: bool = True             # False: crawl afresh, ignoring the crawl checkpoint

    def describe(self) -> str:
        if self.action == "complete":
            return "complete: every asset is materialised, nothing to do"
        if self.action == "from_failure":
            return f"resuming run {self.parent_run_id[:8]} from its failure"
        if not self.resume:
            return "running every asset afresh (--no-resume)"
        return f"running: {len(self.missing)} asset(s) not materialised yet"


def session_assets() -> list[AssetKey]:
    from so8t_assets.definitions import defs

    graph = defs.resolve_asset_graph()
    return sorted(k for k in graph.get_all_asset_keys() if graph.get(k).partitions_def is not None)


def missing_assets(instance: DagsterInstance, session_id: str) -> list[str]:
    from so8t_assets.partitions import sessions_partitions

    missing = []
    for key in session_assets():
        status = (instance.get_status_by_partition(key, [session_id], sessions_partitions) or {}).get(session_id)
        if status is None or status.value != "MATERIALIZED":
            missing.append(key.to_user_string())
    return missing


def last_run(instance: DagsterInstance, session_id: str) -> DagsterRun | None:
    runs = instance.get_runs(RunsFilter(job_name=JOB, tags={"dagster/partition": session_id}), limit=1)
    return runs[0] if runs else None


def _process_alive(pid: int) -> bool:
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():  # Linux: also make sure the PID was not reused by something else
        return b"run_child" in cmdline.read_bytes()
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def settle_unfinished(instance: DagsterInstance, run: DagsterRun, wait_s: float = 120.0) -> DagsterRun:
    """A run still marked in progress: wait for a live orchestrator (a launcher killed with -9
    takes its child down with SIGTERM, which checkpoints first); mark a dead one failed."""
    deadline = time.monotonic() + wait_s
    while run.status in _UNFINISHED:
        pid = run.tags.get(PID_TAG)
        if pid is None or not _process_alive(int(pid)) or time.monotonic() > deadline:
            instance.report_run_failed(run, "so8t start: the process running it is gone (killed or lost power)")
        else:
            time.sleep(0.5)
        run = instance.get_run_by_id(run.run_id)
    return run


def plan_session(instance: DagsterInstance, session_id: str, resume: bool = True) -> Plan:
    if not resume:
        return Plan(session_id, "fresh", resume=False)
    run = last_run(instance, session_id)
    if run is not None and run.status in _UNFINISHED:
        run = settle_unfinished(instance, run)
    if run is not None and run.status in (DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED):
        return Plan(session_id, "from_failure", parent_run_id=run.run_id)
    missing = missing_assets(instance, session_id)
    return Plan(session_id, "fresh", missing=tuple(missing)) if missing else Plan(session_id, "complete")
