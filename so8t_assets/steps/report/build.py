"""Write a session's report files: `stats.json` and `dashboard.png` under `<data_root>/reports/`."""

from __future__ import annotations

import json
from pathlib import Path

from so8t_assets.steps.report.dashboard import draw_dashboard
from so8t_assets.steps.report.stats import session_stats
from so8t_resources.atomic import write_atomic
from so8t_resources.sessions import check_session_id


def report_dir(data_root: Path, session_id: str) -> Path:
    return data_root / "reports" / f"session={check_session_id(session_id)}"


def build_report(data_root: Path, session_id: str) -> tuple[dict, Path, Path]:
    """(stats, stats.json path, dashboard.png path)."""
    stats = session_stats(data_root, session_id)
    folder = report_dir(data_root, session_id)
    stats_path = folder / "stats.json"
    write_atomic(stats_path, lambda tmp: tmp.write_text(json.dumps(stats, indent=2, ensure_ascii=False)))
    return stats, stats_path, draw_dashboard(stats, folder / "dashboard.png")

