"""The cleansing pipeline: normalise → language → quality rules → PII → dedup, in batches.

Every document comes out kept or rejected with the rule that dropped it, so nothing
vanishes unexplained. Batches bound memory and carry the cross-session dedup lookup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from so8t_assets.steps.cleanse.dedup import Deduplicator, Fingerprint, earlier_matches
from so8t_assets.steps.cleanse.minhash import MinHasher
from so8t_assets.steps.cleanse.normalise import Normaliser
from so8t_assets.steps.cleanse.pii import redact
from so8t_assets.steps.cleanse.quality_en import (
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)
from so8t_assets.steps.cleanse.quality_ja import JapaneseQualityFilter
from so8t_assets.steps.language import identify

EN_RULES = (GopherQualityFilter(), GopherRepetitionFilter(), C4QualityFilter(), FineWebQualityFilter())
JA_RULES = (JapaneseQualityFilter(),)


@dataclass
class Cleanser:
    cfg: object  # CleansingConfig
    data_root: Path | None = None  # with session: dedup against earlier sessions' band tables
    session_id: str | None = None
    session_created: str = ""
    drop_reasons: Counter = field(default_factory=Counter)
    pii_counts: Counter = field(default_factory=Counter)
    kept_fingerprints: list[Fingerprint] = field(default_factory=list)

    def __post_init__(self):
        self.normalise = Normaliser(max_line_repeats=self.cfg.max_line_repeats)
        self.dedup = Deduplicator(MinHasher(self.cfg.dedup_bands, self.cfg.dedup_rows), self.cfg.dedup_threshold)

    def _screen(self, text: str) -> tuple[str | None, dict]:
        """(drop reason or None, fields learned on the way)."""
        text = self.normalise(text)
        if not text:
            return "empty_after_normalisation", {"text": text}
        lang, score = identify(text)
        info = {"text": text, "lang": lang, "lang_score": round(score, 4)}
        if lang not in self.cfg.languages:
            return "language_not_kept", info
        if score < self.cfg.min_language_score:
            return "low_language_score", info
        if self.cfg.quality_rules:
            for rule in JA_RULES if lang == "ja" else EN_RULES:
                verdict = rule(text)
                if verdict is not True:
                    return verdict[1], info
        return None, info

    def run(self, docs: Iterable[dict], id_field: str = "doc_id",
            text_field: str = "text") -> Iterator[tuple[bool, dict]]:
        """(kept?, row) per input document, in input order; rows carry every input field."""
        docs = iter(docs)
        while batch := list(islice(docs, self.cfg.batch_size)):
            screened = [(doc, *self._screen(str(doc.get(text_field) or ""))) for doc in batch]
            fps = {doc[id_field]: self.dedup.fingerprint(doc[id_field], info["text"], info["lang"])
                   for doc, reason, info in screened if reason is None}
            earlier = (earlier_matches(self.data_root, list(fps.values()), self.session_id, self.session_created,
                                       self.cfg.dedup_threshold) if self.data_root else {})
            for doc, reason, info in screened:
                duplicate_of = None
                if reason is None:
                    fp = fps[doc[id_field]]
                    verdict = earlier.get(fp.doc_id) or self.dedup.check(fp)
                    if verdict:
                        reason, duplicate_of = verdict
                    else:
                        self.kept_fingerprints.append(fp)
                yield self._row(doc, reason, info, duplicate_of, id_field, text_field)

    def _row(self, doc: dict, reason, info: dict, duplicate_of, id_field: str, text_field: str) -> tuple[bool, dict]:
        row = {**doc, "lang": info.get("lang"), "lang_score": info.get("lang_score")}
        if reason is not None:
            self.drop_reasons[reason] += 1
            return False, {**row, "drop_reason": reason, "duplicate_of": duplicate_of}
        text, counts = redact(info["text"]) if self.cfg.redact_pii else (info["text"], Counter())
        self.pii_counts.update(counts)
        return True, {**row, text_field: text, "pii_counts": dict(counts), "dup_cluster": doc[id_field]}
