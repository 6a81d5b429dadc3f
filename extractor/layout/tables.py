"""Finds the tables on one page and reads their cells, choosing the method per page.

A page with vertical and horizontal rules is read as a lattice by pdfplumber. A page with only
horizontal rules gets its rows from the rules and its columns from the white gaps between words
that run through most rows (pdfplumber's own text strategy splits justified text mid-word).
A page without rules gets a table only where a line reads as a header row (or where the previous
page's borderless table goes on): columns from that header, rows from the lines that open with text
in the first column, up to the first line that runs across the columns (prose again).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pdfplumber
from pydantic import BaseModel

from extractor.layout.model import Box, TableGrid
from extractor.tagging.column_roles import RoleSettings, looks_like_header
from extractor.text import nfc


class TableSettings(BaseModel):
    """Thresholds for deciding which table strategy a page gets."""

    min_rules: int = 3
    snap_tolerance: float = 3.0
    join_tolerance: float = 3.0
    intersection_tolerance: float = 3.0
    min_rows: int = 2
    #: a ruled table may be one row: a long row that fills a whole page between two page breaks
    min_lattice_rows: int = 1
    min_columns: int = 2
    text_x_tolerance: float = 1.5
    min_rule_share: float = 0.5
    min_column_gap: float = 4.0
    gap_free_share: float = 0.8
    header_word_gap_ems: float = 0.5
    #: a borderless table needs a header of at least this many cells
    min_aligned_columns: int = 3
    #: a header's second line lies within its cells, give or take this many points
    header_slack: float = 6.0
    #: a blank gap of this many line heights ends a borderless row even without a first-column label
    row_gap_lines: float = 1.2
    roles: RoleSettings = RoleSettings()


def _orientation(edges: list[dict[str, Any]]) -> tuple[int, int]:
    horizontal = sum(1 for e in edges if e.get("orientation") == "h")
    vertical = sum(1 for e in edges if e.get("orientation") == "v")
    return horizontal, vertical


def page_strategy(page: pdfplumber.page.Page, settings: TableSettings) -> str | None:
    """ "lattice" for a page ruled both ways, "rules" for horizontal rules only, "aligned" for none."""
    horizontal, vertical = _orientation(page.edges)
    if horizontal >= 2 and vertical >= settings.min_rules:  # two rules: a row that fills the page
        return "lattice"
    if horizontal >= settings.min_rules:
        return "rules"
    return "aligned"


def find_tables(
    page: pdfplumber.page.Page, number: int, settings: TableSettings, previous: TableGrid | None = None
) -> list[TableGrid]:
    """Every table on the page, top to bottom, with cell text in NFC.

    `previous` is the last table of the page before: a table with only horizontal rules that goes
    on without repeating its header keeps that table's columns.
    """
    strategy = page_strategy(page, settings)
    if strategy == "lattice":
        return _lattice_tables(page, number, settings)
    if strategy == "rules":
        return _ruled_rows_table(page, number, settings, previous)
    return _aligned_table(page, number, settings, previous)


def _lattice_tables(page: pdfplumber.page.Page, number: int, settings: TableSettings) -> list[TableGrid]:
    options: dict[str, Any] = {
        "vertical_strategy": "lines",
        "horizontal_strategy": "lines",
        "snap_tolerance": settings.snap_tolerance,
        "join_tolerance": settings.join_tolerance,
        "intersection_tolerance": settings.intersection_tolerance,
        "text_x_tolerance": settings.text_x_tolerance,
    }
    grids: list[TableGrid] = []
    for table in sorted(page.find_tables(options), key=lambda t: t.bbox[1]):
        rows = table.extract(x_tolerance=settings.text_x_tolerance)
        if len(rows) < settings.min_lattice_rows or max((len(r) for r in rows), default=0) < settings.min_columns:
            continue
        grids.append(
            TableGrid(
                page=number,
                box=_box(table.bbox),
                rows=[[nfc(cell) if cell is not None else None for cell in row] for row in rows],
                row_boxes=[_box(r.bbox) for r in table.rows],
            )
        )
    return grids


def _box(bbox: tuple[float, float, float, float]) -> Box:
    return Box(x0=bbox[0], top=bbox[1], x1=bbox[2], bottom=bbox[3])


def _rule_positions(page: pdfplumber.page.Page, settings: TableSettings) -> tuple[list[float], float, float]:
    """y of the wide horizontal rules (snapped), and the x-range they span."""
    rules = [e for e in page.edges if e.get("orientation") == "h"]
    widest = max(e["x1"] - e["x0"] for e in rules)
    wide = [e for e in rules if e["x1"] - e["x0"] >= settings.min_rule_share * widest]
    ys: list[float] = []
    for y in sorted(e["top"] for e in wide):
        if not ys or y - ys[-1] > settings.snap_tolerance:
            ys.append(y)
    return ys, min(e["x0"] for e in wide), max(e["x1"] for e in wide)


def _coverage(bands: list[list[dict[str, Any]]], x0: float, x1: float) -> list[int]:
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


def _column_gaps(bands: list[list[dict[str, Any]]], x0: float, x1: float, settings: TableSettings) -> list[float]:
    """x of the column separators: gaps free of words in most bands (spanning rows may cross them)."""
    covered = _coverage(bands, x0, x1)
    width = len(covered)
    limit = (1 - settings.gap_free_share) * len(bands)
    separators: list[float] = []
    start: int | None = None
    for x in range(width + 1):
        free = x < width and covered[x] <= limit
        if free and start is None:
            start = x
        elif not free and start is not None:
            if x - start >= settings.min_column_gap and start > 0 and x < width:
                separators.append(x0 + (start + x) / 2)
            start = None
    return separators


def _refine_edges(cells: list[list[float]], bands: list[list[dict[str, Any]]], x0: float, x1: float) -> list[float]:
    """Between two header cells, the separator is where fewest body words lie (the white river)."""
    covered = _coverage(bands, x0, x1)
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


def _word_lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped into lines top to bottom, each line left to right."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= 2.5:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _cell_text(words: list[dict[str, Any]]) -> str:
    return "\n".join(" ".join(w["text"] for w in line) for line in _word_lines(words))


def _header_cells(band: list[dict[str, Any]], settings: TableSettings) -> list[list[float]]:
    """x-ranges of a header row's cells: its words (over all its lines) grouped by overlap or small gaps."""
    cells: list[list[float]] = []
    for word in sorted(band, key=lambda w: w["x0"]):
        gap = settings.header_word_gap_ems * float(word.get("size", 12.0))
        if cells and word["x0"] - cells[-1][1] <= gap:
            cells[-1][1] = max(cells[-1][1], word["x1"])
        else:
            cells.append([word["x0"], word["x1"]])
    return cells


