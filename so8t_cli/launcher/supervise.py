"""Run a session's plan as a child process and stay in charge of it.

The first SIGINT/SIGTERM marks the run as canceling (so Dagster records it as canceled, not
crashed) and forwards SIGTERM: steps are interrupted, the crawler writes its checkpoint, the
run ends and `so8t start` exits 130. A second signal kills the child's process group at once;
stored data stays whole (every table is written to a temporary name and renamed) and the
next `so8t start` resumes. A failed run is re-executed from its failure after a backoff.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from dagster import DagsterInstance, RunsFilter

from so8t_cli.launcher.plan import Plan
from so8t_cli.launcher.progress import RunFollower, announce
from so8t_cli.launcher.run_child import INTERRUPTED, LAUNCH_TAG

STOPPED_TAG = "so8t/stopped"


class Signals:
    """Counts SIGINT/SIGTERM while installed; the loop below acts on the count."""

    def __init__(self):
        self.count = 0
        self._previous: dict[int, object] = {}

    def _handle(self, signo, frame) -> None:
        self.count += 1

    def __enter__(self) -> Signals:
        for signo in (signal.SIGINT, signal.SIGTERM):
            self._previous[signo] = signal.signal(signo, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for signo, handler in self._previous.items():
            signal.signal(signo, handler)


def _spawn(plan: Plan, launch_id: str, from_failure: str | None, log_file: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "so8t_cli.launcher.run_child", plan.session_id, launch_id]
    if from_failure:
        cmd += ["--from-failure", from_failure]
    if not plan.resume:
        cmd.append("--no-resume")
    # Its own process group: a terminal's Ctrl-C reaches only the launcher, which decides.
    # Dagster's full event log (every step's lines) goes to the launcher's log file.
    with open(log_file, "ab") as out:
        return subprocess.Popen(cmd, start_new_session=True, stdout=out, stderr=subprocess.STDOUT)


def _find_run(instance: DagsterInstance, launch_id: str):
    runs = instance.get_runs(RunsFilter(tags={LAUNCH_TAG: launch_id}), limit=1)
    return runs[0] if runs else None


def _log_file(log: logging.Logger) -> Path:
    return Path(next(h.baseFilename for h in log.handlers if isinstance(h, logging.FileHandler)))


def run_once(instance: DagsterInstance, plan: Plan, from_failure: str | None, signals: Signals,
             log: logging.Logger, echo=print) -> tuple[str, str | None]:
    """One child run to its end: ("success" | "failed" | "interrupted", run_id)."""
    def say(text: str) -> None:
        announce(text, log, echo)

    launch_id = uuid.uuid4().hex
    child = _spawn(plan, launch_id, from_failure, _log_file(log))
    follower = RunFollower(instance, plan.session_id, log, echo)
    run, forwarded, killed = None, False, False
    while True:
        rc = child.poll()
        run = run or _find_run(instance, launch_id)
        if run is not None:
            follower.poll(run.run_id)
        if rc is not None:
            break
        if signals.count >= 1 and not forwarded:
            forwarded = follower.stopping = True
            say(f"[{plan.session_id}] stopping: the crawler writes its checkpoint (signal again to stop at once)")
            if run is not None:
                instance.report_run_canceling(instance.get_run_by_id(run.run_id), "so8t start: stop requested")
            os.killpg(child.pid, signal.SIGTERM)
        if signals.count >= 2 and not killed:
            killed = True
            say(f"[{plan.session_id}] stopping at once")
            os.killpg(child.pid, signal.SIGKILL)
        time.sleep(0.3)
    run_id = run.run_id if run is not None else None
    if run_id is not None and (forwarded or rc == INTERRUPTED):
        instance.add_run_tags(run_id, {STOPPED_TAG: "interrupted"})
        current = instance.get_run_by_id(run_id)
        if not current.is_finished:  # killed at once: the child could not record its end
            instance.report_run_canceled(current, "so8t start: stopped at once by a second signal")
    if rc == 0:
        return "success", run_id
    return ("interrupted" if forwarded or rc == INTERRUPTED else "failed"), run_id


def run_with_retries(instance: DagsterInstance, plan: Plan, retries: int, backoff_s: float,
                     signals: Signals, log: logging.Logger, echo=print) -> tuple[str, str | None]:
    """Run the plan; re-execute a failed run from its failure up to `retries` times."""
    def say(text: str) -> None:
        announce(text, log, echo)

    from_failure = plan.parent_run_id if plan.action == "from_failure" else None
    for attempt in range(retries + 1):
        status, run_id = run_once(instance, plan, from_failure, signals, log, echo)
        log.info("session %s run %s: %s", plan.session_id, run_id, status)
        if status != "failed" or attempt == retries or run_id is None:
            return status, run_id
        wait = backoff_s * 2 ** attempt
        say(f"[{plan.session_id}] run failed; re-executing from the failure in {wait:.0f} s "
             f"(retry {attempt + 1} of {retries})")
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and not signals.count:
            time.sleep(0.2)
        if signals.count:
            return "interrupted", run_id
        from_failure = run_id
    return status, run_id
