"""Kill a crawl with SIGKILL part-way, resume it, and get what an uninterrupted crawl gets;
stop one with SIGINT or SIGTERM, and its checkpoint holds every page stored."""

import json
import re
import signal
import subprocess
import time

import pyarrow.parquet as pq
import pytest
from dagster import AssetKey, DagsterInstance
from helpers import new_session, so8t_exe, write_config

from so8t_cli.main import main
from so8t_demo.server import DemoServer
from so8t_resources.crawler.engine import CUTS
from so8t_resources.offline_sources import iter_warc

SLOW = {"data_sources": {"kind": "crawl", "crawler": {"allowed_networks": ["127.0.0.1/32"], "politeness": {
    "min_delay_s": 0.15, "per_host_concurrency": 1}}, "parallel": {"global_concurrency": 2, "extract_workers": 1}},
    "checkpoints": {"every_pages": 5}}


# pytest limits: the sum of what a test may wait for, each at its limit, plus a margin.
TRAIN_S = 600  # helpers.trained_models(), in this process, when no earlier test trained them (4+ min loaded)
STOP_WAIT_S = 120  # until a crawl has stored 10 pages
SESSION_S = 300  # one in-process `so8t run` of the demo site
MARGIN_S = 90


def pages(tmp_path, session):
    table = pq.read_table(tmp_path / "data" / "raw_pages" / f"session={session}" / "part-0.parquet")
    return dict(zip(table.column("url").to_pylist(), table.column("sha256").to_pylist(), strict=True))


def stored_in_checkpoint(state_dir):
    """URLs with their final row in the checkpoint (not those recorded as cut by scope, depth or max_pages)."""
    state = json.loads((state_dir / "state.json").read_text())
    rows = [r for name in state["chunks"]
            for r in pq.read_table(state_dir / name, columns=["url", "outcome"]).to_pylist()]
    return [r["url"] for r in rows if r["outcome"] not in CUTS]


@pytest.mark.timeout(TRAIN_S + STOP_WAIT_S + 2 * SESSION_S + MARGIN_S)
def test_kill_9_then_resume_equals_uninterrupted(tmp_path):
    slow = write_config(tmp_path, with_models=True, **SLOW)
    fast = write_config(tmp_path / "fast", storage={"data_root": str(tmp_path / "data")})
    state_dir = tmp_path / "data" / "sessions" / "killed" / "crawl_state"
    with DemoServer() as site:
        new_session(tmp_path, site.url, "killed", slow)
        new_session(tmp_path, site.url, "whole", fast)
        proc = subprocess.Popen([so8t_exe(), "run", "--session", "killed", "--config", str(slow)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + STOP_WAIT_S
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


@pytest.mark.timeout(TRAIN_S + 2 * SESSION_S + MARGIN_S)
def test_no_resume_starts_afresh(tmp_path):
    config = write_config(tmp_path, with_models=True)
    with DemoServer() as site:
        new_session(tmp_path, site.url, "again", config)
        assert main(["run", "--session", "again", "--config", str(config)]) == 0
        first = len(site.access_log)
        assert main(["run", "--session", "again", "--no-resume", "--config", str(config)]) == 0
        assert len(site.access_log) - first == first  # every request made again


# No periodic checkpoint before the signal (every_pages far above the site's size): whatever the
# checkpoint holds afterwards was saved on the way out. A log line per stored page counts them.
ON_THE_WAY_OUT = {**SLOW, "checkpoints": {"every_pages": 100_000}, "progress": {"log_every_pages": 1}}


def stored_so_far(log) -> int:
    counts = re.findall(r"crawl: (\d+) pages stored", log.read_text(errors="replace"))
    return int(counts[-1]) if counts else 0


@pytest.mark.timeout(TRAIN_S + STOP_WAIT_S + 60 + SESSION_S + MARGIN_S)
@pytest.mark.parametrize("signo", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_checkpoints_every_page_stored_and_resume_fetches_none_again(tmp_path, signo):
    config = write_config(tmp_path, with_models=True, **ON_THE_WAY_OUT)
    state_dir = tmp_path / "data" / "sessions" / "stopped" / "crawl_state"
    log = tmp_path / "run.log"
    with DemoServer() as site:
        new_session(tmp_path, site.url, "stopped", config)
        with log.open("w") as sink:
            proc = subprocess.Popen([so8t_exe(), "run", "--session", "stopped", "--config", str(config)],
                                    stdout=sink, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STOP_WAIT_S
        while time.monotonic() < deadline and proc.poll() is None and stored_so_far(log) < 10:
            time.sleep(0.05)
        assert proc.poll() is None, "the crawl finished before it could be stopped:\n" + log.read_text()[-3000:]
        assert not (state_dir / "state.json").exists()  # no periodic checkpoint has happened
        proc.send_signal(signo)
        proc.wait(timeout=60)
        out = log.read_text(errors="replace")
        assert proc.returncode == 130 and "interrupted" in out, out[-3000:]
        saved = stored_in_checkpoint(state_dir)
        # Every page stored before the process ended is in the checkpoint, once.
        assert len(saved) == len(set(saved)) == stored_so_far(log) >= 10
        assert not (tmp_path / "data" / "raw_pages" / "session=stopped").exists()
        log_at_stop = len(site.access_log)
        assert main(["run", "--session", "stopped", "--config", str(config)]) == 0
        requested_after = set(site.access_log[log_at_stop:])
    base = site.url.rstrip("/")
    assert requested_after and not {u.removeprefix(base) for u in saved} & requested_after
    assert set(saved) <= set(pages(tmp_path, "stopped"))