def _split_band(band: list[dict[str, Any]], edges: list[float], settings: TableSettings) -> list[str | None]:
    cells: list[str | None] = [
        _cell_text([w for w in band if left <= (w["x0"] + w["x1"]) / 2 < right])
        for left, right in itertools.pairwise(edges)
    ]
    return _spanning(cells, band, edges, settings)


def _ruled_rows_table(
    page: pdfplumber.page.Page, number: int, settings: TableSettings, previous: TableGrid | None
) -> list[TableGrid]:
    """One table from horizontal rules (rows) and the header's cells or word-free gaps (columns)."""
    ys, x0, x1 = _rule_positions(page, settings)
    if len(ys) < settings.min_rows + 1:
        return []
    words = page.extract_words(x_tolerance=settings.text_x_tolerance, extra_attrs=["size"])
    bands = [
        [w for w in words if top <= (w["top"] + w["bottom"]) / 2 <= bottom and x0 <= w["x0"] <= x1]
        for top, bottom in itertools.pairwise(ys)
    ]
    header = next((b for b in bands if b), [])
    edges = _refine_edges(_header_cells(header, settings), [b for b in bands[1:] if b], x0, x1)
    if not looks_like_header(_split_band(header, edges, settings), settings.roles):
        if previous is not None and previous.column_edges and not previous.ruled:
            edges = previous.column_edges
        else:
            edges = [x0, *_column_gaps([b for b in bands if b], x0, x1, settings), x1]
    if len(edges) - 1 < settings.min_columns:
        return []
    rows = [_split_band(band, edges, settings) for band in bands]
    boxes = [Box(x0=x0, top=top, x1=x1, bottom=bottom) for top, bottom in itertools.pairwise(ys)]
    kept = [(r, b) for r, b in zip(rows, boxes, strict=True) if any(c for c in r)]
    if len(kept) < settings.min_rows:
        return []
    return [
        TableGrid(
            page=number,
            box=Box(x0=x0, top=ys[0], x1=x1, bottom=ys[-1]),
            rows=[[nfc(c) if c is not None else None for c in r] for r, _ in kept],
            row_boxes=[b for _, b in kept],
            ruled=False,
            column_edges=edges,
        )
    ]


def _crossed(band: list[dict[str, Any]], edges: list[float], settings: TableSettings) -> list[int]:
    """Separators that one cell's text runs across: a word straddling it, or two words on one line
    that stand a normal word space apart on either side of it (cells are further apart than that)."""
    margin = 1.5
    crossed = {j for j in range(1, len(edges) - 1) if any(w["x0"] + margin < edges[j] < w["x1"] - margin for w in band)}
    for line in _word_lines(band):
        for a, b in itertools.pairwise(line):
            if b["x0"] - a["x1"] <= settings.header_word_gap_ems * float(a.get("size", 12.0)):
                crossed |= {j for j in range(1, len(edges) - 1) if a["x1"] - margin < edges[j] < b["x0"] + margin}
    return sorted(crossed)


def _spanning(
    cells: list[str | None], band: list[dict[str, Any]], edges: list[float], settings: TableSettings
) -> list[str | None]:
    """A row whose text runs across a column separator is one merged cell from that column on."""
    crossed = _crossed(band, edges, settings)
    if not crossed:
        return cells
    first = crossed[0] - 1
    text = _cell_text([w for w in band if (w["x0"] + w["x1"]) / 2 >= edges[first]])
    return [*cells[:first], text, *([None] * (len(cells) - first - 1))]


