"""The `so8t` command as a user types it: sessions, runs, queries, and the errors in between."""

import json
import os
import subprocess
import sys

import pytest
from dagster import AssetKey, DagsterInstance
from helpers import write_config

from so8t_cli.main import main
from so8t_demo.server import DemoServer
from so8t_demo.site import manifest

# pytest limits: the sum of what a test may wait for, each at its limit, plus a margin, so a slow
# box fails on the step that overran (with its output), never on pytest's 300 s first.
TRAIN_S = 600  # both models trained from the seed sets (4+ min on a loaded 2-core box)
SESSION_S = 300  # one session of the demo site, models already trained
MARGIN_S = 120


def so8t(*args) -> int:
    return main([str(a) for a in args])


@pytest.fixture
def config(tmp_path):
    return write_config(tmp_path)


def test_bad_seed_file_is_refused_and_nothing_is_written(tmp_path, config, capsys):
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("http://127.0.0.1:9/ok\nnot a url\n")
    assert so8t("session", "new", "--seeds", seeds, "--config", config) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("so8t: error:") and "seeds.txt:2" in err and "\n" not in err
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("bad_id", ["../etc", "-lead", "a" * 65, "sp ace", "ü"])
def test_bad_session_id_is_refused(tmp_path, config, capsys, bad_id):
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("http://127.0.0.1:9/\n")
    assert so8t("session", "new", "--seeds", seeds, f"--id={bad_id}", "--config", config) == 2
    assert "invalid session ID" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()


def test_bad_config_exits_2_with_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME")  # so the default ./.dagster_home would appear if anything wrote it
    bad = tmp_path / "bad.yaml"
    bad.write_text("data_sources:\n  crawler:\n    politeness:\n      min_delay_s: fast\n")
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("http://127.0.0.1:9/\n")
    assert so8t("session", "new", "--seeds", seeds, "--config", bad) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "data_sources.crawler.politeness.min_delay_s" in err[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "dagster_home", "seeds.txt"]


@pytest.mark.timeout(TRAIN_S + SESSION_S + MARGIN_S)  # with_models trains them here if no test did yet
def test_session_new_run_list_and_query(tmp_path, capsys):
    config = write_config(tmp_path, with_models=True)
    seeds = tmp_path / "seeds.txt"
    with DemoServer() as site:
        seeds.write_text(site.url + "\n")
        assert so8t("session", "new", "--seeds", seeds, "--id", "cli_1", "--config", config) == 0
        assert capsys.readouterr().out.strip() == "cli_1"
        assert so8t("session", "new", "--seeds", seeds, "--id", "cli_1", "--config", config) == 2
        assert "already exists" in capsys.readouterr().err
        manifest_file = tmp_path / "data" / "sessions" / "cli_1" / "manifest.json"
        recorded = json.loads(manifest_file.read_text())
        assert recorded["seeds"] == [site.url] and len(recorded["config_hash"]) == 64
        assert so8t("run", "--session", "cli_1", "--config", config) == 0
    capsys.readouterr()
    assert so8t("sessions", "--config", config) == 0
    listing = capsys.readouterr().out
    assert "cli_1" in listing and "materialized" in listing
    assert so8t("query", "SELECT count(*) AS n FROM raw_pages", "--config", config) == 0
    allowed = sum(1 for e in manifest() if e["robots_allowed"])
    assert capsys.readouterr().out.split() == ["n", str(allowed)]
    assert so8t("query", "SELECT nope FROM raw_pages", "--config", config) == 2
    assert "nope" in capsys.readouterr().err
    assert so8t("run", "--session", "nosuch", "--config", config) == 2


@pytest.mark.timeout(TRAIN_S + SESSION_S + MARGIN_S)
def test_dagster_job_execute_runs_a_session(tmp_path, config, repo_root):
    """The README's command line: register the partition (session new), then `dagster job execute`."""
    seeds = tmp_path / "seeds.txt"
    with DemoServer() as site:
        seeds.write_text(site.url + "\n")
        assert so8t("session", "new", "--seeds", seeds, "--id", "cli_job", "--config", config) == 0
        env = {**os.environ, "SO8T_CONFIG": str(config)}
        dagster = os.path.join(os.path.dirname(sys.executable), "dagster")
        for job, tags, limit_s in (("train_models", "{}", TRAIN_S),
                                   ("full_pipeline", '{"dagster/partition": "cli_job"}', SESSION_S)):
            proc = subprocess.run(
                [dagster, "job", "execute", "-m", "so8t_assets.definitions", "-j", job, "--tags", tags],
                env=env, capture_output=True, text=True, timeout=limit_s, cwd=repo_root,
            )
            assert proc.returncode == 0, proc.stderr[-2000:]
    instance = DagsterInstance.get()
    assert "cli_job" in instance.get_materialized_partitions(AssetKey("raw_pages"))
    assert "cli_job" in instance.get_materialized_partitions(AssetKey("nsfw_labels"))
    assert (tmp_path / "data" / "raw_pages" / "session=cli_job" / "part-0.parquet").exists()
