"""Page images of stored plans, rendered with pypdfium2 and cached per file and page."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
from pydantic import BaseModel

from extractor.layout.pdf import file_sha256

# 1.5 × 72 dpi: a page fits a laptop screen beside its tasks and small print stays legible.
RENDER_SCALE = 1.5
CACHED_PAGES = 64


class PageSize(BaseModel):
    """A page's size in PDF points, the unit of every task's bbox."""

    width: float
    height: float


def find_pdf(source_path: str | None, file_name: str, sha256: str, folders: tuple[Path, ...]) -> Path | None:
    """The stored document's PDF: where it was ingested from, else a file of that name in `folders`,
    whichever still has the stored content (same SHA-256)."""
    candidates = [Path(source_path)] if source_path else []
    candidates += [folder / Path(file_name).name for folder in folders]
    for path in candidates:
        if path.is_file() and _sha(path, path.stat().st_mtime_ns) == sha256:
            return path
    return None


@lru_cache(maxsize=256)
def _sha(path: Path, _mtime_ns: int) -> str:
    return file_sha256(path)


@lru_cache(maxsize=64)
def page_sizes(path: Path, _sha256: str) -> list[PageSize]:
    """Every page's size in points."""
    pdf = pdfium.PdfDocument(path)
    try:
        return [PageSize(width=w, height=h) for w, h in (pdf.get_page_size(i) for i in range(len(pdf)))]
    finally:
        pdf.close()


@lru_cache(maxsize=CACHED_PAGES)
def page_png(path: Path, _sha256: str, page: int) -> bytes:
    """Page `page` (1-based) as a PNG at RENDER_SCALE."""
    pdf = pdfium.PdfDocument(path)
    try:
        image = pdf[page - 1].render(scale=RENDER_SCALE).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
        return out.getvalue()
    finally:
        pdf.close()
