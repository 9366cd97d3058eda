"""Value generators for the planted PII corpus (`bench.pii_corpus`): PII and look-alikes.

Numbers are random but shaped like real ones (phones and cards: `bench.pii_numbers`), My Numbers with
their check digit, Japanese area codes, ISBN/JAN/Yamato check digits on the look-alikes.
Each generator returns (value as a page would show it, form) where form names the format,
so recall can be read per format. Written by the team; no public dataset is copied.
"""

from __future__ import annotations

import random
import string
from itertools import accumulate, pairwise

from bench.pii_numbers import card, phone, timestamp

D = string.digits


def _num(rng: random.Random, n: int, first: str = D) -> str:
    return rng.choice(first) + "".join(rng.choice(D) for _ in range(n - 1))


def _group(digits: str, sizes: tuple[int, ...], sep: str) -> str:
    return sep.join(digits[a:b] for a, b in pairwise(accumulate(sizes, initial=0)))


def luhn_digit(body: str) -> str:
    total = sum((2 * int(d) - 9 if 2 * int(d) > 9 else 2 * int(d)) if i % 2 == 0 else int(d)
                for i, d in enumerate(reversed(body)))
    return str(-total % 10)


def my_number_digit(body: str) -> str:
    """Check digit of an 11-digit My Number body (Cabinet Office ordinance: weights 2-7, 2-6)."""
    remainder = sum(int(d) * w for d, w in zip(reversed(body), [2, 3, 4, 5, 6, 7, 2, 3, 4, 5, 6], strict=True)) % 11
    return "0" if remainder <= 1 else str(11 - remainder)


def ean_digit(body: str) -> str:
    return str(-sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body)) % 10)


SEPS = {"": "plain", " ": "spaces", "-": "dashes"}
NAMES = ("taro.yamada hanako k.suzuki info support sales-team j.morton emily_chen m-tanaka yuki2024 "
         "admin contact hr.recruit t.watanabe1987 noreply s_kobayashi").split()
DOMAINS = "example sakura-kobo mizuumi tsubame-tech bluefern harbor-lane kitsune-books orchid-labs".split()
TLDS = "co.jp jp ne.jp ac.jp or.jp com org net co.uk io".split()
PLACES = {"東京都": "千代田区丸の内 渋谷区渋谷 新宿区西新宿 世田谷区三軒茶屋 港区六本木",
          "大阪府": "大阪市北区梅田 堺市堺区南瓦町 大阪市中央区難波", "北海道": "札幌市中央区北一条西 函館市若松町",
          "京都府": "京都市左京区吉田本町 京都市下京区東塩小路町", "神奈川県": "横浜市西区みなとみらい",
          "愛知県": "名古屋市中村区名駅", "福岡県": "福岡市博多区博多駅前", "鹿児島県": "鹿児島市山下町",
          "和歌山県": "和歌山市七番丁", "長野県": "松本市中央 上田市大手", "宮城県": "仙台市青葉区一番町"}
ROMAJI = ("Shibuya, Shibuya-ku, Tokyo", "Umeda, Kita-ku, Osaka", "Minatomirai, Nishi-ku, Yokohama")


def email(rng, lang):
    form, local = rng.choice(["plain", "plus_tag", "subdomain", "uppercase", "digits"]), rng.choice(NAMES)
    domain = f"{rng.choice(DOMAINS)}.{rng.choice(TLDS)}"
    if form == "plus_tag":
        local += "+" + rng.choice(["news", "shop", "2024", "work"])
    elif form == "subdomain":
        domain = rng.choice(["mail.", "m.", "dept.lab."]) + domain
    elif form == "digits":
        local += _num(rng, 3)
    value = f"{local}@{domain}"
    return (value.upper() if rng.random() < .5 else value.title()) if form == "uppercase" else value, form


def my_number(rng, lang):
    body = _num(rng, 11)
    sep = rng.choice(["", " ", "-"])
    return _group(body + my_number_digit(body), (4, 4, 4), sep), SEPS[sep]


