"""A generated multi-host site on loopback (127.0.0.2-127.0.0.9), served from a separate process."""

from __future__ import annotations

import html
import multiprocessing as mp
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = ("harbour ship crowd market rain bridge festival station library garden river mountain school "
         "bakery lantern ferry museum orchard tram island").split()


def page_html(i: int, n_pages: int, hosts: list[str], port: int, prose: bool = False) -> bytes:
    """Page i; `prose`: its article is the cleansing benchmark's document i (English and Japanese
    prose with some low-quality pages and near-duplicates), so cleansing keeps a realistic share."""
    links = "".join(
        f'<li><a href="http://{hosts[j % len(hosts)]}:{port}/p/{j}.html">page {j}</a></li>'
        for j in ((i * 7 + k * 13 + 1) % n_pages for k in range(6))
    )
    if prose:
        from bench.cleanse_corpus import document

        _, lang, text = document(8, i, 0.3)
        paras = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
        return (f'<html lang="{lang}"><head><meta charset="utf-8"><title>Page {i}</title></head><body><article>'
                f"{paras}</article><ul>{links}</ul></body></html>").encode()
    paras = "".join(
        f"<p>Report {i}.{k}: the {WORDS[(i + k) % len(WORDS)]} near the {WORDS[(i * 3 + k) % len(WORDS)]} "
        f"saw {i * 11 + k} visitors, and the {WORDS[(i * 5 + k) % len(WORDS)]} stayed open late.</p>"
        for k in range(12)
    )
    return (f"<html><head><title>Page {i}</title></head><body><article><h1>Page {i}</h1>{paras}</article>"
            f"<ul>{links}</ul></body></html>").encode()


def _serve(host: str, port: int, n_pages: int, hosts: list[str], ready, prose: bool = False) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_GET(self):  # noqa: N802
            if self.path == "/robots.txt":
                body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
            elif self.path.startswith("/p/"):
                i = int(self.path[3:].split(".")[0])
                body, ctype = page_html(i, n_pages, hosts, port, prose), "text/html; charset=utf-8"
            else:
                body, ctype = b"", "text/plain"
                self.send_response(404)
            if self.path == "/robots.txt" or self.path.startswith("/p/"):
                self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer((host, port), Handler)
    httpd.daemon_threads = True
    ready.set()
    httpd.serve_forever()


def free_port(hosts: list[str]) -> int:
    """A port free on every host address."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind((hosts[0], 0))
            port = s.getsockname()[1]
        try:
            for h in hosts[1:]:
                with socket.socket() as s:
                    s.bind((h, port))
            return port
        except OSError:
            continue
    raise RuntimeError("no common free port")


class SiteFarm:
    """`with SiteFarm(2000) as farm: farm.seeds` — one server process per host address."""

    def __init__(self, n_pages: int, n_hosts: int = 8, prose: bool = False):
        self.prose = prose
        self.hosts = [f"127.0.0.{i}" for i in range(2, 2 + n_hosts)]
        self.n_pages = n_pages
        self.port = free_port(self.hosts)
        self.procs: list[mp.Process] = []

    @property
    def seeds(self) -> list[str]:
        return [f"http://{self.hosts[i]}:{self.port}/p/{i}.html" for i in range(len(self.hosts))]

    def __enter__(self) -> SiteFarm:
        ctx = mp.get_context("spawn")
        for host in self.hosts:
            ready = ctx.Event()
            p = ctx.Process(target=_serve, args=(host, self.port, self.n_pages, self.hosts, ready, self.prose),
                            daemon=True)
            p.start()
            ready.wait(30)
            self.procs.append(p)
        return self

    def __exit__(self, *exc) -> None:
        for p in self.procs:
            p.terminate()
            p.join(5)


