"""The README's main command, and the demo site it crawls."""

import json
from collections import Counter

import matplotlib.pyplot as plt
import pyarrow.parquet as pq
from mlflow import MlflowClient
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from so8t_assets.steps.thinking.record import parse_parts, thinking_sha256
from so8t_cli.main import main
from so8t_demo.site import manifest, pages
from so8t_resources.config import CONFIGS_DIR


def test_demo_site_covers_what_later_stages_must_tell_apart():
    entries = manifest()
    assert len(entries) >= 40
    assert {e["lang"] for e in entries} == {"en", "ja"}
    assert {"shift_jis", "euc-jp"} <= {e["encoding"] for e in entries}
    kinds = Counter(e["kind"] for e in entries)
    for kind in ("article", "adult", "dangerous", "medical", "legal", "near_duplicate", "pii", "hard_negative"):
        assert kinds[kind] > 0, kind
    paths = {e["path"] for e in entries}
    assert all(e["duplicate_of"] in paths for e in entries if e["kind"] == "near_duplicate")
    assert all(link in paths for p in pages() for link in p["links"])
    for p in pages():  # every planted PII value is really in the page text
        assert all(v in " ".join(p["paragraphs"]) for v in p.get("pii_values") or [])
    assert any(not e["robots_allowed"] for e in entries)


