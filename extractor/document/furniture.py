"""Page furniture: page numbers, running heads and footnotes, dropped before a document is read."""

from __future__ import annotations

import re
from collections import Counter
from statistics import median

from extractor.document.markers import opens_closing
from extractor.document.settings import SectionSettings
from extractor.layout.model import TextLine
from extractor.text import fold

_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?[-–—\s]*$")
_FOOTNOTE_MARK = re.compile(r"^(?:\[\d+\]|\(\*+\)|\*+|\d{1,2}\s)")


def drop_furniture(lines: list[TextLine], settings: SectionSettings) -> list[TextLine]:
    """Lines without page numbers, running heads and trailing footnotes."""
    by_page: dict[int, list[TextLine]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    heights = {page: max(line.box.bottom for line in page_lines) for page, page_lines in by_page.items()}
    repeated = Counter((fold(line.text), round(line.box.top / 3)) for line in lines)
    size = median(line.size for line in lines) if lines else 12.0
    kept: list[TextLine] = []
    for page, page_lines in by_page.items():
        height = max(heights[page], 1.0)
        band_top = min(line.box.top for line in page_lines) + settings.margin_band * height
        band_bottom = height * (1 - settings.margin_band)
        edge = {id(page_lines[0]), id(page_lines[-1])}
        footnotes = _footnotes(page_lines, size, height, settings)
        for line in page_lines:
            in_band = line.box.top < band_top or line.box.top > band_bottom
            if id(line) in edge and in_band and _PAGE_NUMBER.match(fold(line.text)):
                continue
            key = (fold(line.text), round(line.box.top / 3))
            if in_band and page > 1 and repeated[key] >= max(settings.running_head_pages, len(by_page) / 2):
                continue
            if id(line) in footnotes:
                continue
            kept.append(line)
    return kept


def _footnotes(page_lines: list[TextLine], size: float, height: float, settings: SectionSettings) -> set[int]:
    """The trailing run of small-print lines at a page's foot that starts with a footnote mark."""
    run: list[TextLine] = []
    for line in reversed(page_lines):
        if line.size >= size * settings.footnote_size_ratio or line.box.top < height * 0.6:
            break
        run.append(line)
    if not run or any(opens_closing(fold(line.text)) for line in run):
        return set()
    first = run[-1]
    return {id(line) for line in run} if _FOOTNOTE_MARK.match(first.text.strip()) else set()
