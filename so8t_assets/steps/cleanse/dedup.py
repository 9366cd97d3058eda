"""Exact and near-duplicate removal, within a session and against every earlier session.

The first copy wins. Within a session, documents are checked in order against the ones
kept before them; across sessions, a batch's LSH band keys are joined with the band
tables of earlier sessions (Parquet, read by DuckDB), so the cost does not grow with a
Python loop over history. A band match is a candidate; it is a duplicate when the
signatures agree on at least `threshold` of their hashes (estimated Jaccard).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from so8t_assets.steps.cleanse.band_index import BandIndex
from so8t_assets.steps.cleanse.minhash import MinHasher, estimated_jaccard, shingles

BANDS_TABLE = "dedup_bands"


@dataclass
class Fingerprint:
    doc_id: str
    exact: str
    signature: np.ndarray
    bands: list[int]
    scheme: str  # the MinHasher's: a later session with other bands/rows/seed does not match these


@dataclass
class Deduplicator:
    """The session's kept documents, as a compact index (`BandIndex`: about 1.3 KB of
    fingerprint per document, never the text). The earliest kept copy wins."""

    hasher: MinHasher = field(default_factory=MinHasher)
    threshold: float = 0.8
    _index: BandIndex = field(init=False)

    def __post_init__(self):
        self._index = BandIndex(self.hasher.num_hashes)

    def fingerprint(self, doc_id: str, text: str, lang: str | None) -> Fingerprint:
        exact = hashlib.sha256(" ".join(text.split()).encode()).hexdigest()
        signature = self.hasher.signature(shingles(text, lang))
        return Fingerprint(doc_id, exact, signature, self.hasher.bands(signature), self.hasher.scheme)

    def check(self, fp: Fingerprint) -> tuple[str, str] | None:
        """None to keep (and remember) the document, else (reason, id of the copy it repeats).

        Equal texts have equal signatures, so every exact copy is also a band candidate."""
        rows = self._index.candidates(fp.bands)
        exact = _exact_key(fp.exact)
        for row in rows:
            if self._index.exact(row) == exact:
                return "exact_duplicate", self._index.doc_ids[row]
        for row in rows:
            if estimated_jaccard(fp.signature, self._index.signature(row)) >= self.threshold:
                return "near_duplicate", self._index.doc_ids[row]
        self.remember(fp)
        return None

    def remember(self, fp: Fingerprint) -> None:
        self._index.add(fp.doc_id, _exact_key(fp.exact), fp.signature, fp.bands)


def _exact_key(hexdigest: str) -> int:
    return int(hexdigest[:16], 16)  # 64 bits of the SHA-256: collisions are out of reach


BAND_SCHEMA = pa.schema([("doc_id", pa.string()), ("exact", pa.string()), ("signature", pa.list_(pa.uint64())),
                         ("bands", pa.list_(pa.int64())), ("scheme", pa.string()),
                         ("session_created", pa.string())])


def band_rows(fps: list[Fingerprint], session_created: str) -> list[dict]:
    """Rows of the session's band table (BAND_SCHEMA): one per kept document."""
    return [{"doc_id": fp.doc_id, "exact": fp.exact, "signature": fp.signature, "bands": fp.bands,
             "scheme": fp.scheme, "session_created": session_created} for fp in fps]


def earlier_matches(data_root: Path, fps: list[Fingerprint], session_id: str, session_created: str,
                    threshold: float = 0.8) -> dict[int, tuple[str, str]]:
    """Position in `fps` -> (reason, earlier doc id) for documents that repeat one of an earlier
    session (by position: two documents of a batch may share an ID).

    One DuckDB join of the batch's band keys against every earlier session's band table. Band
    tables written before a column existed read it as NULL (`union_by_name`), and session IDs
    are read as text whatever they look like (an ID like 20251108 is not a number)."""
    import duckdb

    files = data_root / BANDS_TABLE / "session=*" / "part-0.parquet"
    if not fps or not any((data_root / BANDS_TABLE).glob("session=*/part-0.parquet")):
        return {}
    batch = pa.table({"pos": [i for i, fp in enumerate(fps) for _ in fp.bands],
                      "key": [k for fp in fps for k in fp.bands],
                      "exact": [fp.exact for fp in fps for _ in fp.bands]})
    con = duckdb.connect()
    try:
        con.register("batch", batch)
        rows = con.execute(
            f"""WITH earlier AS (
                    SELECT doc_id, exact, signature, session_created, unnest(bands) AS key
                    FROM read_parquet('{str(files).replace("'", "''")}', hive_partitioning=true,
                                      union_by_name=true, hive_types={{'session': VARCHAR}})
                    WHERE session <> ? AND session_created < ? AND scheme = ?)
                SELECT DISTINCT b.pos, p.doc_id AS earlier, p.exact = b.exact AS same, p.signature,
                       p.session_created
                FROM batch b JOIN earlier p ON p.key = b.key
                ORDER BY p.session_created, earlier""", [session_id, session_created, fps[0].scheme]).fetchall()
    finally:
        con.close()
    found: dict[int, tuple[str, str]] = {}
    for pos, earlier, same, signature, _ in rows:
        if pos in found:
            continue
        if same:
            found[pos] = ("exact_duplicate", earlier)
        elif estimated_jaccard(fps[pos].signature, np.asarray(signature, dtype=np.uint64)) >= threshold:
            found[pos] = ("near_duplicate", earlier)
    return found
