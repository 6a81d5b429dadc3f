"""Reads any plan file a clerk receives into page layout: PDF (text layer, legacy-encoded, scanned or mixed, page by
page), DOCX, and DOC (converted to DOCX by LibreOffice). The format is told by the file's first bytes.
"""

from __future__ import annotations

from pathlib import Path

from extractor.errors import InputError
from extractor.layout.model import PdfDocument
from extractor.layout.pdf import LayoutSettings, read_pdf
from extractor.read.doc import converted_docx
from extractor.read.docx_reader import read_docx
from extractor.read.pdf_pages import PageSourcer, ReadSettings

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def file_format(path: Path) -> str:
    """'pdf', 'docx' or 'doc' from the file's first bytes (the name's ending decides only between look-alikes)."""
    if not path.exists():
        raise InputError("file not found", path)
    if not path.is_file():
        raise InputError("not a file", path)
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" in head:
        return "pdf"
    suffix = path.suffix.lower()
    if head.startswith(_ZIP) and suffix != ".doc":
        return "docx"
    if head.startswith(_OLE):
        # an encrypted DOCX is an OLE container too
        return "doc" if suffix == ".doc" else "docx"
    if suffix in {".docx", ".doc"}:
        raise InputError(f"corrupt {suffix[1:].upper()} file (not a Word document)", path)
    raise InputError("not a PDF file (nor a Word DOCX or DOC)", path)


def read_document(
    path: Path, layout: LayoutSettings | None = None, settings: ReadSettings | None = None
) -> PdfDocument:
    """The layout of a plan file of any supported format; raises InputError naming the file when it cannot be read."""
    layout = layout or LayoutSettings()
    settings = settings or ReadSettings()
    kind = file_format(path)
    if kind == "docx":
        return read_docx(path, layout)
    if kind == "doc":
        with converted_docx(path) as docx:
            return read_docx(docx, layout, shown_as=path)
    with PageSourcer(path, settings) as sourcer:
        return read_pdf(path, layout, sourcer)
