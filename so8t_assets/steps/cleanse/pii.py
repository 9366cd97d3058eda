"""PII redaction for Japanese and English text: typed placeholders, counted by type.

Each detector finds spans; overlaps go to the earlier detector in `DETECTORS` (a URL that
carries a key wins over the e-mail inside it). Look-alikes stay: an ISBN, a date, a price
or an order number is not a phone, card or My Number, because each detector checks the
shape and, where there is one, the check digit. Recall and precision per type, on a corpus
the team plants: docs/pii_evaluation.md (`python -m bench.pii_eval`).
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Callable, Iterator

from so8t_assets.steps.cleanse.pii_phone import find_other_phones, find_phones

Span = tuple[int, int]

# ASCII-only edges: Japanese runs straight into an address (メールはtaro@example.jpまで).
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
URL = re.compile(r"(?<![A-Za-z0-9+.-])(?:https?|s?ftp|postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqps?)://[^\s<>\"'、。）)]+")
USERINFO_PASSWORD = re.compile(r"^[\w+.-]+://[^/@\s:]+:[^/@\s]+@")  # scheme://user:password@host
URL_PARAM = re.compile(r"[?&#;]([\w.-]+)=([^&#;\s]*)")
# A secret is a whole word of the parameter name (access_token, apiKey, X-Amz-Signature, PHPSESSID),
# so keyword= and author= are not keys.
NAME_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")
SECRET_WORD = re.compile(r"(?:api|app|access|auth|bearer|refresh|id|private|client|secret|session|signing)?"
                         r"(?:token|key|secret)s?|"
                         r"(?:php|j)?sess(?:ion)?(?:id)?|passw(?:or)?d|pwd|sig(?:nature)?|o?auth|credentials?")
# Digit runs must stand alone: no digit, and no separator-then-digit, on either side.
_ALONE_BEFORE, _ALONE_AFTER = r"(?<![\d+-])(?<!\d[ -])", r"(?![\d-])(?![ -]\d)"
# Cards of 12-19 digits, bare or grouped from a group of four (4-4-4-4, 4-6-5, 4-4-4-4-3, 4-3-3-3).
CARD = re.compile(_ALONE_BEFORE + r"(?:\d{12,19}|\d{4}(?P<s>[ -])\d{3,6}(?:(?P=s)\d{1,7}){1,3})" + _ALONE_AFTER)
MY_NUMBER = re.compile(_ALONE_BEFORE + r"(?:\d{12}|\d{4}([ -])\d{4}\1\d{4})" + _ALONE_AFTER)
# A full stop may end the sentence after an address; Japanese may touch it on either side.
IPV4 = re.compile(r"(?<!\d)(?<!\d\.)(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)")
IPV6 = re.compile(r"(?<![0-9A-Za-z_:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z_:])")
PREFECTURE = r"(?:東京都|北海道|大阪府|京都府|[\u4e00-\u9fff]{2,3}県)"
# After a postal code the prefecture is often left out: a city, ward, town or village then starts the address.
_AREA = rf"(?:{PREFECTURE}|[\u4e00-\u9fff]{{1,5}}?[市区町村郡])"
# The address runs to a space, a sentence mark or a bracket (（駅から徒歩5分）), then takes a
# building after a space only when it ends in a room or floor (メゾン桜101号室, 5F).
_STREET = r"[^\s。、，,.\n（）()「」『』【】:：]"
_PLACE = rf"{_AREA}{_STREET}{{0,40}}(?: {_STREET}{{0,20}}?\d+(?:号室|階|F)(?![0-9A-Za-z]))?"
ADDRESS = re.compile(rf"(?:〒\s?\d{{3}}-?\d{{4}}\s*(?:{_PLACE})?|(?<!\d)\d{{3}}-\d{{4}}\s*{_PLACE})")
# Romanised: chōme numbers, then place names down to a ward, city, town or prefecture, then the postal code
# (`1-2-3 Shibuya, Shibuya-ku, Tokyo 150-0002`, `4-5 Umeda, Kita-ku, Osaka-shi, Osaka-fu, Japan 〒530-0001`).
_ROMAJI_PLACE = r"[A-Z][a-z]+(?:[- ][A-Za-z]+)*"
ROMAJI_ADDRESS = re.compile(rf"(?<![\d-])\d{{1,4}}(?:-\d{{1,4}}){{1,2}},? (?:{_ROMAJI_PLACE}, ){{1,4}}{_ROMAJI_PLACE}"
                            r"(?:,? (?:Japan,? )?〒?\d{3}-?\d{4}(?!\d))?")
_ROMAJI_UNIT = re.compile(r"-(?:ku|shi|cho|machi|gun|mura|son|to|fu|ken)\b|\b(?:Tokyo|Osaka|Kyoto|Hokkaido)\b")
# A label says what a number is: an ISBN, a version, a part or order number is not PII.
LOOKALIKE_BEFORE = re.compile(r"(?<![A-Za-z])(?:(?:ISBN(?:-1[03])?|ISSN|JAN(?:コード)?|EAN|version|バージョン|ver\.|"
                              r"Part No\.?|Order (?:No\.?|number|#)|Tracking (?:No\.?|number)|品番|型番|製品番号|"
                              r"注文番号|伝票番号|追跡番号|会員番号)\s*[:：#]?\s*|v)$", re.IGNORECASE)
MY_NUMBER_WORDS = re.compile(r"マイナンバー|個人番号|My ?Number|Individual Number", re.IGNORECASE)
# Full-width digits, plus and hyphen read as ASCII: one character for one, so spans carry over.
PROBE = str.maketrans("０１２３４５６７８９＋－", "0123456789+-")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def my_number_ok(digits: str) -> bool:
    """The check digit of Japan's 12-digit individual number (My Number)."""
    body, check = [int(d) for d in digits[:11]], int(digits[11])
    weights = [n + 1 if n <= 6 else n - 5 for n in range(1, 12)]
    remainder = sum(p * q for p, q in zip(reversed(body), weights, strict=True)) % 11
    return check == (0 if remainder <= 1 else 11 - remainder)


