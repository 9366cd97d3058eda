import pytest

from so8t_resources.crawler.urls import Scope, normalize_url, registered_domain


@pytest.mark.parametrize("raw,expected", [
    ("HTTP://Example.COM:80/a/../b/./c.html#frag", "http://example.com/b/c.html"),
    ("https://example.com:443", "https://example.com/"),
    ("https://example.com/dir/", "https://example.com/dir/"),
    ("http://example.com/%7Euser/a%20b", "http://example.com/~user/a%20b"),
    ("http://例え.jp/パス", "http://xn--r8jz45g.jp/%E3%83%91%E3%82%B9"),
    ("http://127.0.0.1:8080/x?b=1&a=2", "http://127.0.0.1:8080/x?b=1&a=2"),
    # Escapes keep their meaning: reserved characters and other encodings' bytes stay encoded.
    ("http://x.com/a%2Fb", "http://x.com/a%2Fb"),
    ("http://x.com/100%25", "http://x.com/100%25"),
    ("http://x.com/s?q=a%2bb&x=1%26y%3d2", "http://x.com/s?q=a%2Bb&x=1%26y%3D2"),
    ("http://x.com/%83%65%83%58%83%67.html", "http://x.com/%83e%83X%83g.html"),  # same bytes on the wire
    ("http://x.com/%41%7e", "http://x.com/A~"),
    ("http://x.com/50%off", "http://x.com/50%25off"),
    ("http://x.com/a//b/./c/../d", "http://x.com/a//b/d"),
    ("http://x.com/a/b/..", "http://x.com/a/"),
    ("http://x.com/../../a", "http://x.com/a"),
])
def test_normalize(raw, expected):
    assert normalize_url(raw) == expected


@pytest.mark.parametrize("raw", ["mailto:a@example.com", "javascript:alert(1)", "ftp://x/", "http://u:p@x.com/",
                                 "http://x.com:99999/", "/relative-without-base"])
def test_unfollowable_urls_are_none(raw):
    assert normalize_url(raw) is None


def test_relative_links_resolve_against_base():
    assert normalize_url("../c.html", base="http://x.com/a/b/index.html") == "http://x.com/a/c.html"


def test_scopes():
    seeds = ["https://www.example.co.uk/"]
    assert "https://www.example.co.uk/x" in Scope("same_host", seeds, [])
    assert "https://news.example.co.uk/x" not in Scope("same_host", seeds, [])
    assert "https://news.example.co.uk/x" in Scope("same_domain", seeds, [])
    assert "https://other.co.uk/x" not in Scope("same_domain", seeds, [])
    assert "https://a.test/x" in Scope("list", seeds, ["a.test"])
    assert registered_domain("127.0.0.1") == "127.0.0.1"
