import pytest

from so8t_resources.crawler.charset import decode_html

JA = "<html><body><p>吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。</p></body></html>"


@pytest.mark.parametrize("codec,label", [("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"), ("utf-8", "utf-8")])
@pytest.mark.parametrize("declared", ["header", "meta", "none", "wrong"])
def test_japanese_pages_decode_whatever_they_declare(codec, label, declared):
    doc = JA.replace("<html>", f'<html><meta charset="{label}">') if declared == "meta" else JA
    header = {"header": label, "wrong": "iso-8859-1"}.get(declared)
    text, used, source = decode_html(doc.encode(codec), header)
    assert "吾輩は猫である" in text
    assert source == declared if declared in ("header", "meta") else source in ("utf-8", "detected")


def test_a_truthful_latin1_page_keeps_its_charset():
    body = "<p>Un café près de la fenêtre, où l'on sert des crêpes à côté du théâtre.</p>".encode("latin-1")
    text, used, source = decode_html(body, "ISO-8859-1")
    assert "crêpes" in text and source == "header"
