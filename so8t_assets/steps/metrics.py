"""Binary classification figures, overall and per language."""

from __future__ import annotations

from collections.abc import Sequence


def binary_metrics(labels: Sequence[int], scores: Sequence[float], threshold: float) -> dict:
    from sklearn.metrics import average_precision_score, precision_recall_fscore_support

    predicted = [int(s >= threshold) for s in scores]
    p, r, f, _ = precision_recall_fscore_support(labels, predicted, average="binary", zero_division=0)
    auprc = average_precision_score(labels, scores) if 0 < sum(labels) < len(labels) else float("nan")
    return {"n": len(labels), "positives": int(sum(labels)), "precision": round(float(p), 4),
            "recall": round(float(r), 4), "f1": round(float(f), 4), "auprc": round(float(auprc), 4)}


def metrics_by_language(labels, scores, languages, threshold: float) -> dict:
    out = {"all": binary_metrics(labels, scores, threshold)}
    for lang in sorted(set(languages)):
        idx = [i for i, x in enumerate(languages) if x == lang]
        out[lang] = binary_metrics([labels[i] for i in idx], [scores[i] for i in idx], threshold)
    return out


def format_table(metrics: dict) -> str:
    lines = ["| slice | n | positives | precision | recall | F1 | AUPRC |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, m in metrics.items():
        lines.append(f"| {name} | {m['n']} | {m['positives']} | {m['precision']:.3f} | {m['recall']:.3f} | "
                     f"{m['f1']:.3f} | {m['auprc']:.3f} |")
    return "\n".join(lines)
