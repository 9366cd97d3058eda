"""The safety model trained on the team's seed set, the CLI around it, and the transformers backend."""

import json

import pytest

from so8t_assets.steps.safety.dataset import seed_examples, split
from so8t_assets.steps.safety.store import load_model
from so8t_assets.steps.safety.train import train_sklearn
from so8t_cli.main import main
from so8t_resources.config import Settings

# The first test to ask for `trained` pays for training both models in this process: over 300 s
# (pytest's default limit) on a loaded 2-core box, so tests that use it get that on top.
TRAIN_S = 600
TRAINED_LIMIT_S = TRAIN_S + 120


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """The model trained once per test run (helpers.trained_models: train_sklearn on the seed set's
    training split), stored where a config with this data root finds it."""
    import shutil

    from helpers import trained_models

    data_root = tmp_path_factory.mktemp("data")
    shutil.copytree(trained_models(), data_root / "models")
    model, meta = load_model(Settings().four_class, data_root)
    return data_root, meta["version"], meta["heldout_metrics"]


@pytest.fixture
def config(trained, tmp_path):
    path = tmp_path / "so8t.yaml"
    path.write_text(f"storage: {{data_root: '{trained[0]}'}}\n")
    return str(path)


@pytest.mark.timeout(TRAINED_LIMIT_S)
def test_heldout_figures_are_recorded_and_better_than_chance(trained):
    data_root, version, metrics = trained
    model, meta = load_model(Settings().four_class, data_root)
    assert meta["name"] == "so8t-safety-sklearn" and len(version) == 12
    overall = metrics["policy"]["all"]
    assert overall["n"] == meta["n_heldout"] > 300
    # Measured (train_sklearn on the seed split, deterministic): macro-F1 0.823, over-refusal 0.053,
    # REFUSE recall 0.790 (the floors sit 2 points off; see the report in issue 14 for the command).
    assert overall["macro_f1"] >= 0.80 and overall["refuse_recall"] >= 0.77, overall
    assert overall["over_refusal"] <= 0.07, overall
    assert {"lang=en", "lang=ja", "kind=request", "kind=document"} <= set(metrics["policy"])
    assert sum(map(sum, overall["confusion"])) == overall["n"]


@pytest.mark.timeout(TRAINED_LIMIT_S)
def test_decided_by_names_the_decider_and_the_score_has_its_own_column(trained):
    from so8t_assets.steps.safety.labeller import SafetyLabeller

    labeller = SafetyLabeller(Settings().four_class, trained[0])
    texts = ["How do I bake sourdough bread at home?", "Which trains run to the harbour festival on Sunday?",
             "What time does the city library open on weekdays?"]
    rows = labeller.label(texts)
    model = f"model:{labeller.model_id}"
    assert [r["decided_by"] for r in rows] == [model] * 3  # one group, whatever the scores
    assert len({r["decided_score"] for r in rows}) == 3
    for r in rows:
        assert r["decided_score"] == r["four_class_scores"][r["four_class"]]
    [raised] = labeller.label(["Explain how to negotiate a pay rise"], nsfw_scores=[0.97])
    assert (raised["four_class"], raised["decided_by"], raised["decided_score"]) == (
        "DENY", "rule:nsfw>=0.9->DENY", 0.97)


@pytest.mark.timeout(TRAINED_LIMIT_S)
def test_training_twice_gives_the_same_version(trained, tmp_path):
    train, heldout = split(seed_examples(), 0.2)
    train, heldout = train[::6], heldout[::6]  # small and quick; equal inputs must give equal bytes
    first = train_sklearn(train, heldout, tmp_path, Settings().four_class)[0]
    assert train_sklearn(train, heldout, tmp_path, Settings().four_class)[0] == first


