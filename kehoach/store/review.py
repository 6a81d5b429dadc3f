"""Store side of the clerk's loop: corrections, flags, review status, document lookup and deletion.

Only storage: which corrections apply and which flags fire is decided by kehoach.clerk.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from kehoach.store.errors import StoreError
from kehoach.store.models import (
    AgencyRecord,
    CorrectionRecord,
    DocumentRecord,
    FlagRecord,
    TaskAgencyRecord,
    TaskRecord,
    utcnow,
)
from schemas.review import Correction, Overlap, ReviewStatus


def find_document(session: Session, ref: str, *, lock: bool = False) -> DocumentRecord:
    """A document by id or by key (the current version, else the newest); StoreError when none."""
    query = select(DocumentRecord)
    if ref.isdigit():
        query = query.where(DocumentRecord.id == int(ref))
    else:
        query = query.where(DocumentRecord.doc_key == ref).order_by(
            DocumentRecord.superseded_at.is_not(None), DocumentRecord.id.desc()
        )
    if lock:
        query = query.with_for_update()
    doc = session.scalars(query.limit(1)).first()
    if doc is None:
        raise StoreError(f"no document {ref!r} (give its id or key, see `kehoach docs list`)")
    return doc


def document_of_task(session: Session, task_key: str, *, lock: bool = False) -> DocumentRecord:
    """The document holding a task key: its current version, else the newest; StoreError when none."""
    doc_id = session.scalar(
        select(TaskRecord.document_id)
        .join(DocumentRecord, DocumentRecord.id == TaskRecord.document_id)
        .where(TaskRecord.task_key == task_key)
        .order_by(DocumentRecord.superseded_at.is_not(None), DocumentRecord.id.desc())
        .limit(1)
    )
    if doc_id is None:
        raise StoreError(f"no task {task_key!r} (task keys are shown by `kehoach tasks --format json`)")
    return find_document(session, str(doc_id), lock=lock)


def previous_version(
    session: Session, sha256: str, issuer: str | None, number: str | None, issued_on: dt.date | None
) -> DocumentRecord | None:
    """The stored document a new extraction follows: the same file, else the current one of its identity."""
    same_file = session.scalar(select(DocumentRecord).where(DocumentRecord.sha256 == sha256))
    if same_file is not None or not (issuer and number and issued_on):
        return same_file
    return session.scalar(
        select(DocumentRecord).where(
            DocumentRecord.issuer == issuer,
            DocumentRecord.number == number,
            DocumentRecord.issued_on == issued_on,
            DocumentRecord.superseded_at.is_(None),
        )
    )


def _correction(record: CorrectionRecord) -> Correction:
    return Correction.model_validate(record, from_attributes=True)


def corrections_for(session: Session, doc_key: str) -> list[Correction]:
    """Every correction of a document key, oldest first."""
    records = session.scalars(
        select(CorrectionRecord).where(CorrectionRecord.doc_key == doc_key).order_by(CorrectionRecord.id)
    )
    return [_correction(record) for record in records]


def add_correction(session: Session, correction: Correction) -> Correction:
    """Store a new correction; returns it with its id and time."""
    record = CorrectionRecord(**correction.model_dump(exclude={"id", "created_at"}), created_at=utcnow())
    session.add(record)
    session.flush()
    return _correction(record)


def set_correction_states(session: Session, applied: list[int], orphaned: list[int]) -> None:
    """Record which corrections found their task in the newest extraction."""
    for state, ids in (("applied", applied), ("orphaned", orphaned)):
        if ids:
            session.execute(update(CorrectionRecord).where(CorrectionRecord.id.in_(ids)).values(state=state))


def overlapping_documents(
    session: Session, content_keys: list[str], doc_key: str, before_id: int | None
) -> list[Overlap]:
    """Current documents of another key (stored before `before_id`) sharing task contents, most first."""
    if not content_keys:
        return []
    shared = func.count(func.distinct(TaskRecord.content_key))
    query = (
        select(DocumentRecord.id, DocumentRecord.number, DocumentRecord.file_name, shared)
        .join(TaskRecord, TaskRecord.document_id == DocumentRecord.id)
        .where(
            TaskRecord.content_key.in_(set(content_keys)),
            DocumentRecord.superseded_at.is_(None),
            DocumentRecord.doc_key != doc_key,
        )
        .group_by(DocumentRecord.id, DocumentRecord.number, DocumentRecord.file_name)
        .order_by(shared.desc())
    )
    if before_id is not None:
        query = query.where(DocumentRecord.id < before_id)
    return [
        Overlap(document_id=doc_id, label=f"#{doc_id} {number or file_name}", shared=count)
        for doc_id, number, file_name, count in session.execute(query)
    ]


def set_review_status(session: Session, doc: DocumentRecord, status: ReviewStatus, author: str) -> None:
    """Mark a document approved (or back to pending) by a person."""
    doc.review_status, doc.reviewed_at, doc.reviewed_by = status, utcnow(), author
    session.flush()


def delete_document(session: Session, doc: DocumentRecord) -> None:
    """Delete a document and everything that is only its: rows, flags, the agencies no task names any
    more, and its corrections when no other version shares its key. The version it superseded
    becomes current again."""
    others = session.scalar(
        select(func.count())
        .select_from(DocumentRecord)
        .where(DocumentRecord.doc_key == doc.doc_key, DocumentRecord.id != doc.id)
    )
    restored = (
        session.scalars(select(DocumentRecord.id).where(DocumentRecord.superseded_by == doc.id)).all()
        if doc.superseded_at is None
        else []
    )
    session.delete(doc)
    session.flush()
    if restored:
        session.execute(
            update(DocumentRecord)
            .where(DocumentRecord.id.in_(restored))
            .values(superseded_at=None, superseded_by=None, status="current")
        )
    if not others:
        session.execute(delete(CorrectionRecord).where(CorrectionRecord.doc_key == doc.doc_key))
    named = select(TaskAgencyRecord.agency_id)
    session.execute(delete(AgencyRecord).where(AgencyRecord.id.not_in(named)))


def flag_counts(session: Session) -> dict[int, int]:
    """Number of flags of each document."""
    rows = session.execute(select(FlagRecord.document_id, func.count()).group_by(FlagRecord.document_id))
    return {doc_id: count for doc_id, count in rows}


def task_counts(session: Session) -> dict[int, int]:
    """Number of tasks of each document."""
    rows = session.execute(select(TaskRecord.document_id, func.count()).group_by(TaskRecord.document_id))
    return {doc_id: count for doc_id, count in rows}


def review_queue(
    session: Session, code: str | None = None, *, include_approved: bool = False
) -> list[tuple[FlagRecord, DocumentRecord]]:
    """Flags of documents awaiting review (all when `include_approved`), with their documents."""
    query = (
        select(FlagRecord, DocumentRecord)
        .join(DocumentRecord, DocumentRecord.id == FlagRecord.document_id)
        .where(DocumentRecord.superseded_at.is_(None))
        .order_by(DocumentRecord.id, FlagRecord.id)
    )
    if code is not None:
        query = query.where(FlagRecord.code == code)
    if not include_approved:
        query = query.where(DocumentRecord.review_status == "pending")
    return [(flag, doc) for flag, doc in session.execute(query)]
