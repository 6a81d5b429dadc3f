"""Aligned: a page without rules gets a table only where a line reads as a header row (or where the previous
page's borderless table goes on): columns from that header, rows from the lines that open with text in the first
column, up to the first line that runs across the columns (prose again)."""

from __future__ import annotations

import re

import pdfplumber

from extractor.layout.model import Box, TableGrid
from extractor.layout.table_strategies.confidence import confidence, word_fit
from extractor.layout.table_strategies.settings import TableSettings
from extractor.layout.table_strategies.words import (
    RawWord,
    cell_text,
    crossed,
    header_cells,
    refine_edges,
    split_band,
    word_lines,
)
from extractor.tagging.column_roles import looks_like_header
from extractor.text import nfc

_LABEL = re.compile(r"^(?:[IVXLC]+|[A-ZĐ]|\d+(?:\.\d+)*|[a-zđ])[.)]?$")


def _header_at(lines: list[list[RawWord]], settings: TableSettings) -> int | None:
    """Index of the first line whose wide-gapped cells read as a table header."""
    for index, line in enumerate(lines):
        cells = header_cells(line, settings)
        if len(cells) < settings.min_aligned_columns:
            continue
        texts: list[str | None] = [
            cell_text([w for w in line if left <= w["x0"] and w["x1"] <= right]) for left, right in cells
        ]
        if looks_like_header(texts, settings.roles):
            return index
    return None


def _header_lines(lines: list[list[RawWord]], start: int, settings: TableSettings) -> int:
    """How many lines the header at `start` takes: later lines that sit inside its cells ("năm 2025",
    "(%)") and leave the first cell empty belong to it."""
    cells = header_cells(lines[start], settings)
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
        cells = header_cells([w for line in lines[start : end + 1] for w in line], settings)
        end += 1
    return end - start


def _table_end(lines: list[list[RawWord]], edges: list[float], settings: TableSettings) -> int:
    """Lines that belong to the table: up to the first that runs across the columns without a label."""
    for index, line in enumerate(lines):
        if crossed(line, edges, settings) and not _LABEL.match(line[0]["text"]):
            return index
    return len(lines)


def _aligned_rows(lines: list[list[RawWord]], edges: list[float], settings: TableSettings) -> list[list[RawWord]]:
    """Body lines grouped into rows: text in the first column, a blank line's gap, or a line filling
    several columns under a row that fills one (a group row's title) opens a row."""
    rows: list[list[RawWord]] = []
    previous: list[RawWord] | None = None
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


def _columns_used(words: list[RawWord], edges: list[float]) -> set[int]:
    """Columns after the first that hold some of these words."""
    return {j for w in words for j in range(1, len(edges) - 1) if edges[j] <= (w["x0"] + w["x1"]) / 2 < edges[j + 1]}


def aligned_table(
    page: pdfplumber.page.Page, number: int, settings: TableSettings, previous: TableGrid | None
) -> list[TableGrid]:
    """A table without rules: a header row of wide-gapped cells, or the previous page's borderless table
    going on at the top of this page."""
    words = page.extract_words(x_tolerance=settings.text_x_tolerance, extra_attrs=["size"])
    lines = word_lines(words)
    start = _header_at(lines, settings)
    if start is None:
        if previous is None or previous.ruled or not previous.column_edges or previous.page != number - 1:
            return []
        header: list[list[RawWord]] = []
        body = lines
        x0, x1 = previous.column_edges[0], previous.column_edges[-1]
        edges = previous.column_edges
    else:
        taken = _header_lines(lines, start, settings)
        header, body = lines[start : start + taken], lines[start + taken :]
        head_words = [w for line in header for w in line]
        x0 = min(w["x0"] for w in head_words + [w for line in body for w in line]) - 1
        x1 = max(w["x1"] for w in head_words + [w for line in body for w in line]) + 1
        cells = header_cells(head_words, settings)
        edges = refine_edges(cells, body, x0, x1)
        body = body[: _table_end(body, edges, settings)]
        edges = refine_edges(cells, body, x0, x1)
    body = body[: _table_end(body, edges, settings)]
    groups = ([[w for line in header for w in line]] if header else []) + _aligned_rows(body, edges, settings)
    if len(groups) - (1 if header else 0) < 1 or len(edges) - 1 < settings.min_columns:
        return []
    rows = [[nfc(c) if c is not None else None for c in split_band(group, edges, settings)] for group in groups]
    boxes = [Box(x0=x0, top=min(w["top"] for w in g), x1=x1, bottom=max(w["bottom"] for w in g)) for g in groups]
    return [
        TableGrid(
            page=number,
            box=Box(x0=x0, top=boxes[0].top, x1=x1, bottom=boxes[-1].bottom),
            rows=rows,
            row_boxes=boxes,
            ruled=False,
            column_edges=edges,
            strategy="aligned",
            confidence=confidence(rows, word_fit([w for g in groups for w in g], edges)),
        )
    ]
