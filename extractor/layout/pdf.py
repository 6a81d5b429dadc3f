"""Reads a PDF file into page layouts (the IO edge of the extractor).

Every way a file can fail to be a readable plan becomes an InputError naming the file
(and the page where it applies): missing, not a PDF, corrupt, encrypted, no text layer, a page
over the guard. Pages are read one at a time: each is reduced to our layout types and released
before the next is parsed, so memory follows the largest page, not the length of the document.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfplumber.pdf import PDF
from pydantic import BaseModel

from extractor.errors import InputError
from extractor.layout import pdfminer_fixes
from extractor.layout.model import Box, PageFacts, PageLayout, PdfDocument, TableGrid, TextLine, Word
from extractor.layout.page_guard import GuardedPage, PageLimits, StreamBudget
from extractor.layout.parser_errors import parser_errors, root_cause
from extractor.layout.table_strategies.settings import TableSettings
from extractor.layout.tables import find_tables
from extractor.text import nfc
from schemas import Source

# pdfminer logs every odd object at WARNING; the CLI reports failures itself.
logging.getLogger("pdfminer").setLevel(logging.ERROR)
pdfminer_fixes.install()


class LayoutSettings(BaseModel):
    """How words are grouped into body lines, and what one page may hold."""

    line_tolerance: float = 3.0
    column_gap_ems: float = 4.0
    tables: TableSettings = TableSettings()
    limits: PageLimits = PageLimits()


#: Chooses what a page is read from: the page itself, or a stand-in with the same interface (an OCR'd scan, a
#: text layer re-encoded to Unicode), with facts about how it was read.
PageSourcer = Callable[[Any, int], tuple[Any, PageFacts]]


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, the identity of a source file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def open_pdf(path: Path) -> Iterator[PDF]:
    """Open a PDF with pdfplumber, turning every failure into an InputError for this file.

    The file handle is ours: closing it is all the clean-up needed (pdfplumber's own close() would
    first parse every page, which on a broken file raises again and hides the first error)."""
    if not path.exists():
        raise InputError("file not found", path)
    if not path.is_file():
        raise InputError("not a file", path)
    try:
        handle = path.open("rb")
    except OSError as err:
        raise InputError(f"cannot read file ({err.strerror or err})", path) from err
    with handle:
        if b"%PDF-" not in handle.read(1024):
            raise InputError("not a PDF file", path)
        handle.seek(0)
        with parser_errors(path):
            try:
                pdf = pdfplumber.open(handle)
            except Exception as exc:
                if isinstance(root_cause(exc), PDFPasswordIncorrect | PDFEncryptionError):
                    raise InputError("encrypted PDF (a password is needed to read it)", path) from exc
                raise
        yield pdf


def iter_pages(pdf: PDF, path: Path, limits: PageLimits) -> Iterator[GuardedPage]:
    """The document's pages in order, each checked by the guard; the caller closes each after use."""
    budget = StreamBudget(limits)
    with parser_errors(path):
        page_objects = PDFPage.create_pages(pdf.doc)
    number = 0
    while True:
        with parser_errors(path, page=number + 1):
            page_obj = next(page_objects, None)
            if page_obj is None:
                return
            number += 1
            budget.check(page_obj, number, str(path))
            page = GuardedPage(pdf, page_obj, number, limits, str(path))
        yield page


def read_pdf(path: Path, settings: LayoutSettings | None = None, sourcer: PageSourcer | None = None) -> PdfDocument:
    """Read every page of a PDF into layout models, one page in memory at a time; `sourcer` may stand in for
    pages without a usable text layer."""
    settings = settings or LayoutSettings()
    pages: list[PageLayout] = []
    with open_pdf(path) as pdf:
        for page in iter_pages(pdf, path, settings.limits):
            previous = next((p.tables[-1] for p in reversed(pages[-1:]) if p.tables), None)
            try:
                pages.append(_read_page(page, path, settings, previous, sourcer))
            finally:
                page.close()
    if not pages:
        raise InputError("PDF has no pages", path)
    if not any(page.lines or page.tables for page in pages):
        reason = next((w for page in pages for w in page.facts.warnings), "scanned image? run OCR first")
        raise InputError(f"PDF has no text layer ({reason})", path)
    source = Source(file=path.name, sha256=file_sha256(path), pages=len(pages))
    return PdfDocument(source=source, pages=pages)


def _read_page(
    page: GuardedPage, path: Path, settings: LayoutSettings, previous: TableGrid | None, sourcer: PageSourcer | None
) -> PageLayout:
    number = page.page_number
    with parser_errors(path, page=number):
        page.objects  # interpret the page here, so that a parser error names it  # noqa: B018
        source, facts = sourcer(page, number) if sourcer else (page, PageFacts())
        tables = find_tables(source, number, settings.tables, previous)
        words = source.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
        width, height = float(source.width), float(source.height)
    boxes = [table.box for table in tables]
    body = [_word(w) for w in words if not any(_inside(w, box) for box in boxes)]
    lines = list(_group_lines(body, number, settings))
    return PageLayout(number=number, width=width, height=height, lines=lines, tables=tables, facts=facts)


def _word(raw: dict[str, Any]) -> Word:
    font = str(raw.get("fontname", ""))
    lowered = font.lower()
    return Word(
        text=nfc(raw["text"]),
        box=Box(x0=raw["x0"], top=raw["top"], x1=raw["x1"], bottom=raw["bottom"]),
        size=round(float(raw.get("size", 0.0)), 2),
        bold="bold" in lowered or lowered.endswith(",b") or "black" in lowered,
        italic="italic" in lowered or "oblique" in lowered,
    )


def _inside(raw: dict[str, Any], box: Box) -> bool:
    cx = (raw["x0"] + raw["x1"]) / 2
    cy = (raw["top"] + raw["bottom"]) / 2
    return bool(box.x0 <= cx <= box.x1 and box.top <= cy <= box.bottom)


def _group_lines(words: list[Word], page: int, settings: LayoutSettings) -> Iterable[TextLine]:
    """Group words into lines by vertical position, then split a line at wide gaps (side-by-side blocks)."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.box.top, w.box.x0)):
        if rows and abs(rows[-1][0].box.top - word.box.top) <= settings.line_tolerance:
            rows[-1].append(word)
        else:
            rows.append([word])
    for row in rows:
        row.sort(key=lambda w: w.box.x0)
        segment: list[Word] = [row[0]]
        for word in row[1:]:
            gap = word.box.x0 - segment[-1].box.x1
            if gap > settings.column_gap_ems * max(word.size, 1.0):
                yield _line(segment, page)
                segment = []
            segment.append(word)
        yield _line(segment, page)


def _line(words: list[Word], page: int) -> TextLine:
    sizes = sorted(w.size for w in words)
    letters = sum(len(w.text) for w in words) or 1
    bold_letters = sum(len(w.text) for w in words if w.bold)
    italic_letters = sum(len(w.text) for w in words if w.italic)
    return TextLine(
        page=page,
        box=Box(
            x0=min(w.box.x0 for w in words),
            top=min(w.box.top for w in words),
            x1=max(w.box.x1 for w in words),
            bottom=max(w.box.bottom for w in words),
        ),
        text=" ".join(w.text for w in words),
        size=sizes[len(sizes) // 2],
        bold=bold_letters * 2 > letters,
        italic=italic_letters * 2 > letters,
        words=words,
    )
