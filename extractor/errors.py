"""The extractor's exceptions (all KehoachError, caught once at the CLI edge)."""

from __future__ import annotations

from schemas.errors import KehoachError


class InputError(KehoachError):
    """The input file cannot be read as a plan (missing, not a PDF, corrupt, encrypted, no text)."""
