"""The session's W&B run: offline by default (a folder under data_root, `wandb sync` later).

One run per session report, with every phase's metrics, a table of label counts and the
dashboard image. An API key, if any, comes from WANDB_API_KEY and is never logged.
"""

from __future__ import annotations

import os
from pathlib import Path

from so8t_resources.model_registry import flatten_metrics


class WandbSession:
    name = "wandb"

    def __init__(self, settings, session_id: str):
        self.settings, self.session_id = settings, session_id
        self.cfg = settings.mlops.wandb
        self.config: dict = {}

    def params(self, params: dict) -> None:
        self.config.update({k: v for k, v in params.items() if v is not None})

    def metrics(self, phase: str, metrics: dict, step: int) -> None:
        return None  # written once, from the report's stats, which hold every phase's numbers

    def histogram(self, phase: str, name: str, values: list[float], step: int) -> None:
        return None  # drawn in the dashboard image

    def report(self, stats: dict, files: list[Path]) -> None:
        """The run is written once, when the report is: the stats hold every phase's numbers."""
        import wandb

        if self.cfg.mode == "online" and not os.environ.get("WANDB_API_KEY"):
            raise RuntimeError("mlops.wandb.mode is online but WANDB_API_KEY is not set")
        folder = self.settings.data_root()  # W&B writes its runs to <data_root>/wandb/
        folder.mkdir(parents=True, exist_ok=True)
        run = wandb.init(project=self.cfg.project, mode=self.cfg.mode, dir=str(folder), id=f"session-{self.session_id}",
                         name=f"session {self.session_id}", config=self.config,
                         resume="allow" if self.cfg.mode == "online" else None,
                         settings=wandb.Settings(silent=True, console="off"))
        try:
            numbers = {k: stats[k] for k in ("funnel", "drop_reasons", "errors", "four_class_by_lang",
                                              "records_by_class")}
            run.log({**flatten_metrics(numbers), "nsfw_rate": stats["nsfw"]["rate"]})
            rows = [[lang, cls, n] for lang, counts in stats["four_class_by_lang"].items() for cls, n in counts.items()]
            run.log({"four_class_counts": wandb.Table(columns=["lang", "class", "documents"], data=rows)})
            for path in files:
                if path.suffix == ".png":
                    run.log({"dashboard": wandb.Image(str(path))})
        finally:
            run.finish()

    def close(self) -> None:
        return None
