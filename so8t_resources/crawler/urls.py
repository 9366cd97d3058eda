"""URL normalisation and crawl scope."""

from __future__ import annotations

import ipaddress
import posixpath
from functools import lru_cache
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left as they are when re-quoting a path or query (RFC 3986 reserved + '%').
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"
_SAFE_QUERY = _SAFE_PATH + "?"


def normalize_url(url: str, base: str | None = None) -> str | None:
    """Absolute, canonical http(s) URL, or None for anything the crawler should not follow.

    Lower-cases scheme and host, drops default ports, fragments and dot segments,
    and normalises percent-encoding, so one page has one spelling in the frontier.
    """
    try:
        if base is not None:
            url = urljoin(base, url.strip())
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS or not parts.hostname:
            return None
        if parts.username or parts.password:
            return None
        host = parts.hostname.rstrip(".")
        host = host.encode("idna").decode("ascii").lower() if not _is_ip(host) else host
        port = parts.port
    except (ValueError, UnicodeError):
        return None
    netloc = f"[{host}]" if ":" in host else host
    if port and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    path = parts.path or "/"
    trailing = path.endswith("/")
    path = posixpath.normpath(path)
    if path.startswith("//"):
        path = "/" + path.lstrip("/")
    if trailing and not path.endswith("/"):
        path += "/"
    path = quote(unquote(path), safe=_SAFE_PATH)
    query = quote(unquote(parts.query), safe=_SAFE_QUERY) if parts.query else ""
    return urlunsplit((scheme, netloc, path, query, ""))


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def host_key(url: str) -> str:
    """scheme://host[:port]: the unit of politeness and of robots.txt."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@lru_cache(maxsize=1)
def _psl():
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()  # ships its own list: no download


def registered_domain(host: str) -> str:
    if _is_ip(host):
        return host
    return _psl().privatesuffix(host) or host


class Scope:
    """Which discovered URLs the crawl may follow."""

    def __init__(self, mode: str, seeds: list[str], allowed_hosts: list[str]):
        self.mode = mode
        seed_hosts = {urlsplit(s).hostname for s in seeds}
        if mode == "same_host":
            self._allowed = {h for h in seed_hosts if h}
        elif mode == "same_domain":
            self._allowed = {registered_domain(h) for h in seed_hosts if h}
        else:
            self._allowed = {h.lower() for h in allowed_hosts}

    def __contains__(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        if self.mode == "same_domain":
            return registered_domain(host) in self._allowed
        return host in self._allowed
