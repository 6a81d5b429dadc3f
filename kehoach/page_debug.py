"""Draws how the table finder read one PDF page (`kehoach debug`): the page's ruling lines, each table's row
boundaries, column edges and header cells, and the strategy that found it with its confidence — so anyone can
see why a table was read the way it was.

The tables are those the extractor found (the whole file is read, so a table going on from the page before is
read as it is in an extraction); the rules are the PDF's own (a scanned page's rules are found in its image and
are not drawn, its tables' rows and columns are).
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Any

from PIL import ImageFont
from pydantic import BaseModel

from extractor.errors import InputError
from extractor.layout.model import Box, TableGrid
from extractor.layout.pdf import open_pdf
from extractor.read.document import read_document
from extractor.tables.stitch import StitchSettings, split_header

Colour = tuple[int, int, int] | tuple[int, int, int, int]

RULE: Colour = (220, 0, 0)
ROW: Colour = (255, 150, 0)
COLUMN: Colour = (0, 90, 230)
HEADER_FILL: Colour = (0, 170, 80, 60)
HEADER_STROKE: Colour = (0, 140, 60)
LABEL: Colour = (150, 0, 150)
#: a rule this close to another x is the same column edge
SNAP = 2.0


class PageDrawing(BaseModel):
    """The PNG of one page with what the table finder saw, and one line per table found on it."""

    page: int
    png: bytes
    size: tuple[int, int]
    tables: list[str]


def draw_page(path: Path, number: int, resolution: int = 100) -> PageDrawing:
    """Page `number` of a PDF drawn with its rules, and its tables' rows, columns, header cells and strategy."""
    with open_pdf(path) as pdf:
        count = len(pdf.pages)
    if not 1 <= number <= count:
        raise InputError(f"no page {number} (the PDF has {count} page{'s' if count != 1 else ''})", path)
    grids = read_document(path).pages[number - 1].tables
    with open_pdf(path) as pdf:
        page = pdf.pages[number - 1]
        image = page.to_image(resolution=resolution)
        vertical = [e for e in page.edges if e.get("orientation") == "v"]
        for grid in grids:
            _draw_grid(image, grid, vertical)
        image.draw_lines(page.edges, stroke=RULE, stroke_width=2)
        for grid in grids:
            _label(image, grid)
        out = io.BytesIO()
        image.save(out, format="PNG", quantize=False)
        size = image.annotated.size
    return PageDrawing(page=number, png=out.getvalue(), size=size, tables=[_summary(g) for g in grids])


def _summary(grid: TableGrid) -> str:
    return f"{grid.strategy} {grid.confidence:.2f}"


def _draw_grid(image: Any, grid: TableGrid, vertical: list[dict[str, Any]]) -> None:
    """Header cells filled, row boundaries across the table, column edges from top to bottom."""
    box = grid.box
    _, header_rows = split_header(grid, StitchSettings())
    for row in grid.row_boxes[:header_rows]:
        for left, right in itertools.pairwise(_columns(grid, row, vertical)):
            image.draw_rect((left, row.top, right, row.bottom), fill=HEADER_FILL, stroke=HEADER_STROKE)
    for row in grid.row_boxes:
        for y in (row.top, row.bottom):
            image.draw_line(((box.x0, y), (box.x1, y)), stroke=ROW, stroke_width=1)
    for x in grid.column_edges:
        image.draw_line(((x, box.top), (x, box.bottom)), stroke=COLUMN, stroke_width=2)


def _columns(grid: TableGrid, row: Box, vertical: list[dict[str, Any]]) -> list[float]:
    """x of the column edges through a row: the strategy's own, else the vertical rules that cross the row."""
    if grid.column_edges:
        return grid.column_edges
    middle = (row.top + row.bottom) / 2
    xs: list[float] = []
    for x in sorted(e["x0"] for e in vertical if e["top"] <= middle <= e["bottom"]):
        if grid.box.x0 - SNAP <= x <= grid.box.x1 + SNAP and (not xs or x - xs[-1] > SNAP):
            xs.append(x)
    return xs


def _label(image: Any, grid: TableGrid) -> None:
    """The strategy and confidence just above the table's top left corner."""
    font = ImageFont.load_default(size=max(10, round(image.scale * 9)))
    x, y = image._reproject((grid.box.x0, grid.box.top))
    text = f"{_summary(grid)} (p{grid.page})"
    left, top, right, bottom = image.draw.textbbox((x, y), text, font=font, anchor="lb")
    image.draw.rectangle((left - 2, top - 2, right + 2, bottom + 2), fill=(255, 255, 255, 220))
    image.draw.text((x, y), text, fill=LABEL, font=font, anchor="lb")
