"""Session runs in MLflow (an SQLite store under data_root by default), best effort.

A tracking store that is down or misconfigured costs a warning in the asset's metadata,
never the session's data, which is already on disk when this runs.
"""

from __future__ import annotations

from pathlib import Path

from so8t_resources.model_registry import flatten_metrics, log, tracking_uri

EXPERIMENT = "so8t-sessions"


def log_session_run(settings, session_id: str, params: dict, metrics: dict, artifacts: list[Path]) -> str:
    """One MLflow run per session report (params, flattened metrics, artifact files); returns
    what happened, in words."""
    if not settings.mlops.mlflow.enabled:
        return "MLflow disabled in config"
    try:
        from mlflow import MlflowClient

        client = MlflowClient(tracking_uri(settings))
        exp = client.get_experiment_by_name(EXPERIMENT)
        exp_id = exp.experiment_id if exp else client.create_experiment(
            EXPERIMENT, artifact_location=(settings.data_root() / "mlruns").as_uri())
        run = client.create_run(exp_id, run_name=f"session {session_id}", tags={"so8t.session": session_id})
        for key, value in params.items():
            client.log_param(run.info.run_id, key, "" if value is None else str(value)[:500])
        for key, value in flatten_metrics(metrics).items():
            client.log_metric(run.info.run_id, key, value)
        for path in artifacts:
            client.log_artifact(run.info.run_id, str(path))
        client.set_terminated(run.info.run_id)
        return f"logged MLflow run {run.info.run_id} in {EXPERIMENT}"
    except Exception as err:  # tracking must never fail the pipeline
        log.warning("MLflow session run failed: %s", err)
        return f"warning: MLflow session run failed: {type(err).__name__}: {str(err).splitlines()[0][:200]}"
