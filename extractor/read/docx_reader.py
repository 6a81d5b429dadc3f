"""Reads a DOCX into the same page layout a PDF of it gives: paragraphs (with their list numbers) as justified
text lines on an A4 page, tables of tasks (a first row naming task roles, else cells that read as a task table's
columns) as table grids (merged cells as None), other tables (the two-column header, the signature block) as
side-by-side text. Explicit page and section breaks turn the page; the file has no printed pages, so `parts` say
which paragraph or table row each stretch came from.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from docx import Document as open_docx
from docx.opc.exceptions import OpcError, PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError
from pydantic import BaseModel

from extractor.errors import InputError
from extractor.layout.model import Box, PageLayout, Part, PdfDocument, TableGrid, TextLine, Word
from extractor.layout.pdf import LayoutSettings, file_sha256
from extractor.layout.table_strategies.confidence import confidence
from extractor.read.numbering import Numbering
from extractor.tables.content_roles import roles_by_content
from extractor.tagging.column_roles import is_task_table, looks_like_header
from extractor.text import nfc
from schemas import Source

WIDTH, HEIGHT = 595.0, 842.0
LEFT, RIGHT, TOP, BOTTOM = 85.0, 552.0, 56.0, 790.0
#: average glyph width per point of font size, enough for line breaking and centring
GLYPH = 0.48
PITCH = 1.3


class _Block(BaseModel):
    """Text to lay out at a horizontal span: its lines' words with bold and size."""

    text: str
    x0: float
    x1: float
    size: float
    bold: bool
    italic: bool
    align: str
    indent: float = 0.0


class _Writer:
    """Lays blocks and grids out top to bottom on A4 pages, recording which file part each stretch is."""

    def __init__(self) -> None:
        self.pages: list[PageLayout] = [PageLayout(number=1, width=WIDTH, height=HEIGHT)]
        self.parts: list[Part] = []
        self.top = TOP

    @property
    def page(self) -> PageLayout:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(PageLayout(number=len(self.pages) + 1, width=WIDTH, height=HEIGHT))
        self.top = TOP

    def blocks(self, blocks: list[_Block], label: str) -> None:
        """Blocks side by side starting at the current top (one for a paragraph, one per cell of a layout table)."""
        start = self.top
        bottom = start
        for block in blocks:
            lines = _wrap(block)
            for index, line_text in enumerate(lines):
                top = start + index * block.size * PITCH
                last = index == len(lines) - 1
                self.page.lines.append(_text_line(self.page.number, top, line_text, block, first=index == 0, last=last))
            bottom = max(bottom, start + max(len(lines), 1) * block.size * PITCH)
        self.parts.append(Part(page=self.page.number, top=start, bottom=bottom, label=label))
        self.top = bottom + 3.0

    def grid(self, rows: list[list[str | None]], widths: list[float], size: float, label: str) -> None:
        """A task table: each row as high as its fullest cell, column edges from the table's grid."""
        total = sum(widths) or 1.0
        edges = [LEFT]
        for width in widths:
            edges.append(edges[-1] + (RIGHT - LEFT) * width / total)
        boxes: list[Box] = []
        top = self.top
        for index, row in enumerate(rows):
            heights = [
                _wrapped_count(cell or "", right - left, size)
                for cell, left, right in zip(row, edges, edges[1:], strict=False)
            ]
            bottom = top + max([*heights, 1]) * size * PITCH + 4.0
            boxes.append(Box(x0=LEFT, top=top, x1=RIGHT, bottom=bottom))
            self.parts.append(Part(page=self.page.number, top=top, bottom=bottom, label=f"{label}, row {index + 1}"))
            top = bottom
        self.page.tables.append(
            TableGrid(
                page=self.page.number,
                box=Box(x0=LEFT, top=self.top, x1=RIGHT, bottom=top),
                rows=rows,
                row_boxes=boxes,
                strategy="docx",
                confidence=confidence(rows, 1.0),
                column_edges=edges,
            )
        )
        self.top = top + 6.0
        if self.top > self.page.height:
            self.page.height = self.top + 40.0


def _wrapped_count(text: str, width: float, size: float) -> int:
    per_line = max(int(width / (size * GLYPH)), 8)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _wrap(block: _Block) -> list[str]:
    """The block's text broken into lines that fit its span (first line shortened by the indent)."""
    per_line = max(int((block.x1 - block.x0) / (block.size * GLYPH)), 8)
    lines: list[str] = []
    for paragraph in block.text.split("\n"):
        current = ""
        limit = per_line - int(block.indent / (block.size * GLYPH))
        for word in paragraph.split():
            if current and len(current) + 1 + len(word) > limit:
                lines.append(current)
                current, limit = word, per_line
            else:
                current = f"{current} {word}" if current else word
        lines.append(current)
    return [line for line in lines if line] or []


