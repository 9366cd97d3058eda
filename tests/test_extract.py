"""Extraction: text, links and language, and pages that break or stall the extractor."""

import asyncio
import os
import subprocess
import sys
import time

from so8t_assets.steps.extract import ExtractionPool, extract_page

PAGE = """<html><head><base href="/docs/"><title>T</title></head><body>
<a href="a.html#top">a</a> <a href="mailto:x@example.com">mail</a> <a rel="nofollow" href="/private">p</a>
<article><p>The harbour festival drew crowds who watched the tall ships sail in at dawn.</p>
<p>Later the rain came, and the market stalls closed early for the first time in years.</p></article>
</body></html>"""


def test_links_respect_base_and_nofollow():
    result = extract_page(PAGE, "http://site.test/index.html")
    assert result["links"] == ["http://site.test/docs/a.html"]
    assert result["language"] == "en" and "tall ships" in result["text"]


def test_meta_robots_nofollow_yields_no_links():
    page = PAGE.replace("<title>", '<meta name="robots" content="noindex, nofollow"><title>')
    assert extract_page(page, "http://site.test/")["links"] == []


def test_a_stalling_page_costs_one_document_not_the_crawl():
    # About 2 s of honest work for trafilatura: far past the 0.3 s limit.
    huge = "<html><body><article>" + "".join(
        f"<p>Sentence number {i} tells about ship {i * 7} and the harbour.</p>" for i in range(20000)
    ) + "</article></body></html>"
    pool = ExtractionPool(workers=1, limit_s=0.3)
    try:
        slow, fine = asyncio.run(_both(pool, huge))
    finally:
        pool.close()
    assert slow["extract_status"] == "timeout" and "over 0.3s" in slow["extract_error"]
    assert fine["extract_status"] == "ok"


async def _both(pool, huge):
    return (await pool.extract(huge, "http://site.test/huge"),
            await pool.extract(PAGE.replace("<base href=\"/docs/\">", ""), "http://site.test/"))


def test_a_crashed_worker_is_replaced_and_its_pages_retried():
    page = "<html><body><article>" + "".join(
        f"<p>Sentence number {i} tells about ship {i * 7} and the harbour.</p>" for i in range(8000)
    ) + "</article></body></html>"
    pool = ExtractionPool(workers=1, limit_s=60)

    async def crash_during_extraction():
        tasks = [asyncio.create_task(pool.extract(page, "http://site.test/big")),
                 asyncio.create_task(pool.extract(PAGE, "http://site.test/small"))]
        await asyncio.sleep(0.5)
        for proc in list(pool._pool._processes.values()):
            proc.kill()
        return await asyncio.gather(*tasks)

    try:
        results = asyncio.run(crash_during_extraction())
    finally:
        pool.close()
    assert [r["extract_status"] for r in results] == ["ok", "ok"]


def test_workers_exit_when_their_crawler_is_killed(tmp_path):
    script = tmp_path / "owner.py"
    script.write_text(
        "import asyncio, sys\n"
        "from so8t_assets.steps.extract import ExtractionPool\n"
        "if __name__ == '__main__':\n"
        "    pool = ExtractionPool(workers=2, limit_s=5)\n"
        "    asyncio.run(pool.extract('<p>hello there</p>', 'http://x.test/'))\n"
        "    print(' '.join(str(p) for p in pool._pool._processes), flush=True)\n"
        "    sys.stdin.read()\n"
    )
    owner = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    workers = [int(p) for p in owner.stdout.readline().split()]
    assert workers
    owner.kill()
    owner.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:  # a zombie is dead for our purposes
        return fh.read().split(")")[-1].split()[0] != "Z"
