"""Extraction: text, links and language, and pages that break or stall the extractor."""

import asyncio

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
