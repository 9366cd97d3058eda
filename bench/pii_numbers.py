"""Phone and card numbers for the planted PII corpus, as people write them in the US and Japan.

Written from a description of the numbering plans and of how people type numbers, not from
the redactor's patterns:

- US (NANP): area code, exchange, line (3-3-4). People write `(415) 555-0134`, `(415)555-0134`,
  `415-555-0134`, `415.555.0134`, `415 555 0134` or ten bare digits; with the country as `+1`,
  `1-` or `001-` (dialled from abroad); with an extension as `x123`, ` x 12`, ` ext. 45`,
  ` ext 4567`, `, ext. 9` or ` extension 12`. Area codes and exchanges are drawn at random, so
  most are unassigned: invalid in the plan, but written.
- Japan: a trunk 0, an area code of 1-4 digits and a subscriber number filling 9 digits after
  the 0 (`03-1234-5678`, `045-123-4567`, `0466-12-3456`, `01267-1-2345`); mobiles 090/080/070
  and IP phones 050 with 8 more digits; toll-free 0120-123-456 and 0800-123-4567, navi-dial
  0570-123-456. Separated by hyphens, spaces, dots, nothing, the minus sign or the long-vowel
  mark (`090ー1234ー5678`, as an IME types it), bracketed (`03(1234)5678`, `(03)1234-5678`,
  full-width brackets), in full-width digits; from abroad as `+81` without the 0 (`+81-3-…`,
  `+81 90 …`, `+81 (0)3-…`, bare `+81312345678`); sometimes without any trunk 0
  (the 2-4-4 mould of a Tokyo number: `54-3231-9487`); extensions as `内線123` or `（内線45）`.
- Cards: the issuers' prefixes (IIN) and lengths — Visa 4 (13, 16, 19), Mastercard 51-55 and
  2221-2720 (16), Amex 34/37 (15), JCB 3528-3589 (16, 19), Diners 36 (14) and 300-305/38 (16),
  Discover 6011/644-649/65 (16, 19), UnionPay 62 (16-19), Maestro 50/56-69 (12-19) — with a Luhn
  check digit; written in groups of four with the rest in the last group (4-6-5 and 4-6-4 for
  Amex and Diners), with spaces, dashes or nothing; 10 % in full-width digits.
"""

from __future__ import annotations

import random
import string
from itertools import accumulate, pairwise

D = string.digits
WIDE = str.maketrans(D + "-()", "０１２３４５６７８９－（）")
JP_AREAS = "3 6 45 52 11 92 75 78 22 82 466 276 985 198 1267 4992".split()  # without the trunk 0


def num(rng: random.Random, n: int, first: str = D) -> str:
    return rng.choice(first) + "".join(rng.choice(D) for _ in range(n - 1)) if n else ""


def group(digits: str, sizes: tuple[int, ...], sep: str) -> str:
    return sep.join(digits[a:b] for a, b in pairwise(accumulate(sizes, initial=0)))


def luhn_digit(body: str) -> str:
    total = sum((2 * int(d) - 9 if 2 * int(d) > 9 else 2 * int(d)) if i % 2 == 0 else int(d)
                for i, d in enumerate(reversed(body)))
    return str(-total % 10)


