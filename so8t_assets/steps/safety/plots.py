"""PNG figures for the safety labels: the class distribution and a confusion matrix."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from so8t_assets.steps.safety.taxonomy import CLASSES
from so8t_resources.atomic import write_atomic


def _save(fig, path: Path) -> Path:
    import matplotlib.pyplot as plt

    write_atomic(path, lambda tmp: fig.savefig(tmp, format="png", dpi=110, bbox_inches="tight"))
    plt.close(fig)
    return path


def distribution_png(counts: Counter, path: Path, title: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3))
    values = [counts.get(c, 0) for c in CLASSES]
    bars = ax.bar(CLASSES, values, color=["#4c9a2a", "#e0a526", "#d9622b", "#a4161a"])
    ax.bar_label(bars)
    ax.set_ylabel("documents")
    ax.set_title(title)
    return _save(fig, path)


def confusion_png(confusion: list[list[int]], path: Path, title: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4.6, 4))
    ax.imshow(confusion, cmap="Blues")
    ax.set_xticks(range(len(CLASSES)), CLASSES, rotation=30)
    ax.set_yticks(range(len(CLASSES)), CLASSES)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    top = max(max(row) for row in confusion) or 1
    for i, row in enumerate(confusion):
        for j, v in enumerate(row):
            ax.text(j, i, str(v), ha="center", va="center", color="white" if v > top / 2 else "black")
    ax.set_title(title)
    return _save(fig, path)


def markdown_image(path: Path, alt: str) -> str:
    """The PNG inline as markdown (a data URI), so the Dagster UI shows it in the metadata."""
    import base64

    return f"![{alt}](data:image/png;base64,{base64.b64encode(path.read_bytes()).decode()})"

