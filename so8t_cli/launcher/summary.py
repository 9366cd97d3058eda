"""The end-of-launch summary: each session's outcome, its records per class, where its data is."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from so8t_assets.steps.report.build import report_dir
from so8t_resources.storage import partition_path

CLASSES = ("ALLOW", "ESCALATION", "DENY", "REFUSE")


def session_lines(data_root: Path, session_id: str, status: str) -> list[str]:
    lines = [f"session {session_id}: {status}"]
    records = partition_path(data_root, "thinking_datasets", session_id)
    if records.exists():
        counts = Counter(pq.read_table(records, columns=["four_class"]).column("four_class").to_pylist())
        lines.append(f"  thinking records  {sum(counts.values())}: " +
                     ", ".join(f"{c} {counts.get(c, 0)}" for c in CLASSES))
        lines.append(f"  datasets          {data_root}/<asset>/session={session_id}/part-0.parquet")
    dashboard = report_dir(data_root, session_id) / "dashboard.png"
    if dashboard.exists():
        lines.append(f"  dashboard         {dashboard}")
    return lines


def summary(data_root: Path, outcomes: dict[str, str]) -> list[str]:
    lines = []
    for session_id, status in outcomes.items():
        lines += session_lines(data_root, session_id, status)
    if any(s == "success" or s.startswith("complete") for s in outcomes.values()):
        lines.append(f"catalog: {data_root / 'catalog.duckdb'}  (so8t query \"SELECT four_class, count(*) "
                     "FROM thinking_datasets GROUP BY 1\")")
    return lines