def issuer_ok(digits: str) -> bool:
    """A card's first digits name a card issuer (IIN): Visa 4, Mastercard 51-55 and 2221-2720,
    Maestro 50 and 56-69 (the only 12-digit cards), Amex/JCB/Diners 30 and 34-39, Discover and
    UnionPay 6. Airline (1), petroleum (7), telecom (8) and national (9) numbers are not payment cards."""
    if len(digits) == 12:
        return digits[:2] == "50" or "56" <= digits[:2] <= "69"
    return digits[0] in "456" or digits[:2] in ("30", "34", "35", "36", "37", "38", "39") or (
        "2221" <= digits[:4] <= "2720")


def _lookalike(text: str, start: int) -> bool:
    return bool(LOOKALIKE_BEFORE.search(text[max(0, start - 24):start]))


def _regex(pattern: re.Pattern, keep: Callable[[str, str, int], bool] = lambda t, m, s: True):
    def find(text: str) -> Iterator[Span]:
        for m in pattern.finditer(text):
            if keep(text, m.group(0), m.start()):
                yield m.start(), m.end()
    return find


def _secret_param(name: str, value: str) -> bool:
    return len(value) >= 6 and any(SECRET_WORD.fullmatch(w.lower()) for w in NAME_WORDS.findall(name))


def _secret_urls(text: str) -> Iterator[Span]:
    for m in URL.finditer(text):
        url = m.group(0)
        if USERINFO_PASSWORD.match(url) or any(_secret_param(*p.groups()) for p in URL_PARAM.finditer(url)):
            yield m.start(), m.end()


def _card(text: str, match: str, start: int) -> bool:
    digits = re.sub(r"\D", "", match)
    if not (12 <= len(digits) <= 19 and luhn_ok(digits) and issuer_ok(digits)) or _lookalike(text, start):
        return False
    # Twelve digits with a valid My Number check digit, named as a My Number, are one.
    return not (len(digits) == 12 and my_number_ok(digits) and MY_NUMBER_WORDS.search(text[max(0, start - 40):start]))


def _my_number(text: str, match: str, start: int) -> bool:
    return my_number_ok(re.sub(r"\D", "", match)) and not _lookalike(text, start)


def _romaji_address(text: str, match: str, start: int) -> bool:
    return bool(_ROMAJI_UNIT.search(match))


def _ip(text: str, match: str, start: int) -> bool:
    try:
        ip = ipaddress.ip_address(match)
    except ValueError:
        return False
    return not (ip.version == 6 and match.count(":") < 3) and not _lookalike(text, start)


def _phones(text: str) -> Iterator[Span]:
    yield from find_phones(text, _lookalike)
    yield from find_other_phones(text, _lookalike)


# Priority order: an earlier detector's span wins an overlap.
DETECTORS: list[tuple[str, Callable[[str], Iterator[Span]]]] = [
    ("SECRET_URL", _secret_urls),
    ("EMAIL", _regex(EMAIL)),
    ("ADDRESS", _regex(ADDRESS)),
    ("ADDRESS", _regex(ROMAJI_ADDRESS, _romaji_address)),
    ("CREDIT_CARD", _regex(CARD, _card)),
    ("MY_NUMBER", _regex(MY_NUMBER, _my_number)),
    ("IP_ADDRESS", _regex(IPV4, _ip)),
    ("IP_ADDRESS", _regex(IPV6, _ip)),
    ("PHONE", _phones),
]


def find_pii(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, type) spans, in text order."""
    taken: list[tuple[int, int, str]] = []
    probe = text.translate(PROBE)
    for kind, detect in DETECTORS:
        for start, end in detect(probe):
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, kind))
    return sorted(taken)


def redact(text: str) -> tuple[str, Counter]:
    """(text with each PII span replaced by <TYPE>, counts by type)."""
    spans = find_pii(text)
    out, last = [], 0
    for start, end, kind in spans:
        out.append(text[last:start])
        out.append(f"<{kind}>")
        last = end
    out.append(text[last:])
    return "".join(out), Counter(kind for _, _, kind in spans)
