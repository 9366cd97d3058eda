"""PII redaction for Japanese and English text: typed placeholders, counted by type.

Each detector finds spans; overlaps go to the earlier detector in `DETECTORS` (a URL that
carries a key wins over the e-mail inside it). Look-alikes stay: an ISBN, a date, a price
or an order number is not a phone, card or My Number, because each detector checks the
shape and, where there is one, the check digit.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Callable, Iterator

Span = tuple[int, int]

EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
URL = re.compile(r"https?://[^\s<>\"'、。）)]+")
SECRET_KEYS = re.compile(r"[?&#;](?:[\w.-]*?(?:token|key|secret|password|passwd|pwd|sig|signature|auth|session|"
                         r"credential)[\w.-]*)=[^&\s]{6,}", re.IGNORECASE)
# Digit runs must stand alone: no digit, and no separator-then-digit, on either side.
_ALONE_BEFORE, _ALONE_AFTER = r"(?<![\d-])(?<!\d[ -])", r"(?![\d-])(?![ -]\d)"
CARD = re.compile(_ALONE_BEFORE + r"(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}|\d{4} \d{6} \d{5})" + _ALONE_AFTER)
MY_NUMBER = re.compile(_ALONE_BEFORE + r"(?:\d{12}|\d{4}([ -])\d{4}\1\d{4})" + _ALONE_AFTER)
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
PREFECTURE = r"(?:東京都|北海道|大阪府|京都府|[\u4e00-\u9fff]{2,3}県)"
ADDRESS = re.compile(rf"(?:〒\s?\d{{3}}-?\d{{4}}\s*(?:{PREFECTURE}[^\s。、\n]{{0,40}})?|"
                     rf"(?<!\d)\d{{3}}-\d{{4}}\s*{PREFECTURE}[^\s。、\n]{{0,40}})")
PHONE_SHAPE = re.compile(r"^(?:\+\d|\(\d{2,4}\)|0\d{1,4}[-‐ ]\d{1,4}[-‐ ]\d{3,4}$)")
LOOKALIKE_BEFORE = re.compile(r"(?:ISBN|ISSN|version|ver\.|v)\s*[:：]?\s*$", re.IGNORECASE)


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


def _lookalike(text: str, start: int) -> bool:
    return bool(LOOKALIKE_BEFORE.search(text[max(0, start - 12):start]))


def _regex(pattern: re.Pattern, keep: Callable[[str, str, int], bool] = lambda t, m, s: True):
    def find(text: str) -> Iterator[Span]:
        for m in pattern.finditer(text):
            if keep(text, m.group(0), m.start()):
                yield m.start(), m.end()
    return find


def _secret_urls(text: str) -> Iterator[Span]:
    for m in URL.finditer(text):
        if SECRET_KEYS.search(m.group(0)):
            yield m.start(), m.end()


def _card(text: str, match: str, start: int) -> bool:
    digits = re.sub(r"\D", "", match)
    return 13 <= len(digits) <= 19 and luhn_ok(digits) and not _lookalike(text, start)


def _my_number(text: str, match: str, start: int) -> bool:
    return my_number_ok(re.sub(r"\D", "", match)) and not _lookalike(text, start)


def _ip(text: str, match: str, start: int) -> bool:
    try:
        ip = ipaddress.ip_address(match)
    except ValueError:
        return False
    return not (ip.version == 6 and match.count(":") < 3) and not _lookalike(text, start)


def _phones(text: str) -> Iterator[Span]:
    import phonenumbers
    from phonenumbers import Leniency

    seen: set[Span] = set()
    for region in ("JP", "US"):
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE):
            span = (m.start, m.end)
            valid = phonenumbers.is_valid_number(m.number)
            shaped = PHONE_SHAPE.match(m.raw_string.strip())
            if span not in seen and (valid or shaped) and not _lookalike(text, m.start):
                seen.add(span)
                yield span


# Priority order: an earlier detector's span wins an overlap.
DETECTORS: list[tuple[str, Callable[[str], Iterator[Span]]]] = [
    ("SECRET_URL", _secret_urls),
    ("EMAIL", _regex(EMAIL)),
    ("ADDRESS", _regex(ADDRESS)),
    ("CREDIT_CARD", _regex(CARD, _card)),
    ("MY_NUMBER", _regex(MY_NUMBER, _my_number)),
    ("IP_ADDRESS", _regex(IPV4, _ip)),
    ("IP_ADDRESS", _regex(IPV6, _ip)),
    ("PHONE", _phones),
]


def find_pii(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, type) spans, in text order."""
    taken: list[tuple[int, int, str]] = []
    for kind, detect in DETECTORS:
        for start, end in detect(text):
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
