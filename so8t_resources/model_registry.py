"""Trained models into the MLflow model registry (an SQLite store under data_root by default).

Registration is best effort: a tracking store that is down or misconfigured costs a
warning in the asset's metadata, never the trained model, which is already on disk.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("so8t.tracking")
EXPERIMENT = "so8t-models"


def tracking_uri(settings) -> str:
    root = settings.data_root()
    return settings.mlops.mlflow.tracking_uri or f"sqlite:///{root / 'mlflow.db'}"


def flatten_metrics(metrics: dict, prefix: str = "") -> dict[str, float]:
    out = {}
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten_metrics(value, name + "_"))
        elif isinstance(value, int | float) and value == value:  # skip NaN
            out[name] = float(value)
    return out


def register_model(settings, name: str, folder: Path, params: dict, metrics: dict) -> str:
    """Log the model folder as a run's artifacts and register it; returns what happened, in words."""
    if not settings.mlops.mlflow.enabled:
        return "MLflow disabled in config"
    try:
        import mlflow
        from mlflow import MlflowClient

        mlflow.set_tracking_uri(tracking_uri(settings))
        client = MlflowClient()
        exp = client.get_experiment_by_name(EXPERIMENT)
        exp_id = exp.experiment_id if exp else client.create_experiment(
            EXPERIMENT, artifact_location=(settings.data_root() / "mlruns").as_uri())
        run = client.create_run(exp_id, run_name=name, tags={"so8t.model_version": params.get("version", "")})
        run_id = run.info.run_id
        for key, value in params.items():
            client.log_param(run_id, key, value)
        for key, value in flatten_metrics(metrics).items():
            client.log_metric(run_id, key, value)
        client.log_artifacts(run_id, str(folder), "model")
        client.set_terminated(run_id)
        if not client.search_registered_models(filter_string=f"name = '{name}'"):
            client.create_registered_model(name)
        version = client.create_model_version(name, source=f"{run.info.artifact_uri}/model", run_id=run_id,
                                              tags={"so8t.model_version": params.get("version", "")})
        return f"registered {name} v{version.version} (run {run_id})"
    except Exception as err:  # tracking must never lose the model or fail the pipeline
        log.warning("MLflow registration failed: %s", err)
        return f"warning: MLflow registration failed: {type(err).__name__}: {str(err).splitlines()[0][:200]}"
