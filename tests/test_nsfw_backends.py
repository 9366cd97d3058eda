"""The embedding and transformers backends, on a tiny random BERT built offline (nothing downloads)."""

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from tiny_models import tiny_bert  # noqa: E402

from so8t_assets.steps.nsfw.classifier import EmbeddingNsfw, TransformersNsfw  # noqa: E402
from so8t_assets.steps.nsfw.dataset import seed_examples, split  # noqa: E402
from so8t_assets.steps.nsfw.loader import load_classifier, models_root  # noqa: E402
from so8t_assets.steps.nsfw.train import train_embedding, train_transformers  # noqa: E402
from so8t_resources.config import NsfwConfig  # noqa: E402


@pytest.fixture(scope="module")
def small_split():
    train, heldout = split(seed_examples(), 0.2)
    # A slice keeps the CPU cost to seconds; both classes and languages stay in it.
    return train[::8], heldout[::8]


@pytest.fixture(scope="module")
def bert(tmp_path_factory):
    return tiny_bert(tmp_path_factory.mktemp("tiny-bert"))


def test_any_local_hf_model_folder_serves_inference(bert):
    clf = load_classifier(NsfwConfig(backend="transformers", model_path=str(bert)), data_root=bert.parent)
    assert isinstance(clf, TransformersNsfw)
    labels = clf.label(["Adults only", "今日のおかずは卵焼き", "x " * 2000])  # the last one is truncated
    assert [0.0 <= lab["nsfw_score"] <= 1.0 for lab in labels] == [True] * 3
    assert clf.version and clf.name == bert.name  # a folder without meta.json is versioned by content


def test_fine_tune_stores_a_versioned_model_that_loads_back(bert, small_split, tmp_path):
    train, heldout = small_split
    version, folder, metrics = train_transformers(train, heldout, models_root(tmp_path), 0.5, str(bert),
                                                  epochs=1, log=lambda m: None)
    assert (folder / "config.json").exists() and set(metrics) == {"all", "en", "ja"}
    clf = load_classifier(NsfwConfig(backend="transformers"), data_root=tmp_path)
    assert clf.version == version and clf.name == "so8t-nsfw-transformers"
    assert clf.meta["heldout_metrics"] == metrics


def test_embedding_head_trains_and_loads(bert, small_split, tmp_path):
    train, heldout = small_split
    version, folder, metrics = train_embedding(train, heldout, models_root(tmp_path), 0.5, encoder_path=str(bert))
    clf = load_classifier(NsfwConfig(backend="embedding"), data_root=tmp_path)
    assert isinstance(clf, EmbeddingNsfw) and clf.version == version
    assert len(clf.scores(["a", "b", "c"])) == 3 and metrics["all"]["n"] == len(heldout)


def test_train_cli_fine_tunes_then_classify_uses_it(bert, tmp_path, capsys):
    from so8t_cli.main import main

    assert main(["train", "nsfw", "--backend", "transformers"]) == 2
    assert "--base-model" in capsys.readouterr().err
    assert main(["train", "nsfw", "--backend", "transformers", "--base-model", str(bert), "--epochs", "1"]) == 0
    config = tmp_path / "t.yaml"
    config.write_text("nsfw_detection: {backend: transformers}\n")
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"text": "hello"}\n')
    assert main(["classify", "nsfw", "--input", str(src), "--output", str(out), "--config", str(config)]) == 0
    assert '"nsfw_model": "so8t-nsfw-transformers@' in out.read_text()
