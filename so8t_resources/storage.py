"""Storage of record: one Parquet file per (asset, session), and a DuckDB catalog over them.

A partition is written to a temporary name and renamed, so it is either whole or
absent. The catalog is rebuilt in a temporary file and renamed too, so readers never
see a half-written catalog and two writers never share one DuckDB file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from so8t_resources.atomic import atomic_path, write_atomic
from so8t_resources.sessions import check_session_id

if TYPE_CHECKING:
    import pandas as pd

CATALOG_NAME = "catalog.duckdb"


def partition_path(data_root: Path, asset: str, session_id: str) -> Path:
    check_session_id(session_id)
    return data_root / asset / f"session={session_id}" / "part-0.parquet"


def write_table(table: pa.Table, path: Path) -> None:
    write_atomic(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def write_partition(data_root: Path, asset: str, session_id: str, table: pa.Table) -> Path:
    path = partition_path(data_root, asset, session_id)
    write_table(table, path)
    refresh_catalog(data_root)
    return path


class SchemaMismatch(ValueError):
    """A row that does not fit the columns a stream was opened (or started) with."""


def _mismatch(rows: list[dict], schema: pa.Schema | None, err: Exception) -> SchemaMismatch:
    """The error naming the first field whose values do not make one Parquet column."""
    for key in dict.fromkeys(k for r in rows for k in r):
        try:
            pa.array([r.get(key) for r in rows], type=schema.field(key).type if schema else None)
        except (pa.ArrowInvalid, pa.ArrowTypeError, KeyError):
            return SchemaMismatch(f"field {key!r} holds values of more than one type; Parquet needs one type "
                                  "per field (make them one type, or write .jsonl)")
    return SchemaMismatch(f"a row does not fit the columns of the rows before it ({err})")


def _settled(rows: list[dict]) -> pa.Schema:
    """A schema from a batch: every key any row has, all-null columns widened to strings."""
    keys = list(dict.fromkeys(k for r in rows for k in r))
    try:
        schema = pa.Table.from_pylist([{k: r.get(k) for k in keys} for r in rows]).schema
    except (pa.ArrowInvalid, pa.ArrowTypeError) as err:
        raise _mismatch(rows, None, err) from None
    return pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in schema])


@contextmanager
def parquet_stream(path: Path, schema: pa.Schema | None = None) -> Iterator[Callable[[list[dict]], None]]:
    """Yield `write(rows)`: rows go to `path` batch by batch, so memory holds one batch; the
    file appears whole when the block ends cleanly and not at all otherwise. Without a
    schema, the first batch sets it; a later row with another key or type is a SchemaMismatch.
    With a schema, keys outside it are ignored (callers pass rows with extra fields)."""
    with atomic_path(path) as tmp:
        writer: pq.ParquetWriter | None = None
        inferred = schema is None

        def write(rows: list[dict]) -> None:
            nonlocal writer, schema
            if schema is None:
                if not rows:
                    return
                schema = _settled(rows)
            if inferred:
                extra = {k for r in rows for k in r} - set(schema.names)
                if extra:
                    raise SchemaMismatch(f"a row has the field {sorted(extra)[0]!r}, which the rows before it lack")
            try:
                table = pa.Table.from_pylist(rows, schema=schema)
            except (pa.ArrowInvalid, pa.ArrowTypeError) as err:
                raise _mismatch(rows, schema, err) from None
            if writer is None:
                writer = pq.ParquetWriter(tmp, schema, compression="zstd")
            writer.write_table(table)

        try:
            yield write
            if writer is None:  # no rows: still a valid (empty) file
                writer = pq.ParquetWriter(tmp, schema or pa.schema([]), compression="zstd")
        finally:
            if writer is not None:
                writer.close()


def partition_stream(data_root: Path, asset: str, session_id: str, schema: pa.Schema):
    """`parquet_stream` into a session's partition; call `refresh_catalog` once all are written."""
    return parquet_stream(partition_path(data_root, asset, session_id), schema)


def aligned_batches(data_root: Path, session_id: str, tables: dict[str, list[str] | None],
                    batch_size: int, key: str = "doc_id") -> Iterator[list[dict]]:
    """Batches of rows joined across a session's tables that were written in one order (the
    labels follow cleansed_text's): each row merges the named columns (None: all) of every
    table. Tables that disagree, in order or length, are a ValueError that says what to redo."""
    names = list(tables)
    stale = ValueError(f"{', '.join(names)} of session {session_id} disagree: re-materialise the later ones")
    readers = [pq.ParquetFile(partition_path(data_root, n, session_id)).iter_batches(batch_size, columns=c)
               for n, c in tables.items()]
    try:
        for batches in zip(*readers, strict=True):
            out = []
            for rows in zip(*(b.to_pylist() for b in batches), strict=True):
                if len({r[key] for r in rows}) != 1:
                    raise stale
                merged: dict = {}
                for r in rows:
                    merged.update(r)
                out.append(merged)
            yield out
    except ValueError as err:
        if err is stale or "zip()" in str(err):  # zip's own message: one table is longer than another
            raise stale from None
        raise


def read_partition(data_root: Path, asset: str, session_id: str) -> pd.DataFrame:
    path = partition_path(data_root, asset, session_id)
    if not path.exists():
        raise FileNotFoundError(f"{asset} has no data for session {session_id} (expected {path})")
    return pq.read_table(path).to_pandas()


def asset_globs(data_root: Path) -> dict[str, str]:
    """Asset name -> glob over its session partitions, for every asset that has data."""
    found = {}
    if data_root.exists():
        for asset_dir in sorted(p for p in data_root.iterdir() if p.is_dir()):
            if any(asset_dir.glob("session=*/part-0.parquet")):
                found[asset_dir.name] = str(asset_dir / "session=*" / "part-0.parquet")
    return found


def refresh_catalog(data_root: Path) -> Path:
    """Rebuild the DuckDB catalog: one view per asset over all its sessions."""
    import duckdb

    catalog = data_root / CATALOG_NAME

    def build(tmp: Path) -> None:
        tmp.unlink()  # DuckDB wants to create the file itself
        con = duckdb.connect(str(tmp))
        try:
            for asset, glob in asset_globs(data_root).items():
                name, path = asset.replace('"', '""'), glob.replace("'", "''")
                con.execute(
                    f'CREATE VIEW "{name}" AS SELECT * FROM '
                    f"read_parquet('{path}', hive_partitioning=true, union_by_name=true)"
                )
        finally:
            con.close()

    write_atomic(catalog, build)
    return catalog


def query(data_root: Path, sql: str) -> pd.DataFrame:
    """Run one read-only query against the catalog."""
    import duckdb

    catalog = data_root / CATALOG_NAME
    if not catalog.exists():
        raise FileNotFoundError(f"no catalog at {catalog}: materialise a session first")
    con = duckdb.connect(str(catalog), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()
