"""A planted PII corpus: team-written carrier sentences holding generated PII and look-alikes.

    build_corpus(seed=0, per_type=300) -> [Doc]

Each carrier sentence holds one planted value (`bench.pii_values`); a document is 1-3
sentences of one language, so items sit next to other items and next to look-alikes. Values
are written as a page would show them (full-width digits included) and then passed through
the pipeline's `Normaliser`, because NFKC runs before PII redaction: the corpus is what
`find_pii` sees in production. Carriers are written already normalised. Every item records
its gold span; look-alike spans are gold negatives. Deterministic for a seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from bench.pii_values import GENERATORS

TYPES = ("EMAIL", "PHONE", "CREDIT_CARD", "MY_NUMBER", "IP_ADDRESS", "ADDRESS", "SECRET_URL")
LOOKALIKES = ("isbn", "date", "price", "order_number", "version", "luhn_fail_16", "bad_check_12",
              "plain_url", "time", "coordinates", "product_code", "timestamp")
LANGS = ("en", "ja")


@dataclass(frozen=True)
class Item:
    start: int
    end: int
    kind: str  # a PII type, or a look-alike category
    form: str  # how the value is written, so recall can be read per format
    lookalike: bool = False


@dataclass(frozen=True)
class Doc:
    text: str
    lang: str
    items: tuple[Item, ...]


def _carriers(*chunks: str) -> list[str]:
    """Templates separated by '|', one '{}' each; '¶' is a line break."""
    return [t.strip().replace("¶", "\n") for t in "".join(chunks).split("|") if t.strip()]


CARRIERS = {
    ("EMAIL", "en"): _carriers(
        "Questions about your order? Write to {} and we will reply within two business days.|",
        "Best regards,¶Emily Chen¶Customer Success Manager¶{}|For press enquiries contact {}.|",
        "I emailed {} three times and nobody answered!|Send your CV to {} (subject: Backend Engineer).|",
        "Unsubscribe by replying to <{}>.|RSVP to {} by Friday, please.|Reach the maintainer at {}; patches welcome."),
    ("EMAIL", "ja"): _carriers(
        "お問い合わせは {} までお願いいたします。|担当：佐藤¶E-mail：{}|",
        "ご不明な点はメール（{}）にてご連絡ください。|応募書類は{}宛てにお送りください。|",
        "メールアドレスは{}です。|何度も{}に問い合わせたのに返信がありません！|",
        "【連絡先】{}（平日10時〜18時）|イベントの参加申込は {} まで。|",
        "mail: {} / 件名に「見学希望」とご記入ください。"),
    ("PHONE", "en"): _carriers(
        "Call us on {} between 9am and 5pm.|Open daily until eight; phone {} to book a table.|",
        "Branch office: {} (ask for Mr. Tanaka).|If you see anything suspicious, ring {} immediately.|",
        "My cell is {}, text me when you land.|Reservations: {} / walk-ins welcome.|For support dial {}.|",
        "Fax {} and include a cover sheet.|Contact the landlord at {} if the heating fails."),
    ("PHONE", "ja"): _carriers(
        "ご予約・お問い合わせはお電話（{}）で承ります。|TEL：{} 受付は平日のみです。|",
        "店舗情報¶駅前商店街内¶電話番号：{}|急ぎの場合は携帯{}までご連絡ください。|",
        "お電話は{}へ。|お客様相談室 {}（平日のみ）|何度電話しても{}がつながらない。|",
        "緊急連絡先：{}|FAX {} にて注文書をお送りください。"),
    ("CREDIT_CARD", "en"): _carriers(
        "They charged my card {} twice for the same order!|Card number: {} Exp: 09/27|",
        "I accidentally posted my card {} here, how do I delete it?|Payment failed for card {}; please update it.|",
        "Refund issued to {} on your statement.|Please block card {} right away.|Saved payment method: {}."),
    ("CREDIT_CARD", "ja"): _carriers(
        "クレジットカード番号{}で二重に請求されました。|カード番号：{} 有効期限：09/27|",
        "先日{}のカードで支払ったのに反映されていません。|不正利用されたカード（{}）を停止してください。|",
        "登録カード {} の有効期限が切れています。|返金は{}へ処理済みです。|",
        "お支払い方法：クレジットカード {}"),
    ("MY_NUMBER", "en"): _carriers(
        "Foreign residents must write their My Number ({}) on the tax form.|Individual Number: {}|",
        "HR asked me to email my My Number {} - is that safe?|The copy of my My Number card shows {}.|",
        "Please enter the 12-digit Individual Number {} exactly as shown.|Tax ID (マイナンバー): {}."),
    ("MY_NUMBER", "ja"): _carriers(
        "マイナンバー：{}|個人番号{}を申告書に記入してください。|マイナンバーカードの番号は {} です。|",
        "給与担当者に個人番号（{}）を提出しました。|誤って自分のマイナンバー{}を投稿してしまいました。|",
        "本人確認書類：マイナンバー {}"),
    ("IP_ADDRESS", "en"): _carriers(
        "Failed password for root from {} port 22 ssh2|The attacker's traffic came from {}.|",
        "Set the DNS server to {} and reboot the router.|My home IP is {}, can you whitelist it?|",
        "Access denied for {} (rate limit exceeded).|Ping {} to check the link.|Client {} requested /index.html."),
    ("IP_ADDRESS", "ja"): _carriers(
        "不正アクセス元のIPアドレスは{}でした。|サーバー（{}）に接続できません。|",
        "ルーターの設定画面で {} を指定してください。|接続元: {} 認証失敗|自宅の固定IPは{}です。|",
        "アクセスログに{}からの大量リクエストが残っていた。"),
    ("ADDRESS", "en"): _carriers(
        "Ship to {}, attention Ms. Sato.|Venue: {} (5 min from the station).|Our Japan office moved to {}.|",
        "Return the device to {} by courier.|Mail the signed form to: {}|",
        "The festival takes place at {} this Saturday."),
    ("ADDRESS", "ja"): _carriers(
        "会場：{}|書類は{}までお送りください。|新住所は {} です。|",
        "【イベント会場】{}（駅から徒歩5分）|返送先：{} 株式会社サンプル 総務部|",
        "本社所在地¶{}|お届け先 {} 山田花子 様"),
    ("SECRET_URL", "en"): _carriers(
        "Here is the download link: {}|Click {} to reset your password.|The build log printed {} in plain text.|",
        "Share this with the client: {} (expires in 24h).|Webhook configured as {}.|Use {} to access the dashboard."),
    ("SECRET_URL", "ja"): _carriers(
        "資料はこちらからダウンロードできます：{}|共有リンク {} をお送りします。|",
        "ログに{}がそのまま出力されていた。|以下のURLからログインしてください。¶{}|",
        "パスワード再設定用URL：{}|ブラウザで{}を開いてください。"),
    ("LOOKALIKE", "en"): _carriers(
        "Reference: {}|Noted: {}.|See {} for details.|We logged {} in the ticket.|Item detail - {}|",
        "The value was {}, according to the sheet.|As printed on the label: {}|(source: {})"),
    ("LOOKALIKE", "ja"): _carriers(
        "詳細は{}をご確認ください。|参考：{}|記録上は {} となっています。|備考 {}|",
        "表示は「{}」でした。|資料に{}と書かれていた。|メモ：{}"),
}


@cache
def _normaliser():
    from so8t_assets.steps.cleanse.normalise import Normaliser

    return Normaliser()


def plant(rng: random.Random, kind: str, lang: str) -> tuple[str, str, str]:
    """(carrier, value as the pipeline sees it, form) for one PII type or look-alike category."""
    value, form = GENERATORS[kind](rng, lang)
    carrier = rng.choice(CARRIERS["LOOKALIKE" if kind in LOOKALIKES else kind, lang])
    return carrier, _normaliser()(value), form


def build_corpus(seed: int = 0, per_type: int = 300, lookalikes: int | None = None) -> list[Doc]:
    """Documents with `per_type` items of each PII type (half English carriers, half Japanese) and
    `lookalikes` look-alikes (default 2 x per_type), spread evenly over categories and languages."""
    rng = random.Random(seed)
    sentences: dict[str, list[tuple[str, str, str, str]]] = {lang: [] for lang in LANGS}
    for kind in TYPES:
        for i in range(per_type):
            lang = LANGS[i * 2 // per_type]
            sentences[lang].append((kind, *plant(rng, kind, lang)))
    for i in range(2 * per_type if lookalikes is None else lookalikes):
        kind, lang = LOOKALIKES[i % len(LOOKALIKES)], LANGS[i // len(LOOKALIKES) % 2]
        sentences[lang].append((kind, *plant(rng, kind, lang)))
    docs = []
    for lang in LANGS:
        pool, i = sentences[lang], 0
        rng.shuffle(pool)
        while i < len(pool):
            n = rng.randint(1, 3)
            docs.append(_assemble(pool[i:i + n], rng.choice(["\n", " " if lang == "en" else ""]), lang))
            i += n
    return docs


def _assemble(sentences: list[tuple[str, str, str, str]], joiner: str, lang: str) -> Doc:
    """Sentences joined; Japanese runs on without a space only after a sentence-final mark."""
    text, items = "", []
    for kind, carrier, value, form in sentences:
        before, after = carrier.split("{}")
        if text:
            text += joiner if joiner or text[-1] in "。！？」）" else "\n"
        text += before
        items.append(Item(len(text), len(text) + len(value), kind, form, kind in LOOKALIKES))
        text += value + after
    return Doc(text, lang, tuple(items))
