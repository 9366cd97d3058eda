"""One PNG per session: the funnel, drop reasons, NSFW scores, four classes per language, errors."""

from __future__ import annotations

from pathlib import Path

from so8t_assets.steps.safety.taxonomy import CLASSES
from so8t_resources.atomic import write_atomic


def _bars(ax, labels: list[str], values: list[int], title: str, horizontal: bool = False) -> None:
    if not values:
        ax.text(0.5, 0.5, "none", ha="center", va="center", transform=ax.transAxes)
    elif horizontal:
        ax.barh(labels, values, color="#5b7fa6")
        ax.invert_yaxis()
    else:
        ax.bar(labels, values, color="#5b7fa6")
        ax.tick_params(axis="x", labelrotation=20)
    ax.set_title(title, fontsize=10)


def draw_dashboard(stats: dict, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 3, figsize=(15, 8.5))
    funnel = stats["funnel"]
    _bars(axes[0, 0], list(funnel), list(funnel.values()), "funnel: fetched → training records")
    drops = sorted(stats["drop_reasons"].items(), key=lambda kv: -kv[1])[:10]
    _bars(axes[0, 1], [k for k, _ in drops], [v for _, v in drops], "cleansing drop reasons", horizontal=True)
    ax = axes[0, 2]
    ax.hist(stats["nsfw"]["scores"] or [0], bins=20, range=(0, 1), color="#a65b7f")
    ax.set_title(f"NSFW scores ({stats['nsfw']['nsfw_pages']} of {stats['nsfw']['pages']} pages NSFW)", fontsize=10)
    ax = axes[1, 0]
    langs = sorted(stats["four_class_by_lang"])
    width = 0.8 / max(len(langs), 1)
    for i, lang in enumerate(langs):
        ax.bar([j + i * width for j in range(len(CLASSES))],
               [stats["four_class_by_lang"][lang].get(c, 0) for c in CLASSES], width, label=lang)
    ax.set_xticks([j + width * (len(langs) - 1) / 2 for j in range(len(CLASSES))], CLASSES)
    ax.set_title("four-class labels per language", fontsize=10)
    if langs:
        ax.legend()
    errors = sorted(stats["errors"].items(), key=lambda kv: -kv[1])[:10]
    _bars(axes[1, 1], [k for k, _ in errors], [v for _, v in errors], "crawl errors and skips by kind",
          horizontal=True)
    records = stats["records_by_class"]
    _bars(axes[1, 2], list(CLASSES), [records.get(c, 0) for c in CLASSES],
          f"training records by class ({stats['records_rejected']} rejected)")
    fig.suptitle(f"SO8T session {stats['session']}", fontsize=13)
    fig.tight_layout()
    write_atomic(path, lambda tmp: fig.savefig(tmp, format="png", dpi=90))
    plt.close(fig)
    return path
