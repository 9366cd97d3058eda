"""A whole session end to end, at two sizes: wall time per phase, and how cost grows.

    python -m bench.e2e_bench [--pages 1000 10000] [--json F]

For each size: a generated site (bench/site_farm.py, 8 loopback hosts, each page one of the
cleansing benchmark's English or Japanese documents) is crawled with
politeness off as one session, `so8t run` (the in-process executor) materialises every asset
on a fresh data root and instance, and each phase's wall time comes from Dagster's step
statistics. Peak memory is the `so8t run` process's own (it holds the crawler and every step;
extraction workers are separate). Models are trained once beforehand, not timed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.classify_bench import train
from bench.common import OFFLINE_ENV, last_json_line, save_json
from bench.site_farm import SiteFarm


def run_size(pages: int, root: Path) -> dict:
    from dagster import DagsterInstance

    so8t = os.path.join(os.path.dirname(sys.executable), "so8t")
    env = {**os.environ, **OFFLINE_ENV, "DAGSTER_HOME": str(root / "home"), "SO8T_CONFIG": str(root / "so8t.yaml")}
    (root / "home").mkdir(parents=True)
    with SiteFarm(pages, prose=True) as farm:
        cfg = {"storage": {"data_root": str(root / "data")},
               "data_sources": {"crawler": {"scope": "list", "allowed_hosts": farm.hosts,
                                            "allowed_networks": ["127.0.0.0/8"], "max_pages": pages,
                                            "max_depth": 100, "use_sitemaps": False,
                                            "politeness": {"min_delay_s": 0.0, "per_host_concurrency": 4}},
                                "parallel": {"global_concurrency": 32, "extract_workers": 2}},
               "checkpoints": {"every_pages": 500}, "progress": {"log_every_pages": 1000}}
        (root / "so8t.yaml").write_text(yaml.safe_dump(cfg))
        (root / "seeds.txt").write_text("\n".join(farm.seeds) + "\n")
        subprocess.run([so8t, "session", "new", "--seeds", str(root / "seeds.txt"), "--id", "bench"], env=env,
                       check=True, capture_output=True)
        started = time.monotonic()
        proc = subprocess.run([so8t, "run", "--session", "bench"], env=env, capture_output=True, text=True)
        wall = time.monotonic() - started
    if proc.returncode:
        sys.exit(f"so8t run failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    os.environ["DAGSTER_HOME"] = str(root / "home")
    instance = DagsterInstance.get()
    run = instance.get_runs(limit=1)[0]
    phases = {s.step_key: round(s.end_time - s.start_time, 2) for s in instance.get_run_step_stats(run.run_id)}
    import pyarrow.parquet as pq

    rows = {a: pq.read_metadata(root / "data" / a / "session=bench" / "part-0.parquet").num_rows
            for a in ("raw_pages", "cleansed_text", "thinking_datasets")}
    return {"pages": pages, "wall_s": round(wall, 1), "phases_s": phases, "rows": rows, "peak_rss_mb": round(peak)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--models", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:  # one size per process, so each peak-memory reading is its own
        with tempfile.TemporaryDirectory(prefix="so8t-e2e-") as tmp:
            import shutil

            shutil.copytree(args.models, Path(tmp) / "data" / "models")
            print(json.dumps(run_size(args.child, Path(tmp))))
        return
    results = []
    with tempfile.TemporaryDirectory(prefix="so8t-e2e-models-") as models:
        train(Path(models))
        for n in args.pages:
            out = subprocess.run([sys.executable, "-m", "bench.e2e_bench", "--child", str(n), "--models",
                                  str(Path(models) / "models")], capture_output=True, text=True, check=True)
            result = last_json_line(out.stdout)
            results.append(result)
            print(f"end to end ({n} pages): {result['wall_s']} s, peak {result['peak_rss_mb']} MB, "
                  f"rows {result['rows']}; phases "
                  + ", ".join(f"{k} {v}s" for k, v in result["phases_s"].items()))
    if len(results) > 1:
        small, big = results[0], results[-1]
        size = big["pages"] / small["pages"]
        print(f"end to end growth x{size:.0f} pages: time x{big['wall_s'] / small['wall_s']:.1f}, "
              f"peak memory x{big['peak_rss_mb'] / small['peak_rss_mb']:.1f}")
    save_json(args.json, results)


if __name__ == "__main__":
    main()
