"""The NSFW classifier as the rest of the platform sees it, whatever the backend."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from pathlib import Path

from so8t_assets.steps.nsfw.lexicon import adult_hits
from so8t_assets.steps.nsfw.store import read_meta


class NsfwClassifier(ABC):
    def __init__(self, folder: Path, threshold: float):
        meta = read_meta(folder)
        self.folder, self.threshold = folder, threshold
        self.name, self.version, self.backend = meta["name"], meta["version"], meta["backend"]

    @property
    def model_id(self) -> str:
        return f"{self.name}@{self.version}"

    @abstractmethod
    def scores(self, texts: list[str]) -> list[float]:
        """Probability that each text is NSFW, 0-1."""

    def label(self, texts: list[str]) -> list[dict]:
        return [{"nsfw_score": s, "nsfw_label": s >= self.threshold, "nsfw_model": self.model_id,
                 "reasons": adult_hits(t)} for t, s in zip(texts, self.scores(texts), strict=True)]

    def label_stream(self, texts: Iterable[str], batch: int = 512) -> Iterator[dict]:
        """Labels in input order, holding one batch in memory at a time."""
        chunk: list[str] = []
        for text in texts:
            chunk.append(text)
            if len(chunk) >= batch:
                yield from self.label(chunk)
                chunk = []
        if chunk:
            yield from self.label(chunk)


class SklearnNsfw(NsfwClassifier):
    def __init__(self, folder: Path, threshold: float):
        import joblib

        super().__init__(folder, threshold)
        self.pipeline = joblib.load(folder / "model.joblib")  # our own artefact: written by nsfw_model

    def scores(self, texts: list[str]) -> list[float]:
        if not texts:
            return []
        return [float(p) for p in self.pipeline.predict_proba(texts)[:, 1]]
