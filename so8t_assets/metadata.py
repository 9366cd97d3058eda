"""Small helpers for the markdown an asset shows in the Dagster UI."""

from collections import Counter


def counts_table(title: str, counts: Counter, unit: str = "count") -> str:
    """A two-column markdown table, most common first; a line saying so when there is nothing."""
    if not counts:
        return f"no {title} counts"
    lines = [f"| {title} | {unit} |", "|---|---:|"]
    return "\n".join(lines + [f"| {k} | {v} |" for k, v in counts.most_common()])
