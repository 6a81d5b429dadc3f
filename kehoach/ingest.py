"""`ingest`: the clerk's import of some files and folders, one file after another in this process.

The import engine (kehoach.engine) with no worker processes and no quarantine: a file already stored
(same SHA-256) is reported unchanged without being read again, unless `force` asks to re-extract it
and replace its rows. A file that fails leaves no rows behind and is reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, computed_field

from extractor.pipeline import ExtractSettings
from extractor.read import SUFFIXES
from kehoach.engine import ImportSettings, Progress, import_files
from kehoach.extraction import ExtractJob
from kehoach.limits import RunLimits
from kehoach.outcome import FileOutcome, Outcome
from kehoach.store.db import database_errors, make_engine
from kehoach.store.revision import require_head


class IngestSettings(BaseModel):
    """`force` re-extracts stored files; `require_tasks` fails plans without tasks; `limits` bound each
    file's time and memory (the memory cap of this process is its owner's to set: see limits.cap_memory)."""

    force: bool = False
    require_tasks: bool = True
    limits: RunLimits = RunLimits()
    extract: ExtractSettings = ExtractSettings()


class IngestReport(BaseModel):
    """Every file's outcome, with totals."""

    files: list[FileOutcome]

    def _count(self, outcome: Outcome) -> int:
        return sum(f.outcome == outcome for f in self.files)

    @computed_field
    @property
    def stored(self) -> int:
        return self._count("stored")

    @computed_field
    @property
    def replaced(self) -> int:
        return self._count("replaced")

    @computed_field
    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @computed_field
    @property
    def errors(self) -> int:
        return self._count("failed")

    @computed_field
    @property
    def tasks(self) -> int:
        return sum(f.tasks for f in self.files)

    def summary(self) -> str:
        """The one-line summary the CLI prints (replaced files count as stored)."""
        return (
            f"files: {len(self.files)}, stored: {self.stored + self.replaced}, unchanged: {self.unchanged}, "
            f"tasks: {self.tasks}, errors: {self.errors}"
        )


def collect_pdfs(paths: Iterable[Path]) -> list[Path]:
    """The files to ingest: each file as given, and every PDF, DOCX and DOC under each folder (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def ingest_paths(
    paths: list[Path],
    db_url: str | None,
    settings: IngestSettings | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files and folders (walked for PDF, DOCX and DOC files) into the database; `progress` hears of each file.

    Database problems raise StoreError and stop the run; a file that cannot be read is reported failed."""
    settings = settings or IngestSettings()
    engine_settings = ImportSettings(
        job=ExtractJob(extract=settings.extract, require_tasks=settings.require_tasks, limits=settings.limits),
        force=settings.force,
    )
    engine = make_engine(db_url)
    try:
        require_head(engine)
        with database_errors(engine):
            files = import_files(engine, collect_pdfs(paths), engine_settings, progress=progress)
    finally:
        engine.dispose()
    return IngestReport(files=files)
