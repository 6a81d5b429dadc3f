"""Where body text sits on a page: left margin, right edge, font size and line pitch, per page.

Read from the commonest values of the lines, so headings, centred titles and furniture do not move
them; the parts and paragraph readers measure indents, gaps and centring against them.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from statistics import median

from pydantic import BaseModel

from extractor.layout.model import TextLine


class Metrics(BaseModel):
    """Typical geometry of body text on a page: left margin, right edge, font size, line pitch."""

    left: float
    right: float
    size: float
    pitch: float

    @property
    def center(self) -> float:
        """The middle of the text column (pages are rarely centred on the paper)."""
        return (self.left + self.right) / 2


class Geometry(BaseModel):
    """Body geometry per page (portrait text pages and landscape table pages differ), with a default."""

    pages: dict[int, Metrics]
    default: Metrics

    def at(self, page: int) -> Metrics:
        """The metrics of one page, the document's when the page has too few lines to tell."""
        return self.pages.get(page, self.default)


def centered(line: TextLine, metrics: Metrics) -> bool:
    """Clear of both column edges by about the same amount (a centred title or header line)."""
    left_gap = line.box.x0 - metrics.left
    right_gap = metrics.right - line.box.x1
    if min(left_gap, right_gap) < metrics.size:
        return False
    return abs(left_gap - right_gap) < max(2 * metrics.size, 0.15 * (left_gap + right_gap))


def _column(lines: list[TextLine], size: float, pitch: float) -> Metrics:
    """Left margin (commonest start) and right edge (justified end) of a set of lines."""
    lefts = Counter(round(line.box.x0) for line in lines)
    left = float(lefts.most_common(1)[0][0]) if lefts else 0.0
    rights = sorted(line.box.x1 for line in lines)
    right = rights[int(len(rights) * 0.9)] if rights else left + 40 * size
    return Metrics(left=left, right=right, size=size, pitch=pitch)


def body_geometry(lines: list[TextLine], min_page_lines: int = 6) -> Geometry:
    """Body geometry from the commonest values (robust to headings, centred titles, page furniture)."""
    size = median(line.size for line in lines) if lines else 12.0
    normal = [line for line in lines if abs(line.size - size) < 0.6] or lines
    pitches = Counter(
        round(b.box.top - a.box.top)
        for a, b in pairwise(normal)
        if a.page == b.page and 0 < b.box.top - a.box.top < 3 * size
    )
    pitch = float(pitches.most_common(1)[0][0]) if pitches else size * 1.3
    by_page: dict[int, list[TextLine]] = {}
    for line in normal:
        by_page.setdefault(line.page, []).append(line)
    pages = {
        page: _column(page_lines, size, pitch)
        for page, page_lines in by_page.items()
        if len(page_lines) >= min_page_lines
    }
    return Geometry(pages=pages, default=_column(normal, size, pitch))
