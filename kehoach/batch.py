"""The nightly batch: import every new or changed PDF of an inbox folder, in parallel, resumably.

Files are told apart by content hash. Worker processes extract; the parent process loads each plan
in its own transaction together with the file's batch_files row, so a run killed at any moment
leaves whole documents only, and the next run picks up the files not yet stored. Files that cannot
be loaded are quarantined by hash (recorded, never moved) and skipped until their content changes.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import resource
import signal
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import FrameType
from typing import Literal

from pydantic import BaseModel, Field, computed_field
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from extractor.errors import InputError, KehoachError
from extractor.pipeline import ExtractSettings
from kehoach.atomic import write_text_atomic
from kehoach.ingest import NoTasksError, extract_file, failure_reason, hash_file
from kehoach.store.db import database_errors, make_engine, read_session, write_session
from kehoach.store.migrate import require_head
from kehoach.store.models import BatchFileRecord, BatchRunRecord, DocumentRecord, QuarantineRecord, utcnow
from kehoach.store.repository import SaveOutcome, insert_on_conflict, store_plan
from schemas import Plan

FailureKind = Literal["unreadable", "no_tasks", "timeout", "crashed", "error"]
BatchOutcome = Literal["stored", "unchanged", "skipped", "quarantined", "failed"]
_LOOKUP_CHUNK = 500


def default_workers() -> int:
    """One worker per CPU this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class BatchSettings(BaseModel):
    """Parallelism, the per-file time limit, where the JSON report goes, and what failures do.

    `quarantine`: record failures so later runs skip them while unchanged; `retry_quarantined`:
    try quarantined files again anyway (e.g. after raising the timeout)."""

    workers: int = Field(default_factory=default_workers, ge=1)
    timeout_per_file: float = Field(default=300.0, gt=0)
    report: Path | None = None
    quarantine: bool = True
    retry_quarantined: bool = False
    require_tasks: bool = True
    extract: ExtractSettings = ExtractSettings()


class BatchFile(BaseModel):
    """One file's outcome in a run, with timings (extraction in a worker, total with the database write)."""

    path: str
    sha256: str | None = None
    outcome: BatchOutcome
    kind: FailureKind | None = None
    reason: str | None = None
    tasks: int = 0
    document_id: int | None = None
    supersedes: int | None = None
    seconds: float = 0.0
    extract_seconds: float | None = None
    worker_pid: int | None = None
    worker_peak_rss_mib: float | None = None


class BatchReport(BaseModel):
    """A whole run: every file of the inbox with its outcome, totals and each worker's peak memory."""

    run_id: int
    inbox: str
    workers: int
    started_at: dt.datetime
    finished_at: dt.datetime
    seconds: float
    files: list[BatchFile]

    @computed_field
    def totals(self) -> dict[str, int]:
        counts = {"files": len(self.files), "stored": 0, "unchanged": 0, "skipped": 0, "quarantined": 0, "failed": 0}
        for file in self.files:
            counts[file.outcome] += 1
        return {**counts, "tasks": sum(f.tasks for f in self.files)}

    @computed_field
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


class WorkerResult(BaseModel):
    """What a worker sends back: the Plan JSON, or a failure kind and one-line reason."""

    plan_json: str | None = None
    kind: FailureKind | None = None
    reason: str | None = None
    seconds: float = 0.0
    pid: int | None = None
    peak_rss_mib: float | None = None


class _Candidate(BaseModel):
    path: Path
    sha256: str


class _Timeout(BaseException):
    """The per-file alarm; a BaseException so that no `except Exception` inside the extractor swallows it."""


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _Timeout


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _worker_init(parent: int) -> None:
    """Worker start-up: exit when the batch process dies (even by kill -9) instead of lingering."""
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def extract_in_worker(path: Path, settings: ExtractSettings, require_tasks: bool, timeout: float) -> WorkerResult:
    """Extract one file inside a worker process, stopped by an alarm after `timeout` seconds."""
    start = time.perf_counter()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        result = WorkerResult(plan_json=extract_file(path, settings, require_tasks).model_dump_json())
    except _Timeout:
        result = WorkerResult(kind="timeout", reason=f"{path}: timed out after {timeout:g} s")
    except NoTasksError as err:
        result = WorkerResult(kind="no_tasks", reason=str(err))
    except KehoachError as err:
        result = WorkerResult(kind="unreadable", reason=str(err))
    except Exception as err:  # an extractor fault on one file is that file's failure, not the run's
        result = WorkerResult(kind="error", reason=failure_reason(err, path))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    result.seconds = time.perf_counter() - start
    result.pid = os.getpid()
    result.peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _pool(workers: int) -> ProcessPoolExecutor:
    # spawn: workers must not inherit the parent's database connections
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_init,
        initargs=(os.getpid(),),
    )


