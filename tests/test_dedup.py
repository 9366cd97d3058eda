"""Exact and near-duplicate detection: planted copies caught, template-sharing pages kept."""

import random

import pyarrow as pa

from so8t_assets.steps.cleanse.dedup import (
    BAND_SCHEMA,
    BANDS_TABLE,
    Deduplicator,
    Fingerprint,
    band_rows,
    earlier_matches,
)
from so8t_assets.steps.cleanse.minhash import MinHasher, estimated_jaccard, jaccard, shingles
from so8t_resources.storage import write_partition

WORDS = ("harbour ship crowd market rain bridge festival station library garden river mountain school bakery "
         "lantern ferry museum orchard tram island council volunteer evening morning weekend").split()
HEADER = "Riverside Gazette | Home | News | Sport | Weather"
FOOTER = "© 2025 Riverside Gazette. All rights reserved. Contact the newsroom with tips."


def article(seed: int, paragraphs: int = 5) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(40)) + "." for _ in range(paragraphs)]


def page(paras: list[str], header: str = HEADER, footer: str = FOOTER) -> str:
    return "\n\n".join([header, *paras, footer])


def test_minhash_estimates_jaccard():
    a = shingles(page(article(1)), "en")
    b = shingles(page(article(1)[:4] + article(2)[:1]), "en")
    m = MinHasher()
    assert abs(estimated_jaccard(m.signature(a), m.signature(b)) - jaccard(a, b)) < 0.12


def test_planted_copies_are_caught_and_template_pages_kept():
    d = Deduplicator()
    original = article(1)
    docs = {
        "orig": page(original),
        "exact": page(original),
        "reordered": page(original[1:] + original[:1]),
        "new_boilerplate": page(original, header="Gazette Online — Latest", footer="Follow us for more news."),
        "other_story": page(article(2)),  # same template, different body
        "third_story": page(article(3)),
    }
    verdicts = {doc_id: d.check(d.fingerprint(doc_id, text, "en")) for doc_id, text in docs.items()}
    assert verdicts == {
        "orig": None, "exact": ("exact_duplicate", "orig"), "reordered": ("near_duplicate", "orig"),
        "new_boilerplate": ("near_duplicate", "orig"), "other_story": None, "third_story": None,
    }


def test_japanese_near_copies_use_characters():
    base = ("駅前の商店街では毎年夏に祭りが開かれ、多くの人が集まります。今年は四年ぶりに夜店が並びました。"
            "実行委員会は春から準備を進め、安全について何度も話し合ってきました。夕方には吹奏楽の演奏もありました。")
    d = Deduplicator()
    assert d.check(d.fingerprint("a", base, "ja")) is None
    edited = base.replace("四年ぶり", "三年ぶり") + "（八月三日更新）"
    assert d.check(d.fingerprint("b", edited, "ja")) == ("near_duplicate", "a")
    other = "図書館では来月から開館時間を延長し、平日は夜八時まで利用できるようになります。" * 2
    assert d.check(d.fingerprint("c", other, "ja")) is None


def test_earlier_sessions_win_through_duckdb(tmp_path):
    first = Deduplicator()
    fps = [first.fingerprint(f"s1/{i}", page(article(i)), "en") for i in range(5)]
    write_partition(tmp_path, BANDS_TABLE, "s1", pa.Table.from_pylist(band_rows(fps, "2026-01-01T00:00:00"),
                                                                      schema=BAND_SCHEMA))
    second = Deduplicator()
    batch = [second.fingerprint("s2/a", page(article(3)), "en"),
             second.fingerprint("s2/b", page(article(3)[1:] + article(3)[:1]), "en"),
             second.fingerprint("s2/c", page(article(99)), "en")]
    found = earlier_matches(tmp_path, batch, "s2", "2026-02-01T00:00:00")
    assert found == {0: ("exact_duplicate", "s1/3"), 1: ("near_duplicate", "s1/3")}
    # A session created before s1 does not count s1 as earlier.
    assert earlier_matches(tmp_path, batch, "s0", "2025-12-01T00:00:00") == {}
    # Signatures of another band layout are not comparable, so they never match.
    other = Deduplicator(MinHasher(28, 4)).fingerprint("s2/a", page(article(3)), "en")
    assert earlier_matches(tmp_path, [other], "s2", "2026-02-01T00:00:00") == {}


