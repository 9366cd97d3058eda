"""`so8t start`, the production launcher, on the demo site: complete, nothing new, killed, stopped.

Every launcher runs as a real subprocess (signals are part of what is tested), on the
multiprocess executor, against a real Dagster instance in a temporary DAGSTER_HOME.
"""

import hashlib
import json
import os
import signal
import subprocess
import time

import pyarrow.parquet as pq
import pytest
from dagster import DagsterInstance, DagsterRunStatus, RunsFilter
from helpers import so8t_exe, write_config
from test_resume import SLOW, stored_in_checkpoint

from so8t_demo.server import DemoServer

# Per dataset, the columns that identify a row and carry its content (times and run IDs vary).
CONTENT = {"raw_pages": ["url", "outcome", "sha256", "text"], "nsfw_labels": ["url", "nsfw_score", "nsfw_label"],
           "cleansed_text": ["doc_id", "text", "pii_counts", "dup_cluster"],
           "domain_labels": ["doc_id", "domain", "hazards"],
           "four_class_labels": ["doc_id", "four_class", "decided_by"],
           "thinking_datasets": ["doc_id", "task", "four_class", "messages"]}


def datasets(data_root, session):
    """{asset: (row count, distinct rows, SHA-256 of the sorted rows)}."""
    found = {}
    for asset, columns in CONTENT.items():
        rows = pq.read_table(data_root / asset / f"session={session}" / "part-0.parquet", columns=columns).to_pylist()
        lines = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str) for r in rows)
        found[asset] = (len(lines), len(set(lines)), hashlib.sha256("\n".join(lines).encode()).hexdigest())
    return found


# Each test's pytest limit is the sum of the waits it may spend at their limits, plus a margin:
# a slow box fails on the wait that overran, with its output, never on pytest's limit first.
START_S = 280  # one `so8t start` to its end
STOP_PART_WAY_S = 150  # until a crawl has checkpointed 10 pages
STOPPING_S = 120  # a stopped `so8t start` to its exit
MARGIN_S = 90
TRAIN_S = 600  # helpers.trained_models() in this process, if no earlier test trained them (4+ min loaded)
# The module's `reference` (training, then one `so8t start`) runs inside whichever test asks for it first.
REFERENCE_S = TRAIN_S + START_S


def start(config, home, *args, wait=True, extra_env=None):
    env = {**os.environ, "DAGSTER_HOME": str(home), **(extra_env or {})}
    cmd = [so8t_exe(), "start", "--config", str(config), *args]
    if not wait:
        return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=START_S)


def launcher_config(root, site, session, **overrides):
    return write_config(root, with_models=True, launcher={
        "sessions": [{"id": session, "seeds": [site.url]}], "log_file": str(root / "logs" / "production.log"),
        "retry_backoff_s": 0.5}, **overrides)


@pytest.fixture(scope="module")
def site():
    with DemoServer() as running:
        yield running


@pytest.fixture(scope="module")
def reference(site, tmp_path_factory):
    """An uninterrupted `so8t start`: its output, and its datasets to compare with."""
    root = tmp_path_factory.mktemp("reference")
    (root / "home").mkdir()
    config = launcher_config(root, site, "whole")
    done = start(config, root / "home", "--no-audio")
    return root, config, done