def _result(future: Future[WorkerResult], path: Path) -> WorkerResult:
    try:
        return future.result()
    except BrokenProcessPool:
        raise
    except (Exception, _Timeout) as err:
        return WorkerResult(kind="error", reason=failure_reason(err, path))


def _extract_all(todo: list[_Candidate], settings: BatchSettings) -> Iterator[tuple[_Candidate, WorkerResult]]:
    """Extract in parallel, yielding each file as it finishes. Files caught in a worker crash are run
    again one by one in a fresh worker, so only the file that kills its worker is blamed."""
    if not todo:
        return
    args = (settings.extract, settings.require_tasks, settings.timeout_per_file)
    caught: list[_Candidate] = []
    pool = _pool(min(settings.workers, len(todo)))
    try:
        futures = {pool.submit(extract_in_worker, c.path, *args): c for c in todo}
        for future in as_completed(futures):
            candidate = futures[future]
            try:
                yield candidate, _result(future, candidate.path)
            except BrokenProcessPool:
                caught.append(candidate)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    for candidate in caught:
        alone = _pool(1)
        try:
            yield candidate, _result(alone.submit(extract_in_worker, candidate.path, *args), candidate.path)
        except BrokenProcessPool:
            yield candidate, WorkerResult(kind="crashed", reason=f"{candidate.path}: worker process died on this file")
        finally:
            alone.shutdown(wait=False, cancel_futures=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _start_run(engine: Engine, inbox: Path, settings: BatchSettings) -> BatchRunRecord:
    host = socket.gethostname()
    with write_session(engine) as session:
        for run in session.scalars(
            select(BatchRunRecord).where(BatchRunRecord.status == "running", BatchRunRecord.host == host)
        ):
            if not _alive(run.pid):
                run.status = "interrupted"
        run = BatchRunRecord(inbox=str(inbox), host=host, pid=os.getpid(), workers=settings.workers, status="running")
        session.add(run)
    return run


def _known(session: Session, column: InstrumentedAttribute[str], hashes: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(hashes), _LOOKUP_CHUNK):
        found |= set(session.scalars(select(column).where(column.in_(hashes[i : i + _LOOKUP_CHUNK]))))
    return found


def _record(session: Session, run_id: int, file: BatchFile) -> None:
    session.add(
        BatchFileRecord(
            run_id=run_id,
            path=file.path,
            sha256=file.sha256,
            outcome=file.outcome,
            reason=file.reason,
            seconds=file.seconds,
            tasks=file.tasks,
            document_id=file.document_id,
        )
    )


def _triage(
    engine: Engine,
    run_id: int,
    paths: list[Path],
    settings: BatchSettings,
) -> tuple[list[BatchFile], list[_Candidate]]:
    """Hash every file; record those already stored, quarantined, duplicated or unreadable; return the rest."""
    done: list[BatchFile] = []
    first: dict[str, Path] = {}
    for path in paths:
        start = time.perf_counter()
        try:
            sha = hash_file(path)
        except InputError as err:
            done.append(
                BatchFile(
                    path=str(path),
                    outcome="failed",
                    kind="unreadable",
                    reason=str(err),
                    seconds=time.perf_counter() - start,
                )
            )
            continue
        if sha in first:
            done.append(
                BatchFile(path=str(path), sha256=sha, outcome="unchanged", reason=f"same content as {first[sha]}")
            )
        else:
            first[sha] = path
    hashes = sorted(first)
    with read_session(engine) as session:
        stored = _known(session, DocumentRecord.sha256, hashes)
        quarantined = set() if settings.retry_quarantined else _known(session, QuarantineRecord.sha256, hashes)
    todo: list[_Candidate] = []
    for sha, path in first.items():
        if sha in stored:
            done.append(BatchFile(path=str(path), sha256=sha, outcome="unchanged", reason="already stored"))
        elif sha in quarantined:
            done.append(BatchFile(path=str(path), sha256=sha, outcome="skipped", reason="quarantined, unchanged"))
        else:
            todo.append(_Candidate(path=path, sha256=sha))
    with write_session(engine) as session:
        for file in done:
            _record(session, run_id, file)
    return done, todo


def _load(
    engine: Engine,
    run_id: int,
    candidate: _Candidate,
    result: WorkerResult,
    settings: BatchSettings,
) -> BatchFile:
    """Write one worker result: the plan and its batch_files row, or the quarantine and batch_files rows."""
    started = time.perf_counter() - result.seconds
    file = BatchFile(
        path=str(candidate.path),
        sha256=candidate.sha256,
        outcome="failed",
        kind=result.kind,
        reason=result.reason,
        extract_seconds=result.seconds,
        worker_pid=result.pid,
        worker_peak_rss_mib=result.peak_rss_mib,
    )
    if result.plan_json is not None:
        plan = Plan.model_validate_json(result.plan_json)
        file.sha256 = plan.source.sha256

        def also(session: Session, saved: SaveOutcome) -> None:
            file.outcome = "stored" if saved.status == "stored" else "unchanged"
            file.reason = None if saved.status == "stored" else "stored meanwhile by another writer"
            file.tasks, file.document_id, file.supersedes = saved.tasks, saved.document_id, saved.supersedes
            file.seconds = time.perf_counter() - started
            _record(session, run_id, file)
            session.execute(delete(QuarantineRecord).where(QuarantineRecord.sha256 == candidate.sha256))

        store_plan(engine, plan, also=also)
        return file
    file.seconds = time.perf_counter() - started
    with write_session(engine) as session:
        if settings.quarantine:
            file.outcome = "quarantined"
            insert_on_conflict(
                session,
                QuarantineRecord,
                [
                    {
                        "sha256": candidate.sha256,
                        "path": str(candidate.path),
                        "kind": result.kind or "error",
                        "reason": result.reason or "unknown failure",
                        "quarantined_at": utcnow(),
                        "run_id": run_id,
                    }
                ],
                ["sha256"],
                update_columns=["path", "kind", "reason", "quarantined_at", "run_id"],
            )
        _record(session, run_id, file)
    return file


def run_batch(inbox: Path, db_url: str | None, settings: BatchSettings | None = None) -> BatchReport:
    """Import the new or changed PDFs under `inbox`; returns (and writes, if asked) the run's report.

    Database problems raise StoreError; file failures are quarantined and reported, and the run goes on."""
    settings = settings or BatchSettings()
    if not inbox.is_dir():
        raise InputError("not a folder" if inbox.exists() else "folder not found", inbox)
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
    quarantined as "not a PDF" so the morning report shows it (hidden files and the run's report are skipped)."""
    own = report.resolve() if report is not None else None
    return sorted(
        p
        for p in inbox.rglob("*")
        if p.is_file() and p.resolve() != own and not any(part.startswith(".") for part in p.relative_to(inbox).parts)
    )


def _run(engine: Engine, inbox: Path, settings: BatchSettings) -> BatchReport:
    """The run itself: record it, triage the inbox, extract in parallel, load each result."""
    run = _start_run(engine, inbox, settings)
    clock = time.perf_counter()
    paths = inbox_files(inbox, settings.report)
    files, todo = _triage(engine, run.id, paths, settings)
    for candidate, result in _extract_all(todo, settings):
        files.append(_load(engine, run.id, candidate, result, settings))
    finished = utcnow()
    with write_session(engine) as session:
        session.execute(
            update(BatchRunRecord).where(BatchRunRecord.id == run.id).values(status="finished", finished_at=finished)
        )
    order = {str(p): i for i, p in enumerate(paths)}
    files.sort(key=lambda f: order.get(f.path, len(order)))
    return BatchReport(
        run_id=run.id,
        inbox=str(inbox),
        workers=settings.workers,
        started_at=run.started_at,
        finished_at=finished,
        seconds=time.perf_counter() - clock,
        files=files,
    )
