"""A real HTTP server on 127.0.0.1 with one route per fault the crawler must survive."""

from __future__ import annotations

import email.utils
import gzip
import io
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler

from loopback_server import LoopbackServer

JA_TEXT = ("日本語のページです。今日は東京で桜が満開になり、多くの人が公園に集まりました。"
           "子どもたちは芝生の上で遊び、大人はお弁当を広げて春の一日を楽しんでいました。")


def html(title: str, body: str, meta: str = "") -> str:
    return (f"<html><head>{meta}<title>{title}</title></head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


def article(n: int) -> str:
    return html(f"Article {n}", "".join(
        f"<p>Paragraph {i} of article {n} talks about ships number {n * 7 + i} and the harbour at dawn.</p>"
        for i in range(3)))


ROUTES = ["/ok/1.html", "/ok/2.html", "/slow", "/reset", "/500", "/flaky", "/429", "/429-long", "/loop-a",
          "/redirect-blocked", "/redirect-ok", "/big", "/big-declared", "/binary", "/pdf", "/sjis-header",
          "/eucjp-meta", "/sjis-none", "/wrong-charset", "/secret/page.html", "/missing", "/redirect-chain/0",
          "/retry-date", "/empty", "/gzip2", "/bomb", "/loc-bad-ip", "/loc-long", "/loc-backslash", "/bad-links",
          "/gzip-lie"]


def gzip_layers(data: bytes, layers: int) -> bytes:
    for _ in range(layers):
        data = gzip.compress(data, compresslevel=9, mtime=0)
    return data


BOMB = gzip_layers(b"\0" * 6_000_000, 2)  # a few KB that inflate past the default 5 MB limit


class FaultHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def do_GET(self):  # noqa: C901, N802 - one branch per fault is the point
        srv = self.server
        path = self.path
        srv.access_log.append(path)
        srv.times.append((time.monotonic(), path))
        srv.hits[path] += 1
        hits = srv.hits[path]
        if path == "/robots.txt":
            if srv.robots == "404":
                return self._send(404, b"not here")
            if srv.robots == "500":
                return self._send(500, b"oops")
            return self._send(200, srv.robots.encode(), "text/plain")
        if path.startswith("/busy/"):  # slow enough that concurrent requests overlap
            with srv.lock:
                srv.in_flight += 1
                srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
            time.sleep(0.2)
            with srv.lock:
                srv.in_flight -= 1
            return self._send(200, article(int(path.split("/")[2].split(".")[0])).encode())
        if path == "/empty":
            return self._send(200, b"")
        if path == "/gzip2":
            return self._send(200, gzip_layers(article(8).encode(), 2), headers=[("Content-Encoding", "gzip, gzip")])
        if path == "/gzip-lie":  # says gzip, is plain
            return self._send(200, article(9).encode(), headers=[("Content-Encoding", "gzip")])
        if path == "/bomb":
            return self._send(200, BOMB, headers=[("Content-Encoding", "gzip, gzip")])
        if path.startswith("/loc-"):
            where = {"/loc-bad-ip": "http://256.1.1.1/", "/loc-long": "http://a.test/" + "x" * 70_000,
                     "/loc-backslash": "http:\\\\host/r"}[path]
            return self._send(302, b"", headers=[("Location", where)])
        if path == "/bad-links":
            bad = ["http://a.test/" + "y" * 70_000, "http://xn--zz.com/", "http://256.1.1.1/", "http:x",
                   "javascript:alert(1)", "mailto:a@b.c", "http://[::1", "http://a.test:99999/",
                   "http://other.test/offsite-page"]
            links = "".join(f'<a href="{u}">bad</a> ' for u in bad)
            page = html("Bad links", f"<p>Links that no client can request.</p><p>{links}</p>")
            return self._send(200, page.encode())
        if path == "/hub":
            links = "".join(f'<a href="/ok/h{i}.html">{i}</a> ' for i in range(srv.hub_links))
            return self._send(200, html("Hub", f"<p>A hub page with many links.</p><p>{links}</p>").encode())
        if path == "/sitemap-index.xml":
            maps = "".join(f"<sitemap><loc>{self._base()}/sitemap-{i}.xml</loc></sitemap>" for i in (1, 2, 3))
            return self._send(200, f'<?xml version="1.0"?><sitemapindex>{maps}</sitemapindex>'.encode(),
                              "application/xml")
        if path.startswith("/sitemap-"):
            n = path.split("-")[1].split(".")[0]
            body = f'<?xml version="1.0"?><urlset><url><loc>{self._base()}/ok/s{n}.html</loc></url></urlset>'
            return self._send(200, body.encode(), "application/xml")
        if path == "/busy.html":
            links = "".join(f'<a href="/busy/{i}.html">{i}</a> ' for i in range(8))
            return self._send(200, html("Busy", f"<p>Eight slow pages in a row.</p><p>{links}</p>").encode())
        if path == "/redirect-chain/0" or path.startswith("/redirect-chain/"):
            n = int(path.rsplit("/", 1)[1])
            return self._send(302, b"", headers=[("Location", f"/redirect-chain/{n + 1}")])
        if path == "/retry-date":
            if hits == 1:
                when = email.utils.formatdate(time.time() + 2, usegmt=True)
                return self._send(503, b"later", headers=[("Retry-After", when)])
            return self._send(200, article(6).encode())
        if path == "/":
            links = "".join(f'<a href="{r}">{r}</a> ' for r in ROUTES)
            return self._send(200, html("Index", f"<p>All the faults, one link each.</p><p>{links}</p>").encode())
        if path.startswith("/ok/") or path == "/secret/page.html":
            return self._send(200, article(len(path)).encode())
        if path == "/slow":
            time.sleep(srv.slow_s)
            return self._send(200, article(3).encode())
        if path == "/reset":
            # SO_LINGER 0 then close: the client sees a connection reset, not a clean close.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.rfile.close()
            self.wfile = io.BytesIO()  # the handler's own cleanup writes here, harmlessly
            self.connection.close()
            return
        if path == "/500":
            return self._send(500, b"server error")
        if path == "/flaky":
            return self._send(503, b"busy") if hits == 1 else self._send(200, article(4).encode())
        if path == "/429":
            if hits == 1:
                return self._send(429, b"slow down", headers=[("Retry-After", "1")])
            return self._send(200, article(5).encode())
        if path == "/429-long":
            return self._send(429, b"slow down", headers=[("Retry-After", "3600")])
        if path == "/loop-a":
            return self._send(302, b"", headers=[("Location", "/loop-b")])
        if path == "/loop-b":
            return self._send(302, b"", headers=[("Location", "/loop-a")])
        if path == "/redirect-blocked":
            port = srv.server_address[1]
            return self._send(302, b"", headers=[("Location", f"http://127.0.0.2:{port}/ok/1.html")])
        if path == "/redirect-ok":
            return self._send(301, b"", headers=[("Location", "/ok/2.html")])
        if path == "/big":  # no Content-Length: the limit must hold while streaming
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(64):
                    self.wfile.write(b"<p>" + b"x" * 32768 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return
        if path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()
            self.close_connection = True
            return
        if path == "/binary":
            return self._send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "text/html")
        if path == "/pdf":
            return self._send(200, b"%PDF-1.4 ...", "application/pdf")
        if path == "/sjis-header":
            return self._send(200, html("SJIS", f"<p>{JA_TEXT}</p>").encode("cp932"), "text/html; charset=Shift_JIS")
        if path == "/eucjp-meta":
            meta = '<meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">'
            doc = html("EUC", f"<p>{JA_TEXT}</p>", meta)
            return self._send(200, doc.encode("euc_jp"), "text/html")
        if path == "/sjis-none":
            return self._send(200, html("SJIS none", f"<p>{JA_TEXT}</p>").encode("cp932"), "text/html")
        if path == "/wrong-charset":  # says Latin-1, is UTF-8
            return self._send(200, html("Wrong", f"<p>{JA_TEXT}</p>").encode(), "text/html; charset=ISO-8859-1")
        return self._send(404, b"no such page")


DISALLOW_SECRET = "User-agent: *\nDisallow: /secret/\n"


class FaultServer(LoopbackServer):
    """robots: a robots.txt body, or "404" / "500" for a robots.txt that fails that way."""

    def __init__(self, robots: str = DISALLOW_SECRET, slow_s: float = 3.0):
        super().__init__(FaultHandler)
        self.httpd.robots, self.httpd.slow_s, self.httpd.hub_links = robots, slow_s, 10_000
        self.httpd.access_log, self.httpd.hits, self.httpd.times = [], Counter(), []
        self.httpd.lock, self.httpd.in_flight, self.httpd.max_in_flight = threading.Lock(), 0, 0

    @property
    def access_log(self) -> list[str]:
        return self.httpd.access_log
