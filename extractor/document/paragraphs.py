"""Body lines joined into paragraphs: an indented first line, a short previous line, a wider gap or
a new list item after a full stop starts one; a paragraph runs on across a page break."""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel, Field

from extractor.document.geometry import Geometry
from extractor.document.markers import strip_quotes
from extractor.document.numbering import label_of
from extractor.document.settings import SectionSettings
from extractor.layout.model import Box, TextLine
from extractor.text import fold, join_lines
from extractor.vocab.agencies import registry

_BULLET = re.compile(r"^(?P<marker>[-–—+•*∙·])\s*(?=\S)")
_SENTENCE_ENDS = (".", ";", ":", "!", "?")


class Paragraph(BaseModel):
    """Body lines joined into one paragraph; a bullet's marker is kept apart from its text."""

    text: str
    marker: str | None = None
    page: int
    box: Box
    bold: bool = False
    lines: list[TextLine] = Field(default_factory=list, repr=False)


def _paragraph_starts(line: TextLine, previous: TextLine | None, geometry: Geometry, settings: SectionSettings) -> bool:
    if previous is None:
        return True
    metrics = geometry.at(line.page)
    em = metrics.size
    wrapped = previous.box.x0 <= geometry.at(previous.page).left + settings.indent_ems * em  # not a first line
    if wrapped and _apposition(line, previous):
        return False
    if line.box.x0 > metrics.left + settings.indent_ems * em:
        return True
    if previous.box.x1 < geometry.at(previous.page).right - settings.short_line_ems * em:
        return True
    if line.page == previous.page and line.box.top - previous.box.top > metrics.pitch * settings.gap_factor:
        return True
    opens_item = label_of(strip_quotes(line.text)) is not None or _BULLET.match(line.text.strip()) is not None
    return opens_item and previous.text.rstrip().endswith(_SENTENCE_ENDS)


def _apposition(line: TextLine, previous: TextLine) -> bool:
    """A dash line naming a role after a wrapped line that ends no sentence ("… Cục Cảnh sát QLHC về trật tự xã
    hội⏎- Cơ quan thường trực Tổ công tác …"): the role of the body just named, so the same sentence."""
    bullet = _BULLET.match(line.text.strip())
    if bullet is None or bullet["marker"] not in "-–—" or previous.text.rstrip().endswith(_SENTENCE_ENDS):
        return False
    return fold(line.text.strip()[bullet.end() :]).startswith(_apposition_roles())


@cache
def _apposition_roles() -> tuple[str, ...]:
    return tuple(fold(role) for role in registry().apposition.roles)


def paragraphs(lines: list[TextLine], geometry: Geometry, settings: SectionSettings) -> list[Paragraph]:
    """Body lines joined into paragraphs; tokens broken across lines ("40-⏎CT/TU") are rejoined."""
    groups: list[list[TextLine]] = []
    previous: TextLine | None = None
    for line in lines:
        if _paragraph_starts(line, previous, geometry, settings) or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
        previous = line
    return [_paragraph(group) for group in groups]


def _paragraph(group: list[TextLine]) -> Paragraph:
    text = join_lines("\n".join(line.text for line in group)) or ""
    marker = None
    bullet = _BULLET.match(text)
    if bullet and label_of(strip_quotes(text)) is None:
        marker = "-" if bullet["marker"] in "-–—" else bullet["marker"]
        text = text[bullet.end() :]
    first = group[0]
    words = [word for line in group for word in line.words]
    bold_letters = sum(len(word.text) for word in words if word.bold)
    letters = sum(len(word.text) for word in words) or 1
    return Paragraph(
        text=text, marker=marker, page=first.page, box=first.box, bold=bold_letters * 2 > letters, lines=group
    )
