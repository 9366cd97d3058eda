"""The session's MLflow run (an SQLite store under data_root by default): found by its tag,
so every phase of a session, in any process, logs to the same run."""

from __future__ import annotations

import re
from pathlib import Path

from so8t_resources.model_registry import flatten_metrics, tracking_uri

EXPERIMENT = "so8t-sessions"
TAG = "so8t.session"


class MlflowSession:
    name = "mlflow"

    def __init__(self, settings, session_id: str):
        from mlflow import MlflowClient

        self.client = MlflowClient(tracking_uri(settings))
        exp = self.client.get_experiment_by_name(EXPERIMENT)
        exp_id = exp.experiment_id if exp else self.client.create_experiment(
            EXPERIMENT, artifact_location=(settings.data_root() / "mlruns").as_uri())
        found = self.client.search_runs([exp_id], f"tags.`{TAG}` = '{session_id}'", max_results=1)
        self.run_id = (found[0] if found else self.client.create_run(
            exp_id, run_name=f"session {session_id}", tags={TAG: session_id})).info.run_id

    def params(self, params: dict) -> None:
        existing = self.client.get_run(self.run_id).data.params
        for key, value in params.items():
            value = "" if value is None else str(value)[:500]
            if existing.get(key, value) == value:  # MLflow params are write-once; a changed one is kept as is
                self.client.log_param(self.run_id, key, value)

    def metrics(self, phase: str, metrics: dict, step: int) -> None:
        import time

        from mlflow.entities import Metric

        now = int(time.time() * 1000)
        batch = [Metric(re.sub(r"[^\w./\- ]", "_", f"{phase}.{key}"), value, now, step)  # names MLflow accepts
                 for key, value in flatten_metrics(metrics).items()]
        self.client.log_batch(self.run_id, metrics=batch)

    def histogram(self, phase: str, name: str, values: list[float], step: int) -> None:
        return None  # MLflow has no histograms: the dashboard PNG shows the scores

    def report(self, stats: dict, files: list[Path]) -> None:
        for path in files:
            self.client.log_artifact(self.run_id, str(path))
        self.client.set_terminated(self.run_id)

    def close(self) -> None:
        return None