def _us_extension(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.6:
        return "", ""
    n = num(rng, rng.randint(1, 5))
    return rng.choice([f"x{n}", f" x{n}", f" x {n}", f" ext. {n}", f" ext {n}", f" Ext.{n}", f", ext. {n}",
                       f" extension {n}"]), "+ext"


def us_phone(rng: random.Random) -> tuple[str, str]:
    area, exchange, line = num(rng, 3, "23456789"), num(rng, 3), num(rng, 4)
    style = rng.choice(["paren_space", "paren_tight", "dashes", "dots", "spaces", "bare"])
    local = {"paren_space": f"({area}) {exchange}-{line}", "paren_tight": f"({area}){exchange}-{line}",
             "dashes": f"{area}-{exchange}-{line}", "dots": f"{area}.{exchange}.{line}",
             "spaces": f"{area} {exchange} {line}", "bare": f"{area}{exchange}{line}"}[style]
    country = rng.choice(["", "", ""] + {  # how each style is written with the country code
        "paren_space": ["+1 ", "1 "], "paren_tight": ["+1 ", "+1"], "dashes": ["+1-", "+1 ", "1-", "001-"],
        "dots": ["+1.", "+1 "], "spaces": ["+1 ", "001 "], "bare": ["+1", "1"]}[style])
    ext, ext_form = _us_extension(rng)
    prefix = {"": "", "1 ": "one_", "1-": "one_", "1": "one_", "001-": "001_", "001 ": "001_"}.get(country, "plus1_")
    return f"{country}{local}{ext}", f"us/{prefix}{style}{ext_form}"


def _jp_digits(rng: random.Random) -> tuple[list[str], str]:
    """The national number's groups (trunk 0 included) and its kind."""
    kind = rng.choice(["landline", "landline", "random_area", "mobile", "mobile", "ip_phone", "toll_free"])
    if kind in ("landline", "random_area"):
        area = rng.choice(JP_AREAS) if kind == "landline" else num(rng, rng.randint(1, 4), "123456789")
        return ["0" + area, num(rng, 5 - len(area), "23456789"), num(rng, 4)], kind
    if kind in ("mobile", "ip_phone"):
        head = rng.choice(["090", "080", "070"]) if kind == "mobile" else "050"
        return [head, num(rng, 4, "123456789"), num(rng, 4)], kind
    return rng.choice([["0120", num(rng, 3), num(rng, 3)], ["0800", num(rng, 3), num(rng, 4)],
                       ["0570", num(rng, 3), num(rng, 3)]]), kind


def jp_phone(rng: random.Random) -> tuple[str, str]:
    parts, kind = _jp_digits(rng)
    ext = rng.choice(["", "", "", "", f" 内線{num(rng, 3)}", f"（内線{num(rng, rng.randint(2, 4))}）"])
    ext_form = "+ext" if ext else ""
    where = rng.random()
    if where < 0.2:  # from abroad: +81 and no trunk 0
        rest = [parts[0][1:], *parts[1:]]
        value = rng.choice([f"+81-{'-'.join(rest)}", f"+81 {' '.join(rest)}", f"+81 ({parts[0][0]}){'-'.join(rest)}",
                            f"+81{''.join(rest)}", f"+81 {rest[0]}-{rest[1]}-{rest[2]}", f"+81(0){'-'.join(rest)}"])
        return value + ext, f"jp_intl/{kind}{ext_form}"
    if where < 0.27:  # the 2-4-4 mould of a Tokyo number, written without a trunk 0
        return f"{num(rng, 2, '123456789')}-{num(rng, 4)}-{num(rng, 4)}", "jp_no_trunk"
    style = rng.choice(["hyphen", "hyphen", "space", "none", "dots", "parens", "wide_parens", "fullwidth",
                        "minus_sign", "long_vowel"])
    if style in ("parens", "wide_parens"):
        a, b = ("(", ")") if style == "parens" else ("（", "）")
        value = rng.choice([f"{parts[0]}{a}{parts[1]}{b}{parts[2]}", f"{a}{parts[0]}{b}{parts[1]}-{parts[2]}"])
    else:
        sep = {"hyphen": "-", "space": " ", "none": "", "dots": ".", "fullwidth": "-", "minus_sign": "\u2212",
               "long_vowel": "ー"}[style]
        value = sep.join(parts)
    value = value.translate(WIDE) if style == "fullwidth" else value
    return value + ext, f"jp_{kind}/{style}{ext_form}"


def uk_phone(rng: random.Random) -> tuple[str, str]:
    return rng.choice([f"+44 20 {num(rng, 4, '378')} {num(rng, 4)}", f"+44 7{num(rng, 3, '45789')} {num(rng, 6)}",
                       f"+44 (0)161 {num(rng, 3, '23456789')} {num(rng, 4)}"]), "intl_uk"


def phone(rng: random.Random, lang: str) -> tuple[str, str]:
    """(value as a page shows it, form): US and Japanese in most forms, UK now and then."""
    pick = rng.random()
    return us_phone(rng) if pick < 0.45 else jp_phone(rng) if pick < 0.93 else uk_phone(rng)


ISSUERS = {  # name: (prefixes, lengths)
    "visa": (["4"], [13, 16, 16, 16, 19]),
    "mastercard": ([str(n) for n in range(51, 56)] + [str(n) for n in range(2221, 2721)], [16]),
    "amex": (["34", "37"], [15]),
    "jcb": ([str(n) for n in range(3528, 3590)], [16, 16, 19]),
    "diners": (["36", "300", "301", "302", "303", "304", "305", "38"], [14, 16]),
    "discover": (["6011", "65"] + [str(n) for n in range(644, 650)], [16, 19]),
    "unionpay": (["62"], [16, 17, 18, 19]),
    "maestro": (["50", "5018", "5020", "5038", "56", "57", "58", "6304", "6759", "6761", "6763", "67"],
                list(range(12, 20))),
}


def _card_groups(issuer: str, n: int) -> tuple[int, ...]:
    if issuer == "amex" or (issuer == "diners" and n == 14):
        return (4, 6, n - 10)
    return (4,) * (n // 4) + ((n % 4,) if n % 4 else ())


def card(rng: random.Random, lang: str) -> tuple[str, str]:
    issuer = rng.choice(sorted(ISSUERS))
    prefixes, lengths = ISSUERS[issuer]
    prefix, n = rng.choice(prefixes), rng.choice(lengths)
    if issuer == "diners":
        n = 14 if prefix == "36" else 16
    body = prefix + num(rng, n - 1 - len(prefix))
    digits = body + luhn_digit(body)
    sep = rng.choice(["", " ", "-"])
    value = group(digits, _card_groups(issuer, n), sep) if sep else digits
    written = {"": "plain", " ": "spaces", "-": "dashes"}[sep]
    return (value.translate(WIDE) if rng.random() < 0.1 else value), f"{issuer}/{n}/{written}"


def timestamp(rng: random.Random, lang: str) -> tuple[str, str]:
    """A look-alike: times as logs and APIs print them (epoch seconds and milliseconds, compact)."""
    epoch = rng.randint(1_000_000_000, 1_999_999_999)
    y, mo, d, h, mi, s = (rng.randint(1995, 2035), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                          rng.randint(0, 59), rng.randint(0, 59))
    return rng.choice([str(epoch), f"{epoch}{num(rng, 3)}", f"{y}{mo:02}{d:02}{h:02}{mi:02}{s:02}",
                       f"{y}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{num(rng, 3)}",
                       f"{y}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z",
                       f"[{d:02}/Mar/{y}:{h:02}:{mi:02}:{s:02} +0900]", f"{epoch}.{num(rng, 6)}"]), "timestamp"
