"""Cleansing steps (issue 4, in progress): normalisation and the Japanese quality rules."""

import pytest

from so8t_assets.steps.cleanse.normalise import Normaliser, nfkc_safe
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
