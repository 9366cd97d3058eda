"""The NSFW classifier trained on the team's seed set, and the CLI around it."""

import json

import pytest

from so8t_assets.steps.nsfw.classifier import SklearnNsfw
from so8t_assets.steps.nsfw.dataset import seed_examples, split
from so8t_assets.steps.nsfw.loader import models_root
from so8t_assets.steps.nsfw.store import resolve
from so8t_assets.steps.nsfw.train import train_sklearn
from so8t_cli.main import main


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One model for the module, stored where a config with this data root finds it."""
    data_root = tmp_path_factory.mktemp("data")
    train, heldout = split(seed_examples(), 0.2)
    version, folder, metrics = train_sklearn(train, heldout, models_root(data_root), threshold=0.5)
    return SklearnNsfw(folder, 0.5), metrics, data_root


@pytest.fixture
def config(trained, tmp_path):
    path = tmp_path / "so8t.yaml"
    path.write_text(f"storage: {{data_root: '{trained[2]}'}}\n")
    return str(path)


def test_seed_set_is_big_balanced_and_bilingual():
    examples = seed_examples()
    assert len(examples) >= 1500
    for lang in ("en", "ja"):
        for label in (0, 1):
            assert sum(1 for e in examples if e.lang == lang and e.label == label) >= 300, (lang, label)
    train, heldout = split(examples, 0.2)
    assert 0.15 < len(heldout) / len(examples) < 0.25
    assert not {e.text for e in train} & {e.text for e in heldout}


def test_heldout_quality_per_language(trained):
    metrics = trained[1]
    for lang in ("en", "ja"):
        assert metrics[lang]["f1"] >= 0.85, metrics[lang]
        assert metrics[lang]["auprc"] >= 0.9, metrics[lang]


@pytest.mark.parametrize("text,is_nsfw", [
    ("You must be 18 or older to enter this site. Uncensored adult videos updated daily.", True),
    ("当サイトはアダルトコンテンツを含みます。18歳未満の方はご利用いただけません。", True),
    ("Our rooster, an old bantam cock, crows at five every morning and wakes the whole farm.", False),
    ("今日のお弁当のおかずは、卵焼きとほうれん草のおひたしです。", False),
    ("Breast cancer screening with a mammogram is offered every two years from age 50.", False),
])
def test_hard_cases(trained, text, is_nsfw):
    classifier = trained[0]
    assert classifier.label([text])[0]["nsfw_label"] is is_nsfw


def test_labels_name_the_model_and_the_cues(trained):
    classifier = trained[0]
    label = classifier.label(["Adults only: explicit XXX videos"])[0]
    assert label["nsfw_model"] == f"so8t-nsfw-sklearn@{classifier.version}"
    assert "adults only" in label["reasons"] and 0.0 <= label["nsfw_score"] <= 1.0


def test_train_cli_stores_and_registers_a_model(tmp_path, capsys):
    assert main(["train", "nsfw"]) == 0
    folder = resolve(models_root(tmp_path / "data"), "sklearn")
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["heldout_metrics"]["all"]["f1"] > 0.8 and meta["n_train"] > 1000
    from mlflow import MlflowClient

    client = MlflowClient(f"sqlite:///{tmp_path / 'data' / 'mlflow.db'}")
    versions = client.search_model_versions("name = 'so8t-nsfw-sklearn'")
    assert [v.tags["so8t.model_version"] for v in versions] == [meta["version"]]


def test_classify_and_eval_cli(tmp_path, capsys, config):
    src = tmp_path / "in.jsonl"
    rows = [{"id": 1, "text": "Adults only. Enter if you are 18+. Hardcore XXX videos.", "y": 1},
            {"id": 2, "text": "The farmer's cock crowed at dawn.", "y": 0},
            {"id": 3, "text": "成人向けライブチャット、今すぐ無料登録。18歳未満禁止。", "y": 1},
            {"id": 4, "text": "乳がん検診のご案内：マンモグラフィ検査を受けましょう。", "y": 0}]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    out = tmp_path / "out.jsonl"
    assert main(["classify", "nsfw", "--input", str(src), "--output", str(out), "--config", config]) == 0
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert [g["id"] for g in got] == [1, 2, 3, 4] and all(g["nsfw_model"].startswith("so8t-nsfw") for g in got)
    assert [g["nsfw_label"] for g in got] == [True, False, True, False]
    capsys.readouterr()
    assert main(["eval", "nsfw", "--input", str(src), "--label-field", "y", "--config", config]) == 0
    report = capsys.readouterr().out
    assert "| all | 4 | 2 | 1.000 | 1.000 | 1.000 |" in report


@pytest.mark.parametrize("content,message", [
    ('{"text": "a"}\n{"text": \n', "in.jsonl:2: malformed JSON"),
    ('{"body": "a"}\n', "in.jsonl:1: missing field 'text'"),
    ("", "in.jsonl: no records"),
])
def test_cli_input_errors_are_one_line(tmp_path, capsys, config, content, message):
    src = tmp_path / "in.jsonl"
    src.write_text(content)
    assert main(["classify", "nsfw", "--input", str(src), "--output", str(tmp_path / "o.jsonl"),
                 "--config", config]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
    assert not (tmp_path / "o.jsonl").exists()


def test_classify_without_a_model_says_how_to_train(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "a"}\n')
    assert main(["classify", "nsfw", "--input", str(src), "--output", str(tmp_path / "o.jsonl")]) == 2
    assert "so8t train nsfw" in capsys.readouterr().err


def test_crawler_scores_pages_in_real_time(trained, tmp_path):
    from conftest import crawl_settings

    from so8t_demo.server import DemoServer
    from so8t_demo.site import manifest
    from so8t_resources.config import NsfwConfig
    from so8t_resources.crawler.engine import Crawler
    from so8t_resources.crawler.realtime_nsfw import RealtimeNsfw

    realtime = RealtimeNsfw(trained[0], NsfwConfig(on_detect="deprioritise_host"))
    with DemoServer() as site:
        crawler = Crawler(crawl_settings(tmp_path / "data"), tmp_path / "state", tmp_path / "warc",
                          progress=lambda m: None, nsfw=realtime)
        rows = crawler.run([site.url]).rows
    scores = {r["url"].split("/", 3)[3]: r["nsfw_score"] for r in rows if r["outcome"] == "ok"}
    adult = {e["path"].lstrip("/") for e in manifest() if e["nsfw"]}
    assert all(scores[p] >= 0.5 for p in adult)
    assert all(s is not None and s < 0.5 for p, s in scores.items() if p not in adult)
    assert 0 < realtime.host_share(site.url.rstrip("/")) < 0.2


def test_user_labelled_files_join_the_seed_set(tmp_path):
    extra = tmp_path / "ours.csv"
    extra.write_text("body,is_adult\n" + "".join(
        f"Members-only video chat room number {i}. Adults 18+ only.,yes\n"
        f"Library opening hours for branch number {i} this week.,no\n" for i in range(50)))
    config = tmp_path / "c.yaml"
    config.write_text("nsfw_detection:\n  training_files:\n"
                      f"    - {{path: '{extra}', text_field: body, label_field: is_adult}}\n")
    assert main(["train", "nsfw", "--config", str(config)]) == 0
    meta = json.loads((resolve(models_root(tmp_path / "data"), "sklearn") / "meta.json").read_text())
    seed_only = len(seed_examples())
    assert meta["n_train"] + meta["n_heldout"] == seed_only + 100


def test_bad_user_labels_are_a_clear_error(tmp_path, capsys):
    extra = tmp_path / "ours.jsonl"
    extra.write_text('{"text": "a", "label": "maybe"}\n')
    config = tmp_path / "c.yaml"
    config.write_text(f"nsfw_detection:\n  training_files:\n    - {{path: '{extra}'}}\n")
    assert main(["train", "nsfw", "--config", str(config)]) == 2
    err = capsys.readouterr().err.strip()
    assert "label 'maybe' is not one of" in err and "\n" not in err


def test_retraining_on_the_same_data_gives_the_same_version(tmp_path):
    train, heldout = split(seed_examples(), 0.2)
    first, _, _ = train_sklearn(train[::4], heldout[::4], tmp_path, threshold=0.5)
    again, _, _ = train_sklearn(train[::4], heldout[::4], tmp_path, threshold=0.5)
    other, _, _ = train_sklearn(train[1::4], heldout[::4], tmp_path, threshold=0.5)
    assert first == again != other


def test_eval_names_the_line_of_a_bad_label(config, tmp_path, capsys):
    gold = tmp_path / "gold.csv"
    gold.write_text("text,label\nhello,0\nsomething,perhaps\n")
    assert main(["eval", "nsfw", "--input", str(gold), "--label-field", "label", "--config", config]) == 2
    err = capsys.readouterr().err.strip()
    assert "gold.csv:3: label 'perhaps' is not one of" in err and "\n" not in err