@pytest.mark.timeout(REFERENCE_S + START_S + MARGIN_S)
def test_start_completes_then_finds_nothing_new(reference, site, tmp_path):
    root, config, done = reference
    assert done.returncode == 0, done.stdout + done.stderr
    assert "session whole: success" in done.stdout
    assert "[whole] raw_pages: done in" in done.stdout and "[whole] thinking_datasets: done in" in done.stdout
    assert f"dashboard         {root / 'data' / 'reports' / 'session=whole' / 'dashboard.png'}" in done.stdout
    found = datasets(root / "data", "whole")
    assert all(n == distinct for n, distinct, _ in found.values())  # no duplicate rows
    assert found["raw_pages"][0] >= 50 and found["thinking_datasets"][0] > 0
    log = (root / "logs" / "production.log").read_text()
    assert "RUN_SUCCESS" in log and "[whole] session_report: done in" in log
    instance = DagsterInstance.from_config(str(root / "home"))
    runs = len(instance.get_runs())
    requests = len(site.access_log)

    # Again, with sound: a player on PATH stands in for the sound card (the one outside part).
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "paplay").write_text(f"#!/bin/sh\necho \"$@\" >> {tmp_path / 'played'}\n")
    (bin_dir / "paplay").chmod(0o755)
    again = start(config, root / "home", extra_env={"PATH": f"{bin_dir}:{os.environ['PATH']}"})
    assert again.returncode == 0, again.stdout + again.stderr
    assert "session whole: complete: every asset is materialised, nothing to do" in again.stdout
    assert "all partitions complete: nothing new to run" in again.stdout
    assert len(instance.get_runs()) == runs and len(site.access_log) == requests
    assert (tmp_path / "played").read_text().strip().endswith("done.wav")


def _stop_part_way(proc, state_dir):
    deadline = time.monotonic() + STOP_PART_WAY_S
    while time.monotonic() < deadline and proc.poll() is None:
        if (state_dir / "state.json").exists() and len(stored_in_checkpoint(state_dir)) >= 10:
            return
        time.sleep(0.05)
    raise AssertionError("the crawl finished before it could be stopped:\n" + (proc.stdout.read() or ""))


@pytest.mark.timeout(REFERENCE_S + STOP_PART_WAY_S + START_S + MARGIN_S)
def test_kill_9_then_start_resumes_to_the_same_datasets(reference, site, tmp_path):
    (tmp_path / "home").mkdir()
    config = launcher_config(tmp_path, site, "killed", data_sources=SLOW["data_sources"],
                             checkpoints=SLOW["checkpoints"])
    proc = start(config, tmp_path / "home", "--no-audio", wait=False)
    _stop_part_way(proc, tmp_path / "data" / "sessions" / "killed" / "crawl_state")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not (tmp_path / "data" / "raw_pages" / "session=killed").exists()  # nothing partial looks done

    resumed = start(config, tmp_path / "home", "--no-audio")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "session killed: resuming run" in resumed.stdout
    assert "[killed] raw_pages: resuming:" in resumed.stdout
    assert datasets(tmp_path / "data", "killed") == datasets(reference[0] / "data", "whole")
    runs = DagsterInstance.from_config(str(tmp_path / "home")).get_runs(RunsFilter(job_name="full_pipeline"))
    # The killed launcher's child got SIGTERM from the OS (PR_SET_PDEATHSIG): checkpointed, then failed.
    assert runs[0].status == DagsterRunStatus.SUCCESS and runs[1].status == DagsterRunStatus.FAILURE
    assert runs[0].parent_run_id == runs[1].run_id  # a re-execution of the killed run, from its failure


@pytest.mark.timeout(REFERENCE_S + STOP_PART_WAY_S + STOPPING_S + START_S + MARGIN_S)
def test_sigterm_stops_gracefully_then_start_resumes(reference, site, tmp_path):
    (tmp_path / "home").mkdir()
    config = launcher_config(tmp_path, site, "stopped", data_sources=SLOW["data_sources"],
                             checkpoints=SLOW["checkpoints"])
    state_dir = tmp_path / "data" / "sessions" / "stopped" / "crawl_state"
    proc = start(config, tmp_path / "home", "--no-audio", wait=False)
    _stop_part_way(proc, state_dir)
    proc.send_signal(signal.SIGTERM)
    out = proc.communicate(timeout=STOPPING_S)[0]
    assert proc.returncode == 130, out
    assert "stopping: the crawler writes its checkpoint" in out and "session stopped: interrupted" in out
    assert len(stored_in_checkpoint(state_dir)) >= 10
    run = DagsterInstance.from_config(str(tmp_path / "home")).get_runs(RunsFilter(job_name="full_pipeline"))[0]
    assert run.status == DagsterRunStatus.CANCELED and run.tags["so8t/stopped"] == "interrupted"

    resumed = start(config, tmp_path / "home", "--no-audio")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert datasets(tmp_path / "data", "stopped") == datasets(reference[0] / "data", "whole")