# ---------------------------------------------------------------- borderless tables

_LABEL = re.compile(r"^(?:[IVXLC]+|[A-ZĐ]|\d+(?:\.\d+)*|[a-zđ])[.)]?$")


def _header_at(lines: list[list[dict[str, Any]]], settings: TableSettings) -> int | None:
    """Index of the first line whose wide-gapped cells read as a table header."""
    for index, line in enumerate(lines):
        cells = _header_cells(line, settings)
        if len(cells) < settings.min_aligned_columns:
            continue
        texts: list[str | None] = [
            _cell_text([w for w in line if left <= w["x0"] and w["x1"] <= right]) for left, right in cells
        ]
        if looks_like_header(texts, settings.roles):
            return index
    return None


def _header_lines(lines: list[list[dict[str, Any]]], start: int, settings: TableSettings) -> int:
    """How many lines the header at `start` takes: later lines that sit inside its cells ("năm 2025",
    "(%)") and leave the first cell empty belong to it."""
    cells = _header_cells(lines[start], settings)
    end = start + 1
    while end < len(lines):
        words = lines[end]
        inside = all(
            any(
                left - settings.header_slack <= (w["x0"] + w["x1"]) / 2 <= right + settings.header_slack
                for left, right in cells
            )
            for w in words
        )
        if not inside or words[0]["x0"] < cells[1][0] - settings.header_slack:
            break
        cells = _header_cells([w for line in lines[start : end + 1] for w in line], settings)
        end += 1
    return end - start


def _table_end(lines: list[list[dict[str, Any]]], edges: list[float], settings: TableSettings) -> int:
    """Lines that belong to the table: up to the first that runs across the columns without a label."""
    for index, line in enumerate(lines):
        if _crossed(line, edges, settings) and not _LABEL.match(line[0]["text"]):
            return index
    return len(lines)


def _aligned_rows(
    lines: list[list[dict[str, Any]]], edges: list[float], settings: TableSettings
) -> list[list[dict[str, Any]]]:
    """Body lines grouped into rows: text in the first column, a blank line's gap, or a line filling
    several columns under a row that fills one (a group row's title) opens a row."""
    rows: list[list[dict[str, Any]]] = []
    previous: list[dict[str, Any]] | None = None
    for line in lines:
        height = max(w["bottom"] - w["top"] for w in line)
        gap = line[0]["top"] - previous[0]["bottom"] if previous else 0.0
        opens = (line[0]["x0"] + line[0]["x1"]) / 2 < edges[1] or gap > settings.row_gap_lines * height
        if rows and not opens:
            opens = len(_columns_used(rows[-1], edges)) == 1 and len(_columns_used(line, edges)) > 1
        if rows and not opens:
            rows[-1].extend(line)
        else:
            rows.append(list(line))
        previous = line
    return rows


def _columns_used(words: list[dict[str, Any]], edges: list[float]) -> set[int]:
    """Columns after the first that hold some of these words."""
    return {j for w in words for j in range(1, len(edges) - 1) if edges[j] <= (w["x0"] + w["x1"]) / 2 < edges[j + 1]}


def _aligned_table(
    page: pdfplumber.page.Page, number: int, settings: TableSettings, previous: TableGrid | None
) -> list[TableGrid]:
    """A table without rules: a header row of wide-gapped cells, or the previous page's borderless table
    going on at the top of this page."""
    words = page.extract_words(x_tolerance=settings.text_x_tolerance, extra_attrs=["size"])
    lines = _word_lines(words)
    start = _header_at(lines, settings)
    if start is None:
        if previous is None or previous.ruled or not previous.column_edges or previous.page != number - 1:
            return []
        header: list[list[dict[str, Any]]] = []
        body = lines
        x0, x1 = previous.column_edges[0], previous.column_edges[-1]
        edges = previous.column_edges
    else:
        taken = _header_lines(lines, start, settings)
        header, body = lines[start : start + taken], lines[start + taken :]
        head_words = [w for line in header for w in line]
        x0 = min(w["x0"] for w in head_words + [w for line in body for w in line]) - 1
        x1 = max(w["x1"] for w in head_words + [w for line in body for w in line]) + 1
        cells = _header_cells(head_words, settings)
        edges = _refine_edges(cells, body, x0, x1)
        body = body[: _table_end(body, edges, settings)]
        edges = _refine_edges(cells, body, x0, x1)
    body = body[: _table_end(body, edges, settings)]
    groups = ([[w for line in header for w in line]] if header else []) + _aligned_rows(body, edges, settings)
    if len(groups) - (1 if header else 0) < 1 or len(edges) - 1 < settings.min_columns:
        return []
    rows = [[nfc(c) if c is not None else None for c in _split_band(group, edges, settings)] for group in groups]
    boxes = [Box(x0=x0, top=min(w["top"] for w in g), x1=x1, bottom=max(w["bottom"] for w in g)) for g in groups]
    return [
        TableGrid(
            page=number,
            box=Box(x0=x0, top=boxes[0].top, x1=x1, bottom=boxes[-1].bottom),
            rows=rows,
            row_boxes=boxes,
            ruled=False,
            column_edges=edges,
        )
    ]
