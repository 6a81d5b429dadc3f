"""What importing one file did: the one outcome type of `ingest` and `batch` (and of their reports)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from schemas.review import Flag

FailureKind = Literal["unreadable", "no_tasks", "timeout", "memory", "crashed", "error"]
Outcome = Literal["stored", "replaced", "unchanged", "skipped", "quarantined", "failed"]


class DocumentRead(BaseModel):
    """The metadata read from a stored file, as the import reports it."""

    doc_type: str
    number: str | None
    issuer: str | None
    issued_on: dt.date | None


class FileOutcome(BaseModel):
    """One file's outcome: `reason` is the one-line "FILE: reason" of a failure (or why it was left
    alone); timings are the extraction (in a worker) and the total with the database write."""

    path: str
    sha256: str | None = None
    outcome: Outcome
    kind: FailureKind | None = None
    reason: str | None = None
    tasks: int = 0
    document_id: int | None = None
    supersedes: int | None = None
    seconds: float = 0.0
    extract_seconds: float | None = None
    worker_pid: int | None = None
    worker_peak_rss_mib: float | None = None
    doc_key: str | None = None
    document: DocumentRead | None = None
    warnings: list[str] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    orphaned_corrections: list[int] = Field(default_factory=list)
