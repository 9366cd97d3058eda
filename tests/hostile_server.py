"""A loopback server that sends whatever bytes a test composed, header lies and all.

Each path maps to one raw HTTP response written verbatim; the connection is closed after it,
so a lying Content-Length ends as a short read, never a hang.
"""

from __future__ import annotations

import gzip
import threading
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from loopback_server import LoopbackServer


def encode_layers(body: bytes, codings: list[str]) -> bytes:
    for coding in codings:
        if coding in ("gzip", "x-gzip"):
            body = gzip.compress(body, compresslevel=1, mtime=0)
        elif coding == "deflate":
            body = zlib.compress(body, 1)
    return body


def stacked_gzip(size: int, layers: int = 2) -> bytes:
    """size zero bytes, gzipped layers times, without holding size bytes in memory."""
    obj, chunk, parts = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS), b"\0" * (1 << 20), []
    for _ in range(size // len(chunk)):
        parts.append(obj.compress(chunk))
    parts.append(obj.flush())
    return encode_layers(b"".join(parts), ["gzip"] * (layers - 1))


@dataclass
class Response:
    status: int = 200
    reason: str = "OK"
    headers: list[tuple[str, bytes]] = field(default_factory=list)
    body: bytes = b""

    def raw(self) -> bytes:
        head = f"HTTP/1.1 {self.status} {self.reason}\r\n".encode("latin-1", "replace")
        for name, value in self.headers:
            head += name.encode("latin-1") + b": " + value + b"\r\n"
        return head + b"Connection: close\r\n\r\n" + self.body


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        srv = self.server
        with srv.lock:
            srv.hits.append(self.path)
        response = srv.responses.get(self.path)
        raw = response.raw() if response else Response(404, "Not Found", [("Content-Length", b"0")]).raw()
        try:
            self.wfile.write(raw)
            self.wfile.flush()
        except OSError:
            pass  # the client gave up on a body it did not want: that is its right
        self.close_connection = True


class HostileServer(LoopbackServer):
    def __init__(self):
        super().__init__(_Handler)
        self.httpd.responses, self.httpd.hits, self.httpd.lock = {}, [], threading.Lock()

    def serve(self, responses: dict[str, Response]) -> None:
        self.httpd.responses = responses
        self.httpd.hits = []
