"""The crawler against a real server on 127.0.0.1 that misbehaves in every way we handle."""

from pathlib import Path

import pytest
from conftest import crawl_settings
from fault_server import JA_TEXT, FaultServer

from so8t_resources.crawler.engine import Crawler


def crawl(tmp_path: Path, seeds: list[str], **crawler):
    settings = crawl_settings(tmp_path / "data", **crawler)
    result = Crawler(settings, tmp_path / "state", tmp_path / "warc", progress=lambda m: None).run(seeds)
    return {r["url"].split("/", 3)[-1]: r for r in result.rows}


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    with FaultServer() as server:
        rows = crawl(tmp, [server.url + "/"])
        yield server, rows


EXPECTED = {
    "ok/1.html": "ok", "slow": "timeout", "reset": "connection_error", "500": "http_5xx", "flaky": "ok",
    "429": "ok", "429-long": "http_429", "loop-a": "redirect_loop", "redirect-blocked": "blocked_address",
    "redirect-ok": "ok", "big": "too_large", "big-declared": "too_large", "binary": "binary_body",
    "pdf": "bad_content_type", "missing": "http_4xx", "secret/page.html": "robots_disallowed",
    "redirect-chain/0": "too_many_redirects", "retry-date": "ok",
}


@pytest.mark.parametrize("path,outcome", sorted(EXPECTED.items()))
def test_every_url_ends_with_its_outcome(faults, path, outcome):
    _, rows = faults
    assert rows[path]["outcome"] == outcome, rows[path]["error_detail"]


def test_disallowed_path_is_never_requested(faults):
    server, rows = faults
    assert rows["secret/page.html"]["fetched"] is False
    assert not [p for p in server.access_log if p.startswith("/secret/")]


def test_transient_failures_are_retried_and_retry_after_is_honoured(faults):
    server, rows = faults
    assert rows["flaky"]["attempts"] == 2 and server.httpd.hits["/flaky"] == 2
    assert rows["429"]["attempts"] == 2 and rows["429"]["elapsed_ms"] >= 1000
    # A Retry-After beyond the configured limit ends the URL instead of waiting an hour.
    assert server.httpd.hits["/429-long"] == 1
    assert "over the limit" in rows["429-long"]["error_detail"]
    assert server.httpd.hits["/500"] == 2  # max_attempts
    assert rows["retry-date"]["attempts"] == 2 and rows["retry-date"]["elapsed_ms"] >= 1000  # HTTP-date form


def test_redirects_record_final_url_and_blocked_hop(faults):
    _, rows = faults
    assert rows["redirect-ok"]["final_url"].endswith("/ok/2.html")
    assert "127.0.0.2" in rows["redirect-blocked"]["error_detail"]


@pytest.mark.parametrize("path", ["sjis-header", "eucjp-meta", "sjis-none", "wrong-charset"])
def test_japanese_encodings_decode(faults, path):
    _, rows = faults
    assert rows[path]["outcome"] == "ok"
    assert JA_TEXT[:20] in rows[path]["text"]
    assert rows[path]["language"] == "ja"


def test_links_are_followed_within_scope(faults):
    _, rows = faults
    assert rows["ok/2.html"]["depth"] == 1 and rows["ok/2.html"]["parent_url"].endswith("/")


def test_loopback_is_refused_unless_allow_listed(tmp_path):
    with FaultServer() as server:
        port = server.httpd.server_address[1]
        rows = crawl(tmp_path, [f"http://127.0.0.2:{port}/", f"http://[::1]:{port}/"], scope="list",
                     allowed_hosts=["127.0.0.2", "::1"])
        assert server.access_log == []  # nothing reached the server
    assert {r["outcome"] for r in rows.values()} == {"blocked_address"}
    assert all(r["fetched"] is False for r in rows.values())


def test_robots_404_allows_everything(tmp_path):
    with FaultServer(robots="404") as server:
        rows = crawl(tmp_path, [server.url + "/secret/page.html"])
    assert rows["secret/page.html"]["outcome"] == "ok"


def test_robots_500_disallows_the_host(tmp_path):
    with FaultServer(robots="500") as server:
        rows = crawl(tmp_path, [server.url + "/ok/1.html"])
        assert [p for p in server.access_log if p != "/robots.txt"] == []
    assert rows["ok/1.html"]["outcome"] == "robots_unavailable"
