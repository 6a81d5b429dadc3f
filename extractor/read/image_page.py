"""A scanned page as pdfplumber sees a born-digital one: OCR words become characters, image rules become line
objects, so the layout reader and the table finder (lattice cells included) work on it unchanged.
"""

from __future__ import annotations

from statistics import median
from typing import Any, cast

import cv2
import numpy as np
from pydantic import BaseModel

from extractor.read.ocr import OcrWord
from extractor.read.page_view import PageView
from extractor.read.scan import Image, Rule
from extractor.text import nfc


class ImagePageSettings(BaseModel):
    """How OCR boxes turn into characters: font size from the x-height, bold from stroke width."""

    #: the x-height of the type is this many times its size (Times New Roman, the decreed font of Vietnamese
    #: administrative documents; 0.48 as the ink of a scan measures it)
    x_height_per_size: float = 0.48
    #: a Tesseract line box (diacritics to descenders) is this many times the font size (lines whose x-height
    #: cannot be measured)
    line_height_per_size: float = 1.2
    #: lines whose x-height is within these ratios of the page's median are body text of one size (capitals and
    #: short lines measure differently; print sizes within a page rarely differ)
    body_height_ratios: tuple[float, float] = (0.6, 1.5)
    #: a word is bold when its strokes, averaged with its line's (a line is mostly set in one weight, and one
    #: word's estimate is noisy), are this much thicker than the page's typical stroke
    bold_stroke_ratio: float = 1.2
    #: a line's baseline is the lowest row whose ink is at least this share of the line's densest row (the
    #: bottom of the x-height band: accents, descenders and dots below are sparse)
    baseline_ink_share: float = 0.5
    #: a letter's box reaches this many font sizes below the baseline
    descent_per_size: float = 0.25


def stroke_width(binary: Image) -> float:
    """Mean stroke thickness of the ink in a patch: twice its area over its outline length."""
    ink = binary > 0
    area = int(ink.sum())
    if area == 0:
        return 0.0
    eroded = cv2.erode(binary, np.ones((3, 3), np.uint8)) > 0
    outline = area - int(eroded.sum())
    return 2.0 * area / max(outline, 1)


def bold_words(words: list[OcrWord], binary: Image, ratio: float) -> list[bool]:
    """Which words are bold: their stroke width, averaged with their line's median, against the page's typical."""
    strokes = [stroke_width(binary[w.top : w.bottom, w.x0 : w.x1]) for w in words]
    typical = median([s for s in strokes if s > 0] or [1.0])
    by_line: dict[tuple[int, int, int], list[float]] = {}
    for word, stroke in zip(words, strokes, strict=True):
        by_line.setdefault(word.line, []).append(stroke)
    line_stroke = {line: median(values) for line, values in by_line.items()}
    return [
        (stroke + line_stroke[word.line]) / 2 > ratio * typical for word, stroke in zip(words, strokes, strict=True)
    ]


def x_height_bands(
    words: list[OcrWord], binary: Image, ink_share: float
) -> dict[tuple[int, int, int], tuple[float, float]]:
    """Each OCR line's baseline and x-height in pixels: the bottom and the height of its densest band of ink."""
    spans: dict[tuple[int, int, int], list[int]] = {}
    for w in words:
        span = spans.setdefault(w.line, [w.x0, w.line_top, w.x1, w.line_bottom])
        span[:] = [min(span[0], w.x0), min(span[1], w.line_top), max(span[2], w.x1), max(span[3], w.line_bottom)]
    found: dict[tuple[int, int, int], tuple[float, float]] = {}
    for line, (x0, top, x1, bottom) in spans.items():
        profile = (binary[max(top, 0) : bottom, max(x0, 0) : x1] > 0).sum(axis=1)
        if profile.size and profile.max() > 0:
            dense = np.nonzero(profile >= ink_share * profile.max())[0]
            found[line] = (max(top, 0) + float(dense[-1]) + 1, float(dense[-1] - dense[0] + 1))
    return found


class ImagePage(PageView):
    """pdfplumber's view of a scanned page (chars, lines, words, tables) built from its OCR words and rules."""

    def __init__(
        self,
        words: list[OcrWord],
        rules: list[Rule],
        image: Image,
        size: tuple[float, float],
        dpi: int,
        settings: ImagePageSettings,
    ) -> None:
        self._scale = 72.0 / dpi
        _, thresholded = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
        binary = cast(Image, thresholded)
        bold = bold_words(words, binary, settings.bold_stroke_ratio)
        bands = x_height_bands(words, binary, settings.baseline_ink_share)
        objects = {"char": self._chars(words, bold, bands, settings), "line": [self._line(rule) for rule in rules]}
        super().__init__(size[0], size[1], objects)

    def _chars(
        self,
        words: list[OcrWord],
        bold: list[bool],
        bands: dict[tuple[int, int, int], tuple[float, float]],
        settings: ImagePageSettings,
    ) -> list[dict[str, Any]]:
        """Each word's letters spread evenly over its box, standing on its line's baseline (Tesseract's line box
        grows and shrinks with accents and descenders, which would shift lines by points); a space between
        neighbours on one OCR line."""
        chars: list[dict[str, Any]] = []
        s = self._scale
        low, high = settings.body_height_ratios
        body = median([band[1] for band in bands.values()] or [0.0])
        for index, (word, heavy) in enumerate(zip(words, bold, strict=True)):
            if word.line in bands and body > 0:
                baseline, x_height = bands[word.line]
                typical = body if low * body <= x_height <= high * body else x_height
                size = round(typical * s / settings.x_height_per_size, 1)
                bottom = baseline * s + settings.descent_per_size * size
                top = bottom - size
            else:
                size = round((word.line_bottom - word.line_top) * s / settings.line_height_per_size, 1)
                top, bottom = word.line_top * s, word.line_bottom * s
            font = "OCR-Bold" if heavy else "OCR"
            text = nfc(word.text)
            step = (word.x1 - word.x0) * s / max(len(text), 1)
            for k, letter in enumerate(text):
                chars.append(_char(letter, word.x0 * s + k * step, top, step, bottom - top, size, font))
            following = words[index + 1] if index + 1 < len(words) else None
            if following is not None and following.line == word.line and following.x0 > word.x1:
                gap = (following.x0 - word.x1) * s
                chars.append(_char(" ", word.x1 * s, top, gap, bottom - top, size, font))
        return chars

    def _line(self, rule: Rule) -> dict[str, Any]:
        s = self._scale
        x0, x1 = rule.x0 * s, rule.x1 * s
        if rule.orientation == "h":
            top = bottom = (rule.top + rule.bottom) / 2 * s
        else:
            x0 = x1 = (rule.x0 + rule.x1) / 2 * s
            top, bottom = rule.top * s, rule.bottom * s
        return {
            "object_type": "line",
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "doctop": top,
            "width": x1 - x0,
            "height": bottom - top,
            "linewidth": 1.0,
            "pts": [(x0, top), (x1, bottom)],
            "stroking_color": (0,),
            "non_stroking_color": (0,),
        }


def _char(text: str, x0: float, top: float, width: float, height: float, size: float, font: str) -> dict[str, Any]:
    return {
        "object_type": "char",
        "text": text,
        "fontname": font,
        "size": size,
        "x0": x0,
        "x1": x0 + width,
        "top": top,
        "bottom": top + height,
        "doctop": top,
        "width": width,
        "height": height,
        "upright": True,
        "matrix": (1.0, 0.0, 0.0, 1.0, x0, top + height),
        "adv": width,
    }