def test_so8t_demo_crawls_every_page_robots_allows(tmp_path, capsys):
    assert main(["demo"]) == 0
    config = CONFIGS_DIR / "demo.yaml"
    out = capsys.readouterr().out
    path_line = next(line for line in out.splitlines() if line.startswith("raw_pages:"))
    table = pq.read_table(path_line.split(":", 1)[1].strip())
    allowed = [e for e in manifest() if e["robots_allowed"]]
    assert table.num_rows == len(allowed)
    assert set(table.column("outcome").to_pylist()) == {"ok"}
    crawled = {u.split("/", 3)[3] for u in table.column("url").to_pylist()}
    assert crawled == {e["path"].lstrip("/") for e in allowed}
    by_path = {u.split("/", 3)[3]: lang for u, lang in zip(table.column("url").to_pylist(),
                                                             table.column("language").to_pylist(), strict=True)}
    # Language ID agrees with the manifest on the article pages, whatever their encoding.
    for e in allowed:
        if e["kind"] != "index":
            assert by_path[e["path"].lstrip("/")] == e["lang"], e["path"]
    assert (tmp_path / "data" / "catalog.duckdb").exists()
    # NSFW: every page the team marked adult is NSFW, and no other page is.
    labels_line = next(line for line in out.splitlines() if line.startswith("nsfw_labels:"))
    labels = pq.read_table(labels_line.split(":", 1)[1].strip()).to_pylist()
    nsfw = {r["url"].split("/", 3)[3] for r in labels if r["nsfw_label"]}
    assert nsfw == {e["path"].lstrip("/") for e in allowed if e["nsfw"]}
    assert len(labels) == len(allowed) and all(r["model_version"] for r in labels)

    # Cleansing: planted PII gone, planted near-copies rejected, every dropped page explained.
    data = tmp_path / "data"
    session = path_line.split("session=")[1].split("/")[0]
    kept = pq.read_table(data / "cleansed_text" / f"session={session}" / "part-0.parquet").to_pylist()
    rejects = pq.read_table(data / "cleansed_rejects" / f"session={session}" / "part-0.parquet").to_pylist()
    planted = [v for p in pages() if not p["path"].startswith("/private/") for v in p.get("pii_values") or []]
    assert planted and not [v for v in planted for r in kept if v in r["text"]]
    by_path = {r["url"].split("/", 3)[3]: r for r in rejects}
    for e in allowed:
        if e["kind"] == "near_duplicate":
            r = by_path[e["path"].lstrip("/")]
            original = r["duplicate_of"].split("/", 3)[3]
            assert (r["drop_reason"], original) == ("near_duplicate", e["duplicate_of"].lstrip("/"))
    assert all(r["drop_reason"] for r in rejects)
    assert len(kept) + len(rejects) == len(labels)  # every page with text is kept or explained

    # Safety: the pages the team wrote as harmful are DENY or REFUSE, the benign ones ALLOW or ESCALATION,
    # and every label says what decided it.
    classes_line = next(line for line in out.splitlines() if line.startswith("four_class_labels:"))
    labelled = pq.read_table(classes_line.split(":", 1)[1].strip()).to_pylist()
    assert len(labelled) == len(kept) and all(r["decided_by"] and r["safety_model"] for r in labelled)
    intended = {e["path"].lstrip("/"): e["intended_class"] for e in allowed}
    harmful = {"DENY", "REFUSE"}
    wrong = [(r["url"], r["four_class"]) for r in labelled
             if (r["four_class"] in harmful) != (intended[r["url"].split("/", 3)[3]] in harmful)]
    assert not wrong
    assert {intended[r["url"].split("/", 3)[3]] for r in labelled} >= {"DENY", "REFUSE"}  # harmful pages kept

    # Thinking datasets: records for every class; the public export has no thinking; the audit recomputes.
    assert main(["export", "--session", session, "--dataset", "thinking", "--output", str(tmp_path / "private.jsonl"),
                 "--config", str(config)]) == 0
    assert main(["export", "--session", session, "--dataset", "thinking", "--public", "--output",
                 str(tmp_path / "public.jsonl"), "--config", str(config)]) == 0
    assert main(["export", "--session", session, "--dataset", "thinking", "--public", "--format", "parquet",
                 "--output", str(tmp_path / "public.parquet"), "--config", str(config)]) == 0
    private = [json.loads(line) for line in (tmp_path / "private.jsonl").read_text(encoding="utf-8").splitlines()]
    public = (tmp_path / "public.jsonl").read_text(encoding="utf-8")
    assert {r["four_class"] for r in private} == {"ALLOW", "ESCALATION", "DENY", "REFUSE"}
    assert {r["lang"] for r in private} == {"en", "ja"}
    assert "<think" not in public and len(public.splitlines()) == len(private)
    assert "<think" not in json.dumps(pq.read_table(tmp_path / "public.parquet").to_pylist(), ensure_ascii=False)
    for r in private:  # the schema an SFT trainer reads: a list of role/content turns ending with the assistant
        assert [m["role"] for m in r["messages"]] == ["system", "user", "assistant"]
        assert all(isinstance(m["content"], str) and m["content"] for m in r["messages"])
    audit = {r["record_id"]: r["thinking_sha256"]
             for r in pq.read_table(data / "thinking_audit" / f"session={session}" / "part-0.parquet").to_pylist()}
    assert audit == {r["record_id"]: thinking_sha256(parse_parts(r["messages"][-1]["content"])) for r in private}

    # Session report: a dashboard that is not blank, the stats, and an MLflow run with the registered models.
    png = data / "reports" / f"session={session}" / "dashboard.png"
    image = plt.imread(png)
    assert image.shape[0] > 500 and image.shape[1] > 1000 and image[..., :3].std() > 0.05
    stats = json.loads((png.parent / "stats.json").read_text(encoding="utf-8"))
    assert stats["funnel"]["training_records"] == len(private) and stats["funnel"]["cleansed_kept"] == len(kept)
    client = MlflowClient(f"sqlite:///{data / 'mlflow.db'}")
    [run] = client.search_runs([client.get_experiment_by_name("so8t-sessions").experiment_id],
                               f"tags.`so8t.session` = '{session}'")
    assert run.data.metrics["session_report.funnel_training_records"] == len(private)
    assert run.data.metrics["cleansed_text.kept"] == len(kept) and run.data.params["safety_model"]
    assert run.data.params["config_hash"] and {a.path for a in client.list_artifacts(run.info.run_id)} >= {
        "dashboard.png", "stats.json"}
    assert {m.name for m in client.search_registered_models()} >= {"so8t-nsfw-sklearn", "so8t-safety-sklearn"}
    events = EventAccumulator(str(data / "tensorboard" / f"session={session}"))
    events.Reload()
    assert events.Scalars("raw_pages/pages")[0].value == len(allowed)
    assert events.Scalars("thinking_datasets/records")[0].value == len(private)
    assert list(data.glob(f"wandb/offline-run-*-session-{session}/run-session-{session}.wandb"))
    png.unlink()
    assert main(["report", "--session", session, "--config", str(config)]) == 0 and png.exists()  # redrawn
