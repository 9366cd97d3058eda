"""One URL to one outcome: redirects, retries with backoff, size and type limits.

Every fetch ends as `ok` or a named error kind; nothing raises past `fetch`.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from so8t_resources.crawler.decode import BoundedDecoder, DecodeError
from so8t_resources.crawler.guard import LOCATION, BlockedAddress
from so8t_resources.crawler.urls import normalize_url

RETRYABLE = {"timeout", "connection_error", "http_429", "http_5xx"}


@dataclass
class FetchResult:
    url: str
    final_url: str
    outcome: str  # "ok" or an error kind
    status: int | None = None
    reason: str = ""
    http_version: str = "HTTP/1.1"
    headers: list[tuple[str, str]] = field(default_factory=list)
    content_type: str | None = None
    header_charset: str | None = None
    body: bytes = b""
    attempts: int = 0
    redirects: list[str] = field(default_factory=list)
    error_detail: str | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    elapsed_ms: float = 0.0


class _Failure(Exception):
    def __init__(self, kind: str, detail: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(detail)
        self.kind, self.detail, self.status, self.retry_after = kind, detail, status, retry_after


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def media_type(content_type: str | None) -> tuple[str | None, str | None]:
    if not content_type:
        return None, None
    media, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.strip().partition("=")
        if key.lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media.strip().lower(), charset


def looks_binary(body: bytes) -> bool:
    """NUL bytes near the start: an image or archive served under an HTML content type."""
    return b"\x00" in body[:4096]


# A hop may be refused before it is requested: (url) -> error kind or None.
HopCheck = Callable[[str], Awaitable[str | None]]
# Waits for a host's politeness slot before a request that the frontier did not schedule.
Pace = Callable[[str], Awaitable[None]]
# Called with (url, seconds) when a server asks the whole host to back off (Retry-After).
Backoff = Callable[[str, float], None]


class Fetcher:
    def __init__(self, client: httpx.AsyncClient, crawler_cfg, *, pace: Pace | None = None,
                 backoff: Backoff | None = None, rng: random.Random | None = None):
        self.client = client
        self.cfg = crawler_cfg
        self.pace = pace
        self.backoff = backoff
        self.rng = rng or random.Random()

    async def fetch(self, url: str, *, content_types: list[str] | None = None,
                    hop_check: HopCheck | None = None, truncate_at: int | None = None) -> FetchResult:
        """GET url, following redirects by hand and retrying transient failures.

        truncate_at: keep the first that many bytes of a longer body instead of refusing it
        (robots.txt: RFC 9309 §2.5 asks for at least the first 500 KiB).
        """
        started = time.monotonic()
        result = FetchResult(url=url, final_url=url, outcome="ok")
        retry = self.cfg.retry
        for attempt in range(1, retry.max_attempts + 1):
            result.attempts = attempt
            try:
                await self._follow(result, content_types or self.cfg.content_types, hop_check, truncate_at)
                result.outcome, result.error_detail = "ok", None
                break
            except _Failure as fail:
                result.outcome, result.error_detail, result.status = fail.kind, fail.detail, fail.status
                if fail.kind not in RETRYABLE or attempt == retry.max_attempts:
                    break
                delay = min(retry.backoff_max_s, retry.backoff_base_s * 2 ** (attempt - 1))
                delay *= 0.5 + self.rng.random()  # jitter, so retries of many URLs do not align
                if fail.retry_after is not None:
                    if fail.retry_after > retry.max_retry_after_s:
                        result.error_detail += f" (Retry-After {fail.retry_after:.0f}s is over the limit)"
                        break
                    delay = max(delay, fail.retry_after)
                    if self.backoff is not None:
                        self.backoff(result.final_url, fail.retry_after)
                await asyncio.sleep(delay)
                if self.pace is not None:
                    await self.pace(result.url)
        result.elapsed_ms = (time.monotonic() - started) * 1000
        result.fetched_at = datetime.now(UTC)
        return result

    async def _follow(self, result: FetchResult, content_types: list[str], hop_check, truncate_at) -> None:
        current, chain = result.url, [result.url]
        result.redirects = []
        for _ in range(self.cfg.max_redirects + 1):
            response_done = await self._get(current, result, content_types, truncate_at)
            if response_done is None:
                result.final_url = current
                return
            target = normalize_url(response_done, base=current)
            if target is None:
                raise _Failure("bad_redirect", f"redirect to unusable location {response_done!r}", result.status)
            if target in chain:
                raise _Failure("redirect_loop", f"redirect loop at {target}", result.status)
            if hop_check is not None:
                refused = await hop_check(target)
                if refused:
                    raise _Failure(refused, f"redirect to {target} refused", result.status)
            chain.append(target)
            result.redirects.append(target)
            current = target
            if self.pace is not None:
                await self.pace(current)
        raise _Failure("too_many_redirects", f"more than {self.cfg.max_redirects} redirects", result.status)

    async def _get(self, url: str, result: FetchResult, content_types: list[str], truncate_at) -> str | None:
        """One request. Returns a redirect Location, or None when result holds the final response."""
        try:
            async with asyncio.timeout(self.cfg.timeouts.total_s):
                async with self.client.stream("GET", url) as resp:
                    return await self._read(resp, result, content_types, truncate_at)
        except _Failure:
            raise
        except DecodeError as err:
            raise _Failure(err.kind, err.detail, result.status) from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, UnicodeError) as err:
            # A URL the client cannot request (a bad host, a 70,000-character link): that URL's outcome.
            raise _Failure("bad_url", f"{type(err).__name__}: {err}"[:300]) from None
        except BlockedAddress as err:
            raise _Failure("blocked_address", str(err)) from None
        except (TimeoutError, httpx.TimeoutException) as err:
            raise _Failure("timeout", f"{type(err).__name__} fetching {url}") from None
        except (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError,
                httpx.CloseError) as err:
            raise _Failure("connection_error", f"{type(err).__name__}: {err}"[:300]) from None
        except httpx.HTTPError as err:
            raise _Failure("http_error", f"{type(err).__name__}: {err}"[:300]) from None

    async def _read(self, resp: httpx.Response, result: FetchResult, content_types: list[str],
                    truncate_at: int | None) -> str | None:
        result.status, result.reason = resp.status_code, resp.reason_phrase
        result.http_version = resp.http_version
        result.headers = [("Location" if k.lower() == LOCATION.encode() else k.decode("latin-1"), v.decode("latin-1"))
                          for k, v in resp.headers.raw]  # as the server sent them (the WARC's record)
        status = resp.status_code
        if 300 <= status < 400 and status != 304:
            location = resp.headers.get(LOCATION) or resp.headers.get("location")
            if not location:
                raise _Failure("bad_redirect", f"HTTP {status} without Location", status)
            return location
        if status == 429:
            raise _Failure("http_429", "HTTP 429", status, parse_retry_after(resp.headers.get("retry-after")))
        if status >= 500:
            raise _Failure("http_5xx", f"HTTP {status}", status, parse_retry_after(resp.headers.get("retry-after")))
        if status >= 400:
            raise _Failure("http_4xx", f"HTTP {status}", status)
        media, charset = media_type(resp.headers.get("content-type"))
        result.content_type, result.header_charset = media, charset
        if "*" not in content_types and media not in content_types:
            raise _Failure("bad_content_type", f"content type {media!r} is not crawled", status)
        limit = truncate_at or self.cfg.max_body_bytes
        declared = resp.headers.get("content-length", "").strip()
        if truncate_at is None and declared.isdigit() and int(declared) > limit:
            raise _Failure("too_large", f"Content-Length {declared} is over {limit} bytes", status)
        # Raw bytes, decoded here under the limit: httpx would inflate every layer first.
        decoder = BoundedDecoder(resp.headers.get("content-encoding"), limit, truncate=truncate_at is not None)
        chunks, raw_size = [], 0
        async for raw in resp.aiter_raw():
            raw_size += len(raw)
            if raw_size > limit and truncate_at is None:
                raise _Failure("too_large", f"body is over {limit} bytes", status)
            chunks.append(decoder.feed(raw))
            if decoder.full or raw_size > limit:
                break
        result.body = b"".join(chunks)
        if not result.body:
            raise _Failure("empty_body", f"HTTP {status} with an empty body", status)
        if looks_binary(result.body):
            raise _Failure("binary_body", f"binary body served as {media}", status)
        return None
