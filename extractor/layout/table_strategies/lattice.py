"""Lattice: a page ruled both ways is read by pdfplumber's lines strategy, one table per ruled grid."""

from __future__ import annotations

from typing import Any

import pdfplumber

from extractor.layout.model import Box, TableGrid
from extractor.layout.table_strategies.confidence import char_fit, confidence
from extractor.layout.table_strategies.settings import TableSettings
from extractor.text import nfc


def lattice_tables(page: pdfplumber.page.Page, number: int, settings: TableSettings) -> list[TableGrid]:
    """Every ruled grid on the page with at least the least rows and columns, top to bottom."""
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
                box=box(table.bbox),
                rows=[[nfc(cell) if cell is not None else None for cell in row] for row in rows],
                row_boxes=[box(r.bbox) for r in table.rows],
                strategy="lattice",
                confidence=confidence(rows, char_fit(rows, _chars_in(page.chars, table.bbox))),
            )
        )
    return grids


def box(bbox: tuple[float, float, float, float]) -> Box:
    """Our Box from a pdfplumber bbox (x0, top, x1, bottom)."""
    return Box(x0=bbox[0], top=bbox[1], x1=bbox[2], bottom=bbox[3])


def _chars_in(chars: list[dict[str, Any]], bbox: tuple[float, float, float, float]) -> int:
    """Printed characters whose centre lies in the box."""
    x0, top, x1, bottom = bbox
    return sum(
        1
        for c in chars
        if not c["text"].isspace()
        and x0 <= (c["x0"] + c["x1"]) / 2 <= x1
        and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    )
