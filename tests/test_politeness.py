"""Politeness and limits, measured at a real server on 127.0.0.1."""

import pytest
from conftest import crawl_settings
from fault_server import FaultServer

from so8t_demo.server import DemoServer
from so8t_resources.crawler.engine import Crawler
from so8t_resources.crawler.lock import SessionBusy, session_lock


def crawl(tmp_path, seeds, **crawler):
    parallel = crawler.pop("parallel", {})
    settings = crawl_settings(tmp_path / "data", **crawler)
    if parallel:
        ds = settings.data_sources
        settings = settings.model_copy(update={"data_sources": ds.model_copy(
            update={"parallel": ds.parallel.model_copy(update=parallel)})})
    return Crawler(settings, tmp_path / "state", tmp_path / "warc", progress=lambda m: None).run(seeds).rows


def gaps(server, prefix):
    times = [t for t, path in server.httpd.times if path.startswith(prefix)]
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def test_min_delay_spaces_requests_to_a_host(tmp_path):
    with FaultServer() as server:
        crawl(tmp_path, [server.url + "/busy.html"], politeness={"min_delay_s": 0.3, "per_host_concurrency": 1})
    assert len(gaps(server, "/busy")) == 8
    assert min(gaps(server, "/busy")) >= 0.27  # 10 % for a loaded box's scheduling


def test_robots_crawl_delay_raises_the_delay(tmp_path):
    with FaultServer(robots="User-agent: *\nCrawl-delay: 0.4\n") as server:
        crawl(tmp_path, [server.url + "/busy.html"], politeness={"min_delay_s": 0.0, "per_host_concurrency": 1})
    assert min(gaps(server, "/busy")) >= 0.36


def test_retries_keep_the_host_delay(tmp_path):
    with FaultServer() as server:
        rows = crawl(tmp_path, [server.url + "/flaky"], politeness={"min_delay_s": 0.5, "per_host_concurrency": 1},
                     retry={"max_attempts": 2, "backoff_base_s": 0.01})
    assert rows[0]["outcome"] == "ok"
    assert gaps(server, "/flaky")[0] >= 0.45


def test_sitemaps_are_paced_like_pages(tmp_path):
    robots = "User-agent: *\nSitemap: {base}/sitemap-index.xml\n"
    with FaultServer(robots=robots) as server:
        server.httpd.robots = robots.format(base=server.url)
        rows = crawl(tmp_path, [server.url + "/ok/1.html"], politeness={"min_delay_s": 0.3, "per_host_concurrency": 1})
    sitemap_gaps = gaps(server, "/sitemap")
    assert len(sitemap_gaps) == 3  # the index and its three children
    assert min(sitemap_gaps) >= 0.27
    assert {r["url"].rsplit("/", 1)[-1] for r in rows} >= {"1.html", "s1.html", "s2.html", "s3.html"}


@pytest.mark.parametrize("per_host,global_,expected", [(2, 8, 2), (8, 3, 3)])
def test_concurrency_limits_hold_and_are_used(tmp_path, per_host, global_, expected):
    with FaultServer() as server:
        crawl(tmp_path, [server.url + "/busy.html"], politeness={"min_delay_s": 0.0, "per_host_concurrency": per_host},
              parallel={"global_concurrency": global_})
    assert server.httpd.max_in_flight == expected


@pytest.mark.parametrize("max_depth", [0, 1])
def test_max_depth_covers_links_and_sitemaps(tmp_path, max_depth):
    with DemoServer() as site:
        rows = crawl(tmp_path, [site.url], max_depth=max_depth)
    kept = [r for r in rows if r["outcome"] != "max_depth"]
    cut = [r for r in rows if r["outcome"] == "max_depth"]
    assert max(r["depth"] for r in kept) == max_depth
    # Every link past the depth still ends with an outcome, once, and was never requested.
    assert cut and {r["depth"] for r in cut} == {max_depth + 1}
    assert not any(r["fetched"] for r in cut)
    assert len({r["url"] for r in rows}) == len(rows)
    if max_depth == 0:
        assert [r["url"] for r in kept] == [site.url]


def test_max_pages_caps_the_session(tmp_path):
    with DemoServer() as site:
        rows = crawl(tmp_path, [site.url], max_pages=7)
    assert len([r for r in rows if r["outcome"] != "max_pages"]) == 7
    cut = [r for r in rows if r["outcome"] == "max_pages"]
    assert cut and not any(r["fetched"] for r in cut)
    assert len({r["url"] for r in rows}) == len(rows)


def test_one_crawl_per_session(tmp_path):
    with session_lock(tmp_path), pytest.raises(SessionBusy, match="another process"):
        crawl(tmp_path, ["http://127.0.0.1:9/"])
