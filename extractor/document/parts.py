"""A file's documents: the main one, then attached plans and appendices ("PHỤ LỤC"), each read as
front matter, body and closing ("Nơi nhận", the signature). Read once per document, after page
furniture is dropped; metadata reads the front and closing, the section tree the bodies."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from extractor.document.front_matter import is_type_line, read_front
from extractor.document.furniture import drop_furniture
from extractor.document.geometry import Geometry, Metrics, body_geometry, centered
from extractor.document.markers import is_signature_role, opens_appendix, opens_closing, strip_quotes
from extractor.document.settings import SectionSettings
from extractor.layout.model import TextLine
from extractor.text import fold, join_lines

PartKind = Literal["main", "attached", "appendix"]


class Part(BaseModel):
    """One document inside the file: its front matter, body lines and closing lines."""

    kind: PartKind
    front: list[TextLine] = Field(default_factory=list)
    type_line: TextLine | None = None
    title_lines: list[TextLine] = Field(default_factory=list)
    body: list[TextLine] = Field(default_factory=list)
    closing: list[TextLine] = Field(default_factory=list)

    @property
    def title(self) -> str:
        """The part's title lines joined with single spaces."""
        return join_lines("\n".join(line.text for line in self.title_lines)) or ""


class DocumentParts(BaseModel):
    """The parts of a file in order (main first) and the body geometry they were read with."""

    parts: list[Part]
    geometry: Geometry


def read_parts(lines: list[TextLine], settings: SectionSettings | None = None) -> DocumentParts:
    """The file's documents from its body lines: furniture dropped, geometry measured, parts split."""
    settings = settings or SectionSettings()
    kept = drop_furniture(lines, settings)
    geometry = body_geometry(kept)
    return DocumentParts(parts=_split_parts(kept, geometry, settings), geometry=geometry)


def _split_parts(lines: list[TextLine], geometry: Geometry, settings: SectionSettings) -> list[Part]:
    """The file's documents in order: main first, then attached plans and appendices."""
    if not lines:
        return [Part(kind="main")]
    parts: list[Part] = []
    position = 0
    kind: PartKind = "main"
    while position < len(lines):
        part, after = _read_part(lines, position, kind, geometry, settings)
        parts.append(part)
        position = max(after, position + 1)
        if position < len(lines):
            kind = "appendix" if opens_appendix(fold(strip_quotes(lines[position].text))) else "attached"
    return parts


def _read_part(
    lines: list[TextLine], start: int, kind: PartKind, geometry: Geometry, settings: SectionSettings
) -> tuple[Part, int]:
    """One part from `start`: front matter, body up to the closing, closing up to the next part."""
    front = read_front(lines, start, kind == "appendix", geometry, settings)
    position = front.end
    while (
        position < len(lines)
        and not _closes(lines[position], geometry)
        and not (position > start and _starts_part(lines, position, geometry))
    ):
        position += 1
    body = lines[front.end : position]
    closing_start = position
    while position < len(lines) and not _starts_part(lines, position, geometry):
        position += 1
    part = Part(
        kind=kind,
        front=lines[start : front.end],
        type_line=front.type_line,
        title_lines=front.title_lines,
        body=body,
        closing=lines[closing_start:position],
    )
    return part, position


def _first_on_page(lines: list[TextLine], position: int) -> bool:
    return position == 0 or lines[position - 1].page != lines[position].page


def _starts_part(lines: list[TextLine], position: int, geometry: Geometry) -> bool:
    line = lines[position]
    metrics = geometry.at(line.page)
    return _is_appendix_start(line, metrics, _first_on_page(lines, position)) or is_type_line(lines, position, metrics)


def _is_appendix_start(line: TextLine, metrics: Metrics, first_on_page: bool) -> bool:
    if not opens_appendix(fold(strip_quotes(line.text))) or not line.bold:
        return False
    return first_on_page or centered(line, metrics)


def _closes(line: TextLine, geometry: Geometry) -> bool:
    return opens_closing(fold(line.text)) or (line.bold and is_signature_role(line, geometry.at(line.page).center))
