"""Tracking for a session: MLflow, TensorBoard and W&B behind one small API.

Each asset calls one of these at its end: `log_phase_complete`, `log_nsfw_stats`,
`log_classification_results`, and `session_report` calls `log_session_report`. Every
backend is best effort: one that is down or misconfigured becomes a warning string the
asset puts in its metadata; the data is on disk before anything is tracked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("so8t.tracking")

PHASES = ("raw_pages", "nsfw_labels", "cleansed_text", "domain_labels", "four_class_labels", "thinking_datasets",
          "session_report")


class SessionTracker:
    def __init__(self, settings, session_id: str):
        self.settings, self.session_id = settings, session_id

    def _backends(self, with_wandb: bool) -> list[tuple[str, Callable]]:
        from so8t_resources.tracking.mlflow_runs import MlflowSession
        from so8t_resources.tracking.tensorboard_events import TensorboardSession
        from so8t_resources.tracking.wandb_runs import WandbSession

        mlops = self.settings.mlops
        out = []
        if mlops.mlflow.enabled:
            out.append(("mlflow", MlflowSession))
        if mlops.tensorboard.enabled:
            out.append(("tensorboard", TensorboardSession))
        if with_wandb and mlops.wandb.mode != "disabled":
            out.append(("wandb", WandbSession))
        return out

    def _each(self, action: Callable, with_wandb: bool = False) -> str:
        done, warnings = [], []
        for name, make in self._backends(with_wandb):
            try:
                backend = make(self.settings, self.session_id)
                try:
                    action(backend)
                finally:
                    backend.close()
                done.append(name)
            except Exception as err:  # tracking must never fail the pipeline
                log.warning("%s tracking failed: %s", name, err)
                warnings.append(f"{name}: {type(err).__name__}: {str(err).splitlines()[0][:160] if str(err) else ''}")
        if warnings:
            return "warning: " + "; ".join(warnings) + (f" (logged to {', '.join(done)})" if done else "")
        return f"logged to {', '.join(done)}" if done else "tracking disabled in config"

    def log_phase_complete(self, phase: str, metrics: dict, params: dict | None = None) -> str:
        step = PHASES.index(phase)

        def action(b):
            if params:
                b.params(params)
            b.metrics(phase, metrics, step)
        return self._each(action)

    def log_nsfw_stats(self, scores: list[float], metrics: dict) -> str:
        step = PHASES.index("nsfw_labels")

        def action(b):
            b.metrics("nsfw_labels", metrics, step)
            b.histogram("nsfw_labels", "scores", scores, step)
        return self._each(action)

    def log_classification_results(self, counts_by_lang: dict[str, dict[str, int]], metrics: dict) -> str:
        return self.log_phase_complete("four_class_labels", {**metrics, "classes": counts_by_lang})

    def log_session_report(self, stats: dict, files: list[Path], params: dict) -> str:
        step = PHASES.index("session_report")

        def action(b):
            b.params(params)
            b.metrics("session_report", {"funnel": stats["funnel"]}, step)
            b.report(stats, files)
        return self._each(action, with_wandb=True)
