"""URL normalisation and crawl scope."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PCT = re.compile(r"%([0-9A-Fa-f]{2})")
# Everything a URL may hold as it is; other characters (spaces, non-ASCII) get percent-encoded.
_KEEP = "/:@!$&'()*+,;=-._~%?"
MAX_URL_CHARS = 8192  # longer than any server accepts; a 70,000-character link is noise or an attack


def _normalize_percent(component: str) -> str:
    """RFC 3986 §6.2.2: decode only %XX of unreserved characters, upper-case the rest.

    Reserved escapes (%2F, %26, %3D …) and bytes of other encodings (a Shift_JIS path's
    %83%65) keep their meaning; a stray '%' not starting an escape becomes %25.
    """
    def fix(m: re.Match) -> str:
        ch = chr(int(m.group(1), 16))
        return ch if ch in _UNRESERVED else "%" + m.group(1).upper()

    component = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", component)
    return quote(_PCT.sub(fix, component), safe=_KEEP)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4, keeping empty segments ('//') that servers may treat as meaningful."""
    out: list[str] = []
    segments = path.split("/")
    for i, seg in enumerate(segments):
        if seg == ".":
            if i == len(segments) - 1:
                out.append("")
        elif seg == "..":
            if len(out) > 1:
                out.pop()
            if i == len(segments) - 1:
                out.append("")
        else:
            out.append(seg)
    result = "/".join(out)
    return result if result.startswith("/") else "/" + result


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
    path = _normalize_percent(_remove_dot_segments(parts.path or "/"))
    query = _normalize_percent(parts.query) if parts.query else ""
    result = urlunsplit((scheme, netloc, path, query, ""))
    return result if len(result) <= MAX_URL_CHARS and _requestable(result, host) else None


def _requestable(url: str, host: str) -> bool:
    """What the HTTP client would refuse (a 256.1.1.1 host, a broken xn-- label) never enters the frontier."""
    import httpx
    import idna

    try:
        httpx.URL(url)
        if "xn--" in host:
            idna.decode(host)
    except (httpx.InvalidURL, idna.IDNAError, UnicodeError, ValueError):
        return False
    return True


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
