"""`so8t doctor`'s checks: is this machine ready to run the configured sessions?

Each check gives pass, warn or fail, what it found and, where it is not a pass, the fix.
Nothing here installs or writes anything (`so8t doctor --fix` installs, and only when asked).
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from packaging.requirements import Requirement

DIST = "so8t"
PAGE_BYTES = 150_000    # stored per crawled page: WARC record, raw_pages row and what follows (demo: ~40 KB)
MIN_RAM = 4 * 2**30     # below this a full session (extraction pool, models) may swap


@dataclass(frozen=True)
class Check:
    name: str
    status: str         # "pass" | "warn" | "fail"
    detail: str
    fix: str = ""
    requirement: Requirement | None = None  # package checks: what `--fix` would install


def _gib(n: float) -> str:
    return f"{n / 2**30:.1f} GiB"


def existing_ancestor(path: Path) -> Path:
    path = path.resolve()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def writable_folder_problem(path: Path) -> str | None:
    """Why `path` cannot be created or written as a folder, or None; creates nothing."""
    base = existing_ancestor(path)
    if not base.is_dir():
        return f"{base} is not a folder"
    if not os.access(base, os.W_OK | os.X_OK):
        return f"{base} is not writable"
    return None


def check_python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    spec = _project().get("requires-python") or ">=3.11"
    from packaging.specifiers import SpecifierSet

    ok = version in SpecifierSet(spec)
    return Check("python", "pass" if ok else "fail", f"{version} ({sys.executable})",
                 "" if ok else f"use a Python {spec}")


def check_memory() -> Check:
    try:
        info = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
        available = int(info["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        return Check("memory", "warn", "could not read /proc/meminfo", "check free memory by hand")
    if available < MIN_RAM:
        return Check("memory", "warn", f"{_gib(available)} available", f"free memory: {_gib(MIN_RAM)} recommended")
    return Check("memory", "pass", f"{_gib(available)} available")


def check_disk(data_root: Path, pages: int) -> Check:
    need = pages * PAGE_BYTES
    free = shutil.disk_usage(existing_ancestor(data_root)).free
    detail = f"{_gib(free)} free at {data_root}; ~{_gib(need)} needed for {pages:,} pages"
    if free < need:
        return Check("disk", "fail", detail, "free disk space or lower crawler.max_pages")
    if free < 2 * need:
        return Check("disk", "warn", detail, "less than twice the estimate is free")
    return Check("disk", "pass", detail)


def check_gpu() -> Check:
    from importlib.util import find_spec

    if find_spec("torch") is None:
        return Check("gpu", "warn", "torch not installed: CPU backends only", "pip install -e '.[ml]'")
    import torch

    if not torch.cuda.is_available():
        return Check("gpu", "warn", f"CPU only (torch {torch.__version__})",
                     "transformers backends run on the CPU, slowly; use a CUDA machine for fine-tuning")
    props = torch.cuda.get_device_properties(0)
    return Check("gpu", "pass", f"{props.name}, {_gib(props.total_memory)} (torch {torch.__version__})")


def _project() -> dict:
    """pyproject.toml's [project] in a source checkout (the truth for an editable install, whose
    installed metadata is as old as its last `pip install`), else the installed metadata."""
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    if pyproject.exists():
        import tomllib

        return tomllib.loads(pyproject.read_text())["project"]
    meta = metadata.metadata(DIST)
    extras: dict[str, list[str]] = {}
    required = []
    for line in metadata.requires(DIST) or []:
        req = Requirement(line)
        marker = str(req.marker or "")
        if "extra ==" in marker:
            req.marker = None
            extras.setdefault(marker.split("==")[1].strip().strip("'\""), []).append(str(req))
        else:
            required.append(line)
    return {"requires-python": meta.get("Requires-Python"), "dependencies": required, "optional-dependencies": extras}


def requirements() -> tuple[list[Requirement], dict[str, list[Requirement]]]:
    """The project's required packages, and its optional ones by extra (other than dev)."""
    project = _project()
    extras = {name: [Requirement(r) for r in reqs if not r.startswith(DIST + "[")]
              for name, reqs in project.get("optional-dependencies", {}).items() if name != "dev"}
    return [Requirement(r) for r in project["dependencies"]], extras


def check_package(req: Requirement, optional: str | None = None) -> Check:
    name = f"package {req.name}" + (f" [{optional}]" if optional else "")
    install = f"so8t doctor --fix (pip install '{req.name}{req.specifier}')"
    status = "warn" if optional else "fail"
    try:
        version = metadata.version(req.name)
    except metadata.PackageNotFoundError:
        return Check(name, status, "not installed", install, req)
    if req.specifier and version not in req.specifier:
        return Check(name, status, f"{version}, wants {req.specifier}", install, req)
    return Check(name, "pass", version, requirement=req)


def check_data_root(data_root: Path) -> Check:
    problem = writable_folder_problem(data_root)
    if problem:
        return Check("data root", "fail", f"{data_root}: {problem}", "set storage.data_root to a writable folder")
    return Check("data root", "pass", f"{data_root} writable")


def check_dagster_home() -> Check:
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        return Check("DAGSTER_HOME", "warn", "not set: so8t uses ./.dagster_home",
                     "export DAGSTER_HOME=/a/lasting/folder to keep run history in one place")
    problem = writable_folder_problem(Path(home))
    if problem:
        return Check("DAGSTER_HOME", "fail", f"{home}: {problem}", "point DAGSTER_HOME at a writable folder")
    return Check("DAGSTER_HOME", "pass", home)


def check_tracking(settings) -> Check:
    mlflow = settings.mlops.mlflow
    if not mlflow.enabled:
        return Check("tracking", "pass", "MLflow off")
    uri = mlflow.tracking_uri
    if not uri:
        return Check("tracking", "pass", "MLflow: SQLite under the data root")
    parts = urlsplit(uri)
    if parts.scheme in ("http", "https"):
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            socket.create_connection((parts.hostname, port), timeout=3).close()
        except OSError as err:
            return Check("tracking", "fail", f"{uri}: unreachable ({err.strerror or err})",
                         "start the MLflow server or fix mlops.mlflow.tracking_uri")
        return Check("tracking", "pass", f"{uri} reachable")
    path = Path(parts.path if parts.scheme in ("sqlite", "file") else uri)
    problem = writable_folder_problem(path.parent if parts.scheme == "sqlite" else path)
    if problem:
        return Check("tracking", "fail", f"{uri}: {problem}", "fix mlops.mlflow.tracking_uri")
    return Check("tracking", "pass", uri)


def check_wandb(settings) -> Check:
    mode = settings.mlops.wandb.mode
    if mode == "online" and not os.environ.get("WANDB_API_KEY"):
        return Check("wandb", "warn", "online mode but WANDB_API_KEY is not set", "export WANDB_API_KEY or use offline")
    return Check("wandb", "pass", f"mode {mode}")


def run_checks(settings, sessions: int = 1) -> list[Check]:
    data_root = settings.data_root()
    required, extras = requirements()
    checks = [check_python(), check_memory(), check_disk(data_root, sessions * settings.data_sources.crawler.max_pages),
              check_gpu()]
    checks += [check_package(r) for r in required]
    checks += [check_package(r, extra) for extra, reqs in sorted(extras.items()) for r in reqs]
    checks += [check_data_root(data_root), check_dagster_home(), check_tracking(settings), check_wandb(settings)]
    return checks
