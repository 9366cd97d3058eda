"""Parquet partitions and the DuckDB catalog over them."""

import pyarrow as pa
import pytest

from so8t_resources.sessions import SessionError
from so8t_resources.storage import partition_path, query, read_partition, write_partition


def test_partitions_are_whole_or_absent_and_queryable(tmp_path):
    root = tmp_path / "it's data"  # a quote in the path must not break the catalog's SQL
    write_partition(root, "raw_pages", "s1", pa.table({"url": ["a", "b"], "n": [1, 2]}))
    write_partition(root, "raw_pages", "s2", pa.table({"url": ["c"], "n": [3]}))
    assert not list(root.rglob("*.tmp"))
    frame = query(root, "SELECT session, sum(n) AS n FROM raw_pages GROUP BY 1 ORDER BY 1")
    assert frame.to_dict("list") == {"session": ["s1", "s2"], "n": [3, 3]}
    assert list(read_partition(root, "raw_pages", "s2")["url"]) == ["c"]


def test_a_failed_write_leaves_the_old_partition(tmp_path):
    write_partition(tmp_path, "raw_pages", "s1", pa.table({"url": ["a"]}))
    with pytest.raises(AttributeError):  # the writer fails mid-way
        write_partition(tmp_path, "raw_pages", "s1", "not a table")
    assert list(read_partition(tmp_path, "raw_pages", "s1")["url"]) == ["a"]
    assert not list(tmp_path.rglob("*.tmp"))


def test_session_ids_cannot_escape_the_data_root(tmp_path):
    with pytest.raises(SessionError):
        partition_path(tmp_path, "raw_pages", "../../etc")


def test_query_without_catalog_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="materialise a session first"):
        query(tmp_path, "SELECT 1")
