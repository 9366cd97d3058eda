"""A session's statistics, read from its Parquet partitions with DuckDB (tables it lacks are skipped).

One JSON-ready dict: the funnel from fetched pages to training records, crawl outcomes and
error kinds, drop reasons, the NSFW rate and score histogram, the four-class distribution per
language, and the model versions that labelled the session.
"""

from __future__ import annotations

from pathlib import Path

from so8t_resources.storage import partition_path


def _query(data_root: Path, session_id: str, table: str, sql: str) -> list[tuple]:
    import duckdb

    path = partition_path(data_root, table, session_id)
    if not path.exists():
        return []
    con = duckdb.connect()
    try:
        return con.execute(sql.replace("{t}", f"read_parquet('{str(path).replace(chr(39), chr(39) * 2)}')")).fetchall()
    finally:
        con.close()


def session_stats(data_root: Path, session_id: str) -> dict:
    q = lambda table, sql: _query(data_root, session_id, table, sql)  # noqa: E731
    outcomes = dict(q("raw_pages", "SELECT outcome, count(*) FROM {t} GROUP BY 1"))
    skipped = dict(q("crawl_skips", "SELECT outcome, count(*) FROM {t} GROUP BY 1"))
    drops = dict(q("cleansed_rejects", "SELECT drop_reason, count(*) FROM {t} GROUP BY 1"))
    nsfw = q("nsfw_labels", "SELECT count(*), sum(CAST(nsfw_label AS INT)), "
                            "list(nsfw_score ORDER BY url), any_value(model || '@' || model_version) FROM {t}")
    classes = q("four_class_labels", "SELECT lang, four_class, count(*) FROM {t} GROUP BY 1, 2")
    safety_model = q("four_class_labels", "SELECT any_value(safety_model) FROM {t}")
    records = dict(q("thinking_datasets", "SELECT four_class, count(*) FROM {t} GROUP BY 1"))
    rejected_records = q("thinking_rejects", "SELECT count(*) FROM {t}")
    n_labels, n_nsfw, scores, nsfw_model = nsfw[0] if nsfw else (0, 0, [], None)
    kept = q("cleansed_text", "SELECT count(*) FROM {t}")
    per_lang: dict[str, dict[str, int]] = {}
    for lang, cls, n in classes:
        per_lang.setdefault(lang or "und", {})[cls] = n
    return {
        "session": session_id,
        "funnel": {"fetched": sum(outcomes.values()), "ok_pages": outcomes.get("ok", 0),
                   "cleansed_kept": kept[0][0] if kept else 0, "labelled": sum(n for _, _, n in classes),
                   "training_records": sum(records.values())},
        "crawl_outcomes": outcomes,
        "errors": {k: v for k, v in {**outcomes, **skipped}.items() if k != "ok"},
        "drop_reasons": drops,
        "nsfw": {"pages": n_labels or 0, "nsfw_pages": int(n_nsfw or 0),
                 "rate": round((n_nsfw or 0) / n_labels, 4) if n_labels else 0.0, "scores": scores or []},
        "four_class_by_lang": per_lang,
        "records_by_class": records,
        "records_rejected": rejected_records[0][0] if rejected_records else 0,
        "models": {"nsfw": nsfw_model, "safety": safety_model[0][0] if safety_model else None},
    }
