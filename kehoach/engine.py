"""The import engine shared by `ingest` (one file after another, in this process) and `batch` (N worker
processes, failures quarantined, every file recorded against its run).

Files are told apart by content hash: a file already stored is unchanged (unless `force` re-extracts
it), a file quarantined earlier is skipped until its content changes. Each plan is written in its own
transaction together with its batch_files row, so an import killed at any moment leaves whole
documents only and the next run picks up what is left. Plans are saved through the clerk's loop
(kehoach.clerk.service): task keys carried over, corrections re-applied, flags raised.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import InstrumentedAttribute, Session

from extractor.errors import InputError
from kehoach.clerk.service import store_reviewed
from kehoach.extraction import ExtractJob, WorkerResult, extract_all, failure_reason, hash_file
from kehoach.outcome import DocumentRead, FileOutcome
from kehoach.store.claims import Claimant, release_claim, take_claim
from kehoach.store.db import read_session, write_session
from kehoach.store.models import BatchFileRecord, DocumentRecord, QuarantineRecord, utcnow
from kehoach.store.repository import SaveOutcome, insert_on_conflict
from schemas import Plan
from schemas.errors import KehoachError
from schemas.text import printable

_LOOKUP_CHUNK = 500

Progress = Callable[[FileOutcome], None]


class ImportSettings(BaseModel):
    """How files are imported.

    `workers`: extract in that many worker processes (None: in this process); `force`: re-extract
    stored files and replace their rows; `quarantine`: record failures so later runs skip them while
    unchanged; `retry_quarantined`: try quarantined files again anyway (e.g. after raising the timeout)."""

    job: ExtractJob = ExtractJob()
    workers: int | None = Field(default=None, ge=1)
    force: bool = False
    quarantine: bool = False
    retry_quarantined: bool = False


def _known(session: Session, column: InstrumentedAttribute[str], hashes: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(hashes), _LOOKUP_CHUNK):
        found |= set(session.scalars(select(column).where(column.in_(hashes[i : i + _LOOKUP_CHUNK]))))
    return found


def _stored(session: Session, hashes: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i in range(0, len(hashes), _LOOKUP_CHUNK):
        rows = session.execute(
            select(DocumentRecord.sha256, DocumentRecord.id).where(
                DocumentRecord.sha256.in_(hashes[i : i + _LOOKUP_CHUNK])
            )
        )
        found.update({sha: document_id for sha, document_id in rows})
    return found


def _record(session: Session, run_id: int | None, file: FileOutcome) -> None:
    if run_id is None:
        return
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
    engine: Engine, paths: list[Path], settings: ImportSettings, run_id: int | None
) -> tuple[list[FileOutcome], dict[Path, str]]:
    """Hash every file; settle those already stored, quarantined, duplicated or unreadable; return the rest."""
    done: list[FileOutcome] = []
    first: dict[str, Path] = {}
    for path in paths:
        start = time.perf_counter()
        try:
            sha = hash_file(path)
        except InputError as err:
            seconds = time.perf_counter() - start
            done.append(
                FileOutcome(path=str(path), outcome="failed", kind="unreadable", reason=str(err), seconds=seconds)
            )
            continue
        if sha in first:
            done.append(
                FileOutcome(
                    path=str(path),
                    sha256=sha,
                    outcome="unchanged",
                    reason=f"same content as {printable(str(first[sha]))}",
                )
            )
        else:
            first[sha] = path
    hashes = sorted(first)
    with read_session(engine) as session:
        stored = {} if settings.force else _stored(session, hashes)
        skip = settings.quarantine and not settings.retry_quarantined
        quarantined = _known(session, QuarantineRecord.sha256, hashes) if skip else set()
    todo: dict[Path, str] = {}
    for sha, path in first.items():
        if sha in stored:
            done.append(
                FileOutcome(
                    path=str(path), sha256=sha, outcome="unchanged", reason="already stored", document_id=stored[sha]
                )
            )
        elif sha in quarantined:
            done.append(FileOutcome(path=str(path), sha256=sha, outcome="skipped", reason="quarantined, unchanged"))
        else:
            todo[path] = sha
    if run_id is not None:
        with write_session(engine) as session:
            for file in done:
                _record(session, run_id, file)
    return done, todo


def _quarantine(session: Session, file: FileOutcome, run_id: int | None) -> None:
    row = {
        "sha256": file.sha256,
        "path": file.path,
        "kind": file.kind or "error",
        "reason": file.reason or "unknown failure",
        "quarantined_at": utcnow(),
        "run_id": run_id,
    }
    insert_on_conflict(
        session,
        QuarantineRecord,
        [row],
        ["sha256"],
        update_columns=["path", "kind", "reason", "quarantined_at", "run_id"],
    )


def _settled_meanwhile(session: Session, path: Path, sha: str, settings: ImportSettings) -> FileOutcome | None:
    """A file stored or quarantined by another import since the triage (None when it is still to do)."""
    if not settings.force and (stored := _stored(session, [sha])):
        reason = "stored meanwhile by another import"
        return FileOutcome(path=str(path), sha256=sha, outcome="unchanged", reason=reason, document_id=stored[sha])
    if settings.quarantine and not settings.retry_quarantined and _known(session, QuarantineRecord.sha256, [sha]):
        reason = "quarantined meanwhile by another import"
        return FileOutcome(path=str(path), sha256=sha, outcome="skipped", reason=reason)
    return None


def _claimed(engine: Engine, todo: dict[Path, str], run: _Run, settle: Callable[[FileOutcome], None]) -> Iterator[Path]:
    """The files to extract, each claimed just before it is handed out; a file whose claim another live
    import holds, or that another import stored or quarantined meanwhile, is settled instead."""
    for path, sha in todo.items():
        with write_session(engine) as session:
            holder = take_claim(session, sha, run.claimant)
            if holder is not None:
                reason = f"being imported by another process ({printable(holder.host)}, pid {holder.pid})"
                outcome: FileOutcome | None = FileOutcome(path=str(path), sha256=sha, outcome="skipped", reason=reason)
            elif (outcome := _settled_meanwhile(session, path, sha, run.settings)) is not None:
                release_claim(session, sha, run.claimant)
            if outcome is not None:
                _record(session, run.run_id, outcome)
        if outcome is None:
            yield path
        else:
            settle(outcome)


class _Run(BaseModel):
    """What every file of one import shares: its settings, its batch run (if any), its claims' owner."""

    settings: ImportSettings
    run_id: int | None
    claimant: Claimant


