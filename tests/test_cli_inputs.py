"""`so8t classify` and `so8t export` against the files a user can name: never overwrite the input or
the stored data, write the format the suffix names, and bound the work per record."""

import json
import os

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import so8t_cli.nsfw_cmds as nsfw_cmds
from so8t_cli.main import main
from so8t_resources.config import Settings
from so8t_resources.sessions import write_manifest
from so8t_resources.storage import partition_path

ROWS = [{"id": 1, "text": "hello"}, {"id": 2, "text": "x" * 5000}, {"id": 3, "text": "bye"}]


class FakeClassifier:
    """Labels a text by its length; refuses any text longer than the test allows it to see."""
    model_id, threshold, longest = "fake@1", 0.5, 10_000

    def label(self, texts):
        assert all(len(t) <= self.longest for t in texts), "a text over --max-chars reached the model"
        return [{"nsfw_score": 0.25, "nsfw_label": len(t) > 3, "nsfw_model": self.model_id} for t in texts]


@pytest.fixture
def records(tmp_path, monkeypatch):
    monkeypatch.setattr(nsfw_cmds, "_classifier", FakeClassifier)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    return src


def classify(src, out, *extra) -> int:
    return main(["classify", "nsfw", "--input", str(src), "--output", str(out), *map(str, extra)])


def test_output_equal_to_input_is_refused(records, tmp_path, capsys):
    before = records.read_bytes()
    (tmp_path / "link.jsonl").symlink_to(records)
    os.link(records, tmp_path / "hard.jsonl")
    for out in (records, tmp_path / "." / "in.jsonl", tmp_path / "link.jsonl", tmp_path / "hard.jsonl"):
        assert classify(records, out) == 2, out
        err = capsys.readouterr().err.strip()
        assert "is the input file" in err and "\n" not in err
        assert records.read_bytes() == before


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_the_output_suffix_picks_the_format(records, tmp_path, suffix):
    out = tmp_path / f"out{suffix}"
    assert classify(records, out) == 0
    frame = (pd.read_json(out, lines=True) if suffix == ".jsonl" else
             pd.read_csv(out) if suffix == ".csv" else pq.read_table(out).to_pandas())
    assert list(frame["id"]) == [1, 2, 3] and list(frame["nsfw_label"]) == [True, True, False]
    assert list(frame["nsfw_score"]) == [0.25] * 3 and frame["skipped"].isna().all()


def test_an_unknown_output_suffix_is_refused_before_any_work(records, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(nsfw_cmds, "_classifier", lambda: pytest.fail("the model loaded"))
    assert classify(records, tmp_path / "out.xlsx") == 2
    assert "unknown format '.xlsx'" in capsys.readouterr().err
    assert not (tmp_path / "out.xlsx").exists()


def test_a_record_over_the_limit_is_written_as_skipped_not_classified(records, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(FakeClassifier, "longest", 1000)
    out = tmp_path / "out.jsonl"
    assert classify(records, out, "--max-chars", 1000) == 0
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert [g["id"] for g in got] == [1, 2, 3]
    assert got[1]["nsfw_score"] is None and got[1]["nsfw_label"] is None
    assert got[1]["skipped"] == "too_large: 5,000 characters > --max-chars 1,000"
    assert got[0]["skipped"] is None and got[0]["nsfw_label"] is True
    assert "1 skipped" in capsys.readouterr().out


def test_the_default_limit_keeps_a_huge_record_from_the_model(tmp_path, monkeypatch):
    """A 50 MB record did not finish in 300 s; under the default limit it is never classified."""
    monkeypatch.setattr(FakeClassifier, "longest", 1_000_000)
    monkeypatch.setattr(nsfw_cmds, "_classifier", FakeClassifier)
    src = tmp_path / "big.jsonl"
    src.write_text(json.dumps({"text": "a" * 50_000_000}) + "\n" + json.dumps({"text": "short"}) + "\n")
    assert classify(src, tmp_path / "out.jsonl") == 0
    with open(tmp_path / "out.jsonl") as fh:
        assert json.loads(fh.readline())["skipped"].startswith("too_large: 50,000,000 characters")


# -- export --------------------------------------------------------------------------------------

def _stored_session(tmp_path, session_id="s1"):
    settings = Settings.model_validate({"storage": {"data_root": str(tmp_path / "data")}})
    write_manifest(settings.data_root(), session_id, ["http://a.test/"], settings)
    messages = json.dumps([{"role": "user", "content": "q"}, {"role": "assistant", "content": "<final>a</final>"}])
    row = {"record_id": "r1", "session": session_id, "doc_id": "d1", "lang": "en", "task": "t", "four_class": "ALLOW",
           "domain": "general", "messages": messages, "hazards": [], "generator": "g", "created_at": "now"}
    source = partition_path(settings.data_root(), "thinking_datasets", session_id)
    source.parent.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist([row]), source)
    config = tmp_path / "c.yaml"
    config.write_text(f"storage: {{data_root: '{settings.data_root()}'}}\n")
    return source, config


def test_export_refuses_to_overwrite_the_stored_partition(tmp_path, capsys):
    source, config = _stored_session(tmp_path)
    before = source.read_bytes()
    for out, fmt in ((source, "jsonl"), (source, "parquet"), (source.parent / "other.jsonl", "jsonl"),
                     (tmp_path / "data" / "sessions" / "s1" / "manifest.json", "jsonl")):
        rc = main(["export", "--session", "s1", "--dataset", "thinking", "--output", str(out),
                   "--format", fmt, "--config", str(config)])
        err = capsys.readouterr().err.strip()
        assert rc == 2 and "inside the stored data" in err and "\n" not in err, (out, err)
    assert source.read_bytes() == before
    assert json.loads((tmp_path / "data" / "sessions" / "s1" / "manifest.json").read_text())["session_id"] == "s1"
    assert main(["export", "--session", "s1", "--dataset", "thinking", "--output", str(tmp_path / "ok.jsonl"),
                 "--config", str(config)]) == 0


def test_export_of_an_unknown_session_says_it_does_not_exist(tmp_path, capsys):
    _, config = _stored_session(tmp_path)
    assert main(["export", "--session", "nosuch", "--dataset", "thinking", "--output", str(tmp_path / "o.jsonl"),
                 "--config", str(config)]) == 2
    err = capsys.readouterr().err.strip()
    assert "session nosuch does not exist" in err and "so8t sessions" in err and "so8t run" not in err
