"""A document's front matter: the header, the type word ("KẾ HOẠCH"), the title, and what follows the
title before the body (separators, "(Kèm theo …)", a Quyết định's deciding authority)."""

from __future__ import annotations

from typing import NamedTuple

from extractor.document.geometry import Geometry, Metrics, centered
from extractor.document.markers import SEPARATOR, all_upper, doc_type_of, is_authority, is_signature_role
from extractor.document.numbering import label_of
from extractor.document.settings import SectionSettings
from extractor.layout.model import TextLine
from extractor.text import fold


class Front(NamedTuple):
    """The front matter of a part: its type line, its title lines and the index of its first body line."""

    type_line: TextLine | None
    title_lines: list[TextLine]
    end: int


def is_type_line(lines: list[TextLine], position: int, metrics: Metrics) -> bool:
    """A type word ("KẾ HOẠCH") alone on its row, bold or centred: the start of a document."""
    line = lines[position]
    if doc_type_of(line) is None or not (line.bold or centered(line, metrics)):
        return False
    neighbours = lines[max(position - 3, 0) : position + 4]
    return not any(
        other is not line and other.page == line.page and abs(other.box.top - line.box.top) < 3 for other in neighbours
    )


def read_front(
    lines: list[TextLine], start: int, is_appendix: bool, geometry: Geometry, settings: SectionSettings
) -> Front:
    """The front matter of the part starting at `start` (an appendix's heading is its type and title line)."""
    first_page = lines[start].page
    if is_appendix:
        type_at: int | None = start
    else:
        type_at = next(
            (
                i
                for i in range(start, len(lines))
                if lines[i].page == first_page and is_type_line(lines, i, geometry.at(first_page))
            ),
            None,
        )
    if type_at is None:
        return Front(None, [], _header_end(lines, start, geometry))
    position = type_at + 1
    title: list[TextLine] = [lines[type_at]] if is_appendix else []
    previous = lines[type_at]
    while position < len(lines):
        line = lines[position]
        metrics = geometry.at(line.page)
        if line.page != previous.page:
            break
        text = line.text.strip()
        if line.box.top - previous.box.bottom > metrics.pitch * settings.title_gap_lines:
            break
        if SEPARATOR.match(text) or text.startswith("(") or _authority(line, title) or label_of(text):
            break
        if fold(text).startswith(tuple(settings.preamble_openers)):
            break
        if not (line.bold or centered(line, metrics)):
            break
        title.append(line)
        previous = line
        position += 1
    type_line = None if is_appendix else lines[type_at]
    return Front(type_line, title, _after_title(lines, position, geometry))


def _authority(line: TextLine, title: list[TextLine]) -> bool:
    """An uppercase authority line under a Quyết định's title (not the first title line)."""
    return bool(title) and all_upper(line.text) and is_authority(fold(line.text))


def _after_title(lines: list[TextLine], position: int, geometry: Geometry) -> int:
    """Skip what follows a title before the body: separators, "(Kèm theo …)", the authority line."""
    depth = 0
    while position < len(lines):
        line = lines[position]
        text = line.text.strip()
        if depth > 0 or text.startswith("("):
            depth = max(depth + text.count("(") - text.count(")"), 0)
        elif not (
            SEPARATOR.match(text)
            or (all_upper(text) and is_authority(fold(text)) and centered(line, geometry.at(line.page)))
        ):
            break
        position += 1
    return position


def _header_end(lines: list[TextLine], start: int, geometry: Geometry) -> int:
    """Without a type word (Công văn): the header ends at the first full-width body line of its page."""
    page = lines[start].page
    metrics = geometry.at(page)
    width = metrics.right - metrics.left
    for position in range(start, len(lines)):
        line = lines[position]
        if line.page != page:
            return position
        full = line.box.x1 - line.box.x0 > 0.6 * width and line.box.x0 < metrics.left + 3 * metrics.size
        if full and not line.bold and not is_signature_role(line, metrics.center):
            return position
    return len(lines)