def _text_line(page: int, top: float, text: str, block: _Block, *, first: bool, last: bool) -> TextLine:
    natural = len(text) * block.size * GLYPH
    if block.align == "center":
        x0 = (block.x0 + block.x1 - natural) / 2
        x1 = x0 + natural
    elif block.align == "right":
        x0, x1 = block.x1 - natural, block.x1
    else:
        x0 = block.x0 + (block.indent if first else 0.0)
        x1 = min(x0 + natural, block.x1) if last or block.align == "left" else block.x1
    words: list[Word] = []
    step = (x1 - x0) / max(len(text), 1)
    cursor = x0
    for word in text.split():
        end = cursor + step * len(word)
        box = Box(x0=cursor, top=top, x1=end, bottom=top + block.size)
        words.append(Word(text=word, box=box, size=block.size, bold=block.bold, italic=block.italic))
        cursor = end + step
    return TextLine(
        page=page,
        box=Box(x0=x0, top=top, x1=x1, bottom=top + block.size),
        text=text,
        size=block.size,
        bold=block.bold,
        italic=block.italic,
        words=words,
    )


def _body_items(document: Any) -> Iterator[Paragraph | Table]:
    """Paragraphs and tables of the body in document order."""
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, document)
        elif child.tag == qn("w:tbl"):
            yield Table(child, document)


def _run_facts(paragraph: Paragraph, default_size: float) -> tuple[float, bool, bool]:
    """Font size (median by letters), bold and italic (most letters) of a paragraph's runs."""
    sizes: list[tuple[float, int]] = []
    bold = italic = letters = 0
    style_font = paragraph.style.font if paragraph.style is not None else None
    for run in paragraph.runs:
        n = len(run.text.strip())
        if not n:
            continue
        letters += n
        size = run.font.size or (style_font.size if style_font else None)
        sizes.append((size.pt if size else default_size, n))
        if run.bold or (run.bold is None and style_font is not None and style_font.bold):
            bold += n
        if run.italic or (run.italic is None and style_font is not None and style_font.italic):
            italic += n
    if not letters:
        return default_size, False, False
    sizes.sort()
    half, seen, size = letters / 2, 0, sizes[0][0]
    for value, n in sizes:
        seen += n
        size = value
        if seen >= half:
            break
    return size, bold * 2 > letters, italic * 2 > letters


def _align(paragraph: Paragraph) -> str:
    """center, right, left or justify from the paragraph's (else its style's) w:jc, read raw: LibreOffice writes
    values ("start", "end") python-docx's enumeration does not know."""
    owners = [paragraph._p, paragraph.style.element if paragraph.style is not None else None]
    value = next((found[0] for o in owners if o is not None and (found := o.xpath("./w:pPr/w:jc/@w:val"))), "both")
    return {"center": "center", "right": "right", "end": "right", "left": "left", "start": "left"}.get(
        str(value), "justify"
    )


def _breaks_page(paragraph: Paragraph) -> bool:
    xml = paragraph._p
    return bool(xml.xpath('.//w:br[@w:type="page"]')) or bool(xml.xpath("./w:pPr/w:sectPr"))


class _Reader:
    """Walks one document's body, laying it out with a _Writer."""

    def __init__(self, document: Any, settings: LayoutSettings) -> None:
        self.document = document
        self.settings = settings
        self.numbering = Numbering(document)
        normal = document.styles["Normal"].font.size if "Normal" in document.styles else None
        self.default_size = normal.pt if normal else 13.0
        self.writer = _Writer()

    def paragraph_text(self, paragraph: Paragraph) -> str:
        label = self.numbering.label(paragraph)
        text = nfc(paragraph.text.replace("\t", " "))
        return f"{label} {text}" if label and text.strip() else text

    def block(self, paragraph: Paragraph, x0: float, x1: float, text: str | None = None) -> _Block:
        size, bold, italic = _run_facts(paragraph, self.default_size)
        indent = paragraph.paragraph_format.first_line_indent
        return _Block(
            text=text if text is not None else self.paragraph_text(paragraph),
            x0=x0,
            x1=x1,
            size=size,
            bold=bold,
            italic=italic,
            align=_align(paragraph),
            indent=indent.pt if indent is not None and indent.pt > 0 else 0.0,
        )

    def read(self) -> tuple[list[PageLayout], list[Part]]:
        paragraphs = tables = 0
        for item in _body_items(self.document):
            if isinstance(item, Paragraph):
                paragraphs += 1
                block = self.block(item, LEFT, RIGHT)
                if block.text.strip():
                    self.writer.blocks([block], f"paragraph {paragraphs}")
                else:
                    self.writer.top += block.size * PITCH
                if _breaks_page(item):
                    self.writer.new_page()
            else:
                tables += 1
                self.table(item, f"table {tables}")
            if self.writer.top > BOTTOM:
                self.writer.new_page()
        return self.writer.pages, self.writer.parts

    def cell_text(self, cell: _Cell) -> str:
        return "\n".join(t for t in (self.paragraph_text(p) for p in cell.paragraphs) if t.strip())

    def table(self, table: Table, label: str) -> None:
        rows = _grid(table)
        if not rows:
            return
        texts = [[self.cell_text(c) if c is not None else None for c in row] for row in rows]
        widths = _column_widths(table, len(rows[0]))
        if len(rows) >= 2 and len(rows[0]) >= 2 and self._task_table(texts):
            size = next((b.size for row in rows for c in row if c for b in self._cell_blocks(c, 0, 1)), 12.0)
            self.writer.grid(texts, widths, size, label)
            return
        total = sum(widths) or 1.0
        edges = [LEFT]
        for width in widths:
            edges.append(edges[-1] + (RIGHT - LEFT) * width / total)
        for index, row in enumerate(rows):
            blocks = [
                b
                for c, x0, x1 in zip(row, edges, edges[1:], strict=False)
                if c is not None
                for b in self._cell_blocks(c, x0, x1)
            ]
            self.writer.blocks(_stack(blocks), f"{label}, row {index + 1}")

    def _task_table(self, texts: list[list[str | None]]) -> bool:
        """A table of tasks: its first row names task roles, or, without a header, its cells read as a task
        table's columns (labels, work texts, agencies, deadlines)."""
        roles = self.settings.tables.roles
        if looks_like_header(texts[0], roles):
            return True
        cells = [[cell or "" for cell in row] for row in texts]
        return is_task_table(roles_by_content(cells, [None] * len(cells[0])), roles)

    def _cell_blocks(self, cell: _Cell, x0: float, x1: float) -> list[_Block]:
        return [self.block(p, x0, x1) for p in cell.paragraphs if p.text.strip()]


