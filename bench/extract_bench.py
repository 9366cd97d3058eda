"""Our extraction step against plain trafilatura on the same pages.

    python -m bench.extract_bench [--pages 1000] [--json F]

Ours: `ExtractionPool` (2 worker processes, a time limit per page, links and language too), fed
by asyncio as the crawler feeds it. Plain: `trafilatura.extract` in a loop on one core, and the
same through `multiprocessing.Pool(2)`. The pages are the benchmark site's (bench/site_farm.py).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from multiprocessing import get_context
from pathlib import Path

from bench.common import save_json
from bench.site_farm import page_html

HOSTS = [f"127.0.0.{i}" for i in range(2, 10)]


def pages(n: int) -> list[tuple[str, str]]:
    return [(page_html(i, n, HOSTS, 8000).decode(), f"http://{HOSTS[i % 8]}:8000/p/{i}.html") for i in range(n)]


def plain_extract(item: tuple[str, str]) -> str | None:
    import trafilatura

    html, url = item
    return trafilatura.extract(html, url=url, with_metadata=True, favor_precision=True)


def run_ours(items: list[tuple[str, str]], in_flight: int = 16) -> dict:
    from so8t_assets.steps.extract import ExtractionPool

    pool = ExtractionPool(workers=2, limit_s=10)

    async def go() -> list[dict]:
        gate = asyncio.Semaphore(in_flight)

        async def one(html: str, url: str) -> dict:
            async with gate:
                return await pool.extract(html, url)

        await asyncio.gather(*(one(h, u) for h, u in items[:8]))  # start the workers before timing
        started = time.perf_counter()
        out = await asyncio.gather(*(one(h, u) for h, u in items))
        return out, time.perf_counter() - started

    try:
        out, seconds = asyncio.run(go())
    finally:
        pool.close()
    ok = sum(1 for r in out if r["extract_status"] == "ok")
    return {"side": "ours (ExtractionPool, 2 workers)", "pages": len(items), "ok": ok, "seconds": round(seconds, 2),
            "pages_per_s": round(len(items) / seconds, 1)}


def run_plain(items: list[tuple[str, str]], workers: int) -> dict:
    started = time.perf_counter()
    if workers == 1:
        out = [plain_extract(i) for i in items]
    else:
        with get_context("spawn").Pool(workers) as pool:
            pool.map(plain_extract, items[:8])  # imports done before timing, as for ours
            started = time.perf_counter()
            out = pool.map(plain_extract, items, chunksize=8)
    seconds = time.perf_counter() - started
    return {"side": f"trafilatura.extract, {workers} process(es)", "pages": len(items),
            "ok": sum(1 for t in out if t), "seconds": round(seconds, 2), "pages_per_s": round(len(items) / seconds, 1)}


def compare(n: int) -> dict:
    items = pages(n)
    plain_extract(items[0])  # import trafilatura here before timing the one-process loop
    ours, one, two = run_ours(items), run_plain(items, 1), run_plain(items, 2)
    print(f"extraction ({n} pages): ours {ours['pages_per_s']} pages/s, trafilatura 1 core {one['pages_per_s']}, "
          f"trafilatura 2 processes {two['pages_per_s']}; "
          f"ours/trafilatura-2 {ours['pages_per_s'] / two['pages_per_s']:.2f}x")
    return {"ours": ours, "trafilatura_1": one, "trafilatura_2": two}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    results = compare(args.pages)
    save_json(args.json, results)


if __name__ == "__main__":
    main()
