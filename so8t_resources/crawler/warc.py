"""Raw responses appended to a WARC file, so pages can be re-extracted without re-crawling.

Each crawl attempt of a session writes its own part file; on resume, records past the
checkpoint are cut off, so the WARC holds exactly the responses of the stored rows.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# httpx hands us the decoded body; these headers describe the encoded one.
_DROP = {"content-encoding", "transfer-encoding", "content-length"}


class WarcSink:
    def __init__(self, warc_dir: Path):
        self.warc_dir = warc_dir
        self.path: Path | None = None
        self._fh = None
        self._writer = None

    def _open(self) -> None:
        """The part file is created at the first record: a run that fetches nothing leaves none."""
        self.warc_dir.mkdir(parents=True, exist_ok=True)
        self.path = next_part(self.warc_dir)
        self._fh = open(self.path, "ab")  # noqa: SIM115 - closed in close()
        self._writer = WARCWriter(self._fh, gzip=True)

    def position(self) -> tuple[str, int] | None:
        """(part name, bytes written): every record up to here is complete (one gzip member each)."""
        return (self.path.name, self.path.stat().st_size) if self.path is not None else None

    def write_response(self, url: str, status: int, reason: str, http_version: str,
                       headers: list[tuple[str, str]], body: bytes, fetched_at_iso: str) -> None:
        if self._writer is None:
            self._open()
        kept = [(k, v) for k, v in headers if k.lower() not in _DROP]
        kept.append(("Content-Length", str(len(body))))
        http_headers = StatusAndHeaders(f"{status} {reason}".strip(), kept, protocol=http_version)
        record = self._writer.create_warc_record(
            url, "response", payload=BytesIO(body), http_headers=http_headers,
            warc_headers_dict={"WARC-Date": fetched_at_iso},
        )
        self._writer.write_record(record)
        self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def next_part(warc_dir: Path) -> Path:
    existing = sorted(warc_dir.glob("crawl-*.warc.gz"))
    n = int(existing[-1].name.split("-")[1].split(".")[0]) + 1 if existing else 1
    return warc_dir / f"crawl-{n:05d}.warc.gz"


def cut_back(warc_dir: Path, position: tuple[str, int] | None) -> None:
    """Drop WARC records written after a checkpoint: later parts go, the part in use is truncated."""
    for part in sorted(warc_dir.glob("crawl-*.warc.gz")):
        if position is None or part.name > position[0]:
            part.unlink()
        elif part.name == position[0]:
            with open(part, "r+b") as fh:
                fh.truncate(position[1])
