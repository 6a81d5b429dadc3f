"""Plain-text tables for the terminal: fixed column widths, long cells cut with an ellipsis."""

from __future__ import annotations

from collections.abc import Sequence


def cut(text: str, width: int) -> str:
    """Text cut to a width, marking the cut with an ellipsis."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> str:
    """A text table with one header line, a rule and one line per row."""

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cut(c.replace("\n", " "), w).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])
