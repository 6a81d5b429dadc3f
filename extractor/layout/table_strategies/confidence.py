"""How sure a strategy is of a table it found, from two shares measured on the table itself.

- fill: the share of rows whose text sits in two cells or more — a row of a table, where a line of prose
  or a lone title read as a table fills one cell;
- fit: the share of the table's text that lies within one column — for a ruled table, the characters
  inside its box that fall in a cell; for a table read from word positions, the words no column edge
  runs through; for a Word table, 1 (the file gives its cells).

The confidence is their mean, 0-1, rounded to two places.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.layout.table_strategies.words import RawWord, straddles


def row_fill(rows: Sequence[Sequence[str | None]]) -> float:
    """Share of rows with text in at least two cells."""
    if not rows:
        return 0.0
    filled = sum(1 for row in rows if sum(1 for cell in row if cell and cell.strip()) >= 2)
    return filled / len(rows)


def word_fit(words: Sequence[RawWord], edges: Sequence[float]) -> float:
    """Share of words that no inner column edge runs through."""
    if not words:
        return 0.0
    inner = edges[1:-1]
    return sum(1 for w in words if not any(straddles(w, x) for x in inner)) / len(words)


def char_fit(read: Sequence[Sequence[str | None]], chars_in_box: int) -> float:
    """Share of the box's characters that the cells read (characters outside every cell are lost)."""
    if not chars_in_box:
        return 1.0
    kept = sum(len("".join(cell.split())) for row in read for cell in row if cell)
    return min(kept / chars_in_box, 1.0)


def confidence(rows: Sequence[Sequence[str | None]], fit: float) -> float:
    """The table's confidence: mean of its row fill and its column fit."""
    return round((row_fill(rows) + fit) / 2, 2)
