"""The near-duplicate evaluation judges pairs the way a brute-force comparison would."""

from itertools import combinations

from bench.dedup_eval import corpus, evaluate
from so8t_assets.steps.cleanse.minhash import MinHasher, jaccard, shingles


def test_gold_pairs_match_brute_force_and_copies_are_found():
    docs = corpus(clusters=12, seed=3)
    sets = [shingles(text, lang) for text, lang, _ in docs]
    brute = sum(jaccard(sets[a], sets[b]) >= 0.8 for a, b in combinations(range(len(docs)), 2))
    result = evaluate(docs, MinHasher(), 0.8)
    assert result["gold_pairs"] == brute > 0
    assert {lang for _, lang, _ in docs} == {"en", "ja"}
    identical = result["recall_by_jaccard"]["0.95-1.00"]
    assert identical[1] > 0 and identical[0] == identical[1]  # copies at Jaccard >= 0.95 are always caught
    assert 0 < result["precision"] <= 1 and 0 < result["recall"] <= 1
