"""Raw responses appended to a WARC file, so pages can be re-extracted without re-crawling.

Each crawl attempt of a session writes its own part file: a part cut short by a killed
process is never appended to again.
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
        self._fh = None
        self._writer = None

    def _open(self) -> None:
        """The part file is created at the first record: a run that fetches nothing leaves none."""
        self.warc_dir.mkdir(parents=True, exist_ok=True)
        self._fh = open(next_part(self.warc_dir), "ab")  # noqa: SIM115 - closed in close()
        self._writer = WARCWriter(self._fh, gzip=True)

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
