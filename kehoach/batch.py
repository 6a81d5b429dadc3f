"""`batch`: the nightly import of every new or changed file of an inbox folder, in parallel, resumably.

The import engine (kehoach.engine) with N worker processes, a time limit per file, quarantine, and
every file recorded against the run (batch_runs, batch_files). Files that cannot be loaded are
quarantined by hash (recorded, never moved) and skipped until their content changes.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
from pathlib import Path

from pydantic import BaseModel, Field, computed_field
from sqlalchemy import Engine, select, update

from extractor.errors import InputError
from extractor.pipeline import ExtractSettings
from kehoach.atomic import check_writable, write_text_atomic
from kehoach.engine import ImportSettings, import_files
from kehoach.extraction import ExtractJob
from kehoach.limits import RunLimits
from kehoach.outcome import FileOutcome
from kehoach.store.claims import process_alive
from kehoach.store.db import database_errors, make_engine, write_session
from kehoach.store.models import BatchRunRecord, utcnow
from kehoach.store.revision import require_head


def default_workers() -> int:
    """One worker per CPU this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class BatchSettings(BaseModel):
    """Parallelism, the per-file time and memory limits, where the JSON report goes, and what failures do.

    `quarantine`: record failures so later runs skip them while unchanged; `retry_quarantined`:
    try quarantined files again anyway (e.g. after raising the timeout)."""

    workers: int = Field(default_factory=default_workers, ge=1)
    limits: RunLimits = RunLimits()
    report: Path | None = None
    quarantine: bool = True
    retry_quarantined: bool = False
    require_tasks: bool = True
    extract: ExtractSettings = ExtractSettings()


class BatchReport(BaseModel):
    """A whole run: every file of the inbox with its outcome, totals and each worker's peak memory."""

    run_id: int
    inbox: str
    workers: int
    started_at: dt.datetime
    finished_at: dt.datetime
    seconds: float
    files: list[FileOutcome]

    @computed_field
    @property
    def totals(self) -> dict[str, int]:
        counts = {"files": len(self.files), "stored": 0, "unchanged": 0, "skipped": 0, "quarantined": 0, "failed": 0}
        for file in self.files:
            counts[file.outcome] = counts.get(file.outcome, 0) + 1
        return {**counts, "tasks": sum(f.tasks for f in self.files)}

    @computed_field
    @property
    def worker_peak_rss_mib(self) -> dict[int, float]:
        peaks: dict[int, float] = {}
        for f in self.files:
            if f.worker_pid is not None and f.worker_peak_rss_mib is not None:
                peaks[f.worker_pid] = max(peaks.get(f.worker_pid, 0.0), f.worker_peak_rss_mib)
        return peaks

    @property
    def ok(self) -> bool:
        """True when no file failed in this run."""
        return not any(f.outcome in ("quarantined", "failed") for f in self.files)

    def summary(self) -> str:
        """One line of totals for the terminal."""
        return ", ".join(f"{name}: {count}" for name, count in self.totals.items())


def _start_run(engine: Engine, inbox: Path, settings: BatchSettings) -> BatchRunRecord:
    host = socket.gethostname()
    with write_session(engine) as session:
        for run in session.scalars(
            select(BatchRunRecord).where(BatchRunRecord.status == "running", BatchRunRecord.host == host)
        ):
            if not process_alive(run.pid):
                run.status = "interrupted"
        run = BatchRunRecord(inbox=str(inbox), host=host, pid=os.getpid(), workers=settings.workers, status="running")
        session.add(run)
    return run


def run_batch(inbox: Path, db_url: str | None, settings: BatchSettings | None = None) -> BatchReport:
    """Import the new or changed PDFs under `inbox`; returns (and writes, if asked) the run's report.

    Database problems raise StoreError, a report path that cannot be written OutputError (checked before
    the run); file failures are quarantined and reported, and the run goes on."""
    settings = settings or BatchSettings()
    if not inbox.is_dir():
        raise InputError("not a folder" if inbox.exists() else "folder not found", inbox)
    if settings.report is not None:
        check_writable(settings.report)
    engine = make_engine(db_url)
    try:
        require_head(engine)
        with database_errors(engine):
            report = _run(engine, inbox, settings)
    finally:
        engine.dispose()
    if settings.report is not None:
        write_text_atomic(settings.report, report.model_dump_json(indent=2) + "\n")
    return report


def inbox_files(inbox: Path, report: Path | None = None) -> list[Path]:
    """Every visible file under the inbox, sorted: PDFs to import, and whatever else arrived, which is
    quarantined as "not a PDF file" so the morning report shows it (hidden files and the run's report are skipped)."""
    own = report.resolve() if report is not None else None
    return sorted(
        p
        for p in inbox.rglob("*")
        if p.is_file() and p.resolve() != own and not any(part.startswith(".") for part in p.relative_to(inbox).parts)
    )


def _run(engine: Engine, inbox: Path, settings: BatchSettings) -> BatchReport:
    """The run itself: record it, import the inbox through the engine, mark the run finished."""
    run = _start_run(engine, inbox, settings)
    clock = time.perf_counter()
    job = ExtractJob(extract=settings.extract, require_tasks=settings.require_tasks, limits=settings.limits)
    engine_settings = ImportSettings(
        job=job, workers=settings.workers, quarantine=settings.quarantine, retry_quarantined=settings.retry_quarantined
    )
    files = import_files(engine, inbox_files(inbox, settings.report), engine_settings, run_id=run.id)
    finished = utcnow()
    with write_session(engine) as session:
        session.execute(
            update(BatchRunRecord).where(BatchRunRecord.id == run.id).values(status="finished", finished_at=finished)
        )
    return BatchReport(
        run_id=run.id,
        inbox=str(inbox),
        workers=settings.workers,
        started_at=run.started_at,
        finished_at=finished,
        seconds=time.perf_counter() - clock,
        files=files,
    )