def _load(engine: Engine, path: Path, sha: str, result: WorkerResult, run: _Run) -> FileOutcome:
    """Write one extraction result and give up the file's claim: the plan (and its batch_files row), or
    the failure (quarantined if asked)."""
    settings, run_id = run.settings, run.run_id
    started = time.perf_counter() - result.seconds
    file = FileOutcome(
        path=str(path),
        sha256=sha,
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
            file.outcome = saved.status
            file.reason = "stored meanwhile by another writer" if saved.status == "unchanged" else None
            file.tasks, file.document_id, file.supersedes = saved.tasks, saved.document_id, saved.supersedes
            if saved.status != "unchanged":
                d = plan.document
                file.document = DocumentRead(
                    doc_type=d.doc_type, number=d.number, issuer=d.issuer, issued_on=d.issued_on
                )
                file.doc_key, file.warnings = saved.doc_key, list(plan.warnings)
                file.flags, file.orphaned_corrections = saved.flags, saved.orphaned
            file.seconds = time.perf_counter() - started
            _record(session, run_id, file)
            release_claim(session, sha, run.claimant)
            if settings.quarantine:
                session.execute(delete(QuarantineRecord).where(QuarantineRecord.sha256 == sha))

        store_reviewed(engine, plan, force=settings.force, also=also, source_path=str(path.resolve()))
        return file
    file.seconds = time.perf_counter() - started
    if settings.quarantine:
        file.outcome = "quarantined"
    with write_session(engine) as session:
        release_claim(session, sha, run.claimant)
        if settings.quarantine:
            _quarantine(session, file, run_id)
        _record(session, run_id, file)
    return file


def import_files(
    engine: Engine,
    paths: list[Path],
    settings: ImportSettings,
    run_id: int | None = None,
    progress: Progress | None = None,
) -> list[FileOutcome]:
    """Import files into a migrated database, in the order given; `progress` hears of each file as it
    is settled. Each file is claimed before it is extracted, so concurrent imports extract it once.
    Database problems raise StoreError; a file that fails is reported, and the rest go on."""
    done, todo = _triage(engine, paths, settings, run_id)
    run = _Run(settings=settings, run_id=run_id, claimant=Claimant.this_process(settings.job.limits.timeout))

    def settle(file: FileOutcome) -> None:
        done.append(file)
        if progress is not None:
            progress(file)

    if progress is not None:
        for file in list(done):
            progress(file)
    workers = min(settings.workers, len(todo)) if settings.workers and todo else None
    for path, result in extract_all(_claimed(engine, todo, run, settle), settings.job, workers):
        try:
            file = _load(engine, path, todo[path], result, run)
        except (KehoachError, SQLAlchemyError):
            raise  # the database's problems stop the run
        except Exception as err:  # a fault of ours on one file's plan is that file's failure
            failed = WorkerResult(
                kind="error", reason=failure_reason(err, path), seconds=result.seconds, pid=result.pid
            )
            file = _load(engine, path, todo[path], failed, run)
        settle(file)
    order = {str(p): i for i, p in enumerate(paths)}
    return sorted(done, key=lambda f: order.get(f.path, len(order)))
