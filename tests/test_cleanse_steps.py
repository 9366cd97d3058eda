"""Cleansing steps (issue 4, in progress): normalisation and the Japanese quality rules."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from so8t_assets.steps.cleanse.normalise import Normaliser, nfkc_safe
from so8t_assets.steps.cleanse.quality_en import (
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)
from so8t_assets.steps.cleanse.quality_ja import JapaneseQualityFilter
from so8t_assets.steps.cleanse.repetition import duplicate_ngram_share, top_ngram_share

# Varied, ordinary Japanese prose: six different sentences, about 450 characters.
GOOD_JA = (
    "駅前の商店街では、毎年夏になると小さな祭りが開かれ、子どもから高齢者まで多くの人が集まります。"
    "今年は四年ぶりに夜店が並び、焼きそばや綿菓子の香りが通り全体に広がっていました。"
    "実行委員会の人たちは、準備のために春から何度も集まり、会場の安全について話し合ってきたそうです。"
    "夕方になると、地元の中学生による吹奏楽の演奏が始まり、見物に来た家族連れが足を止めて耳を傾けていました。"
    "祭りの最後には、商店街の若手が企画した灯籠流しが行われ、川面に映る柔らかな光に多くの人が見入っていました。"
    "来年は近くの小学校とも協力して、子ども向けの体験コーナーを増やしたいと委員長は話していました。"
    "参加した人の中には、遠方から帰省した家族も多く、久しぶりに再会した友人と笑顔で話す姿があちこちで見られました。"
    "片付けは翌朝まで続きましたが、ボランティアの高校生たちが率先してごみを拾い、通りはすぐにきれいになりました。"
    "商店街の会長は、来場者の笑顔を見ると一年の疲れが吹き飛ぶと語り、次の祭りに向けた抱負を述べていました。"
)


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


GOOD_EN = "\n\n".join([
    "The harbour festival returned this weekend after a four-year pause, and the quay was busy from dawn. "
    "Fishing crews opened their boats to visitors, and the lifeboat station ran short safety talks for children.",
    "Food stalls lined the promenade, selling grilled mackerel, fresh oysters and a local cider that sold out "
    "before noon. Organisers said that the weather had helped, with clear skies and a light breeze all day.",
    "In the evening a brass band played on the pier while the tall ships lit their rigging. Several families "
    "said it was the first time they had seen the harbour so full since they moved to the town.",
    "The council plans to make the festival a yearly event again, with more space for local makers and a "
    "quieter area for younger visitors. Volunteers will meet next month to review what worked and what did not.",
])


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
    (GopherRepetitionFilter(), "spam spam " * 100, "top_2_gram"),
    (GopherRepetitionFilter(), GOOD_EN + " " + GOOD_EN.split("\n\n")[0].replace(". ", " ") * 2, "duplicated_5_n_grams"),
    (C4QualityFilter(), GOOD_EN + " Lorem ipsum dolor sit amet.", "lorem_ipsum"),
    (C4QualityFilter(), GOOD_EN + " function() { return 1; }", "curly_bracket"),
    (C4QualityFilter(), "One sentence here. And a second one.", "too_few_sentences"),
    (FineWebQualityFilter(), "\n".join(f"Menu entry {i} without a full stop" for i in range(10)),
     "line_punct_ratio"),
    (FineWebQualityFilter(), "\n".join(f"Short line {i}." for i in range(10)), "short_line_ratio"),
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
