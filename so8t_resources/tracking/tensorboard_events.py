"""TensorBoard event files written with the `tensorboard` package alone (no TensorFlow, no torch):
scalars per phase and the NSFW score histogram, one folder per session under the log dir."""

from __future__ import annotations

import time
from pathlib import Path

from so8t_resources.model_registry import flatten_metrics


def _histogram(values: list[float], bins: int = 20):
    import numpy as np
    from tensorboard.compat.proto.summary_pb2 import HistogramProto

    arr = np.asarray(values or [0.0], dtype=float)
    counts, edges = np.histogram(arr, bins=bins)
    return HistogramProto(min=float(arr.min()), max=float(arr.max()), num=float(arr.size), sum=float(arr.sum()),
                          sum_squares=float((arr ** 2).sum()), bucket_limit=[float(e) for e in edges[1:]],
                          bucket=[float(c) for c in counts])


class TensorboardSession:
    name = "tensorboard"

    def __init__(self, settings, session_id: str):
        from tensorboard.summary.writer.event_file_writer import EventFileWriter

        root = Path(settings.mlops.tensorboard.log_dir or settings.data_root() / "tensorboard")
        self.log_dir = root / f"session={session_id}"
        self.writer = EventFileWriter(str(self.log_dir))

    def _write(self, step: int, values: list) -> None:
        from tensorboard.compat.proto.event_pb2 import Event
        from tensorboard.compat.proto.summary_pb2 import Summary

        self.writer.add_event(Event(wall_time=time.time(), step=step, summary=Summary(value=values)))

    def params(self, params: dict) -> None:
        return None

    def metrics(self, phase: str, metrics: dict, step: int) -> None:
        from tensorboard.compat.proto.summary_pb2 import Summary

        self._write(step, [Summary.Value(tag=f"{phase}/{k}", simple_value=v)
                           for k, v in flatten_metrics(metrics).items()])

    def histogram(self, phase: str, name: str, values: list[float], step: int) -> None:
        from tensorboard.compat.proto.summary_pb2 import Summary

        self._write(step, [Summary.Value(tag=f"{phase}/{name}", histo=_histogram(values))])

    def report(self, stats: dict, files: list[Path]) -> None:
        return None

    def close(self) -> None:
        self.writer.close()
