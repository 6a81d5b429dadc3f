"""The store's exception (a KehoachError, caught once at the CLI edge)."""

from __future__ import annotations

from schemas.errors import KehoachError


class StoreError(KehoachError):
    """The database refused an operation (bad URL, migration missing, integrity, a plan not enriched)."""
