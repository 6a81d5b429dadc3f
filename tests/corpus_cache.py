"""Corpus PDFs read once per test session (the `corpus` fixture of conftest.py): reading a PDF is the
slow part of most tests, and many modules need the same three plans."""

from __future__ import annotations

from pathlib import Path

from extractor.layout.model import PdfDocument
from extractor.layout.pdf import read_pdf
from extractor.pipeline import build_plan
from schemas import Plan


class CorpusCache:
    """Layouts and extracted plans of PDFs, each computed once per session. Plans come as copies;
    layouts are shared, so a test must not change them."""

    def __init__(self) -> None:
        self._layouts: dict[Path, PdfDocument] = {}
        self._plans: dict[Path, Plan] = {}

    def layout(self, pdf: Path) -> PdfDocument:
        """The PDF as read by the layout stage."""
        if pdf not in self._layouts:
            self._layouts[pdf] = read_pdf(pdf)
        return self._layouts[pdf]

    def plan(self, pdf: Path) -> Plan:
        """The PDF's extracted Plan (what `extract_plan` gives), a copy the caller may change."""
        if pdf not in self._plans:
            self._plans[pdf] = build_plan(self.layout(pdf))
        return self._plans[pdf].model_copy(deep=True)