def ip(rng, lang):
    form = rng.choice(["v4_public", "v4_private", "v6_full", "v6_compressed", "v6_link_local"])
    if form.startswith("v4"):
        first = rng.choice([10, 172, 192]) if form == "v4_private" else rng.randint(1, 223)
        octets = [first] + [rng.randint(0, 255) for _ in range(3)]
        if form == "v4_private" and first != 10:
            octets[1] = 168 if first == 192 else rng.randint(16, 31)
        return ".".join(map(str, octets)), form
    groups = ["".join(rng.choice(string.hexdigits[:16]) for _ in range(rng.randint(1, 4))) for _ in range(8)]
    value = {"v6_full": ":".join(groups), "v6_link_local": "fe80::" + ":".join(groups[:4]),
             "v6_compressed": f"2001:db8:{':'.join(groups[:rng.randint(1, 3)])}::{groups[7]}"}[form]
    return (value.upper() if rng.random() < 0.2 else value), form


def address(rng, lang):
    if lang == "en" and rng.random() < 0.15:
        return f"{rng.randint(1, 4)}-{rng.randint(1, 30)}-{rng.randint(1, 20)} {rng.choice(ROMAJI)} " \
               f"{_num(rng, 3)}-{_num(rng, 4)}", "romaji"
    pref = rng.choice(sorted(PLACES))
    city = rng.choice(PLACES[pref].split())
    a, b, c = rng.randint(1, 9), rng.randint(1, 30), rng.randint(1, 20)
    block = rng.choice([f"{a}-{b}-{c}", f"{a}丁目{b}番{c}号", f"{a}-{b}", f"{a}丁目{b}-{c}"])
    code = rng.choice([f"〒{_num(rng, 3)}-{_num(rng, 4)}", f"〒{_num(rng, 7)}", f"{_num(rng, 3)}-{_num(rng, 4)}"])
    building = rng.choice(["", "", "", f"サンライズビル{rng.randint(2, 9)}F", f" メゾン桜{rng.randint(101, 305)}号室"])
    pref = "" if rng.random() < 0.2 else pref  # often left out, above all before a ward or a designated city
    form = ("marked" if code[0] == "〒" else "unmarked") + ("+building" if building else "")
    form += "" if pref else "+no_pref"
    return f"{code}{rng.choice([' ', ' ', ''])}{pref}{city}{block}{building}", form


def secret_url(rng, lang):
    token = "".join(rng.choice(string.ascii_letters + D) for _ in range(rng.randint(16, 40)))
    host = rng.choice(["files.example.com", "api.example.jp", "drive.example.co.jp", "app.example.net"])
    path = rng.choice(["/download/report.pdf", "/v1/users", "/share/q3-budget.xlsx", "/login", "/hooks/deploy"])
    key = rng.choice(["access_token", "token", "api_key", "apiKey", "key", "X-Amz-Signature", "sig", "password",
                      "session_id", "PHPSESSID", "client_secret", "auth", "userinfo"])
    extra = rng.choice(["", "lang=ja&", "page=2&", "user=demo&"])
    if key == "userinfo":
        return f"https://deploy:{token}@{host}{path}", key  # a password in the authority
    if key == "PHPSESSID" and rng.random() < 0.5:
        return f"https://{host}{path};jsessionid={token}", "jsessionid"
    return f"https://{host}{path}?{extra}{key}={token}", key


def isbn(rng, lang):
    if rng.random() < 0.6:
        d = "9784" + _num(rng, 8)
        d += ean_digit(d)
        dashed = f"{d[:3]}-{d[3]}-{d[4:6]}-{d[6:12]}-{d[12]}"
        return rng.choice([f"ISBN {dashed}", f"ISBN: {d}", f"ISBN-13: {d}", f"ISBN{dashed}", dashed]), "isbn13"
    d = "4" + _num(rng, 8)
    c = -sum((10 - i) * int(x) for i, x in enumerate(d)) % 11
    d += "X" if c == 10 else str(c)
    return rng.choice([f"ISBN {d[0]}-{d[1:3]}-{d[3:9]}-{d[9]}", f"ISBN-10: {d}", f"ISBN{d}"]), "isbn10"


def date(rng, lang):
    y, m, d = rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28)
    month = "January February March April May June July August September October November December".split()[m - 1]
    return rng.choice([f"{y}-{m:02}-{d:02}", f"{y}/{m:02}/{d:02}", f"{y}年{m}月{d}日", f"{d:02}/{m:02}/{y}",
                       f"{month} {d}, {y}", f"令和{rng.randint(1, 7)}年{m}月{d}日", f"{y}{m:02}{d:02}",
                       f"{y}.{m:02}.{d:02}", f"{y}-{m:02}-{d:02}T{rng.randint(0, 23):02}:{d:02}:00+09:00"]), "date"


