"""Makers of bad input files for tests: each returns the path of a file that must be refused."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from pypdf import PdfWriter

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SAMPLE = CORPUS / "soc_trang_56-KH-UBND_2022.pdf"


def encrypted_pdf(folder: Path) -> Path:
    """A real plan encrypted with a user password."""
    writer = PdfWriter(clone_from=SAMPLE)
    writer.encrypt(user_password="secret", owner_password="owner")
    path = folder / "encrypted.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def image_only_pdf(folder: Path) -> Path:
    """A scanned-looking PDF: one page that is only an image, no text layer."""
    path = folder / "scanned.pdf"
    Image.new("RGB", (595, 842), "white").save(path)
    return path


def truncated_pdf(folder: Path) -> Path:
    """A plan cut off after its first few kilobytes (an interrupted download)."""
    path = folder / "truncated.pdf"
    path.write_bytes(SAMPLE.read_bytes()[:3000])
    return path


def not_a_pdf(folder: Path) -> Path:
    """A text file with a .pdf name."""
    path = folder / "notes.pdf"
    path.write_text("Kế hoạch số 56/KH-UBND\n", encoding="utf-8")
    return path


BAD_FILES = {
    "encrypted": (encrypted_pdf, "encrypted PDF"),
    "image-only": (image_only_pdf, "no text layer"),
    "truncated": (truncated_pdf, "corrupt PDF"),
    "not-a-pdf": (not_a_pdf, "not a PDF file"),
}
