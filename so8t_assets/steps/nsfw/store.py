"""Trained models on disk, versioned by the hash of their content.

`<models_root>/<backend>/<version>/` holds the model files and `meta.json`; `LATEST`
names the newest version. A model is written to a temporary folder and renamed, so a
version folder is always complete, and the same bytes always get the same version.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from so8t_resources.atomic import write_atomic


class ModelNotFound(FileNotFoundError):
    """No trained model where the config points; the message says how to make one."""


def content_version(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "meta.json"):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        with open(path, "rb") as fh:  # chunked: a Hugging Face folder can hold gigabytes
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:12]


def save_model(models_root: Path, backend: str, write: Callable[[Path], None],
               meta: dict | Callable[[], dict]) -> tuple[str, Path]:
    """write(folder) puts the model files in folder; meta may be computed after it (e.g. metrics).

    Returns (version, final folder). A version that already exists is kept as it is.
    """
    base = models_root / backend
    base.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".new-", dir=base))
    try:
        write(tmp)
        version = content_version(tmp)
        fields = meta() if callable(meta) else meta
        (tmp / "meta.json").write_text(json.dumps({**fields, "backend": backend, "version": version}, indent=2))
        final = base / version
        try:
            tmp.rename(final)
        except OSError:
            if not (final / "meta.json").exists():  # not a finished twin from another process: a real error
                raise
            shutil.rmtree(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    write_atomic(base / "LATEST", lambda p: p.write_text(version + "\n"))
    return version, final


def resolve(models_root: Path, backend: str, version: str = "latest", model: str = "nsfw") -> Path:
    """The folder of a stored version; `model` names the model in errors (nsfw, safety)."""
    base = models_root / backend
    if version == "latest":
        latest = base / "LATEST"
        if not latest.exists():
            raise ModelNotFound(f"no trained {backend} {model} model under {base}: materialise {model}_model "
                                f"(or run `so8t train {model}`)")
        version = latest.read_text().strip()
    folder = base / version
    if not (folder / "meta.json").exists():
        raise ModelNotFound(f"{model} model version {version!r} not found under {base}")
    return folder


def read_meta(folder: Path) -> dict:
    return json.loads((folder / "meta.json").read_text())

