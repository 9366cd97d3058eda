"""Content-Encoding decoding with a bound on every layer's output.

httpx decodes every layer of a stacked `Content-Encoding` before the caller sees a byte, so
a 3.5 KB `gzip, gzip` body can inflate to gigabytes in memory before any size check. Here the
raw bytes are decoded one chunk at a time and no layer may produce more than `limit` bytes:
memory and event-loop time per response are bounded by the limit, whatever the server sends.
"""

from __future__ import annotations

import zlib

MAX_LAYERS = 3  # more stacked codings than this is no real server's doing


class DecodeError(Exception):
    """kind is the fetch outcome: decompression_bomb, bad_encoding or decoding_error."""

    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind, self.detail = kind, detail


class _ZlibLayer:
    def __init__(self, coding: str):
        self.coding = coding
        self.produced = 0  # bytes this layer has put out, over the whole body
        # gzip: the gzip wrapper; deflate: the zlib wrapper, or raw deflate as some servers send.
        self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS if coding in ("gzip", "x-gzip") else zlib.MAX_WBITS)
        self._first = coding not in ("gzip", "x-gzip")
        self._done = False

    def feed(self, data: bytes, room: int) -> tuple[bytes, bytes]:
        """(output of at most room + 1 bytes, input left unconsumed)."""
        if self._done or not data:
            return b"", b""
        try:
            out = self._obj.decompress(data, room + 1)
        except zlib.error:
            if not self._first:
                raise
            self._obj, self._first = zlib.decompressobj(-zlib.MAX_WBITS), False  # raw deflate
            out = self._obj.decompress(data, room + 1)
        self._first = False
        if self._obj.eof:  # trailing bytes after the stream end are ignored, as browsers do
            self._done = True
            return out, b""
        return out, self._obj.unconsumed_tail


class BoundedDecoder:
    """Decodes `Content-Encoding` layers; raises DecodeError, or truncates when `truncate` is set."""

    def __init__(self, content_encoding: str | None, limit: int, truncate: bool = False):
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > MAX_LAYERS:
            raise DecodeError("bad_encoding", f"{len(codings)} stacked content codings")
        unknown = [c for c in codings if c not in ("gzip", "x-gzip", "deflate")]
        if unknown:
            raise DecodeError("bad_encoding", f"unsupported content coding {unknown[0][:40]!r}")
        # The last coding listed was applied last, so it is undone first.
        self.layers = [_ZlibLayer(c) for c in reversed(codings)]
        self.limit, self.truncate = limit, truncate
        self.size = 0
        self.full = False  # truncate mode: the limit was reached, the rest is dropped

    def feed(self, chunk: bytes) -> bytes:
        if self.full:
            return b""
        data = chunk
        for layer in self.layers:
            data = self._through(layer, data)
        room = self.limit - self.size
        if len(data) > room:
            if not self.truncate:
                raise DecodeError("too_large", f"body is over {self.limit} bytes")
            data, self.full = data[:room], True
        self.size += len(data)
        return data

    def _through(self, layer: _ZlibLayer, data: bytes) -> bytes:
        parts = []
        while data:
            try:
                out, data = layer.feed(data, max(0, self.limit - layer.produced))
            except zlib.error as err:
                raise DecodeError("decoding_error", f"{layer.coding}: {err}"[:300]) from None
            layer.produced += len(out)
            parts.append(out)
            if layer.produced > self.limit:
                if self.truncate:
                    self.full = True  # the rest of the body is dropped
                    break
                raise DecodeError("decompression_bomb", f"{layer.coding} layer inflates past {self.limit} bytes")
        return b"".join(parts)
