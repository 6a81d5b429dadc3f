"""Word geometry the text-positioned strategies share (rules, aligned): lines, header cells, the white river
between columns, a row's text split by column edges."""

from __future__ import annotations

import itertools
from typing import Any

from extractor.layout.table_strategies.settings import TableSettings

#: pdfplumber's word dicts: text, x0, x1, top, bottom, size
RawWord = dict[str, Any]

#: a word crosses a column edge when the edge lies this far inside it
EDGE_MARGIN = 1.5


def word_lines(words: list[RawWord]) -> list[list[RawWord]]:
    """Words grouped into lines top to bottom, each line left to right."""
    lines: list[list[RawWord]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= 2.5:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def cell_text(words: list[RawWord]) -> str:
    """A cell's text: its words line by line."""
    return "\n".join(" ".join(w["text"] for w in line) for line in word_lines(words))


def coverage(bands: list[list[RawWord]], x0: float, x1: float) -> list[int]:
    """For each point from x0 to x1, how many bands have a word over it."""
    width = int(x1 - x0) + 1
    covered = [0] * width
    for band in bands:
        mask = [False] * width
        for word in band:
            for x in range(max(int(word["x0"] - x0), 0), min(int(word["x1"] - x0) + 1, width)):
                mask[x] = True
        covered = [c + m for c, m in zip(covered, mask, strict=True)]
    return covered


def refine_edges(cells: list[list[float]], bands: list[list[RawWord]], x0: float, x1: float) -> list[float]:
    """Between two header cells, the separator is where fewest body words lie (the white river)."""
    covered = coverage(bands, x0, x1)
    edges = [x0]
    for left, right in itertools.pairwise(cells):
        lo, hi = int(left[1] - x0), int(right[0] - x0)
        if hi <= lo:
            edges.append((left[1] + right[0]) / 2)
            continue
        least = min(covered[lo : hi + 1])
        start, end = _widest_run([x for x in range(lo, hi + 1) if covered[x] == least])
        edges.append(x0 + (start + end) / 2)
    return [*edges, x1]


def _widest_run(xs: list[int]) -> tuple[int, int]:
    """First and last x of the widest stretch of consecutive positions (the first when tied)."""
    best = current = (xs[0], xs[0])
    for x in xs[1:]:
        current = (current[0], x) if x == current[1] + 1 else (x, x)
        if current[1] - current[0] > best[1] - best[0]:
            best = current
    return best


def header_cells(band: list[RawWord], settings: TableSettings) -> list[list[float]]:
    """x-ranges of a header row's cells: its words (over all its lines) grouped by overlap or small gaps."""
    cells: list[list[float]] = []
    for word in sorted(band, key=lambda w: w["x0"]):
        gap = settings.header_word_gap_ems * float(word.get("size", 12.0))
        if cells and word["x0"] - cells[-1][1] <= gap:
            cells[-1][1] = max(cells[-1][1], word["x1"])
        else:
            cells.append([word["x0"], word["x1"]])
    return cells


def split_band(band: list[RawWord], edges: list[float], settings: TableSettings) -> list[str | None]:
    """A row's text per column; a row whose text runs across a separator is merged from there on."""
    cells: list[str | None] = [
        cell_text([w for w in band if left <= (w["x0"] + w["x1"]) / 2 < right])
        for left, right in itertools.pairwise(edges)
    ]
    return _spanning(cells, band, edges, settings)


def straddles(word: RawWord, x: float) -> bool:
    """Whether a column edge at x runs through the word."""
    return bool(word["x0"] + EDGE_MARGIN < x < word["x1"] - EDGE_MARGIN)


def crossed(band: list[RawWord], edges: list[float], settings: TableSettings) -> list[int]:
    """Separators that one cell's text runs across: a word straddling it, or two words on one line
    that stand a normal word space apart on either side of it (cells are further apart than that)."""
    inner = range(1, len(edges) - 1)
    found = {j for j in inner if any(straddles(w, edges[j]) for w in band)}
    for line in word_lines(band):
        for a, b in itertools.pairwise(line):
            if b["x0"] - a["x1"] <= settings.header_word_gap_ems * float(a.get("size", 12.0)):
                found |= {j for j in inner if a["x1"] - EDGE_MARGIN < edges[j] < b["x0"] + EDGE_MARGIN}
    return sorted(found)


def _spanning(
    cells: list[str | None], band: list[RawWord], edges: list[float], settings: TableSettings
) -> list[str | None]:
    """A row whose text runs across a column separator is one merged cell from that column on."""
    found = crossed(band, edges, settings)
    if not found:
        return cells
    first = found[0] - 1
    text = cell_text([w for w in band if (w["x0"] + w["x1"]) / 2 >= edges[first]])
    return [*cells[:first], text, *([None] * (len(cells) - first - 1))]
