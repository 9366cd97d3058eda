"""Kill a crawl with SIGKILL part-way, resume it, and get what an uninterrupted crawl gets."""

import json
import signal
import subprocess
import time

import pyarrow.parquet as pq
from dagster import AssetKey, DagsterInstance
from helpers import new_session, so8t_exe, write_config

from so8t_cli.main import main
from so8t_demo.server import DemoServer
from so8t_resources.offline_sources import iter_warc

SLOW = {"data_sources": {"kind": "crawl", "crawler": {"allowed_networks": ["127.0.0.1/32"], "politeness": {
    "min_delay_s": 0.15, "per_host_concurrency": 1}}, "parallel": {"global_concurrency": 2, "extract_workers": 1}},
    "checkpoints": {"every_pages": 5}}


def pages(tmp_path, session):
    table = pq.read_table(tmp_path / "data" / "raw_pages" / f"session={session}" / "part-0.parquet")
    return dict(zip(table.column("url").to_pylist(), table.column("sha256").to_pylist(), strict=True))


def stored_in_checkpoint(state_dir):
    state = json.loads((state_dir / "state.json").read_text())
    return [url for name in state["chunks"] for url in pq.read_table(state_dir / name).column("url").to_pylist()]


def test_kill_9_then_resume_equals_uninterrupted(tmp_path):
    slow = write_config(tmp_path, with_models=True, **SLOW)
    fast = write_config(tmp_path / "fast", storage={"data_root": str(tmp_path / "data")})
    state_dir = tmp_path / "data" / "sessions" / "killed" / "crawl_state"
    with DemoServer() as site:
        new_session(tmp_path, site.url, "killed", slow)
        new_session(tmp_path, site.url, "whole", fast)
        proc = subprocess.Popen([so8t_exe(), "run", "--session", "killed", "--config", str(slow)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if (state_dir / "state.json").exists() and len(stored_in_checkpoint(state_dir)) >= 10:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the crawl finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        stored_before = set(stored_in_checkpoint(state_dir))
        log_at_kill = len(site.access_log)
        assert not (tmp_path / "data" / "raw_pages" / "session=killed").exists()  # nothing partial looks done

        assert main(["run", "--session", "killed", "--config", str(slow)]) == 0
        requested_after = set(site.access_log[log_at_kill:])
        assert main(["run", "--session", "whole", "--config", str(fast)]) == 0

    assert pages(tmp_path, "killed") == pages(tmp_path, "whole")
    # The WARC holds each stored page's response exactly once, even across the kill.
    warcs = sorted(str(p) for p in (tmp_path / "data" / "sessions" / "killed" / "warc").glob("*.warc.gz"))
    assert len(warcs) >= 2
    recorded = [url for url, *_ in iter_warc(warcs)]
    finals = pq.read_table(tmp_path / "data" / "raw_pages" / "session=killed" / "part-0.parquet")
    assert sorted(recorded) == sorted(finals.column("final_url").to_pylist())
    # No page already stored before the kill was fetched again.
    base = site.url.rstrip("/")
    assert not {u.removeprefix(base) for u in stored_before} & requested_after
    killed = [e for e in DagsterInstance.get().fetch_materializations(AssetKey("raw_pages"), limit=10).records
              if e.partition_key == "killed"][0]
    assert killed.asset_materialization.metadata["resumed_rows"].value >= 10


def test_no_resume_starts_afresh(tmp_path):
    config = write_config(tmp_path, with_models=True)
    with DemoServer() as site:
        new_session(tmp_path, site.url, "again", config)
        assert main(["run", "--session", "again", "--config", str(config)]) == 0
        first = len(site.access_log)
        assert main(["run", "--session", "again", "--no-resume", "--config", str(config)]) == 0
        assert len(site.access_log) - first == first  # every request made again


def test_sigterm_checkpoints_and_exits_interrupted(tmp_path):
    slow = write_config(tmp_path, with_models=True, **SLOW)
    state_dir = tmp_path / "data" / "sessions" / "termed" / "crawl_state"
    with DemoServer() as site:
        new_session(tmp_path, site.url, "termed", slow)
        proc = subprocess.Popen([so8t_exe(), "run", "--session", "termed", "--config", str(slow)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (state_dir / "state.json").exists():
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 130, out
        assert "interrupted" in out
        saved = stored_in_checkpoint(state_dir)
        assert saved and not (tmp_path / "data" / "raw_pages" / "session=termed").exists()
        assert main(["run", "--session", "termed", "--config", str(slow)]) == 0
    assert set(saved) <= set(pages(tmp_path, "termed"))
