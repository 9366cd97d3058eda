"""What a finished session produced: the lines `so8t demo` and `so8t run` end with."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

UI_ARGS = "dagster dev -m so8t_assets.definitions"


def ui_command(dagster_home: str, config: str | Path | None) -> str:
    """The command that opens the Dagster UI on this instance and config (README shows the same)."""
    env = f"DAGSTER_HOME={dagster_home}" + (f" SO8T_CONFIG={config}" if config else "")
    return f"{env} {UI_ARGS}"


def _read(root: Path, asset: str, session_id: str):
    from so8t_resources.storage import read_partition

    try:
        return read_partition(root, asset, session_id)
    except FileNotFoundError:
        return None


def all_seeds_blocked(root: Path, session_id: str) -> bool:
    """True when every URL the crawl recorded (fetched or not) ended as a refused address."""
    outcomes = set()
    for asset in ("raw_pages", "crawl_skips"):
        frame = _read(root, asset, session_id)
        outcomes |= set() if frame is None else set(frame["outcome"])
    return outcomes == {"blocked_address"}


def print_summary(root: Path, session_id: str, config: str | Path | None) -> None:
    """Outcomes, labels, classes and records of a session, and where each output lies."""
    from so8t_resources.storage import partition_path

    pages, skips = _read(root, "raw_pages", session_id), _read(root, "crawl_skips", session_id)
    n_pages, n_skips = (0 if f is None else len(f) for f in (pages, skips))
    print(f"\nsession {session_id} done: {n_pages} pages stored, {n_skips} skipped")
    for frame, note in ((pages, ""), (skips, " (not fetched)")):
        for outcome, n in Counter([] if frame is None else frame["outcome"]).most_common():
            print(f"  {outcome:<20} {n}{note}")
    labels = _read(root, "nsfw_labels", session_id)
    if labels is not None and len(labels):
        print(f"  NSFW pages           {int(labels['nsfw_label'].sum())} of {len(labels)} "
              f"({labels['model'].iloc[0]}@{labels['model_version'].iloc[0]})")
    kept, rejects = (_read(root, name, session_id) for name in ("cleansed_text", "cleansed_rejects"))
    if kept is not None:
        print(f"  cleansed             {len(kept)} kept, {0 if rejects is None else len(rejects)} rejected "
              "(see cleansed_rejects.drop_reason)")
    four = _read(root, "four_class_labels", session_id)
    if four is not None:
        classes = Counter(four["four_class"])
        print("  four-class           " + ", ".join(f"{c} {classes.get(c, 0)}" for c in
                                                    ("ALLOW", "ESCALATION", "DENY", "REFUSE")))
    records = _read(root, "thinking_datasets", session_id)
    if records is not None:
        print(f"  thinking records     {len(records)} (" + ", ".join(
            f"{c} {n}" for c, n in Counter(records["four_class"]).most_common()) + ")")
    for name in ("raw_pages", "nsfw_labels", "cleansed_text", "four_class_labels", "thinking_datasets"):
        print(f"{name + ':':<19}{partition_path(root, name, session_id)}")
    with_config = f" --config {config}" if config else ""
    print(f"dashboard:         {root / 'reports' / f'session={session_id}' / 'dashboard.png'}")
    print(f"mlflow:            mlflow ui --backend-store-uri sqlite:///{root / 'mlflow.db'} --host 127.0.0.1")
    print(f"tensorboard:       tensorboard --logdir {root / 'tensorboard'} --host 127.0.0.1")
    print(f"wandb (offline):   wandb sync {root / 'wandb'}/offline-run-*   (later, with WANDB_API_KEY set)")
    print(f"catalog:           {root / 'catalog.duckdb'}  (try: so8t query \"SELECT outcome, count(*) FROM raw_pages "
          "GROUP BY 1\")")
    print(f"export:            so8t export --session {session_id} --dataset thinking --public "
          f"--output public.jsonl{with_config}")
    print(f"UI:                {ui_command(os.environ['DAGSTER_HOME'], config)}\n"
          "                   (from this folder; then open http://127.0.0.1:3000)")
