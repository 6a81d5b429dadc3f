"""Ingest plan PDFs into the store, one file at a time: extract fully, then write in one transaction.

A file already stored (same SHA-256) is reported unchanged without being read again, unless
`force` asks to re-extract it and replace its rows. A file that fails leaves no rows behind.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, computed_field
from sqlalchemy import Engine

from extractor.errors import InputError, KehoachError
from extractor.layout.pdf import file_sha256
from extractor.pipeline import ExtractSettings, extract_plan
from kehoach.store.db import database_errors, make_engine, read_session
from kehoach.store.migrate import require_head
from kehoach.store.repository import document_id_by_sha, store_plan
from schemas import Plan

IngestOutcome = Literal["stored", "unchanged", "replaced", "failed"]


class NoTasksError(InputError):
    """The file was read but no task was found in it (not a plan, or a layout the extractor misses)."""


class IngestSettings(BaseModel):
    """How files are ingested: `force` re-extracts stored files; `require_tasks` fails plans without tasks."""

    force: bool = False
    require_tasks: bool = True
    extract: ExtractSettings = ExtractSettings()


class FileOutcome(BaseModel):
    """What happened to one file; `reason` is the one-line "FILE: reason" of a failure."""

    path: str
    outcome: IngestOutcome
    sha256: str | None = None
    document_id: int | None = None
    supersedes: int | None = None
    tasks: int = 0
    reason: str | None = None
    seconds: float


class IngestReport(BaseModel):
    """Every file's outcome, with totals."""

    files: list[FileOutcome]

    def _count(self, outcome: IngestOutcome) -> int:
        return sum(f.outcome == outcome for f in self.files)

    @computed_field
    def stored(self) -> int:
        return self._count("stored")

    @computed_field
    def replaced(self) -> int:
        return self._count("replaced")

    @computed_field
    def unchanged(self) -> int:
        return self._count("unchanged")

    @computed_field
    def errors(self) -> int:
        return self._count("failed")

    @computed_field
    def tasks(self) -> int:
        return sum(f.tasks for f in self.files)

    def summary(self) -> str:
        """The one-line summary the CLI prints (replaced files count as stored)."""
        return (
            f"files: {len(self.files)}, stored: {self.stored + self.replaced}, unchanged: {self.unchanged}, "
            f"tasks: {self.tasks}, errors: {self.errors}"
        )


def collect_pdfs(paths: Iterable[Path]) -> list[Path]:
    """The files to ingest: each file as given, and every *.pdf under each folder (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def hash_file(path: Path) -> str:
    """The file's SHA-256; an unreadable file raises InputError."""
    if not path.is_file():
        raise InputError("file not found" if not path.exists() else "not a file", path)
    try:
        return file_sha256(path)
    except OSError as err:
        raise InputError(f"cannot read file ({err.strerror or err})", path) from err


def extract_file(path: Path, settings: ExtractSettings, require_tasks: bool) -> Plan:
    """Extract one file's Plan; raises InputError when unreadable, NoTasksError when it has no task."""
    plan = extract_plan(path, settings)
    if require_tasks and not plan.tasks:
        raise NoTasksError("no tasks found", path)
    return plan


def failure_reason(err: BaseException, path: Path) -> str:
    """One line naming the file: our errors as they print, anything else as an extractor fault."""
    if isinstance(err, KehoachError):
        return str(err)
    return f"{path}: extractor error ({type(err).__name__}: {err})"


def _ingest_one(engine: Engine, path: Path, settings: IngestSettings) -> FileOutcome:
    """One file: hash, skip if stored (unless forced), extract, save. Database errors propagate."""
    start = time.perf_counter()

    def failed(err: Exception, sha: str | None = None) -> FileOutcome:
        return FileOutcome(
            path=str(path),
            outcome="failed",
            sha256=sha,
            reason=failure_reason(err, path),
            seconds=time.perf_counter() - start,
        )

    try:
        sha = hash_file(path)
    except InputError as err:
        return failed(err)
    if not settings.force:
        with read_session(engine) as session:
            stored = document_id_by_sha(session, sha)
        if stored is not None:
            return FileOutcome(
                path=str(path), outcome="unchanged", sha256=sha, document_id=stored, seconds=time.perf_counter() - start
            )
    try:
        plan = extract_file(path, settings.extract, settings.require_tasks)
    except Exception as err:  # one bad file must not stop the others; its reason is reported
        return failed(err, sha)
    saved = store_plan(engine, plan, force=settings.force)
    return FileOutcome(
        path=str(path),
        outcome=saved.status,
        sha256=plan.source.sha256,
        document_id=saved.document_id,
        supersedes=saved.supersedes,
        tasks=saved.tasks,
        seconds=time.perf_counter() - start,
    )


def ingest_paths(
    paths: list[Path],
    db_url: str | None,
    settings: IngestSettings | None = None,
    progress: Callable[[FileOutcome], None] | None = None,
) -> IngestReport:
    """Ingest files and folders (walked for *.pdf) into the database; `progress` hears of each file.

    Database problems raise StoreError and stop the run; a file that cannot be read is reported failed."""
    settings = settings or IngestSettings()
    engine = make_engine(db_url)
    outcomes: list[FileOutcome] = []
    try:
        require_head(engine)
        with database_errors(engine):
            for path in collect_pdfs(paths):
                outcome = _ingest_one(engine, path, settings)
                outcomes.append(outcome)
                if progress is not None:
                    progress(outcome)
    finally:
        engine.dispose()
    return IngestReport(files=outcomes)
