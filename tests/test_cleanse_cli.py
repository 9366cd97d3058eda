"""`so8t cleanse`: the cleansing steps over a file, as a user runs them."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import write_config
from texts import GOOD_EN, GOOD_JA

from so8t_assets.steps.cleanse.dedup import BAND_SCHEMA, BANDS_TABLE, band_rows
from so8t_assets.steps.cleanse.pipeline import Cleanser
from so8t_cli.main import main
from so8t_resources.config import CleansingConfig
from so8t_resources.storage import write_partition

PLANTED = GOOD_EN + "\n\nWrite to desk@harbour-news.example or call 03-1234-5678 with your photos."
REORDERED = "\n\n".join(reversed(GOOD_EN.split("\n\n")))
RECORDS = [
    {"id": "en1", "text": PLANTED, "source": "forum"},
    {"id": "ja1", "text": GOOD_JA, "source": "blog"},
    {"id": "en2", "text": REORDERED, "source": "mirror"},
    {"id": "tiny", "text": "Too short to be a document.", "source": "forum"},
    {"id": "blank", "text": "", "source": "forum"},
]


def _jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_cleanse_keeps_fields_redacts_and_explains_every_drop(tmp_path, capsys):
    src = _jsonl(tmp_path / "corpus.jsonl", RECORDS)
    assert main(["cleanse", "--input", str(src), "--output", str(tmp_path / "clean.jsonl"), "--id-field", "id",
                 "--config", str(write_config(tmp_path))]) == 0
    kept = {r["id"]: r for r in _read(tmp_path / "clean.jsonl")}
    rejects = {r["id"]: r for r in _read(tmp_path / "clean.rejects.jsonl")}  # the default rejects file
    assert set(kept) == {"en1", "ja1"} and set(rejects) == {"en2", "tiny", "blank"}
    assert kept["en1"]["source"] == "forum" and kept["en1"]["lang"] == "en" and kept["ja1"]["lang"] == "ja"
    assert "<EMAIL>" in kept["en1"]["text"] and "<PHONE>" in kept["en1"]["text"]
    assert "desk@" not in kept["en1"]["text"] and kept["en1"]["pii_counts"] == {"EMAIL": 1, "PHONE": 1}
    assert kept["ja1"]["dup_cluster"] == "ja1"
    assert rejects["en2"]["drop_reason"] == "near_duplicate" and rejects["en2"]["duplicate_of"] == "en1"
    assert rejects["en2"]["source"] == "mirror" and rejects["en2"]["text"] == REORDERED
    assert rejects["tiny"]["drop_reason"] == "gopher_short_doc"
    assert rejects["blank"]["drop_reason"] == "empty_after_normalisation"
    assert "2 kept" in capsys.readouterr().out


def test_parquet_in_csv_out_numbers_records_without_an_id_field(tmp_path):
    pq.write_table(pa.Table.from_pylist([{"body": r["text"], "n": i} for i, r in enumerate(RECORDS)]),
                   tmp_path / "corpus.parquet")
    out, rejects = tmp_path / "clean.csv", tmp_path / "dropped.parquet"
    assert main(["cleanse", "--input", str(tmp_path / "corpus.parquet"), "--output", str(out), "--rejects",
                 str(rejects), "--text-field", "body", "--config", str(write_config(tmp_path))]) == 0
    header, *rows = out.read_text(encoding="utf-8").splitlines()
    assert header == "body,n,lang,lang_score,pii_counts,dup_cluster"
    dropped = pq.read_table(rejects).to_pylist()
    assert {(r["n"], r["drop_reason"], r["duplicate_of"]) for r in dropped} >= {(2, "near_duplicate", "1")}


@pytest.mark.parametrize("content,message", [
    ('{"id": "a", "text": "fine"}\n{"id": "b", "text": \n', "corpus.jsonl:2: malformed JSON"),
    ('{"id": "a", "text": "fine"}\n{"id": "b", "body": "no text field"}\n', "corpus.jsonl:2: missing field 'text'"),
    ('{"text": "no id"}\n', "corpus.jsonl:1: missing field 'id'"),
])
@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_bad_input_is_one_line_with_the_line_number_and_writes_nothing(tmp_path, capsys, content, message, suffix):
    (tmp_path / "corpus.jsonl").write_text(content)
    config = write_config(tmp_path, cleansing={"batch_size": 1})  # the first record is written before the error
    assert main(["cleanse", "--input", str(tmp_path / "corpus.jsonl"), "--output", str(tmp_path / f"clean{suffix}"),
                 "--id-field", "id", "--config", str(config)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("so8t: error: ") and message in err and "\n" not in err
    assert "clean" not in err  # the input's error, not wrapped in the name of an output file
    assert not list(tmp_path.glob("clean*")) and not list(tmp_path.glob(".*.tmp"))


def test_against_sessions_drops_copies_of_stored_documents(tmp_path):
    config = write_config(tmp_path)
    stored = Cleanser(CleansingConfig()).dedup.fingerprint("https://harbour.example/festival", PLANTED, "en")
    write_partition(tmp_path / "data", BANDS_TABLE, "s1",
                    pa.Table.from_pylist(band_rows([stored], "2026-01-01T00:00:00"), schema=BAND_SCHEMA))
    src = _jsonl(tmp_path / "corpus.jsonl", RECORDS[:2])
    args = ["cleanse", "--input", str(src), "--output", str(tmp_path / "clean.jsonl"), "--id-field", "id",
            "--config", str(config)]
    assert main(args) == 0 and len(_read(tmp_path / "clean.jsonl")) == 2  # a file alone ignores sessions
    assert main([*args, "--against-sessions"]) == 0
    [dropped] = _read(tmp_path / "clean.rejects.jsonl")
    assert (dropped["id"], dropped["drop_reason"], dropped["duplicate_of"]) == (
        "en1", "exact_duplicate", "https://harbour.example/festival")


def test_output_must_not_overwrite_the_input(tmp_path, capsys):
    src = _jsonl(tmp_path / "corpus.jsonl", RECORDS)
    assert main(["cleanse", "--input", str(src), "--output", str(src), "--config", str(write_config(tmp_path))]) == 2
    assert "three different files" in capsys.readouterr().err
    assert _read(src) == RECORDS


FIELDED = [
    {"id": "a@harbour.example", "text": PLANTED, "title": "Call 415.555.0134x12 for tickets", "votes": 3,
     "author": "desk@harbour-news.example", "source": "forum"},
    {"id": "ja1", "text": GOOD_JA, "title": "予約は090-1234-5678まで", "votes": 5, "author": "yamada",
     "source": "blog"},
]


def test_every_string_field_of_a_kept_record_is_redacted_by_default_but_the_id(tmp_path):
    src = _jsonl(tmp_path / "corpus.jsonl", FIELDED)
    assert main(["cleanse", "--input", str(src), "--output", str(tmp_path / "clean.jsonl"), "--id-field", "id",
                 "--config", str(write_config(tmp_path))]) == 0
    en, ja = _read(tmp_path / "clean.jsonl")
    assert (en["title"], en["author"], en["votes"]) == ("Call <PHONE> for tickets", "<EMAIL>", 3)
    assert ja["title"] == "予約は<PHONE>まで" and ja["author"] == "yamada"
    assert en["id"] == en["dup_cluster"] == "a@harbour.example"  # the id joins duplicate_of: kept as it is
    assert en["pii_counts"] == {"EMAIL": 2, "PHONE": 2} and ja["pii_counts"] == {"PHONE": 1}


def test_redact_fields_names_the_fields_besides_the_text(tmp_path):
    src = _jsonl(tmp_path / "corpus.jsonl", FIELDED)
    assert main(["cleanse", "--input", str(src), "--output", str(tmp_path / "clean.jsonl"), "--id-field", "id",
                 "--redact-fields", "title, id", "--config", str(write_config(tmp_path))]) == 0
    en, _ = _read(tmp_path / "clean.jsonl")
    assert (en["title"], en["id"], en["author"]) == ("Call <PHONE> for tickets", "<EMAIL>", "desk@harbour-news.example")
    assert "<EMAIL>" in en["text"] and "<PHONE>" in en["text"]  # the text field is always redacted


@pytest.mark.parametrize("suffix", [".parquet", ".rejects.parquet"])
def test_a_field_of_mixed_types_is_one_line_naming_it_and_writes_nothing(tmp_path, capsys, suffix):
    records = [{**r, "votes": v} for r, v in zip(RECORDS, [1, "two", 3, "four", 5], strict=True)]
    src = _jsonl(tmp_path / "corpus.jsonl", records)
    out = tmp_path / ("clean.parquet" if suffix == ".parquet" else "clean.jsonl")
    rejects = ["--rejects", str(tmp_path / "dropped.parquet")] if suffix != ".parquet" else []
    assert main(["cleanse", "--input", str(src), "--output", str(out), *rejects, "--id-field", "id",
                 "--config", str(write_config(tmp_path))]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("so8t: error: ") and "'votes'" in err and "\n" not in err, err
    assert not list(tmp_path.glob("clean*")) and not list(tmp_path.glob("dropped*"))