def test_pipeline_explains_every_document():
    from so8t_assets.steps.cleanse.pipeline import Cleanser
    from so8t_resources.config import CleansingConfig

    german = ("Der Hafen war am Wochenende voller Menschen, die das Fest nach vier Jahren wieder feierten. " * 6)
    body = page(article(7)) + "\n\nWrite to the newsroom at desk@example.com with your stories and photos."
    docs = [{"doc_id": "a", "text": body}, {"doc_id": "b", "text": body.replace("desk@", "news@")},
            {"doc_id": "c", "text": german}, {"doc_id": "d", "text": " \u200b "},
            {"doc_id": "e", "text": "Photo gallery index page"}]  # English, but py3langid is unsure (0.18)
    cleanser = Cleanser(CleansingConfig(quality_rules=False))
    out = {row["doc_id"]: (ok, row) for ok, row, _ in cleanser.run((d["doc_id"], d) for d in docs)}
    assert out["a"][0] and "<EMAIL>" in out["a"][1]["text"] and out["a"][1]["pii_counts"] == {"EMAIL": 1}
    assert out["b"][1]["drop_reason"] == "near_duplicate" and out["b"][1]["duplicate_of"] == "a"
    assert out["c"][1]["drop_reason"] == "language_not_kept" and out["c"][1]["lang"] == "de"
    assert out["d"][1]["drop_reason"] == "empty_after_normalisation"
    assert out["e"][1]["drop_reason"] == "low_language_score" and out["e"][1]["lang"] == "en"
    assert out["e"][1]["lang_score"] < cleanser.cfg.min_language_score
    assert cleanser.drop_reasons == {"near_duplicate": 1, "language_not_kept": 1, "empty_after_normalisation": 1,
                                     "low_language_score": 1}


def test_the_compact_index_finds_copies_across_flushed_and_merged_runs(monkeypatch):
    import numpy as np

    from so8t_assets.steps.cleanse import band_index

    monkeypatch.setattr(band_index, "FLUSH_AT", 50)  # many small runs, merged as they grow
    monkeypatch.setattr(band_index, "BLOCK", 16)
    hasher = MinHasher(28, 4)
    d = Deduplicator(hasher, 0.7)
    rng = np.random.default_rng(1)
    signatures = [rng.integers(0, 2**63, size=112, dtype=np.uint64) for _ in range(300)]
    for i, sig in enumerate(signatures):
        assert d.check(Fingerprint(f"doc{i}", f"{i:064x}", sig, hasher.bands(sig), hasher.scheme)) is None
    assert len(d._index._runs) < 8  # log-structured: a few runs, not one per flush
    for i in (0, 7, 150, 299):  # early (merged runs), middle and the most recent (still in the dict)
        near = signatures[i].copy()
        near[:20] = rng.integers(0, 2**63, size=20, dtype=np.uint64)  # ~82 % of hashes agree
        fp = Fingerprint(f"copy{i}", "f" * 64, near, hasher.bands(near), hasher.scheme)
        assert d.check(fp) == ("near_duplicate", f"doc{i}")
        same = Fingerprint(f"same{i}", f"{i:064x}", signatures[i], hasher.bands(signatures[i]), hasher.scheme)
        assert d.check(same) == ("exact_duplicate", f"doc{i}")


def test_numeric_session_ids_and_old_band_tables_do_not_break_the_lookup(tmp_path):
    d = Deduplicator()
    fps = [d.fingerprint(f"s1/{i}", page(article(i)), "en") for i in range(3)]
    # A session ID that looks like a number, and a band table from before `scheme`/`bands` existed.
    write_partition(tmp_path, BANDS_TABLE, "20251108", pa.Table.from_pylist(band_rows(fps, "2025-11-08T00:00:00"),
                                                                            schema=BAND_SCHEMA))
    write_partition(tmp_path, BANDS_TABLE, "0123", pa.table({"doc_id": ["old/1"], "band": [0], "key": [1],
                                                              "exact": ["x"], "session_created": ["2025-01-01"]}))
    batch = [Deduplicator().fingerprint("new/a", page(article(2)), "en"),
             Deduplicator().fingerprint("new/a", page(article(50)), "en")]  # the same ID twice in one batch
    for session in ("", "123", "s2"):  # the CLI passes "", and "123" must not equal "0123"
        assert earlier_matches(tmp_path, batch, session, "2026-01-01T00:00:00") == {0: ("exact_duplicate", "s1/2")}
