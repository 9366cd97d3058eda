"""Parquet partitions and the DuckDB catalog over them."""

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from so8t_resources.sessions import SessionError
from so8t_resources.storage import parquet_stream, partition_path, query, read_partition, write_partition


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


def test_a_stream_appears_whole_on_success_and_not_at_all_on_failure(tmp_path):
    path = tmp_path / "out.parquet"
    with parquet_stream(path) as write:
        write([{"id": 1, "note": None}])
        assert not path.exists()  # nothing visible until the block ends
        write([{"id": 2, "note": "second batch"}])  # the all-null column became a string column
    assert pq.read_table(path).to_pylist() == [{"id": 1, "note": None}, {"id": 2, "note": "second batch"}]
    with pytest.raises(ValueError, match="field .id. holds values of more than one"), parquet_stream(path) as write:
        write([{"id": 3}])
        write([{"id": "three"}])
    assert pq.read_table(path).num_rows == 2  # the failed stream left the old file
    with pytest.raises(ValueError, match="field 'extra'"), parquet_stream(path) as write:
        write([{"id": 4}])
        write([{"id": 5, "extra": "dropped silently before"}])
    with parquet_stream(path) as write:  # keys that only some rows of the first batch have still count
        write([{"id": 6}, {"id": 7, "note": "x"}])
    assert pq.read_table(path).to_pylist() == [{"id": 6, "note": None}, {"id": 7, "note": "x"}]
    assert not list(tmp_path.glob("*.tmp"))


def test_session_ids_cannot_escape_the_data_root(tmp_path):
    with pytest.raises(SessionError):
        partition_path(tmp_path, "raw_pages", "../../etc")


def test_query_without_catalog_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="materialise a session first"):
        query(tmp_path, "SELECT 1")


def test_aligned_batches_join_tables_written_in_one_order_and_refuse_stale_ones(tmp_path):
    from so8t_resources.storage import aligned_batches

    write_partition(tmp_path, "texts", "s1", pa.table({"doc_id": ["a", "b", "c"], "text": ["x", "y", "z"]}))
    write_partition(tmp_path, "labels", "s1", pa.table({"doc_id": ["a", "b", "c"], "label": [1, 2, 3]}))
    joined = [r for b in aligned_batches(tmp_path, "s1", {"labels": None, "texts": ["doc_id", "text"]}, 2) for r in b]
    assert joined == [{"doc_id": "a", "label": 1, "text": "x"}, {"doc_id": "b", "label": 2, "text": "y"},
                      {"doc_id": "c", "label": 3, "text": "z"}]
    for stale in (pa.table({"doc_id": ["a", "c", "b"], "label": [1, 3, 2]}), pa.table({"doc_id": ["a", "b"],
                                                                                      "label": [1, 2]})):
        write_partition(tmp_path, "labels", "s1", stale)
        with pytest.raises(ValueError, match="labels, texts of session s1 disagree: re-materialise"):
            list(aligned_batches(tmp_path, "s1", {"labels": None, "texts": None}, 2))
