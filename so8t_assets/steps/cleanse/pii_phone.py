"""Phone numbers as people write them in the US and Japan, plus libphonenumber for the rest.

US (NANP): 3-3-4 digits, `(415) 555-0134`, `(415)555-0134`, dashes, dots, spaces, or ten bare
digits (area code 2-9: a bare run starting with 1 is an epoch time, not a phone); with `+1`, `1-`
or `001` in front. The area code and exchange are not checked against the plan: people write
unassigned ones (in examples, forms and fakes), and a leak is a leak.

Japan: the trunk 0 and 10 or 11 digits in three groups (`03-1234-5678`, `0466-12-3456`,
`090-1234-5678`, `0120-123-456`), bracketed (`03(1234)5678`, `(03)1234-5678`), bare; `+81`
(or `0081`, `010-81`) and 9-10 digits without the 0, with an optional `(0)`; and the 2-4-4 mould
of a Tokyo number written without its 0 (`54-3231-9487`). Separators: hyphens and dashes of
every width, the minus sign, the long-vowel mark an IME types (`090ー1234ー5678`), dots, spaces.

Extensions go with the number: `x123`, ` x 12`, ` ext. 45`, `, ext 9`, ` extension 12`,
`内線123`, `（内線45）`. A number must stand alone (no digit, letter or `/=#@` against it, except
a label: `TEL03-…`, `Tel.03-…`), and a look-alike label before it (`Part No.`, `品番`, `ISBN`)
keeps it. Full-width digits are read as digits (the caller passes an ASCII-digit probe).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

Span = tuple[int, int]

_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d"
SEP = rf"(?:[{_DASH}.]|[ \u3000])"
_O, _C = "[(（]", "[)）]"
_NANP = (rf"(?:(?:[+＋]|00)?1{SEP}?)?(?P<us>{_O}\d{{3}}{_C}{SEP}?\d{{3}}{SEP}\d{{4}}"
         rf"|\d{{3}}{SEP}\d{{3}}{SEP}\d{{4}}|\d{{10}})")
_JP_NATIONAL = rf"\d{{1,4}}{SEP}\d{{1,4}}{SEP}\d{{3,4}}|\d{{9,10}}"
_JP_INTL = rf"(?:[+＋]|00|010{SEP}?)81{SEP}?(?:{_O}0{_C}{SEP}?)?(?P<jpn>{_JP_NATIONAL})"
_JP = (rf"(?P<jp>0\d{{1,4}}{SEP}\d{{1,4}}{SEP}\d{{3,4}}|0\d{{1,4}}{_O}\d{{1,4}}{_C}\d{{3,4}}"
       rf"|{_O}0\d{{1,4}}{_C}{SEP}?\d{{1,4}}{SEP}\d{{3,4}}|0\d{{9,10}})")
# Another country: +CC (not 1, not 81), an optional (0), then 6-13 digits in groups or bare.
_INTL = rf"[+＋][2-9]\d{{0,2}}{SEP}?(?:\(0\){SEP}?)?(?P<intl>\d{{1,5}}(?:{SEP}\d{{1,6}}){{1,5}}|\d{{6,13}})"
_NO_TRUNK = rf"(?P<bare244>[1-9]\d[{_DASH}]\d{{4}}[{_DASH}]\d{{4}})"
_EXT = (r"(?:[ \u3000]?,?[ \u3000]?(?:[xX]|[eE]xt\.?|EXT\.?|[eE]xtension|内線)[ \u3000]?\d{1,6}"
        r"|[ \u3000]?[(（]内線[ \u3000]?\d{1,6}[)）])")
PHONE = re.compile(rf"(?<![0-9])(?:{_JP_INTL}|{_INTL}|{_NANP}|{_JP}|{_NO_TRUNK})(?:{_EXT})?"
                   r"(?![0-9A-Za-z_@/])(?![-.]?[0-9])(?![ \u3000][0-9]{4})")
LABEL = re.compile(r"(?:^|[^A-Za-z])(?:tel|fax|phone|mobile|cell|call|ph|t|f|m)[.:\-]?$", re.IGNORECASE)
STUCK_BEFORE = re.compile(r"[A-Za-z0-9_/=#@%&]$|[A-Za-z0-9][-.,_]$")


def _digits(s: str | None) -> int:
    return sum(c.isdigit() for c in s or "")


def _plausible(m: re.Match) -> bool:
    if m.group("jpn") is not None:
        return _digits(m.group("jpn")) in (9, 10)
    if m.group("intl") is not None:
        return 6 <= _digits(m.group("intl")) <= 13
    if m.group("us") is not None:
        national = m.group("us")
        return _digits(national) == 10 and (not national.isdigit() or national[0] in "023456789")
    if m.group("jp") is not None:
        return _digits(m.group("jp")) in (10, 11)
    return True  # the 2-4-4 mould: its shape is the whole rule


def _stands_alone(text: str, start: int) -> bool:
    before = text[max(0, start - 10):start]
    return not STUCK_BEFORE.search(before) or bool(LABEL.search(before))


def find_phones(probe: str, lookalike: Callable[[str, int], bool]) -> Iterator[Span]:
    """Spans of US and Japanese phone numbers in `probe` (ASCII digits), extensions included."""
    for m in PHONE.finditer(probe):
        start = m.start()
        if probe[start] in "(（" and not any(c in m.group(0) for c in ")）"):
            start += 1  # the bracket opens around the number: leave it
        if _plausible(m) and _stands_alone(probe, m.start()) and not lookalike(probe, m.start()):
            yield start, m.end()


def find_other_phones(text: str, lookalike: Callable[[str, int], bool]) -> Iterator[Span]:
    """International numbers (`+44 20 …`, `+1-555-0134`) that libphonenumber reads as possible:
    the shapes above cover domestic US and Japanese writing, and a domestic number of another
    country, written without its +CC, cannot be told from any other run of digits."""
    import phonenumbers
    from phonenumbers import Leniency

    seen: set[Span] = set()
    for region in ("JP", "US"):
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE):
            span = (m.start, m.end)
            if m.raw_string.startswith("+") and span not in seen and not lookalike(text, m.start):
                seen.add(span)
                yield span
