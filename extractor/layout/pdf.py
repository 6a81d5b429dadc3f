"""Reads a PDF file into page layouts (the IO edge of the extractor).

Every way a file can fail to be a readable plan becomes an InputError naming the file
(and the page where it applies): missing, not a PDF, corrupt, encrypted, no text layer.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException
from pydantic import BaseModel

from extractor.errors import InputError
from extractor.layout.model import Box, PageLayout, PdfDocument, TableGrid, TextLine, Word
from extractor.layout.tables import TableSettings, find_tables
from extractor.text import nfc
from schemas import Source

# pdfminer logs every odd object at WARNING; the CLI reports failures itself.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


class LayoutSettings(BaseModel):
    """How words are grouped into body lines."""

    line_tolerance: float = 3.0
    column_gap_ems: float = 4.0
    tables: TableSettings = TableSettings()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, the identity of a source file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def open_pdf(path: Path) -> Iterator[pdfplumber.PDF]:
    """Open a PDF with pdfplumber, turning every failure into an InputError for this file."""
    if not path.exists():
        raise InputError("file not found", path)
    if not path.is_file():
        raise InputError("not a file", path)
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise InputError("not a PDF file", path)
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfplumber wraps pdfminer's errors; some broken files raise bare ones
        raise _open_error(exc, path) from exc
    try:
        yield pdf
    finally:
        pdf.close()


def _open_error(exc: Exception, path: Path) -> InputError:
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return InputError("encrypted PDF (a password is needed to read it)", path)
    if isinstance(cause, PDFSyntaxError | PSException):
        return InputError(f"corrupt PDF ({cause or type(cause).__name__})", path)
    return InputError(f"corrupt PDF ({type(cause).__name__}: {cause})" if str(cause) else "corrupt PDF", path)


def read_pdf(path: Path, settings: LayoutSettings | None = None) -> PdfDocument:
    """Read every page of a text-layer PDF into layout models."""
    settings = settings or LayoutSettings()
    with open_pdf(path) as pdf:
        try:
            n_pages = len(pdf.pages)
        except Exception as exc:
            raise InputError(f"corrupt PDF ({type(exc).__name__})", path) from exc
        if n_pages == 0:
            raise InputError("PDF has no pages", path)
        pages: list[PageLayout] = []
        for index in range(n_pages):
            previous = next((p.tables[-1] for p in reversed(pages[-1:]) if p.tables), None)
            pages.append(_read_page(pdf, index, path, settings, previous))
    if not any(page.lines or page.tables for page in pages):
        raise InputError("PDF has no text layer (scanned image? run OCR first)", path)
    source = Source(file=path.name, sha256=file_sha256(path), pages=n_pages)
    return PdfDocument(source=source, pages=pages)


def _read_page(
    pdf: pdfplumber.PDF, index: int, path: Path, settings: LayoutSettings, previous: TableGrid | None
) -> PageLayout:
    number = index + 1
    try:
        page = pdf.pages[index]
        tables = find_tables(page, number, settings.tables, previous)
        words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"cannot read page ({type(exc).__name__}: {exc})", path, number) from exc
    boxes = [table.box for table in tables]
    body = [_word(w) for w in words if not any(_inside(w, box) for box in boxes)]
    lines = list(_group_lines(body, number, settings))
    return PageLayout(number=number, width=page.width, height=page.height, lines=lines, tables=tables)


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
    return box.x0 <= cx <= box.x1 and box.top <= cy <= box.bottom


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
