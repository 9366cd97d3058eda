"""Our crawler against Scrapy on one generated multi-host loopback site, robots.txt on in both.

    python -m bench.crawl_compare [--pages 5000] [--hosts 8] [--polite-pages 160] [--json F]

Politeness off, equal concurrency (32 in flight, 4 per host): pages/s and the ratio, against
plain Scrapy (fetch and follow links) and Scrapy + trafilatura in the callback (text out, like
ours: our crawler also extracts in two worker processes and writes a WARC). Politeness on
(1 s per host, 1 at a time): each side's achieved rate as a share of the limit.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

from bench.common import BENCH_PYTHON, ROOT, last_json_line, save_json
from bench.crawl_bench import run_crawl
from bench.site_farm import SiteFarm


def scrapy(farm: SiteFarm, max_pages: int, delay: float, per_host: int, extract: bool) -> dict:
    spec = {"seeds": farm.seeds, "hosts": farm.hosts, "max_pages": max_pages, "concurrency": 32,
            "per_host": per_host, "delay": delay, "extract": extract}
    out = subprocess.run([str(BENCH_PYTHON), str(ROOT / "bench" / "scrapy_side.py"), json.dumps(spec)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    result = last_json_line(out.stdout)
    if result["ok"] < 0.9 * max_pages:  # a side that stopped early measures nothing
        raise SystemExit(f"scrapy crawled only {result['ok']} of {max_pages} pages: {out.stderr[-2000:]}")
    return result


def compare(pages: int, hosts: int, polite_pages: int) -> dict:
    results = {}
    with SiteFarm(pages, hosts) as farm:
        ours = run_crawl(farm, pages, delay=0.0, per_host=4, concurrency=32)
        plain = scrapy(farm, pages, 0.0, 4, extract=False)
        text = scrapy(farm, pages, 0.0, 4, extract=True)
        results["politeness_off"] = {"ours": ours, "scrapy": plain, "scrapy_trafilatura": text}
        print(f"crawl (politeness off, {hosts} hosts, {pages} pages): ours {ours['pages_per_s']} pages/s, "
              f"scrapy {plain['pages_per_s']}, scrapy+trafilatura {text['pages_per_s']}; "
              f"ours/scrapy {ours['pages_per_s'] / plain['pages_per_s']:.2f}x, "
              f"ours/scrapy+trafilatura {ours['pages_per_s'] / text['pages_per_s']:.2f}x")
        limit = hosts / 1.0
        ours_p = run_crawl(farm, polite_pages, delay=1.0, per_host=1, concurrency=32)
        scrapy_p = scrapy(farm, polite_pages, 1.0, 1, extract=False)
        results["politeness_on"] = {"limit_pages_per_s": limit, "ours": ours_p, "scrapy": scrapy_p}
        print(f"crawl (1 s per host, {hosts} hosts, {polite_pages} pages): ours "
              f"{ours_p['pages_per_s'] / limit:.0%} of the limit, scrapy {scrapy_p['pages_per_s'] / limit:.0%}")
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--hosts", type=int, default=8)
    ap.add_argument("--polite-pages", type=int, default=160)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    results = compare(args.pages, args.hosts, args.polite_pages)
    save_json(args.json, results)


if __name__ == "__main__":
    main()
