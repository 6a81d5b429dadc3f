"""Rules: a page with horizontal rules only gets its rows from the rules and its columns from the header's cells,
else from the white gaps between words that run through most rows (pdfplumber's own text strategy splits justified
text mid-word)."""

from __future__ import annotations

import itertools

import pdfplumber

from extractor.layout.model import Box, TableGrid
from extractor.layout.table_strategies.confidence import confidence, word_fit
from extractor.layout.table_strategies.settings import TableSettings
from extractor.layout.table_strategies.words import (
    RawWord,
    coverage,
    crossed,
    header_cells,
    refine_edges,
    split_band,
)
from extractor.tagging.column_roles import looks_like_header
from extractor.text import nfc


def rule_positions(page: pdfplumber.page.Page, settings: TableSettings) -> tuple[list[float], float, float]:
    """y of the wide horizontal rules (snapped), and the x-range they span."""
    rules = [e for e in page.edges if e.get("orientation") == "h"]
    widest = max(e["x1"] - e["x0"] for e in rules)
    wide = [e for e in rules if e["x1"] - e["x0"] >= settings.min_rule_share * widest]
    ys: list[float] = []
    for y in sorted(e["top"] for e in wide):
        if not ys or y - ys[-1] > settings.snap_tolerance:
            ys.append(y)
    return ys, min(e["x0"] for e in wide), max(e["x1"] for e in wide)


def _column_gaps(bands: list[list[RawWord]], x0: float, x1: float, settings: TableSettings) -> list[float]:
    """x of the column separators: gaps free of words in most bands (spanning rows may cross them)."""
    covered = coverage(bands, x0, x1)
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


def _rows_fit(bands: list[list[RawWord]], edges: list[float], settings: TableSettings) -> bool:
    """Whether most rows keep their text within the columns: the previous page's table going on, not a new
    table without a header whose columns lie elsewhere (under those columns nearly every row would run across)."""
    fitting = sum(1 for band in bands if not crossed(band, edges, settings))
    return fitting >= settings.min_fitting_rows * len(bands)


def ruled_rows_table(
    page: pdfplumber.page.Page, number: int, settings: TableSettings, previous: TableGrid | None
) -> list[TableGrid]:
    """One table from horizontal rules (rows) and the header's cells or word-free gaps (columns).

    Without a header of its own the table keeps the columns of `previous` (the table before it, when
    read from word positions too) if most of its rows fit them: a table going on from the page before."""
    ys, x0, x1 = rule_positions(page, settings)
    if len(ys) < settings.min_rows + 1:
        return []
    words = page.extract_words(x_tolerance=settings.text_x_tolerance, extra_attrs=["size"])
    bands = [
        [w for w in words if top <= (w["top"] + w["bottom"]) / 2 <= bottom and x0 <= w["x0"] <= x1]
        for top, bottom in itertools.pairwise(ys)
    ]
    header = next((b for b in bands if b), [])
    edges = refine_edges(header_cells(header, settings), [b for b in bands[1:] if b], x0, x1)
    if not looks_like_header(split_band(header, edges, settings), settings.roles):
        inherited = previous.column_edges if previous is not None and not previous.ruled else []
        if inherited and _rows_fit([b for b in bands if b], inherited, settings):
            edges = inherited
        else:
            edges = [x0, *_column_gaps([b for b in bands if b], x0, x1, settings), x1]
    if len(edges) - 1 < settings.min_columns:
        return []
    rows = [split_band(band, edges, settings) for band in bands]
    boxes = [Box(x0=x0, top=top, x1=x1, bottom=bottom) for top, bottom in itertools.pairwise(ys)]
    kept = [(r, b, band) for r, b, band in zip(rows, boxes, bands, strict=True) if any(c for c in r)]
    if len(kept) < settings.min_rows:
        return []
    cells = [r for r, _, _ in kept]
    return [
        TableGrid(
            page=number,
            box=Box(x0=x0, top=ys[0], x1=x1, bottom=ys[-1]),
            rows=[[nfc(c) if c is not None else None for c in r] for r in cells],
            row_boxes=[b for _, b, _ in kept],
            ruled=False,
            column_edges=edges,
            strategy="rules",
            confidence=confidence(cells, word_fit([w for _, _, band in kept for w in band], edges)),
        )
    ]
