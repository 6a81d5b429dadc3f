"""The one base of kehoach's own exceptions, shared by the extractor and the application.

Every error we raise is a KehoachError (a one-line reason tied to a file and page), so the CLI
catches them once.
"""

from __future__ import annotations

from pathlib import Path

from schemas.text import printable


class KehoachError(Exception):
    """Base error: a one-line reason tied to a file (and page where it applies)."""

    def __init__(self, reason: str, file: str | Path | None = None, page: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.file = str(file) if file is not None else None
        self.page = page

    def __str__(self) -> str:
        """One line "FILE: page N: reason", escaped: a file name cannot forge a second line."""
        where = self.file or ""
        if self.page is not None:
            where = f"{where}: page {self.page}" if where else f"page {self.page}"
        return printable(f"{where}: {self.reason}" if where else self.reason)
