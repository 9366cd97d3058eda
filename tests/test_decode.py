"""Content-Encoding decoding under a limit: what fits comes back whole, what does not stops early."""

import zlib

import pytest
from hostile_server import encode_layers, stacked_gzip
from hypothesis import given
from hypothesis import strategies as st

from so8t_resources.crawler.decode import BoundedDecoder, DecodeError

LIMIT = 50_000
STACKS = st.sampled_from([[], ["gzip"], ["deflate"], ["gzip", "gzip"], ["deflate", "gzip"], ["x-gzip"]])


def decode(raw: bytes, header: str, limit: int = LIMIT, truncate: bool = False, chunk: int = 1000) -> bytes:
    dec = BoundedDecoder(header, limit, truncate)
    return b"".join(dec.feed(raw[i:i + chunk]) for i in range(0, len(raw), chunk))


@given(body=st.binary(max_size=LIMIT), codings=STACKS, chunk=st.integers(1, 5000))
def test_any_body_within_the_limit_decodes_to_itself(body, codings, chunk):
    raw = encode_layers(body, codings)
    assert decode(raw, ", ".join(codings), chunk=chunk) == body


@given(unit=st.binary(min_size=1, max_size=300), over=st.integers(1, 2 * LIMIT), codings=STACKS)
def test_a_body_over_the_limit_is_refused_or_cut_at_it(unit, over, codings):
    body = (unit * ((LIMIT + over) // len(unit) + 1))[:LIMIT + over]
    raw = encode_layers(body, codings)
    with pytest.raises(DecodeError) as err:
        decode(raw, ", ".join(codings))
    assert err.value.kind in ("too_large", "decompression_bomb")
    assert decode(raw, ", ".join(codings), truncate=True) == body[:LIMIT]


def test_a_stacked_bomb_stops_at_the_limit_without_inflating():
    raw = stacked_gzip(64 << 20, layers=3)  # 64 MiB behind three gzip layers
    with pytest.raises(DecodeError, match="inflates past") as err:
        decode(raw, "gzip, gzip, gzip", chunk=65536)
    assert err.value.kind == "decompression_bomb"


@pytest.mark.parametrize("header,kind", [("br", "bad_encoding"), ("gzip, gzip, gzip, gzip", "bad_encoding"),
                                         ("compress", "bad_encoding")])
def test_codings_we_cannot_bound_are_refused(header, kind):
    with pytest.raises(DecodeError) as err:
        BoundedDecoder(header, LIMIT)
    assert err.value.kind == kind


def test_a_body_that_lies_about_its_coding_is_a_decoding_error():
    with pytest.raises(DecodeError) as err:
        decode(b"<html>plain, not gzip</html>", "gzip")
    assert err.value.kind == "decoding_error"
    assert decode(zlib.compress(b"zlib-wrapped")[2:-4], "deflate") == b"zlib-wrapped"  # raw deflate too
