"""Serves the demo site on 127.0.0.1 in a background thread."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from so8t_demo.site import render


class _Handler(BaseHTTPRequestHandler):
    server_version = "SO8TDemo/1.0"

    def do_GET(self):  # noqa: N802 - http.server's naming
        base = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"
        resp = render(urlsplit(self.path).path, base)
        self.server.access_log.append(self.path)
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(resp.body)))
        self.end_headers()
        self.wfile.write(resp.body)

    def log_message(self, format, *args):  # keep the terminal for progress lines
        pass


class DemoServer:
    """`with DemoServer() as site: site.url` — the demo site on an ephemeral loopback port."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.httpd = ThreadingHTTPServer((host, port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.access_log = []
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    @property
    def access_log(self) -> list[str]:
        return self.httpd.access_log

    def __enter__(self) -> DemoServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
