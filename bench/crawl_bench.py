"""Crawl throughput on a generated multi-host loopback site.

    python -m bench.crawl_bench [--pages 2000] [--polite-pages 160] [--json out.json]

Politeness off: pages/s with 8 hosts in parallel. Politeness on (1 s per host):
the achieved rate as a share of the limit (hosts / delay pages/s).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench.site_farm import SiteFarm
from so8t_resources.config import settings_from_dict
from so8t_resources.crawler.engine import Crawler


def run_crawl(farm: SiteFarm, max_pages: int, delay: float, per_host: int, concurrency: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="so8t-bench-") as tmp:
        return _crawl(farm, Path(tmp), max_pages, delay, per_host, concurrency)


def _crawl(farm: SiteFarm, root: Path, max_pages: int, delay: float, per_host: int, concurrency: int) -> dict:
    settings = settings_from_dict({
        "storage": {"data_root": str(root)},
        "data_sources": {
            "crawler": {"scope": "list", "allowed_hosts": farm.hosts, "allowed_networks": ["127.0.0.0/8"],
                        "max_pages": max_pages, "max_depth": 100, "use_sitemaps": False,
                        "politeness": {"min_delay_s": delay, "per_host_concurrency": per_host}},
            "parallel": {"global_concurrency": concurrency, "extract_workers": 2},
        },
        "checkpoints": {"every_pages": 500},
        "progress": {"log_every_pages": 100000},
    })
    crawler = Crawler(settings, root / "state", root / "warc", progress=lambda m: None)
    started = time.monotonic()
    result = crawler.run(farm.seeds)
    elapsed = time.monotonic() - started
    ok = sum(1 for r in result.rows if r["outcome"] == "ok")
    return {"pages": len(result.rows), "ok": ok, "seconds": round(elapsed, 2), "pages_per_s": round(ok / elapsed, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--polite-pages", type=int, default=160)
    ap.add_argument("--hosts", type=int, default=8)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    out = {}
    with SiteFarm(args.pages, args.hosts) as farm:
        fast = run_crawl(farm, args.pages, delay=0.0, per_host=4, concurrency=32)
        print(f"crawl politeness=off hosts={args.hosts} pages={fast['ok']} {fast['pages_per_s']} pages/s "
              f"({fast['seconds']} s)")
        polite = run_crawl(farm, args.polite_pages, delay=1.0, per_host=1, concurrency=32)
        limit = args.hosts / 1.0
        share = polite["pages_per_s"] / limit
        print(f"crawl politeness=1s/host hosts={args.hosts} pages={polite['ok']} {polite['pages_per_s']} pages/s "
              f"= {share:.0%} of the {limit:.0f} pages/s limit ({polite['seconds']} s)")
        out = {"politeness_off": fast, "politeness_on": {**polite, "limit_pages_per_s": limit, "share": share}}
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
