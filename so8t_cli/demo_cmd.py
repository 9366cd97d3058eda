"""`so8t demo`: serve the bundled site on 127.0.0.1, crawl it as a session, summarise."""

from __future__ import annotations

from pathlib import Path

from so8t_cli.env import use_config
from so8t_resources.config import CONFIGS_DIR, load_settings


def demo(args) -> int:
    config = Path(args.config or CONFIGS_DIR / "demo.yaml").resolve()
    settings = load_settings(config)  # a bad config fails here, before the server starts
    use_config(config)

    from so8t_cli.commands import create_session, run_session
    from so8t_cli.summary import print_summary
    from so8t_demo.server import DemoServer
    from so8t_resources.sessions import new_session_id

    session_id = "demo_" + new_session_id()
    with DemoServer() as site:
        print(f"demo site: {site.url} (loopback only)")
        create_session(settings, [site.url], session_id)
        print(f"session {session_id}: crawling…", flush=True)
        status = run_session(session_id)
    if status != "success":
        print(f"so8t: demo session {session_id} {status}; `so8t run --session {session_id}` resumes it")
        return 1
    print_summary(settings.data_root(), session_id, config)
    return 0
