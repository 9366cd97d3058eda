"""A compact in-memory index of a session's kept documents, for near-duplicate lookups.

A dict of band key -> list of documents costs about 150 bytes per (document, band) in
Python objects, 4 KB a document at 28 bands. Here band keys live in sorted NumPy runs
(8-byte key + 4-byte row each), merged as they grow like a log-structured merge tree, and
signatures in fixed blocks of a 2-D array: about 1.5 KB a document (measured), so a
session of 100,000 kept documents needs about 150 MB for its index. Recent documents sit
in a small dict until it is flushed into a run, so the next document already finds them.
"""

from __future__ import annotations

import numpy as np

FLUSH_AT = 20_000  # recent band keys held in the dict before they become a sorted run
BLOCK = 4096  # signatures are stored in fixed blocks of rows: no over-allocation, no copying


class BandIndex:
    def __init__(self, num_hashes: int):
        self._num_hashes = num_hashes
        self._signatures: list[np.ndarray] = []
        self._exact: list[np.ndarray] = []
        self.doc_ids: list[str] = []
        self._recent: dict[int, list[int]] = {}
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []  # (sorted keys, rows), largest first

    def __len__(self) -> int:
        return len(self.doc_ids)

    def add(self, doc_id: str, exact: int, signature: np.ndarray, keys: list[int]) -> None:
        row = len(self.doc_ids)
        if row % BLOCK == 0:
            self._signatures.append(np.empty((BLOCK, self._num_hashes), dtype=np.uint64))
            self._exact.append(np.empty(BLOCK, dtype=np.uint64))
        self._signatures[-1][row % BLOCK], self._exact[-1][row % BLOCK] = signature, exact
        self.doc_ids.append(doc_id)
        for key in keys:
            self._recent.setdefault(key, []).append(row)
        if len(self._recent) >= FLUSH_AT:
            self._flush()

    def signature(self, row: int) -> np.ndarray:
        return self._signatures[row // BLOCK][row % BLOCK]

    def exact(self, row: int) -> int:
        return int(self._exact[row // BLOCK][row % BLOCK])

    def candidates(self, keys: list[int]) -> list[int]:
        """Rows of documents sharing at least one band key, earliest first."""
        rows = {r for key in keys for r in self._recent.get(key, ())}
        query = np.asarray(keys, dtype=np.uint64)
        for run_keys, run_rows in self._runs:
            lo = np.searchsorted(run_keys, query, side="left")
            hi = np.searchsorted(run_keys, query, side="right")
            for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
                rows.update(run_rows[a:b].tolist())
        return sorted(rows)

    def _flush(self) -> None:
        keys = np.fromiter((k for k, rows in self._recent.items() for _ in rows), dtype=np.uint64)
        rows = np.fromiter((r for rows in self._recent.values() for r in rows), dtype=np.uint32)
        self._recent = {}
        self._runs.append((keys, rows))
        # Merge while the newest run is at least half the one before it: O(log n) runs.
        while len(self._runs) > 1 and len(self._runs[-1][0]) * 2 >= len(self._runs[-2][0]):
            (k2, r2), (k1, r1) = self._runs.pop(), self._runs.pop()
            self._runs.append((np.concatenate([k1, k2]), np.concatenate([r1, r2])))
        k, r = self._runs[-1]
        order = np.argsort(k, kind="stable")
        self._runs[-1] = (k[order], r[order])
