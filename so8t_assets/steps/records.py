"""Records in JSONL, CSV or Parquet files, read and written in batches.

A missing field, an empty file or a malformed line raises `RecordError` with a one-line
message naming the file and line, never a traceback from deep inside a parser.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


def iter_records(path: str | Path, fields: list[str], batch: int = 1000, present: tuple[str, ...] = (),
                 check: Callable[[dict], None] | None = None) -> Iterator[list[dict]]:
    """Batches of records that each have `fields` (None and '' count as missing) and the
    `present` fields (which may be ''); `check(record)` may raise RecordError, which is
    reported with the file and line."""
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
            place = f"{path}: row {where}" if fmt == "parquet" else f"{path}:{where}"
            for f in (*fields, *present):
                if record.get(f) is None or (record.get(f) == "" and f not in present):
                    raise RecordError(f"{place}: missing field {f!r}")
            if check is not None:
                try:
                    check(record)
                except RecordError as err:
                    raise RecordError(f"{place}: {err}") from None
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


def _flat(record: dict) -> dict:
    """Nested values (dicts, lists) as JSON text, for the formats that hold only scalars."""
    return {k: json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, dict | list) else v
            for k, v in record.items()}


@contextmanager
def record_sink(path: str | Path) -> Iterator[Callable[[list[dict]], None]]:
    """Yield `write(records)` into a .jsonl, .csv or .parquet file (by its suffix) that
    appears whole when the block ends and not at all if it fails. The first batch sets
    the columns of a CSV or Parquet file; a later record that does not fit is a RecordError."""
    from so8t_resources.atomic import atomic_path
    from so8t_resources.storage import SchemaMismatch, parquet_stream

    path = Path(path)
    fmt = record_format(path)
    if fmt == "parquet":
        with parquet_stream(path) as write_rows:
            def write_parquet(records: list[dict]) -> None:
                try:
                    write_rows([_flat(r) for r in records])
                except SchemaMismatch as err:  # only the sink's own errors get its name
                    raise RecordError(f"{path}: {err}") from None

            yield write_parquet
        return
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        table = csv.writer(fh)
        columns: list[str] | None = None

        def write(records: list[dict]) -> None:
            nonlocal columns
            for record in records:
                if fmt == "jsonl":
                    fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
                    continue
                if columns is None:
                    columns = list(record)
                    table.writerow(columns)
                if set(record) != set(columns):
                    raise RecordError(f"{path}: a record has fields {sorted(record)}, not the columns {columns}")
                flat = _flat(record)
                table.writerow(["" if flat[c] is None else flat[c] for c in columns])

        yield write