def price(rng, lang):
    n, c = rng.randint(1, 2_000_000), rng.randint(0, 99)
    euro = f"{n:,}".replace(",", ".") + f",{c:02}"
    return rng.choice([f"¥{n:,}", f"{n:,}円", f"${n:,}.{c:02}", f"€{euro}", f"USD {n:,}.00", f"税込{n:,}円"]), "price"


def order_number(rng, lang):
    yamato = _num(rng, 11)
    yamato += str(int(yamato) % 7)
    return rng.choice([f"{_num(rng, 3)}-{_num(rng, 7)}-{_num(rng, 7)}", _group(yamato, (4, 4, 4), "-"), yamato,
                       f"ORD-{_num(rng, 8, '2')}-{_num(rng, 4)}", f"#{_num(rng, 8)}",
                       f"{_num(rng, 6)}-{_num(rng, 8, '2')}-{_num(rng, 10)}"]), "order_number"


def version(rng, lang):
    a, b, c, d = rng.randint(0, 20), rng.randint(0, 99), rng.randint(0, 999), rng.randint(0, 9999)
    return rng.choice([f"version {a}.{b}.{c}.{d}", f"v{a}.{b}.{c}", f"ver. {a}.{b}.{c}.{d}", f"Ver.{a}.{b}.{c}",
                       f"バージョン {a}.{b}.{c}.{d}", f"v{a}.{b}.{c}.{d}", f"Version {a}.{b}"]), "version"


def _wrong_check(rng, n: int, check, sizes: tuple[int, ...]) -> str:
    body = _num(rng, n)
    return _group(body + str((int(check(body)) + rng.randint(1, 9)) % 10), sizes, rng.choice(list(SEPS)))


def plain_url(rng, lang):
    host = rng.choice(["www.example.com", "shop.example.jp", "blog.example.net", "news.example.co.jp"])
    query = rng.choice(["", "?page=2&lang=ja", "?utm_source=newsletter&utm_medium=email&utm_campaign=spring",
                        "?q=ramen+tokyo", "?id=12345", "?sort=price&category=books", "?keyword=engineer-tokyo",
                        "?author=natsume-soseki", "#section-2", "?ref=top&page=10"])
    return f"https://{host}{rng.choice(['/', '/articles/2024/spring-sale', '/search', '/items/4471'])}{query}", "url"


def clock(rng, lang):
    h, m, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    return rng.choice([f"{h:02}:{m:02}", f"{h}:{m:02}:{s:02}", f"午後{h % 12 + 1}時{m}分", f"{h:02}:{m:02}.{s:02}",
                       f"{h:02}:{m:02}〜{(h + 2) % 24:02}:{m:02}", f"{h:02}:{m:02}:{s:02}.{_num(rng, 3)}"]), "time"


def coordinates(rng, lang):
    lat, lon = rng.uniform(-60, 70), rng.uniform(-180, 180)
    return rng.choice([f"{lat:.4f}, {lon:.4f}", f"{lat:.6f},{lon:.6f}", f"北緯{abs(lat):.4f}度 東経{abs(lon):.4f}度",
                       f"({lat:.4f}, {lon:.4f})"]), "coordinates"


def product_code(rng, lang):
    jan = rng.choice(["45", "49"]) + _num(rng, 10)
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(2))
    return rng.choice([f"JAN {jan}{ean_digit(jan)}", f"JANコード：{jan}{ean_digit(jan)}",
                       f"型番 {letters}-{_num(rng, 2)}X{_num(rng, 4)}", f"品番 {letters}-{_num(rng, 4)}-{_num(rng, 4)}",
                       f"Part No. {_num(rng, 3)}-{_num(rng, 3)}-{_num(rng, 4)}"]), "product_code"


GENERATORS = {"EMAIL": email, "PHONE": phone, "CREDIT_CARD": card, "MY_NUMBER": my_number, "IP_ADDRESS": ip,
              "ADDRESS": address, "SECRET_URL": secret_url, "isbn": isbn, "date": date, "price": price,
              "order_number": order_number, "version": version, "plain_url": plain_url, "time": clock,
              "coordinates": coordinates, "product_code": product_code, "timestamp": timestamp,
              "luhn_fail_16": lambda rng, lang: (_wrong_check(rng, 15, luhn_digit, (4, 4, 4, 4)), "luhn_fail_16"),
              "bad_check_12": lambda rng, lang: (_wrong_check(rng, 11, my_number_digit, (4, 4, 4)), "bad_check_12")}