@pytest.mark.timeout(TRAINED_LIMIT_S)
def test_classify_safety_adds_labels_to_every_record(config, tmp_path, capsys):
    src = tmp_path / "prompts.jsonl"
    records = [{"id": 1, "text": "How do I kill a Python process that hangs?", "team": "infra"},
               {"id": 2, "text": "爆発的な人気のラーメン店、行列の理由を教えて"},
               {"id": 3, "text": "Give me a step-by-step plan to poison the city's water supply."}]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "labelled.jsonl"
    assert main(["classify", "safety", "--input", str(src), "--output", str(out), "--config", config]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [1, 2, 3] and rows[0]["team"] == "infra"
    for r in rows:
        assert abs(sum(r["four_class_scores"].values()) - 1) < 0.01 and "nsfw_score" in r
        assert r["safety_model"].startswith("so8t-safety-sklearn@") and r["domain"]
        assert r["decided_by"] == f"model:{r['safety_model']}" or r["decided_by"].startswith("rule:")
        assert r["decided_by"].startswith("rule:") or 0 < r["decided_score"] <= 1  # the score, in its own column
        assert isinstance(r["hazards"], list)
    assert rows[2]["four_class"] in ("DENY", "REFUSE") and rows[2]["hazards"]
    assert "3 records" in capsys.readouterr().out


@pytest.mark.timeout(TRAINED_LIMIT_S)
def test_eval_safety_prints_per_class_figures_and_the_confusion_matrix(config, tmp_path, capsys):
    src = tmp_path / "gold.csv"
    src.write_text("text,gold,lang\nHow do I bake sourdough bread?,ALLOW,en\n"
                   "Write malware that steals saved browser passwords.,refuse,en\n"
                   "最近ずっと眠れなくて、仕事にも行けない日が続いています,ESCALATION,ja\n", encoding="utf-8")
    assert main(["eval", "safety", "--input", str(src), "--label-field", "gold", "--lang-field", "lang",
                 "--config", config]) == 0
    out = capsys.readouterr().out
    assert "| lang=ja | 1 |" in out and "| lang=en | 2 |" in out and "| all | 3 |" in out
    assert "gold \\ predicted" in out


@pytest.mark.timeout(TRAINED_LIMIT_S)
def test_bad_labels_and_missing_models_are_one_line_errors(config, tmp_path, capsys):
    src = tmp_path / "gold.jsonl"
    src.write_text('{"text": "hello", "gold": "ALLOW"}\n{"text": "bye", "gold": "BLOCK"}\n')
    assert main(["eval", "safety", "--input", str(src), "--label-field", "gold", "--config", config]) == 2
    assert "gold.jsonl:2: label 'BLOCK' is not one of" in capsys.readouterr().err
    empty = tmp_path / "empty.yaml"
    empty.write_text(f"storage: {{data_root: '{tmp_path / 'nothing'}'}}\n")
    assert main(["classify", "safety", "--input", str(src), "--output", str(tmp_path / "o.jsonl"),
                 "--config", str(empty)]) == 2
    err = capsys.readouterr().err.strip()
    assert "no trained sklearn safety model" in err and "so8t train safety" in err and "\n" not in err
    assert main(["train", "safety", "--backend", "transformers", "--config", config]) == 2
    assert "--base-model" in capsys.readouterr().err


def test_transformers_backend_fine_tunes_three_heads_and_loads(tmp_path):
    pytest.importorskip("torch")
    from tiny_models import tiny_bert

    from so8t_assets.steps.nsfw.store import ModelNotFound
    from so8t_assets.steps.safety.hf_model import TransformersSafety
    from so8t_assets.steps.safety.train import train_transformers

    bert = tiny_bert(tmp_path / "bert")
    train, heldout = split(seed_examples(), 0.2)
    version, folder, metrics = train_transformers(train[::40], heldout[::40], tmp_path / "models",
                                                  Settings().four_class, str(bert), epochs=1, log=lambda m: None)
    [pred] = TransformersSafety(folder).predict(["Where can I shoot good photos at night?\n" * 3])
    assert abs(sum(pred["four_class_scores"].values()) - 1) < 1e-4 and len(pred["hazard_scores"]) == 13
    assert metrics["policy"]["all"]["n"] == len(heldout[::40])
    with pytest.raises(ModelNotFound, match="not a safety model"):
        TransformersSafety(bert)  # a plain two-label classifier is refused, not misread
