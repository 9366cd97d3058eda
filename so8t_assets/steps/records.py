"""Labelled or unlabelled records from JSONL, CSV or Parquet, streamed in batches.

A missing field, an empty file or a malformed line raises `RecordError` with a one-line
message naming the file and line, never a traceback from deep inside a parser.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

FORMATS = {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}


class RecordError(ValueError):
    """Input that cannot be read as records; the message is one line."""


def record_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise RecordError(f"{path}: unknown format {path.suffix!r} (use .jsonl, .csv or .parquet)")
    return fmt


def _jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    with open(path, encoding="utf-8-sig") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise RecordError(f"{path}:{lineno}: malformed JSON ({err.msg})") from None
            if not isinstance(record, dict):
                raise RecordError(f"{path}:{lineno}: expected a JSON object")
            yield lineno, record


def _csv(path: Path) -> Iterator[tuple[int, dict]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        try:
            for record in reader:
                if None in record:
                    raise RecordError(f"{path}:{reader.line_num}: more fields than the header has")
                yield reader.line_num, record
        except csv.Error as err:
            raise RecordError(f"{path}:{reader.line_num}: unreadable CSV ({err})") from None


def _parquet(path: Path, batch: int) -> Iterator[tuple[int, dict]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except pa.ArrowException as err:
        raise RecordError(f"{path}: not a readable Parquet file ({str(err).splitlines()[0]})") from None
    row = 0
    for chunk in parquet.iter_batches(batch_size=batch):
        for record in chunk.to_pylist():
            row += 1
            yield row, record


def iter_records(path: str | Path, fields: list[str], batch: int = 1000) -> Iterator[list[dict]]:
    """Batches of records that each have `fields` (None and '' count as missing)."""
    path = Path(path)
    if not path.exists():
        raise RecordError(f"{path}: file not found")
    fmt = record_format(path)
    try:
        rows = _jsonl(path) if fmt == "jsonl" else _csv(path) if fmt == "csv" else _parquet(path, batch)
        out: list[dict] = []
        seen_any = False
        for where, record in rows:
            seen_any = True
            for f in fields:
                if record.get(f) is None or record.get(f) == "":
                    place = f"{path}: row {where}" if fmt == "parquet" else f"{path}:{where}"
                    raise RecordError(f"{place}: missing field {f!r}")
            out.append(record)
            if len(out) >= batch:
                yield out
                out = []
        if not seen_any:
            raise RecordError(f"{path}: no records")
        if out:
            yield out
    except UnicodeDecodeError:
        raise RecordError(f"{path}: not UTF-8 text") from None


def read_records(path: str | Path, fields: list[str]) -> list[dict]:
    return [r for batch in iter_records(path, fields) for r in batch]
