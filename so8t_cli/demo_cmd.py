"""`so8t demo`: serve the bundled site on 127.0.0.1, crawl it as a session, summarise."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from so8t_cli.env import use_config
from so8t_resources.config import CONFIGS_DIR, load_settings


def demo(args) -> int:
    config = Path(args.config or CONFIGS_DIR / "demo.yaml").resolve()
    settings = load_settings(config)  # a bad config fails here, before the server starts
    use_config(config)

    from so8t_cli.commands import create_session, run_session
    from so8t_demo.server import DemoServer
    from so8t_resources.sessions import new_session_id
    from so8t_resources.storage import partition_path, read_partition

    session_id = "demo_" + new_session_id()
    with DemoServer() as site:
        print(f"demo site: {site.url} (loopback only)")
        create_session(settings, [site.url], session_id)
        print(f"session {session_id}: crawling…", flush=True)
        status = run_session(session_id)
    if status != "success":
        print(f"so8t: demo session {session_id} {status}; `so8t run --session {session_id}` resumes it")
        return 1
    root = settings.data_root()
    pages = read_partition(root, "raw_pages", session_id)
    skips = read_partition(root, "crawl_skips", session_id)
    print(f"\nsession {session_id} done: {len(pages)} pages stored, {len(skips)} skipped")
    for outcome, n in Counter(pages["outcome"]).most_common():
        print(f"  {outcome:<20} {n}")
    for outcome, n in Counter(skips["outcome"]).most_common():
        print(f"  {outcome:<20} {n} (not fetched)")
    labels = read_partition(root, "nsfw_labels", session_id)
    print(f"  NSFW pages           {int(labels['nsfw_label'].sum())} of {len(labels)} "
          f"({labels['model'].iloc[0]}@{labels['model_version'].iloc[0]})" if len(labels) else "")
    kept, rejects = (read_partition(root, name, session_id) for name in ("cleansed_text", "cleansed_rejects"))
    print(f"  cleansed             {len(kept)} kept, {len(rejects)} rejected (see cleansed_rejects.drop_reason)")
    classes = Counter(read_partition(root, "four_class_labels", session_id)["four_class"])
    print("  four-class           " + ", ".join(f"{c} {classes.get(c, 0)}" for c in
                                                ("ALLOW", "ESCALATION", "DENY", "REFUSE")))
    records = read_partition(root, "thinking_datasets", session_id)
    print(f"  thinking records     {len(records)} (" + ", ".join(
        f"{c} {n}" for c, n in Counter(records["four_class"]).most_common()) + ")")
    for name in ("raw_pages", "nsfw_labels", "cleansed_text", "four_class_labels", "thinking_datasets"):
        print(f"{name + ':':<19}{partition_path(root, name, session_id)}")
    print(f"dashboard:         {root / 'reports' / f'session={session_id}' / 'dashboard.png'}")
    print(f"mlflow:            mlflow ui --backend-store-uri sqlite:///{root / 'mlflow.db'} --host 127.0.0.1")
    print(f"tensorboard:       tensorboard --logdir {root / 'tensorboard'} --host 127.0.0.1")
    print(f"wandb (offline):   wandb sync {root / 'wandb'}/offline-run-*   (later, with WANDB_API_KEY set)")
    print(f"catalog:           {root / 'catalog.duckdb'}  (try: so8t query \"SELECT outcome, count(*) FROM raw_pages "
          "GROUP BY 1\")")
    print(f"export:            so8t export --session {session_id} --dataset thinking --public "
          f"--output public.jsonl --config {config}")
    print(f"UI:                DAGSTER_HOME={os.environ['DAGSTER_HOME']} SO8T_CONFIG={config} \\\n"
          "                   dagster dev -m so8t_assets.definitions   (from this folder; then open http://127.0.0.1:3000)")
    return 0
