"""The tracking resource: a session's tracker, configured by the session's own config.

dagster-mlflow's `mlflow_tracking` leaves its run active after the step and has no notion of
a run that spans a session's assets, and dagster-wandb's resource needs an API key even
offline (see docs/tracking.md): this small resource does what the pipeline needs instead.
"""

from __future__ import annotations

from dagster import ConfigurableResource

from so8t_resources.tracking import SessionTracker


class TrackingResource(ConfigurableResource):
    def session(self, session_settings, session_id: str) -> SessionTracker:
        return SessionTracker(session_settings, session_id)
