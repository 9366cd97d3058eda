"""`so8t`: the command-line launcher.

Errors a user can fix (bad config, bad seeds, unknown session) print one line and
exit with status 2, having written nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from so8t_assets.steps.nsfw.loader import BackendUnavailable
from so8t_assets.steps.nsfw.store import ModelNotFound
from so8t_assets.steps.records import RecordError
from so8t_cli.env import use_config
from so8t_cli.label_file import MAX_CHARS
from so8t_resources.config import ConfigError
from so8t_resources.sessions import SessionError


class UsageError(Exception):
    """A user error outside config and sessions (e.g. a query against no catalog)."""


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", help="platform config YAML (default: $SO8T_CONFIG, else embedded defaults)")


def _records_parser(subs, what: str, help_: str) -> argparse.ArgumentParser:
    """`so8t VERB WHAT --input FILE [--text-field F]`: a command over a file of records."""
    parser = subs.add_parser(what, help=help_)
    parser.add_argument("--input", required=True, help=".jsonl, .csv or .parquet")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--batch", type=int, default=512, help=argparse.SUPPRESS)
    _common(parser)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="so8t", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    session = sub.add_parser("session", help="create sessions")
    session_sub = session.add_subparsers(dest="session_command", required=True)
    new = session_sub.add_parser("new", help="create a session from a seed list and register its partition")
    new.add_argument("--seeds", required=True, type=Path, help="text file: one URL per line")
    new.add_argument("--id", dest="session_id", help="session ID (default: the UTC time)")
    _common(new)

    sessions = sub.add_parser("sessions", help="list sessions and the state of each asset")
    _common(sessions)

    run = sub.add_parser("run", help="materialise every asset of one session in-process")
    run.add_argument("--session", required=True)
    run.add_argument("--no-resume", action="store_true", help="ignore the crawl checkpoint and start afresh")
    _common(run)

    demo = sub.add_parser("demo", help="serve the bundled demo site on 127.0.0.1 and crawl it")
    demo.add_argument("--config", help="demo config (default: configs/demo.yaml)")

    classify = sub.add_parser("classify", help="label a file of texts").add_subparsers(dest="what", required=True)
    evaluate = sub.add_parser("eval", help="evaluate a classifier on a labelled file").add_subparsers(
        dest="what", required=True)
    for what, label_help, eval_help in (
            ("nsfw", "NSFW score and label per record", "precision, recall, F1 and AUPRC"),
            ("safety", "four-class decision, hazards and domain per record",
             "per-class precision/recall/F1, confusion matrix, over-refusal")):
        labelled = _records_parser(classify, what, label_help)
        labelled.add_argument("--output", required=True, help="every input field plus the labels and `skipped` "
                              "(.jsonl, .csv or .parquet, from the suffix; not the input file)")
        labelled.add_argument("--max-chars", type=int, default=MAX_CHARS,
                              help="a longer text is not classified: its labels are empty and `skipped` says "
                              "why (default: %(default)s)")
        scored = _records_parser(evaluate, what, eval_help)
        scored.add_argument("--label-field", required=True)
        scored.add_argument("--lang-field", help="also report per value of this field")

    train = sub.add_parser("train", help="train a model")
    train_sub = train.add_subparsers(dest="what", required=True)
    nsfw_train = train_sub.add_parser("nsfw", help="train the NSFW classifier (materialises nsfw_model)")
    nsfw_train.add_argument("--backend", default="sklearn", choices=["sklearn", "embedding", "transformers"])
    nsfw_train.add_argument("--base-model", help="transformers: local Hugging Face model folder to fine-tune")
    nsfw_train.add_argument("--epochs", type=int, default=2, help="transformers fine-tuning epochs")
    _common(nsfw_train)
    safety_train = train_sub.add_parser("safety", help="train the safety model (materialises safety_model)")
    safety_train.add_argument("--backend", default="sklearn", choices=["sklearn", "transformers"])
    safety_train.add_argument("--base-model", help="transformers: local Hugging Face model folder to fine-tune")
    safety_train.add_argument("--epochs", type=int, default=2, help="transformers fine-tuning epochs")
    _common(safety_train)

    cleanse = sub.add_parser("cleanse", help="cleanse a JSONL/CSV/Parquet corpus (the cleansed_text steps)")
    cleanse.add_argument("--input", required=True, help=".jsonl, .csv or .parquet")
    cleanse.add_argument("--output", required=True, help="kept records: every input field, text cleansed, "
                         "plus lang, pii_counts, dup_cluster (format from the suffix)")
    cleanse.add_argument("--rejects", help="dropped records with drop_reason and duplicate_of "
                         "(default: OUTPUT's name with .rejects before the suffix)")
    cleanse.add_argument("--text-field", default="text")
    cleanse.add_argument("--id-field", help="record ID for dup_cluster/duplicate_of (default: record number)")
    cleanse.add_argument("--against-sessions", action="store_true",
                         help="also drop copies of documents kept by stored sessions")
    cleanse.add_argument("--redact-fields", help="comma-separated fields of a kept record to redact PII in, "
                         "besides the text field (default: every string field but --id-field)")
    _common(cleanse)

    export = sub.add_parser("export", help="write a session's dataset as JSONL or Parquet")
    export.add_argument("--session", required=True)
    export.add_argument("--dataset", required=True, choices=["thinking"])
    export.add_argument("--public", action="store_true",
                        help="only <final> in the assistant turn: no thinking text (use for anything shared)")
    export.add_argument("--output", required=True)
    export.add_argument("--format", choices=["jsonl", "parquet"], help="default: from the output's suffix, else jsonl")
    _common(export)

    report = sub.add_parser("report", help="redraw a session's dashboard PNG and stats JSON")
    report.add_argument("--session", required=True)
    _common(report)

    start = sub.add_parser("start", help="production: check, then run or resume the configured sessions")
    start.add_argument("--session", action="append", help="run this session only (repeat for several)")
    start.add_argument("--skip-install", action="store_true", help="do not pip-install missing required packages")
    start.add_argument("--skip-check", action="store_true", help="do not stop on failing environment checks")
    start.add_argument("--no-resume", action="store_true", help="re-run every asset afresh, crawl included")
    start.add_argument("--no-audio", action="store_true", help="no sound when done")
    _common(start)

    doctor = sub.add_parser("doctor", help="check the machine, the packages and the paths the config uses")
    doctor.add_argument("--fix", action="store_true", help="pip-install missing packages (progress shown)")
    _common(doctor)

    query = sub.add_parser("query", help="run a read-only SQL query against the DuckDB catalog")
    query.add_argument("sql")
    _common(query)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            from so8t_cli.demo_cmd import demo

            return demo(args)
        use_config(getattr(args, "config", None))
        from so8t_cli import cleanse_cmd, commands, doctor_cmd, export_cmd, nsfw_cmds, safety_cmds, start_cmd

        handler = {"session": commands.session_new, "sessions": commands.list_sessions,
                   "run": commands.run, "query": commands.query, "cleanse": cleanse_cmd.cleanse,
                   "export": export_cmd.export, "report": commands.report, "start": start_cmd.start,
                   "doctor": doctor_cmd.doctor,
                   ("classify", "nsfw"): nsfw_cmds.classify, ("eval", "nsfw"): nsfw_cmds.evaluate,
                   ("train", "nsfw"): nsfw_cmds.train, ("classify", "safety"): safety_cmds.classify,
                   ("eval", "safety"): safety_cmds.evaluate, ("train", "safety"): safety_cmds.train}
        handler = handler.get((args.command, getattr(args, "what", None))) or handler[args.command]
        return handler(args)
    except (ConfigError, SessionError, UsageError, RecordError, ModelNotFound, BackendUnavailable) as err:
        print(f"so8t: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
