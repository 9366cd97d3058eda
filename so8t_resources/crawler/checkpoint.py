"""The crawler's resumable state: the URLs discovered and the rows already stored.

`save` writes new rows as a chunk file, then `state.json` naming every chunk and the
end of the WARC records of those rows, each by rename; a chunk that `state.json` does not
name (a write cut short) is removed on load, and the WARC is cut back to the recorded end.
Pages in flight at save time are not stored, so they are fetched again.
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
        self.warc_position: tuple[str, int] | None = None  # (part file, bytes) holding the stored rows

    @property
    def state_file(self) -> Path:
        return self.dir / "state.json"

    def exists(self) -> bool:
        return self.state_file.exists()

    def load(self) -> tuple[list[tuple[str, int, str | None]], list[dict]]:
        """(discovered URLs in discovery order as (url, depth, parent), stored rows)."""
        state = json.loads(self.state_file.read_text())
        self.chunks = state["chunks"]
        self.warc_position = tuple(state["warc"]) if state.get("warc") else None
        for orphan in {p.name for p in self.dir.glob("chunk-*.parquet")} - set(self.chunks):
            (self.dir / orphan).unlink()
        rows: list[dict] = []
        for name in self.chunks:
            rows.extend(pq.read_table(self.dir / name).to_pylist())
        discovered = [(u, d, p) for u, d, p in state["discovered"]]
        return discovered, rows

    def save(self, discovered: list[tuple[str, int, str | None]], new_rows: list[dict], schema: pa.Schema,
             warc_position: tuple[str, int] | None = None) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        chunks = list(self.chunks)
        if new_rows:
            name = f"chunk-{len(chunks) + 1:05d}.parquet"
            table = pa.Table.from_pylist(new_rows, schema=schema)
            write_atomic(self.dir / name, lambda tmp: pq.write_table(table, tmp))
            chunks.append(name)
        warc = warc_position or self.warc_position
        state = {"version": 1, "chunks": chunks, "discovered": discovered, "warc": list(warc) if warc else None}
        write_atomic(self.state_file, lambda tmp: tmp.write_text(json.dumps(state)))
        # Only now is the save real: an interrupt before this line leaves the old state whole,
        # and the next save rewrites the same rows under the same chunk name.
        self.chunks, self.warc_position = chunks, warc

    def clear(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        self.chunks, self.warc_position = [], None
