"""A stop request stops a step; it is never retried.

Dagster answers an interrupt inside a step that has a RetryPolicy by retrying it (meant for
preempted machines). Here an interrupt means an operator asked the run to stop (Ctrl-C, SIGTERM,
`so8t start`'s stop), so `stops_on_interrupt` turns it into a Failure that forbids retries and
says it was a stop: the crawler has written its checkpoint by then, and the next run resumes.
"""

from __future__ import annotations

import functools

from dagster import DagsterExecutionInterruptedError, Failure

INTERRUPTED = "so8t/interrupted"  # metadata key of the Failure a stop request becomes


def stops_on_interrupt(compute):
    @functools.wraps(compute)
    def wrapper(*args, **kwargs):
        try:
            return compute(*args, **kwargs)
        except (DagsterExecutionInterruptedError, KeyboardInterrupt) as err:
            raise Failure(description="interrupted: stopped on request; the next run resumes",
                          metadata={INTERRUPTED: True}, allow_retries=False) from err
    return wrapper


def was_interrupted(step_failure_data) -> bool:
    """Whether a step failure is a stop request (ours, or Dagster's own interrupt)."""
    user = step_failure_data.user_failure_data
    if user is not None and INTERRUPTED in (user.metadata or {}):
        return True
    error = step_failure_data.error
    return error is not None and error.cls_name in ("DagsterExecutionInterruptedError", "KeyboardInterrupt")
