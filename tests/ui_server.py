"""A real Dagster webserver and daemon on 127.0.0.1 over a temporary instance, and the
GraphQL calls the UI makes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx
from helpers import venv_bin

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DagsterServer:
    """`dagster-webserver` and `dagster-daemon run` on the project's workspace.yaml."""

    def __init__(self, env: dict, log_dir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env, self.log_dir, self.procs = env, log_dir, []

    def __enter__(self) -> DagsterServer:
        for name, args in (("webserver", ["dagster-webserver", "-h", "127.0.0.1", "-p", str(self.port)]),
                           ("daemon", ["dagster-daemon", "run"])):
            log = open(self.log_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
            self.procs.append((subprocess.Popen([venv_bin(args[0]), *args[1:], "-w", str(REPO / "workspace.yaml")],
                                                cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT), log))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/server_info", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError(f"dagster-webserver did not start: see {self.log_dir / 'webserver.log'}")

    def __exit__(self, *exc) -> None:
        for proc, log in self.procs:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()

    def graphql(self, query: str, **variables) -> dict:
        resp = httpx.post(f"{self.url}/graphql", json={"query": query, "variables": variables}, timeout=60)
        resp.raise_for_status()
        body = resp.json()
        assert "errors" not in body, body["errors"]
        return body["data"]

    def wait_for_runs(self, run_ids: list[str], timeout_s: float = 240) -> dict[str, str]:
        query = "query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"
        deadline = time.monotonic() + timeout_s
        while True:
            status = {rid: self.graphql(query, id=rid)["runOrError"]["status"] for rid in run_ids}
            if all(s in ("SUCCESS", "FAILURE", "CANCELED") for s in status.values()) or time.monotonic() > deadline:
                return status
            time.sleep(1)


def chromium_paths() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def headless_chromium(browser: str, driver: str, profile: Path):
    """Debian's Chromium through its ChromeDriver; no background traffic (the machine is offline)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1600,1000", f"--user-data-dir={profile}"):
        opts.add_argument(arg)
    return webdriver.Chrome(service=Service(driver), options=opts)
