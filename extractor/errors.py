"""Exceptions of kehoach's own: raised by the stages, caught once at the CLI edge."""

from __future__ import annotations

from pathlib import Path


class KehoachError(Exception):
    """Base error: a one-line reason tied to a file (and page where it applies)."""

    def __init__(self, reason: str, file: str | Path | None = None, page: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.file = str(file) if file is not None else None
        self.page = page

    def __str__(self) -> str:
        where = self.file or ""
        if self.page is not None:
            where = f"{where}: page {self.page}" if where else f"page {self.page}"
        return f"{where}: {self.reason}" if where else self.reason


class InputError(KehoachError):
    """The input file cannot be read as a plan (missing, not a PDF, corrupt, encrypted, no text)."""


class TableError(KehoachError):
    """A table was found whose columns cannot be mapped to roles."""


class StoreError(KehoachError):
    """The database refused an operation (bad URL, migration missing, integrity)."""


class EvalError(KehoachError):
    """An evaluation folder or gold file is unusable."""
