"""Near-duplicate detection measured against exact Jaccard similarity.

    python -m bench.dedup_eval [--clusters 300] [--threshold 0.8] [--json PATH]

A generated corpus (English word prose and Japanese character prose, team-written word
lists) has clusters of edited copies of one base document: words or characters replaced,
paragraphs reordered, boilerplate changed, sentences added. Edits are drawn so that the
exact Jaccard of copies spreads across 0.3-1.0. Distinct documents share a site template.

Gold: pairs whose exact Jaccard of shingle sets (the pipeline's: word 5-grams, or
character 5-grams for Japanese) is at least the threshold. Predicted: pairs that share an
LSH band key and whose MinHash estimate reaches the threshold, which is the pipeline's
rule. Every pair is judged: a pair from different clusters is predicted only if it is an
LSH candidate, and its exact Jaccard is computed for every candidate pair; pairs from
different clusters that are not candidates are counted as negatives after checking that
none of a sample reaches the threshold.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from itertools import combinations

from so8t_assets.steps.cleanse.minhash import MinHasher, estimated_jaccard, jaccard, shingles

EN_WORDS = ("harbour ship crowd market rain bridge festival station library garden river mountain school "
            "bakery lantern ferry museum orchard tram island council volunteer evening morning weekend "
            "teacher doctor farmer kitchen window letter bicycle village forest summer winter autumn spring "
            "concert theatre window railway meadow castle lighthouse cinema stadium pottery weaver").split()
JA_CHARS = ("駅前商店街祭夏子供高齢者多人集今年四夜店並焼綿菓香通全体広実行委員会準備春何度安全話合夕方地元"
            "中学生吹奏楽演奏見物家族連足止耳傾最後若手企画灯籠流川面映柔光来小学校協力体験増図書館開時間延長")
KANA = "のにはをがでとへもやからまでよりですますしたいるあるなるこれそれ"
HEADER = {"en": "Riverside Gazette | Home | News | Sport | Weather", "ja": "みなと新聞｜ホーム｜ニュース｜地域｜天気"}
FOOTER = {"en": "© 2026 Riverside Gazette. Contact the newsroom with tips.",
          "ja": "© 2026 みなと新聞 お問い合わせはこちら"}
LOGIN = {"en": " | Login", "ja": "｜ログイン"}


def _paragraphs(rng: random.Random, lang: str, n: int = 5) -> list[str]:
    if lang == "en":
        return [" ".join(rng.choice(EN_WORDS) for _ in range(40)) + "." for _ in range(n)]
    return ["".join(rng.choice(JA_CHARS) + rng.choice(KANA) for _ in range(60)) + "。" for _ in range(n)]


def _units(text: str, lang: str) -> list[str]:
    return list(text) if lang == "ja" else text.split(" ")


def _edit(rng: random.Random, paras: list[str], lang: str) -> list[str]:
    """One copy: a random share of units replaced, maybe reordered/extended."""
    rate = rng.choice([0.0, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2])
    pool = EN_WORDS if lang == "en" else list(JA_CHARS)
    out = []
    for para in paras:
        units = _units(para, lang)
        units = [rng.choice(pool) if rng.random() < rate else u for u in units]
        out.append(("" if lang == "ja" else " ").join(units))
    if rng.random() < 0.3:
        rng.shuffle(out)
    if rng.random() < 0.3:
        out.append(_paragraphs(rng, lang, 1)[0])
    return out


def corpus(clusters: int, seed: int = 7) -> list[tuple[str, str, int]]:
    """(text, lang, cluster) for clusters of 1 base + 2-6 copies, 2/3 English, 1/3 Japanese."""
    rng = random.Random(seed)
    docs = []
    for c in range(clusters):
        lang = "ja" if c % 3 == 2 else "en"
        base = _paragraphs(rng, lang)
        for paras in [base] + [_edit(rng, base, lang) for _ in range(rng.randint(2, 6))]:
            header = HEADER[lang] + (LOGIN[lang] if rng.random() < 0.2 else "")
            docs.append(("\n\n".join([header, *paras, FOOTER[lang]]), lang, c))
    return docs


def evaluate(docs, hasher: MinHasher, threshold: float, sample_seed: int = 1) -> dict:
    sets = [shingles(text, lang) for text, lang, _ in docs]
    sigs = [hasher.signature(s) for s in sets]
    buckets = defaultdict(list)
    for i, sig in enumerate(sigs):
        for key in hasher.bands(sig):
            buckets[key].append(i)
    candidates = {(a, b) for members in buckets.values() for a, b in combinations(members, 2)}
    clusters = defaultdict(list)
    for i, (_, _, c) in enumerate(docs):
        clusters[c].append(i)
    judged = candidates | {p for members in clusters.values() for p in combinations(members, 2)}
    exact = {p: jaccard(sets[p[0]], sets[p[1]]) for p in judged}
    gold = {p for p, j in exact.items() if j >= threshold}
    predicted = {p for p in candidates if estimated_jaccard(sigs[p[0]], sigs[p[1]]) >= threshold}
    # Cross-cluster pairs outside `judged` are assumed below the threshold: check a sample.
    rng = random.Random(sample_seed)
    sample = [tuple(sorted(rng.sample(range(len(docs)), 2))) for _ in range(2000)]
    unjudged_max = max((jaccard(sets[a], sets[b]) for a, b in sample if (a, b) not in judged), default=0.0)
    tp = len(gold & predicted)
    by_band = {}
    for lo, hi in ((threshold, 0.85), (0.85, 0.9), (0.9, 0.95), (0.95, 1.01)):
        in_band = {p for p in gold if lo <= exact[p] < hi}
        by_band[f"{lo:.2f}-{min(hi, 1.0):.2f}"] = (len(in_band & predicted), len(in_band))
    false_pos = predicted - gold
    return {"scheme": hasher.scheme, "threshold": threshold, "docs": len(docs), "pairs_judged": len(judged),
            "gold_pairs": len(gold), "predicted_pairs": len(predicted), "true_positives": tp,
            "precision": tp / len(predicted) if predicted else 1.0, "recall": tp / len(gold) if gold else 1.0,
            "recall_by_jaccard": by_band,
            "candidate_recall": len(gold & candidates) / len(gold) if gold else 1.0,
            "false_positive_min_jaccard": round(min((exact[p] for p in false_pos), default=1.0), 3),
            "sampled_unjudged_max_jaccard": round(unjudged_max, 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clusters", type=int, default=300)
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json")
    args = ap.parse_args()
    docs = corpus(args.clusters, args.seed)
    results = [evaluate(docs, MinHasher(b, r), args.threshold) for b, r in ((14, 8), (28, 4), (32, 8))]
    print(f"{len(docs)} documents in {args.clusters} clusters; threshold {args.threshold} on exact Jaccard\n")
    print("| scheme | gold pairs | predicted | precision | recall | LSH candidate recall | lowest Jaccard of a "
          "false positive | recall by Jaccard band (found/gold) |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        bands = ", ".join(f"{k}: {f}/{g}" for k, (f, g) in r["recall_by_jaccard"].items())
        print(f"| {r['scheme']} | {r['gold_pairs']} | {r['predicted_pairs']} | {r['precision']:.3f} | "
              f"{r['recall']:.3f} | {r['candidate_recall']:.3f} | {r['false_positive_min_jaccard']} | {bands} |")
    print(f"\nlargest exact Jaccard among 2,000 sampled unjudged pairs: {results[0]['sampled_unjudged_max_jaccard']}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=2)


if __name__ == "__main__":
    main()
