"""A second OCR look at ruled table cells that hold ink but got no word: Tesseract's page layout analysis drops
short isolated text (the "1", "2" of an STT column, a lone "x"). The missed cells are cut out, stacked into
one strip and read in a single extra Tesseract call; their words are put back where the cells are.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import BaseModel

from extractor.read.ocr import OcrSettings, OcrWord, read_words
from extractor.read.page_view import PageView
from extractor.read.scan import Image, Rule


class CellSettings(BaseModel):
    """What counts as a missed cell, in pixels at the OCR resolution."""

    #: cell edges trimmed before looking for ink (what is left of the rules)
    inset: int = 6
    #: a cell with at least this many ink pixels holds text
    min_ink: int = 40
    #: white space between stacked cells
    gap: int = 24
    #: Tesseract's page segmentation for the strip (6: one block of text)
    page_segmentation: int = 6


def _rule_objects(rules: list[Rule]) -> list[dict[str, Any]]:
    objects = []
    for rule in rules:
        horizontal = rule.orientation == "h"
        y = (rule.top + rule.bottom) / 2
        x = (rule.x0 + rule.x1) / 2
        x0, x1 = (rule.x0, rule.x1) if horizontal else (x, x)
        top, bottom = (y, y) if horizontal else (rule.top, rule.bottom)
        objects.append({"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top})
        objects[-1].update({"width": x1 - x0, "height": bottom - top, "pts": [(x0, top), (x1, bottom)]})
    return objects


def ruled_cells(rules: list[Rule], size: tuple[int, int], tolerance: float) -> list[tuple[float, float, float, float]]:
    """Cells (x0, top, x1, bottom in pixels) of the lattices the rules draw."""
    view = PageView(float(size[0]), float(size[1]), {"line": _rule_objects(rules)})
    options = {
        "vertical_strategy": "lines",
        "horizontal_strategy": "lines",
        "snap_tolerance": tolerance,
        "join_tolerance": tolerance,
        "intersection_tolerance": tolerance,
    }
    return [cell for table in view.find_tables(options) for cell in table.cells]


def missed_cell_words(
    words: list[OcrWord], rules: list[Rule], image: Image, ocr: OcrSettings, settings: CellSettings
) -> list[OcrWord]:
    """Words read from the ruled cells that have ink but no word from the page's OCR."""
    height, width = image.shape
    tolerance = 3.0 * ocr.dpi / 72
    centres = [((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2) for w in words]
    crops: list[tuple[int, int, Image]] = []
    for x0, top, x1, bottom in ruled_cells(rules, (width, height), tolerance):
        if any(x0 <= cx <= x1 and top <= cy <= bottom for cx, cy in centres):
            continue
        left, upper = int(x0) + settings.inset, int(top) + settings.inset
        right, lower = int(x1) - settings.inset, int(bottom) - settings.inset
        if right <= left or lower <= upper:
            continue
        crop = image[upper:lower, left:right]
        if int((crop < 128).sum()) >= settings.min_ink:
            crops.append((left, upper, crop))
    if not crops:
        return []
    strip_width = max(c.shape[1] for _, _, c in crops) + 2 * settings.gap
    strip_height = sum(c.shape[0] + settings.gap for _, _, c in crops) + settings.gap
    strip = np.full((strip_height, strip_width), 255, dtype=np.uint8)
    placed: list[tuple[int, int, int, int, int]] = []  # strip top, strip bottom, page left, page top, index
    y = settings.gap
    for index, (left, upper, crop) in enumerate(crops):
        strip[y : y + crop.shape[0], settings.gap : settings.gap + crop.shape[1]] = crop
        placed.append((y, y + crop.shape[0], left, upper, index))
        y += crop.shape[0] + settings.gap
    found: list[OcrWord] = []
    for word in read_words(strip, ocr.model_copy(update={"page_segmentation": settings.page_segmentation})):
        centre = (word.top + word.bottom) / 2
        spot = next((p for p in placed if p[0] <= centre <= p[1]), None)
        if spot is None:
            continue
        dx, dy = spot[2] - settings.gap, spot[3] - spot[0]
        found.append(
            word.model_copy(
                update={
                    "x0": word.x0 + dx,
                    "x1": word.x1 + dx,
                    "top": word.top + dy,
                    "bottom": word.bottom + dy,
                    "line_top": word.line_top + dy,
                    "line_bottom": word.line_bottom + dy,
                    "line": (-1 - spot[4], word.line[1], word.line[2]),
                }
            )
        )
    return found
