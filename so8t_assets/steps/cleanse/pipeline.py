"""The cleansing pipeline: normalise → language → quality rules → PII → dedup, in batches.

Every document comes out kept or rejected with the rule that dropped it, so nothing
vanishes unexplained. Batches bound memory and carry the cross-session dedup lookup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import NamedTuple

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


FieldChoice = Collection[str] | Callable[[str], bool]  # field names, or a test of a field's name


class Outcome(NamedTuple):
    kept: bool
    row: dict  # the input record plus lang, lang_score and either pii_counts/dup_cluster or drop_reason/duplicate_of
    fingerprint: Fingerprint | None  # a kept document's, for the session's band table


@dataclass
class Cleanser:
    cfg: object  # CleansingConfig
    data_root: Path | None = None  # set: dedup against the band tables of sessions created earlier
    session_id: str | None = None
    session_created: str = "9999"  # no session: every stored one is earlier
    drop_reasons: Counter = field(default_factory=Counter)
    pii_counts: Counter = field(default_factory=Counter)

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

    def run(self, docs: Iterable[tuple[str, dict]], text_field: str = "text",
            redact_fields: FieldChoice = ()) -> Iterator[Outcome]:
        """One Outcome per (doc_id, record), in input order; rows carry every input field. A kept
        row's text is cleansed and redacted, and so is every other string field `redact_fields`
        names (or, given a test, every string field whose name passes it); pii_counts sums them."""
        docs = iter(docs)
        while batch := list(islice(docs, self.cfg.batch_size)):
            screened = [(doc_id, doc, *self._screen(str(doc.get(text_field) or ""))) for doc_id, doc in batch]
            fps = {i: self.dedup.fingerprint(doc_id, info["text"], info["lang"])
                   for i, (doc_id, doc, reason, info) in enumerate(screened) if reason is None}
            positions = list(fps)  # earlier_matches answers by position in the list it is given
            found = (earlier_matches(self.data_root, list(fps.values()), self.session_id or "",
                                     self.session_created, self.cfg.dedup_threshold) if self.data_root else {})
            earlier = {positions[j]: verdict for j, verdict in found.items()}
            for i, (doc_id, doc, reason, info) in enumerate(screened):
                duplicate_of, fp = None, fps.get(i)
                if reason is None:
                    verdict = earlier.get(i) or self.dedup.check(fp)
                    if verdict:
                        (reason, duplicate_of), fp = verdict, None
                yield self._outcome(doc_id, doc, reason, info, duplicate_of, fp, text_field, redact_fields)

    def _outcome(self, doc_id: str, doc: dict, reason, info: dict, duplicate_of, fp, text_field: str,
                 redact_fields: FieldChoice) -> Outcome:
        row = {**doc, "lang": info.get("lang"), "lang_score": info.get("lang_score")}
        if reason is not None:
            self.drop_reasons[reason] += 1
            return Outcome(False, {**row, "drop_reason": reason, "duplicate_of": duplicate_of}, None)
        fields = {text_field: info["text"]}
        counts: Counter = Counter()
        if self.cfg.redact_pii:
            chosen = redact_fields if callable(redact_fields) else set(redact_fields).__contains__
            fields.update((name, value) for name, value in doc.items()
                          if name != text_field and isinstance(value, str) and chosen(name))
            for name, value in fields.items():
                fields[name], found = redact(value)
                counts.update(found)
        self.pii_counts.update(counts)
        return Outcome(True, {**row, **fields, "pii_counts": dict(counts), "dup_cluster": doc_id}, fp)
