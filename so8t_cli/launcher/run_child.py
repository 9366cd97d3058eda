"""One Dagster run of a session's `full_pipeline`, on the multiprocess executor.

`so8t start` runs this module as a child process in its own process group, so the launcher
owns the signals: it forwards the first SIGINT/SIGTERM as SIGTERM (Dagster interrupts the
steps, the crawler checkpoints) and kills the group on the second. The child dies with its
launcher (PR_SET_PDEATHSIG), so a `kill -9` of the launcher stops the work gracefully too.

    python -m so8t_cli.launcher.run_child SESSION LAUNCH_ID [--from-failure RUN_ID] [--no-resume]

Exit status: 0 success, 1 failed, 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys

from so8t_cli.commands import INTERRUPTED

LAUNCH_TAG = "so8t/launch"  # the launcher finds the run it started by this tag
PID_TAG = "so8t/pid"        # the process that orchestrates the run, to tell a crashed run from a live one


def run_config(resume: bool, max_concurrent: int) -> dict:
    return {
        "execution": {"config": {"multiprocess": {"max_concurrent": max_concurrent}}},
        "ops": {"raw_pages": {"config": {"resume": resume}}},
    }


def execute(session_id: str, launch_id: str, from_failure: str | None, resume: bool) -> int:
    from dagster import DagsterInstance, ReexecutionOptions, execute_job, reconstructable

    from so8t_assets.definitions import full_pipeline_job
    from so8t_cli.commands import current_settings

    instance = DagsterInstance.get()
    tags = {"dagster/partition": session_id, LAUNCH_TAG: launch_id, PID_TAG: str(os.getpid())}
    config = run_config(resume, current_settings().launcher.max_concurrent_steps)
    options = ReexecutionOptions.from_failure(from_failure, instance) if from_failure else None
    result = execute_job(reconstructable(full_pipeline_job), instance, run_config=config, tags=tags,
                         reexecution_options=options)
    if result.success:
        return 0
    from so8t_assets.interrupts import was_interrupted

    run = instance.get_run_by_id(result.run_id)
    stopped = run is not None and run.status.value == "CANCELED" or any(
        was_interrupted(e.step_failure_data) for e in result.get_step_failure_events())
    return INTERRUPTED if stopped else 1


def _die_with_parent() -> None:
    """Linux: SIGTERM this process when the launcher dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="so8t_cli.launcher.run_child")
    parser.add_argument("session")
    parser.add_argument("launch_id")
    parser.add_argument("--from-failure")
    parser.add_argument("--no-resume", action="store_true")
    args = parser.parse_args(argv)
    _die_with_parent()
    return execute(args.session, args.launch_id, args.from_failure, not args.no_resume)


if __name__ == "__main__":
    sys.exit(main())
