"""A page as pdfplumber's readers see it, built from objects we supply (OCR'd characters, re-encoded text), so the
layout reader and the table finder run on it exactly as on a pdfplumber page.
"""

from __future__ import annotations

from typing import Any

from pdfplumber.container import Container
from pdfplumber.table import TableFinder
from pdfplumber.table import TableSettings as PlumberTableSettings
from pdfplumber.utils import extract_words


class PageView(Container):
    """Characters, lines and rectangles of one page with pdfplumber's word and table methods."""

    def __init__(self, width: float, height: float, objects: dict[str, list[dict[str, Any]]]) -> None:
        self.width, self.height = width, height
        self.bbox = (0.0, 0.0, width, height)
        self._objects = objects

    @property
    def objects(self) -> dict[str, list[dict[str, Any]]]:
        return self._objects

    @property
    def pages(self) -> None:
        return None

    def extract_words(self, **kwargs: Any) -> list[dict[str, Any]]:
        """Words from the characters, as pdfplumber.Page.extract_words."""
        return list(extract_words(self.chars, **kwargs))

    def find_tables(self, table_settings: dict[str, Any] | None = None) -> list[Any]:
        """Ruled tables from the lines and rectangles, as pdfplumber.Page.find_tables."""
        return list(TableFinder(self, PlumberTableSettings.resolve(table_settings)).tables)  # type: ignore[arg-type]
