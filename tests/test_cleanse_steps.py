"""Cleansing steps: normalisation and the English and Japanese quality rules."""

import json

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from texts import GOOD_EN, GOOD_JA

from so8t_assets.steps.cleanse.normalise import Normaliser, nfkc_safe
from so8t_assets.steps.cleanse.quality_en import (
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)
from so8t_assets.steps.cleanse.quality_ja import JapaneseQualityFilter
from so8t_assets.steps.cleanse.repetition import duplicate_ngram_share, top_ngram_share

# One long line: repeated once it is a small share of lines but a large share of characters.
LONG_LINE = ("The lifeboat crew explained how a rescue at sea is planned, from the first call to the coastguard "
             "to the moment the boat is back on its slipway, and answered questions from a crowd of children "
             "who wanted to know how cold the water gets in winter and how long a volunteer trains.")


def test_normaliser_repairs_folds_and_keeps_japanese_punctuation():
    text = "cafÃ©\u200b  ＡＢＣ１２３ ｶﾀｶﾅ\u3000本当ですか！？（注）\r\nmenu\nx\nmenu\ny\nmenu\nz\nmenu"
    assert Normaliser()(text) == "café ABC123 カタカナ 本当ですか！？（注）\nmenu\nx\ny\nz"
    assert nfkc_safe("①　ｱ") == "1 ア"


def test_repetition_measures():
    assert top_ngram_share(list("abab"), 2) == 1.0
    assert duplicate_ngram_share(list("abcdefg"), 3) == 0.0
    assert duplicate_ngram_share(list("abcabc"), 3) == 1.0


def test_good_japanese_passes():
    assert JapaneseQualityFilter()(GOOD_JA) is True


@pytest.mark.parametrize("text,reason", [
    (GOOD_JA[:300], "ja_too_short"),
    ("This page is mostly English text with a little 日本語 in it. " * 12, "ja_low_japanese_share"),
    ("東京都千代田区霞が関一丁目中央合同庁舎第五号館厚生労働省医政局総務課地域医療計画課。" * 12,
     "ja_low_hiragana_share"),
    ("アイスクリームとチョコレートをかいにいきました。" * 20, "ja_high_katakana_share"),
    ("はい。" * 200, "ja_mean_sentence_length"),
    (GOOD_JA.replace("。", "、", 4), "ja_long_sentence"),
    (GOOD_JA + "無修正のエロ動画が見放題、人妻と熟女の出会い系。" * 3, "ja_ng_words"),
    ("今日はとても良い天気なので、家族みんなで近くの公園まで散歩に出かけました。" * 12, "ja_top_8gram_repetition"),
    (GOOD_JA + GOOD_JA[:200], "ja_dup_10gram_repetition"),
])
def test_each_japanese_rule_names_its_reason(text, reason):
    assert JapaneseQualityFilter()(text) == (False, reason)


def test_good_english_passes_every_rule():
    for rule in (GopherQualityFilter(), GopherRepetitionFilter(), C4QualityFilter(), FineWebQualityFilter()):
        assert rule(GOOD_EN) is True, rule


@pytest.mark.parametrize("rule,text,reason", [
    (GopherQualityFilter(), "Too short to be a document.", "gopher_short_doc"),
    (GopherQualityFilter(), "a b c d e f g h i j " * 10, "gopher_below_avg_threshold"),
    (GopherQualityFilter(), "internationalisation-considerations " * 60, "gopher_above_avg_threshold"),
    (GopherQualityFilter(), GOOD_EN + " #tag" * 40, "gopher_too_many_hashes"),
    (GopherQualityFilter(), GOOD_EN + " and so on..." * 25, "gopher_too_many_ellipsis"),
    (GopherQualityFilter(), "\n".join(f"• item number {i} with the best price" for i in range(20)),
     "gopher_too_many_bullets"),
    (GopherQualityFilter(), "\n".join(f"Read more about story {i} and the rest of the news…" for i in range(20)),
     "gopher_too_many_end_ellipsis"),
    (GopherQualityFilter(), GOOD_EN + " 1234 5678 9012 3456" * 60, "gopher_below_alpha_threshold"),
    (GopherQualityFilter(), "Buy cheap shoes online now. " * 20, "gopher_enough_stop_words"),
    (GopherRepetitionFilter(), "\n\n".join([GOOD_EN.split("\n\n")[0]] * 3 + [GOOD_EN]), "dup_para"),
    (GopherRepetitionFilter(), GOOD_EN + "\n\n" + GOOD_EN.split("\n\n")[3], "dup_para_char_frac"),
    (GopherRepetitionFilter(), "\n".join(["Home", "News"] * 4 + ["Sport"]) + "\n\n" + GOOD_EN,
     "dup_line"),
    (GopherQualityFilter(max_doc_words=50), GOOD_EN, "gopher_long_doc"),
    (GopherRepetitionFilter(), GOOD_EN + "\n\n" + "\n".join([LONG_LINE, LONG_LINE]), "dup_line_char_frac"),
    (GopherRepetitionFilter(), "spam spam " * 100, "top_2_gram"),
    (GopherRepetitionFilter(), GOOD_EN + " " + GOOD_EN.split("\n\n")[0].replace(". ", " ") * 2, "duplicated_5_n_grams"),
    (C4QualityFilter(), GOOD_EN + " Lorem ipsum dolor sit amet.", "lorem_ipsum"),
    (C4QualityFilter(), GOOD_EN + " function() { return 1; }", "curly_bracket"),
    (C4QualityFilter(), "One sentence here. And a second one.", "too_few_sentences"),
    (FineWebQualityFilter(), "\n".join(f"Menu entry {i} without a full stop" for i in range(10)),
     "line_punct_ratio"),
    (FineWebQualityFilter(), "\n".join(f"Short line {i}." for i in range(10)), "short_line_ratio"),
    (FineWebQualityFilter(), "\n".join(f"Internationalisation considerations number{i}." for i in range(12)),
     "list_ratio"),
    (FineWebQualityFilter(), GOOD_EN + "\nSubscribe to our newsletter for updates.\n"
     "Subscribe to our newsletter for updates.", "char_dup_ratio"),
])
def test_each_english_rule_names_its_reason(rule, text, reason):
    assert rule(text) == (False, reason)


