"""The PII evaluation harness: its matching rule, and gold spans that hold what was planted."""

import ipaddress
import re
from collections import Counter

from bench.pii_corpus import LOOKALIKES, TYPES, Doc, Item, build_corpus
from bench.pii_eval import evaluate, render
from so8t_assets.steps.cleanse.normalise import Normaliser
from so8t_assets.steps.cleanse.pii import issuer_ok, luhn_ok, my_number_ok

TEXT = "mail a@b.jp, card 4111111111111111, tel 03-5555-0123, ISBN 978-4-10-109205-8, ip 10.0.0.1"


def _span(value: str) -> tuple[int, int]:
    start = TEXT.index(value)
    return start, start + len(value)


def test_matching_rule_counts_hits_cuts_wrong_types_and_lookalikes():
    doc = Doc(TEXT, "en", (
        Item(*_span("a@b.jp"), "EMAIL", "plain"),
        Item(*_span("4111111111111111"), "CREDIT_CARD", "visa"),
        Item(*_span("03-5555-0123"), "PHONE", "jp"),
        Item(*_span("978-4-10-109205-8"), "isbn", "isbn13", lookalike=True),
        Item(*_span("10.0.0.1"), "IP_ADDRESS", "v4"),
    ))
    card, phone, isbn, ip = (_span(v) for v in ("4111111111111111", "03-5555-0123", "978-4-10-109205-8", "10.0.0.1"))
    preds = [
        (*_span("a@b.jp"), "EMAIL"),                 # exact
        (card[0], card[0] + 8, "CREDIT_CARD"),       # half the card: a miss and a false positive
        (phone[0], phone[1] + 2, "PHONE"),           # spills 2 characters: found, not exact
        (isbn[0] + 4, isbn[1], "PHONE"),             # a look-alike taken for a phone
        (ip[0] - 3, ip[1], "PHONE"),                 # right place, wrong type
    ]
    result = evaluate([doc], find=lambda text: preds)
    counts = {t: result["counts"][t]["all"] for t in TYPES}
    assert counts["EMAIL"] == {"gold": 1, "found": 1, "exact": 1, "predicted": 1, "correct": 1}
    assert counts["CREDIT_CARD"] == {"gold": 1, "found": 0, "exact": 0, "predicted": 1, "correct": 0}
    assert counts["PHONE"] == {"gold": 1, "found": 1, "exact": 0, "predicted": 3, "correct": 1}
    assert counts["IP_ADDRESS"] == {"gold": 1, "found": 0, "exact": 0, "predicted": 0, "correct": 0}
    assert result["lookalikes"]["isbn"] == {"n": 1, "survived": 0, "hit_as": {"PHONE": 1}}
    assert result["counts"]["EMAIL"]["ja"]["gold"] == 0
    assert any("on isbn" in fp for fp in result["false_positives"]["PHONE"])
    assert result["misses"]["IP_ADDRESS"][0].endswith("→ PHONE")
    table = render(result)
    assert "| CREDIT_CARD | all | 1 | 0.000 | – | 1 | 0.000 |" in table
    assert "| isbn | 1 | 0 | 0.000 | PHONE 1 |" in table


def _planted_correctly(kind: str, value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    return {
        "CREDIT_CARD": lambda: luhn_ok(digits) and 12 <= len(digits) <= 19 and issuer_ok(digits),
        "MY_NUMBER": lambda: len(digits) == 12 and my_number_ok(digits),
        "luhn_fail_16": lambda: len(digits) == 16 and not luhn_ok(digits),
        "bad_check_12": lambda: len(digits) == 12 and not my_number_ok(digits),
        "EMAIL": lambda: re.fullmatch(r"[\w.+-]+@[\w.-]+\.[A-Za-z]{2,}", value) is not None,
        "IP_ADDRESS": lambda: ipaddress.ip_address(value) is not None,
        "SECRET_URL": lambda: value.startswith("https://"),
        "ADDRESS": lambda: re.search(r"\d{3}-?\d{4}", value) is not None,
    }.get(kind, lambda: True)()


def test_corpus_plants_the_requested_counts_with_gold_spans_on_the_values():
    docs = build_corpus(seed=7, per_type=40, lookalikes=4 * len(LOOKALIKES))
    items = [(doc, item) for doc in docs for item in doc.items]
    planted = Counter((item.kind, doc.lang) for doc, item in items if not item.lookalike)
    assert planted == {(kind, lang): 20 for kind in TYPES for lang in ("en", "ja")}
    assert Counter(item.kind for _, item in items if item.lookalike) == {kind: 4 for kind in LOOKALIKES}
    for doc, item in items:
        value = doc.text[item.start:item.end]
        assert value and value == value.strip(), (doc.text, item)
        assert _planted_correctly(item.kind, value), (item.kind, value)
    normalise = Normaliser()
    assert all(normalise(doc.text) == doc.text for doc in docs)  # what find_pii sees after NFKC


def test_corpus_is_deterministic_per_seed():
    assert build_corpus(seed=1, per_type=10) == build_corpus(seed=1, per_type=10)
    assert build_corpus(seed=1, per_type=10) != build_corpus(seed=2, per_type=10)


# Measured on seed 99 (per_type 300): recall 1.000 for every type; precision 1.000 but CREDIT_CARD 0.997
# and MY_NUMBER 0.987; look-alikes 0.992 (order_number 0.92: Yamato numbers passing the My Number check).
# Floors sit two points below, and no phone or card format may lose an item: one format is a few items
# of 300, too few to move a per-type figure by much.
RECALL, PRECISION = 0.98, {"MY_NUMBER": 0.965}
LOOKALIKE_ALL, LOOKALIKE_EACH = 0.98, {"order_number": 0.9}


def test_the_detector_keeps_its_measured_quality_on_a_fresh_seed():
    result = evaluate(build_corpus(seed=99, per_type=300))
    for kind, by_lang in result["counts"].items():
        c = by_lang["all"]
        assert c["found"] / c["gold"] >= RECALL, (kind, c, result["misses"][kind])
        precision = c["correct"] / max(c["predicted"], 1)
        assert precision >= PRECISION.get(kind, 0.98), (kind, c, result["false_positives"][kind])
    for kind in ("PHONE", "CREDIT_CARD"):
        lost = {form: f"{found}/{gold}" for form, (gold, found) in result["forms"][kind].items() if found < gold}
        assert not lost, (kind, lost, result["misses"][kind])
    looks = result["lookalikes"]
    assert sum(v["survived"] for v in looks.values()) / sum(v["n"] for v in looks.values()) >= LOOKALIKE_ALL
    for cat, v in looks.items():
        assert v["survived"] / v["n"] >= LOOKALIKE_EACH.get(cat, 0.96), (cat, v)
