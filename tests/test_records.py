"""Reading labelled and unlabelled files: streamed, with one-line errors that name the line."""

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from so8t_assets.steps.records import RecordError, iter_records, read_records


def test_jsonl_csv_and_parquet_read_alike(tmp_path):
    rows = [{"text": f"t{i}", "label": i % 2} for i in range(5)]
    (tmp_path / "a.jsonl").write_text("".join(f'{{"text": "t{i}", "label": {i % 2}}}\n' for i in range(5)) + "\n")
    (tmp_path / "a.csv").write_text("text,label\n" + "".join(f"t{i},{i % 2}\n" for i in range(5)))
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "a.parquet")
    for name in ("a.jsonl", "a.parquet"):
        assert read_records(tmp_path / name, ["text", "label"]) == rows
    assert [r["text"] for r in read_records(tmp_path / "a.csv", ["text"])] == [r["text"] for r in rows]
    assert [len(b) for b in iter_records(tmp_path / "a.jsonl", ["text"], batch=2)] == [2, 2, 1]


@pytest.mark.parametrize("name,content,message", [
    ("bad.jsonl", '{"text": "a"}\n{"text": \n', "bad.jsonl:2: malformed JSON"),
    ("miss.jsonl", '{"text": "a"}\n{"body": "b"}\n', "miss.jsonl:2: missing field 'text'"),
    ("list.jsonl", '["a"]\n', "list.jsonl:1: expected a JSON object"),
    ("empty.jsonl", "\n\n", "empty.jsonl: no records"),
    ("wide.csv", "text\na,b\n", "wide.csv:2: more fields than the header"),
    ("x.txt", "hello\n", "unknown format '.txt'"),
    ("x.parquet", "not parquet", "x.parquet: not a readable Parquet file"),
])
def test_bad_input_is_a_one_line_error(tmp_path, name, content, message):
    (tmp_path / name).write_text(content)
    with pytest.raises(RecordError, match=message.replace("(", r"\(").replace("[", r"\[")):
        read_records(tmp_path / name, ["text"])


def test_missing_file(tmp_path):
    with pytest.raises(RecordError, match="file not found"):
        read_records(tmp_path / "nope.jsonl", ["text"])


def test_byte_order_mark_and_oversized_csv_fields(tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes("text,label\nこんにちは,0\n".encode("utf-8-sig"))
    assert read_records(bom, ["text", "label"]) == [{"text": "こんにちは", "label": "0"}]
    huge = tmp_path / "huge.csv"
    huge.write_text("text\n" + "x" * 200_000 + "\n")
    with pytest.raises(RecordError, match=r"huge.csv:\d+: unreadable CSV"):
        read_records(huge, ["text"])
