"""Storage of record: one Parquet file per (asset, session), and a DuckDB catalog over them.

A partition is written to a temporary name and renamed, so it is either whole or
absent. The catalog is rebuilt in a temporary file and renamed too, so readers never
see a half-written catalog and two writers never share one DuckDB file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from so8t_resources.atomic import write_atomic
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
