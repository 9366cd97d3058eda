"""The crawler's resumable state: the URLs discovered and the rows already stored.

`save` writes new rows as a chunk file, then `state.json` naming every chunk, each by
rename; a chunk that `state.json` does not name (a write cut short) is ignored and
removed on load. Pages in flight at save time are not stored, so they are fetched again.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from so8t_resources.atomic import write_atomic


class CrawlCheckpoint:
    def __init__(self, state_dir: Path):
        self.dir = state_dir
        self.chunks: list[str] = []

    @property
    def state_file(self) -> Path:
        return self.dir / "state.json"

    def exists(self) -> bool:
        return self.state_file.exists()

    def load(self) -> tuple[list[tuple[str, int, str | None]], list[dict]]:
        """(discovered URLs in discovery order as (url, depth, parent), stored rows)."""
        state = json.loads(self.state_file.read_text())
        self.chunks = state["chunks"]
        for orphan in set(p.name for p in self.dir.glob("chunk-*.parquet")) - set(self.chunks):
            (self.dir / orphan).unlink()
        rows: list[dict] = []
        for name in self.chunks:
            rows.extend(pq.read_table(self.dir / name).to_pylist())
        discovered = [(u, d, p) for u, d, p in state["discovered"]]
        return discovered, rows

    def save(self, discovered: list[tuple[str, int, str | None]], new_rows: list[dict],
             schema: pa.Schema) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        if new_rows:
            name = f"chunk-{len(self.chunks) + 1:05d}.parquet"
            table = pa.Table.from_pylist(new_rows, schema=schema)
            write_atomic(self.dir / name, lambda tmp: pq.write_table(table, tmp))
            self.chunks.append(name)
        state = {"version": 1, "chunks": self.chunks, "discovered": discovered}
        write_atomic(self.state_file, lambda tmp: tmp.write_text(json.dumps(state)))

    def clear(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        self.chunks = []
