"""Decides, page by page, what a PDF page is read from: its text layer as is, its text layer converted from a
legacy Vietnamese encoding, or OCR of the rendered page when it is a scan or its text layer is garbage.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
import pdfplumber
import pypdfium2
from pydantic import BaseModel

from extractor.errors import InputError
from extractor.layout.model import PageFacts
from extractor.read.cells import CellSettings, missed_cell_words
from extractor.read.image_page import ImagePage, ImagePageSettings
from extractor.read.ocr import OcrSettings, OcrUnavailable, read_words, without_doubtful
from extractor.read.scan import ScanSettings, clean_page
from extractor.read.snap import SnapSettings, snap_agency_names
from extractor.read.text_layer import TextLayerSettings, judge_text_layer, recoded_page


class ReadSettings(BaseModel):
    """When a page counts as a scan, and the settings of every step of reading one."""

    #: a page with fewer text characters than this and an image over `min_image_share` of its area is a scan
    min_text_chars: int = 20
    min_image_share: float = 0.3
    text_layer: TextLayerSettings = TextLayerSettings()
    scan: ScanSettings = ScanSettings()
    ocr: OcrSettings = OcrSettings()
    image_page: ImagePageSettings = ImagePageSettings()
    cells: CellSettings = CellSettings()
    snap: SnapSettings = SnapSettings()


def _image_share(page: pdfplumber.page.Page) -> float:
    """Share of the page area covered by its largest image."""
    area = float(page.width * page.height) or 1.0
    sizes = [max(0.0, (i["x1"] - i["x0"]) * (i["bottom"] - i["top"])) for i in page.images]
    return max(sizes, default=0.0) / area


class PageSourcer:
    """For one PDF: hands read_pdf each page or its stand-in; renders pages with pypdfium2 only when OCR is needed."""

    def __init__(self, path: Path, settings: ReadSettings) -> None:
        self.path = path
        self.settings = settings
        self._pdfium: pypdfium2.PdfDocument | None = None

    def __enter__(self) -> PageSourcer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._pdfium is not None:
            self._pdfium.close()
            self._pdfium = None

    def __call__(self, page: pdfplumber.page.Page, number: int) -> tuple[Any, PageFacts]:
        text = page.extract_text_simple()
        if len(text.strip()) < self.settings.min_text_chars:
            if _image_share(page) < self.settings.min_image_share:
                return page, PageFacts()
            return self._ocr(page, number, "scanned page")
        verdict = judge_text_layer(text, self.settings.text_layer)
        if verdict.usable:
            return page, PageFacts()
        if verdict.encoding is not None:
            return recoded_page(page, verdict.encoding), PageFacts(encoding=verdict.encoding)
        return self._ocr(page, number, f"text layer is not Vietnamese ({verdict.reason})")

    def _ocr(self, page: pdfplumber.page.Page, number: int, why: str) -> tuple[Any, PageFacts]:
        settings = self.settings
        try:
            if self._pdfium is None:
                self._pdfium = pypdfium2.PdfDocument(str(self.path))
            rendered = self._pdfium[number - 1]
            try:
                rgb = np.asarray(rendered.render(scale=settings.ocr.dpi / 72).to_pil().convert("RGB"))
            finally:
                rendered.close()
            clean = clean_page(rgb, settings.scan)
            del rgb
            words = without_doubtful(read_words(clean.image, settings.ocr), settings.ocr)
            words += missed_cell_words(words, clean.rules, clean.image, settings.ocr, settings.cells)
            words = snap_agency_names(words, settings.snap)
        except OcrUnavailable as exc:
            return page, PageFacts(warnings=[f"{why} not read: {exc}"])
        except (pypdfium2.PdfiumError, RuntimeError, OSError) as exc:
            raise InputError(f"cannot OCR {why} ({type(exc).__name__}: {exc})", self.path, number) from exc
        source = ImagePage(
            words, clean.rules, clean.image, (page.width, page.height), settings.ocr.dpi, settings.image_page
        )
        if not words:  # a blank scan: nothing to be confident about
            return source, PageFacts()
        confidence = round(sum(w.confidence for w in words) / len(words) / 100, 3)
        facts = PageFacts(ocr_confidence=confidence)
        if confidence * 100 < settings.ocr.warn_below:
            facts.warnings.append(f"low OCR confidence {confidence:.2f} ({why})")
        return source, facts
