"""Page layout models: the words, body text lines and table grids of one PDF page.

These are the boundary between reading the PDF (pdf.py, tables.py and its strategies) and the structure stages
(stitching, sections, metadata), which never touch pdfplumber themselves.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from schemas import Box, Source, TableStrategy

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
    """One table as found on one page: rows of cells; None marks a cell covered by a merge. `strategy` says how
    it was found and `confidence` (0-1) how sure that strategy is of it (layout/table_strategies/confidence.py)."""

    page: int
    box: Box
    rows: list[list[str | None]]
    row_boxes: list[Box]
    strategy: TableStrategy
    confidence: float = Field(ge=0, le=1)
    ruled: bool = True
    column_edges: list[float] = Field(default_factory=list)


class PageFacts(BaseModel):
    """How a page was read: OCR and its mean word confidence (0-1), a legacy encoding converted, what went wrong."""

    ocr_confidence: float | None = None
    encoding: str | None = None
    warnings: list[str] = Field(default_factory=list)


class PageLayout(BaseModel):
    """Everything later stages need from one page."""

    number: int
    width: float
    height: float
    lines: list[TextLine] = Field(default_factory=list)
    tables: list[TableGrid] = Field(default_factory=list)
    facts: PageFacts = Field(default_factory=PageFacts)


class Part(BaseModel):
    """A stretch of a laid-out page that stands for one part of a file without pages (a DOCX paragraph, a table row)."""

    page: int
    top: float
    bottom: float
    label: str


class PdfDocument(BaseModel):
    """A whole document as page layout: its source facts and its pages in order (a DOCX is laid out as pages too;
    `parts` then says which part of the file each stretch came from)."""

    source: Source
    pages: list[PageLayout]
    parts: list[Part] = Field(default_factory=list)

    @property
    def body_lines(self) -> list[TextLine]:
        """All body text lines of the document, page by page, top to bottom."""
        return [line for page in self.pages for line in page.lines]