def test_c4_line_cleaner_drops_policy_javascript_and_unterminated_lines():
    text = ("Please enable JavaScript to view this page.\nThis site uses cookies to improve your visit.\n"
            "Menu\nThe ferry leaves at nine and returns at six.")
    assert C4QualityFilter().clean_lines(text) == "The ferry leaves at nine and returns at six."


@given(st.text(max_size=3000))
@settings(max_examples=200, deadline=None)
def test_no_step_raises_on_arbitrary_unicode(text):
    cleaned = Normaliser()(text)
    for rule in (JapaneseQualityFilter(), GopherQualityFilter(), GopherRepetitionFilter(), C4QualityFilter(),
                 FineWebQualityFilter()):
        for candidate in (text, cleaned):
            result = rule(candidate)
            assert result is True or (result[0] is False and isinstance(result[1], str))
    assert isinstance(C4QualityFilter().clean_lines(text), str)


@given(st.text(alphabet="あいうえおかきくけこアイウエオ日本語文章。、！？\n 　ab1", min_size=350, max_size=2500))
@settings(max_examples=150, deadline=None)
def test_japanese_rules_never_raise_on_japanese_like_noise(text):
    result = JapaneseQualityFilter()(text)
    assert result is True or result[0] is False


def test_cleansed_text_redacts_the_title_as_well_as_the_text(tmp_path):
    """Every text field that reaches the dataset is redacted; the url stays (it is the row's id)."""
    import pyarrow as pa
    from dagster import instance_for_test, materialize
    from helpers import write_config

    from so8t_assets.cleansed_text import cleansed_text
    from so8t_assets.partitions import SESSIONS
    from so8t_resources.config import load_settings
    from so8t_resources.sessions import write_manifest
    from so8t_resources.settings_resource import SettingsResource
    from so8t_resources.storage import partition_path, write_partition
    from so8t_resources.tracking_resource import TrackingResource

    config = write_config(tmp_path)
    settings = load_settings(config)
    url = "https://harbour.example/festival"
    page = {"url": url, "title": "Festival: call 090-1234-5678 or mail desk@harbour-news.example",
            "text": GOOD_EN + "\n\nTickets: 415.555.0134x12.", "outcome": "ok"}
    write_manifest(settings.data_root(), "s1", [url], settings)
    write_partition(settings.data_root(), "raw_pages", "s1", pa.Table.from_pylist([page]))
    with instance_for_test() as instance:
        instance.add_dynamic_partitions(SESSIONS, ["s1"])
        result = materialize([cleansed_text], partition_key="s1", instance=instance, resources={
            "settings": SettingsResource(config_path=str(config)), "tracking": TrackingResource()})
    assert result.success
    [row] = pq.read_table(partition_path(settings.data_root(), "cleansed_text", "s1")).to_pylist()
    assert row["title"] == "Festival: call <PHONE> or mail <EMAIL>" and row["url"] == url
    assert "<PHONE>." in row["text"] and "0134" not in row["text"]
    assert json.loads(row["pii_counts"]) == {"EMAIL": 1, "PHONE": 2}
