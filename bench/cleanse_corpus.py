"""Synthetic web-page text for the cleansing benchmark: English and Japanese prose built from
the team's own phrase lists (no public data), seeded, so every run sees the same documents.

Kinds: `good` (a few hundred words of varied prose, some with an e-mail or phone number),
`low` (short, repetitive or symbol-heavy pages) and `near_dup` (an earlier good page with a
few words changed). Document i depends only on (seed, i), so a near-duplicate regenerates
its source instead of keeping texts in memory.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

EN_DETS = ["the", "our", "several", "a few", "some", "two", "three", "many", "five", "local"]
EN_ADJS = ["young", "retired", "tireless", "cheerful", "patient", "experienced", "new", "elderly", "curious",
           "busy", "careful", "friendly", "volunteer", "part-time"]
EN_PEOPLE = ["councillors", "farmers", "librarians", "engineers", "surveyors", "parents", "students", "teachers",
             "nurses", "bakers", "gardeners", "carpenters", "fishermen", "musicians", "cyclists", "residents",
             "shopkeepers", "firefighters", "researchers", "electricians", "painters", "caretakers"]
EN_VERBS = ["repaired", "replaced", "reviewed", "extended", "repainted", "moved", "tested", "rebuilt", "cleaned",
            "measured", "redesigned", "inspected", "funded", "reopened", "documented", "insulated", "restored",
            "surveyed", "widened", "upgraded"]
EN_OWNERS = ["the", "its", "their", "our", "the whole", "one", "the last", "the first"]
EN_THING_ADJS = ["old", "damaged", "popular", "rusty", "narrow", "wooden", "shared", "neglected", "historic",
                 "main", "second", "leaking", "", "", ""]
EN_THINGS = ["heating system", "timetable", "rainwater tank", "benches", "recycling scheme", "classroom",
             "bus shelter", "footbridge", "solar panels", "reading room", "fairground", "street lights",
             "flood barrier", "football pitch", "windows", "tool shed", "storage room", "picnic area",
             "visitor guide", "drainage ditch", "bandstand", "playground", "orchard", "bell tower", "cinema",
             "archive", "boathouse", "kitchen", "greenhouse", "fence"]
EN_PREPS = ["near", "beside", "behind", "opposite", "outside", "next to", "at", "along", "above", "below", "by"]
EN_PLACE_ADJS = ["old", "new", "north", "east", "south", "west", "upper", "lower", "busy", "quiet", "", "", ""]
EN_PLACES = ["market square", "river path", "station", "library", "harbour", "village green", "sports hall",
             "high street", "school", "coast road", "water mill", "bus depot", "glasshouse", "covered market",
             "town hall", "chapel", "quay", "bridge", "car park", "ferry terminal", "allotments", "museum"]
EN_OPENERS = ["Last spring,", "According to the minutes,", "As many people expected,", "In the end,",
              "For the first time in years,", "Despite the weather,", "Over the winter,", "Early in March,",
              "After a long debate,", "To everyone's surprise,", "With little fuss,", "By the end of the month,",
              "Two weeks ago,", "Earlier this year,", "Once the permits arrived,", "On a quiet Tuesday,",
              "Without any outside help,", "Following a public meeting,", "During the school holidays,",
              "Shortly after dawn,", "At the request of residents,", "In a modest ceremony,"]
EN_TAILS = ["which saved a good deal of money", "before the first frost arrived", "and asked neighbours for comments",
            "although the cost rose by {n} percent", "so that older visitors could reach it safely",
            "with help from {n} students", "while the road stayed open", "and published the results online",
            "after {n} months of careful planning", "because the previous design had failed twice",
            "and thanked everyone who had donated", "even though the budget was tight",
            "so the work should last another {n} years", "once the ground had dried out",
            "in time for the summer visitors", "without closing the building"]
EN_REMARKS = ["Nobody could remember when it had last been done properly.", "Most people seemed pleased with it.",
              "Some visitors still prefer the old arrangement, of course.", "The photographs are worth a look.",
              "There is a full report on the notice board for anyone who wants detail.",
              "It is a small change, but a welcome one.", "Questions at the meeting were mostly about parking.",
              "Children from the primary school helped to plant the borders.", "The next phase begins in autumn."]
JA_PLACE_ADJS = ["古い", "新しい", "北の", "南の", "駅前の", "小さな", "静かな", "海辺の", "町外れの", "川沿いの", ""]
JA_PLACES = ["広場", "公園", "図書館", "体育館", "公民館", "市場", "港", "水車小屋", "温室", "農園", "商店街", "集落",
             "車庫", "小学校", "神社", "倉庫街", "駐車場", "美術館"]
JA_WHO_ADJS = ["地元の", "若い", "ベテランの", "近所の", "数人の", "二人の", "市の", "大学の", "", ""]
JA_PEOPLE = ["職員", "農家の人", "研究者", "組合員", "ボランティア", "役員", "先生", "担当者", "管理人", "パン屋さん",
             "団員", "保護者", "学芸員", "学生", "住民", "大工さん", "漁師", "看護師"]
JA_THINGS = ["暖房", "時刻表", "雨水タンク", "ベンチ", "街灯", "歩道橋", "案内板", "排水路", "屋根", "花壇", "看板",
             "物置", "遊具", "井戸", "掲示板", "窓ガラス", "防波堤", "水路", "階段", "門"]
JA_ACTIONS = ["点検", "修理", "見直し", "設置", "交換", "清掃", "塗装", "調査", "撤去", "補強", "記録", "改修"]
JA_VERBS = ["進めました", "終えました", "始めています", "行いました", "続けてきました", "計画しています",
            "引き受けました", "手伝いました", "予定しています", "済ませました"]
JA_OPENERS = ["先月、", "関係者によると、", "予想どおり、", "最終的に、", "数年ぶりに、", "雨の中、", "冬の間に、",
              "三月の初めに、", "長い話し合いの末、", "意外なことに、", "住民の要望を受けて、", "説明会のあと、",
              "夏休みの期間中に、", "朝早くから、", "許可が下りてすぐに、", "外部の助けを借りずに、"]
JA_TAILS = ["その結果、費用をかなり抑えることができたそうです。", "初霜の前に作業を終えられたのは幸いでした。",
            "近所の人たちからも意見を集めたといいます。", "費用は予定より{n}割ほど増えたとのことです。",
            "お年寄りでも安心して使えるようになりました。", "{n}人の学生が作業に加わってくれました。",
            "結果はホームページで公開されています。", "準備には{n}か月ほどかかったそうです。",
            "以前の方法では二度もうまくいかなかったからです。", "寄付をしてくれた人たちへのお礼の言葉もありました。",
            "予算は決して多くはありませんでした。", "これで{n}年はもつだろうと話していました。",
            "夏の観光シーズンに間に合いそうです。", "建物を閉めずに工事ができたのは大きかったです。"]
EN_SPAM = ["BUY NOW!!!", "$$$ 90% OFF $$$", "#deal #sale #cheap #free", ">>> click here <<<", "*** LIMITED ***",
           "Home | About | Contact | Login", "© 2026 All rights reserved", "Share: f t in"]
JA_SPAM = ["今すぐクリック！", "★★★激安セール★★★", "ポイント10倍キャンペーン", "ホーム｜会社概要｜お問い合わせ",
           "送料無料！！", "ランキング1位"]
NAMES = ["tanaka", "suzuki", "sato", "kato", "smith", "jones", "evans", "patel", "obrien", "watanabe"]


def _n(rng: random.Random) -> int:
    return rng.randint(2, 40)


def _contact(rng: random.Random, ja: bool) -> str:
    email = f"{rng.choice(NAMES)}.{rng.randint(1, 99)}@example.org"
    phone = f"0{rng.randint(3, 9)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
    return (f"お問い合わせは{email}または{phone}までどうぞ。" if ja
            else f"Questions can be sent to {email} or by phone on {phone}.")


def english_page(rng: random.Random) -> str:
    openers, tails, remarks = rng.sample(EN_OPENERS, 12), rng.sample(EN_TAILS, 12), rng.sample(EN_REMARKS, 4)
    sentences = []
    for i in range(rng.randint(16, 26)):
        core = " ".join(w for w in (
            rng.choice(EN_DETS), rng.choice(EN_ADJS) if rng.random() < 0.5 else "", rng.choice(EN_PEOPLE),
            rng.choice(EN_VERBS), rng.choice(EN_OWNERS), rng.choice(EN_THING_ADJS), rng.choice(EN_THINGS),
            rng.choice(EN_PREPS), "the", rng.choice(EN_PLACE_ADJS), rng.choice(EN_PLACES)) if w)
        if i % 2 == 0 and openers:
            core = f"{openers.pop()} {core}"
        if i % 3 != 2 and tails:
            core = f"{core}, {tails.pop().format(n=_n(rng))}"
        sentences.append(core[0].upper() + core[1:] + ".")
        if rng.random() < 0.15 and remarks:
            sentences.append(remarks.pop())
    if rng.random() < 0.1:
        sentences.insert(rng.randrange(len(sentences)), _contact(rng, False))
    title = f"Notes from the {rng.choice(EN_PLACES)}".title()
    return title + "\n\n" + _paragraphs(rng, sentences, " ")


def japanese_page(rng: random.Random) -> str:
    openers, tails = rng.sample(JA_OPENERS, 10), rng.sample(JA_TAILS, 10)
    sentences = []
    for i in range(rng.randint(12, 18)):
        core = (f"{rng.choice(JA_PLACE_ADJS)}{rng.choice(JA_PLACES)}で"
                f"{rng.choice(JA_WHO_ADJS)}{rng.choice(JA_PEOPLE)}が"
                f"{rng.choice(JA_THINGS)}の{rng.choice(JA_ACTIONS)}を{rng.choice(JA_VERBS)}。")
        sentences.append((openers.pop() if i % 2 == 0 and openers else "") + core)
        if i % 2 == 1 and tails:
            sentences.append(tails.pop().format(n=rng.randint(2, 9)))
    if rng.random() < 0.1:
        sentences.insert(rng.randrange(len(sentences)), _contact(rng, True))
    return f"{rng.choice(JA_PLACES)}からのお知らせ\n\n" + _paragraphs(rng, sentences, "")


def _paragraphs(rng: random.Random, sentences: list[str], sep: str) -> str:
    paras, i = [], 0
    while i < len(sentences):
        k = rng.randint(3, 5)
        paras.append(sep.join(sentences[i:i + k]))
        i += k
    return "\n\n".join(paras)


def low_quality_page(rng: random.Random, ja: bool) -> str:
    spam = JA_SPAM if ja else EN_SPAM
    style = rng.choice(["short", "repetitive", "symbols"])
    if style == "short":
        return japanese_page(rng).split("\n\n")[1][:80] if ja else "Notes from the market. " + rng.choice(EN_REMARKS)
    if style == "repetitive":
        line = rng.choice(spam) + (" 激安 送料無料 今すぐ" if ja else " cheap shoes best price buy cheap shoes")
        return "\n".join(f"{line} {i % 3}" for i in range(rng.randint(20, 40)))
    return "\n".join(" ".join(rng.choices(spam, k=rng.randint(2, 5))) for _ in range(rng.randint(10, 30)))


def near_duplicate(rng: random.Random, source: str, ja: bool) -> str:
    """A copy with about 2 % of its words (Japanese: a few phrases) changed."""
    if ja:
        for old, new in rng.sample([("ました", "たのです"), ("市の", "県の"), ("です。", "でした。"), ("、", "，")], 2):
            source = source.replace(old, new, 1)
        return source
    words = source.split(" ")
    for i in rng.sample(range(len(words)), max(1, len(words) // 50)):
        words[i] = rng.choice(["really", "quite", "also", "still"])
    return " ".join(words)


def _kind(seed: int, i: int, ja_share: float) -> tuple[random.Random, str, bool]:
    rng = random.Random(f"{seed}:{i}")
    ja, roll = rng.random() < ja_share, rng.random()
    return rng, "low" if roll < 0.15 else "near_dup" if roll < 0.25 and i > 0 else "good", ja


def document(seed: int, i: int, ja_share: float) -> tuple[str, str, str]:
    """(kind, language, text) of document i."""
    rng, kind, ja = _kind(seed, i, ja_share)
    lang = "ja" if ja else "en"
    if kind == "low":
        return kind, lang, low_quality_page(rng, ja)
    if kind == "near_dup":
        for _ in range(50):  # an earlier good page of the same language
            j = rng.randrange(i)
            _, src_kind, src_ja = _kind(seed, j, ja_share)
            if src_kind == "good" and src_ja == ja:
                return kind, lang, near_duplicate(rng, document(seed, j, ja_share)[2], ja)
    return "good", lang, japanese_page(rng) if ja else english_page(rng)


def write_corpus(path: Path, n: int, seed: int = 8, ja_share: float = 0.3) -> Counter:
    """Write n documents as JSONL ({"id", "text"}); return counts by (kind, language)."""
    counts: Counter = Counter()
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            kind, lang, text = document(seed, i, ja_share)
            counts[f"{kind}_{lang}"] += 1
            fh.write(json.dumps({"id": f"doc{i:07d}", "text": text}, ensure_ascii=False) + "\n")
    return counts
