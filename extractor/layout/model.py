"""Page layout models: the words, body text lines and table grids of one PDF page.

These are the boundary between reading the PDF (pdf.py, tables.py) and the structure stages
(stitching, sections, metadata), which never touch pdfplumber themselves.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from schemas import Box, Source

__all__ = ["Box", "PageLayout", "PdfDocument", "TableGrid", "TextLine", "Word"]


class Word(BaseModel):
    """One word with its position and font facts."""

    text: str
    box: Box
    size: float
    bold: bool = False
    italic: bool = False


class TextLine(BaseModel):
    """A line of body text (outside tables), words left to right."""

    page: int
    box: Box
    text: str
    size: float
    bold: bool = False
    italic: bool = False
    words: list[Word] = Field(default_factory=list)


class TableGrid(BaseModel):
    """One table as found on one page: rows of cells; None marks a cell covered by a merge."""

    page: int
    box: Box
    rows: list[list[str | None]]
    row_boxes: list[Box]
    ruled: bool = True
    column_edges: list[float] = Field(default_factory=list)


class PageLayout(BaseModel):
    """Everything later stages need from one page."""

    number: int
    width: float
    height: float
    lines: list[TextLine] = Field(default_factory=list)
    tables: list[TableGrid] = Field(default_factory=list)


class PdfDocument(BaseModel):
    """A whole PDF as layout: its source facts and its pages in order."""

    source: Source
    pages: list[PageLayout]

    @property
    def body_lines(self) -> list[TextLine]:
        """All body text lines of the document, page by page, top to bottom."""
        return [line for page in self.pages for line in page.lines]