def _stack(blocks: list[_Block]) -> list[_Block]:
    """Paragraphs of one cell one under another: joined as lines of one block per cell span."""
    merged: dict[tuple[float, float], _Block] = {}
    for block in blocks:
        key = (block.x0, block.x1)
        if key in merged:
            merged[key] = merged[key].model_copy(update={"text": merged[key].text + "\n" + block.text})
        else:
            merged[key] = block
    return list(merged.values())


def _grid(table: Table) -> list[list[_Cell | None]]:
    """Cells by grid position; a cell covered by a horizontal or vertical merge is None."""
    rows: list[list[_Cell | None]] = []
    above: list[Any] = []
    for row in table.rows:
        out: list[_Cell | None] = []
        seen: list[Any] = []
        for k, cell in enumerate(row.cells):
            tc = cell._tc
            merged_left = bool(seen) and seen[-1] is tc
            merged_up = k < len(above) and above[k] is tc
            out.append(None if merged_left or merged_up else cell)
            seen.append(tc)
        rows.append(out)
        above = seen
    return rows


def _column_widths(table: Table, count: int) -> list[float]:
    widths = [float(c.w) if c.w else 0.0 for c in table._tbl.tblGrid.gridCol_lst][:count]
    if len(widths) < count or not all(widths):
        return [1.0] * count
    return widths


#: what python-docx and zipfile raise on a damaged package (a bad zip, a part that does not inflate or
#: is cut short, an unknown compression method, broken XML, a part whose root is another element)
_BROKEN_PACKAGE = (
    OpcError,
    AttributeError,
    TypeError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    KeyError,
    ValueError,
    LxmlError,
    OSError,
)


def _open(path: Path, shown: Path) -> Any:
    try:
        return open_docx(str(path))
    except PackageNotFoundError as exc:
        raise InputError("corrupt DOCX (not a readable Word package)", shown) from exc
    except _BROKEN_PACKAGE as exc:
        raise InputError(f"corrupt DOCX ({type(exc).__name__}: {exc})", shown) from exc


def read_docx(path: Path, settings: LayoutSettings | None = None, shown_as: Path | None = None) -> PdfDocument:
    """A DOCX's page layout; `shown_as` names the file in errors and the source (a .doc converted to DOCX)."""
    settings = settings or LayoutSettings()
    shown = shown_as or path
    if path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
            raise InputError("password-protected DOCX (a password is needed to read it)", shown)
        raise InputError("not a DOCX file (an old Word .doc? rename it to .doc)", shown)
    document = _open(path, shown)
    try:
        pages, parts = _Reader(document, settings).read()
    except (KeyError, ValueError, AttributeError, LxmlError) as exc:
        raise InputError(f"corrupt DOCX ({type(exc).__name__}: {exc})", shown) from exc
    if not any(page.lines or page.tables for page in pages):
        raise InputError("DOCX has no text", shown)
    fmt: Literal["doc", "docx"] = "doc" if shown.suffix.lower() == ".doc" else "docx"
    source = Source(file=shown.name, sha256=file_sha256(shown), pages=None, format=fmt)
    return PdfDocument(source=source, pages=pages, parts=parts)
