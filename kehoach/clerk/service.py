"""The clerk's loop over the store, one transaction per operation.

`save_reviewed` is how every extraction is saved (ingest, --force, batch): keys are carried over
from the version it follows, the document's corrections are applied again, flags recomputed.
`correct` records one correction (checking the task's edit version, so two people editing one task
cannot silently overwrite each other) and rewrites the document's rows from its extraction plus
every correction; `approve`, `delete` and `diff` do what their names say.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from extractor.enrich import enrich_plan
from extractor.errors import InputError
from extractor.text import fold
from kehoach.clerk.corrections import CorrectedPlan, apply_corrections
from kehoach.clerk.flags import plan_flags
from kehoach.clerk.keys import KeyedTask, assign_task_keys, document_key
from kehoach.store.db import database_errors, read_session, write_session
from kehoach.store.models import DocumentRecord
from kehoach.store.repository import SaveOutcome, rewrite_document, save_plan, store_plan
from kehoach.store.review import (
    add_correction,
    corrections_for,
    delete_document,
    document_of_task,
    find_document,
    overlapping_documents,
    previous_version,
    set_correction_states,
    set_review_status,
)
from schemas import Plan, Task
from schemas.errors import KehoachError
from schemas.review import DOCUMENT_FIELDS, Correction, CorrectionField, ReviewedPlan


class EditConflict(KehoachError):
    """The task (or document) changed since the editor read it: reload and edit again."""


class CorrectionRequest(BaseModel):
    """One edit as asked for: a task field (task_key) or document field (document), by whom and why.

    `expected_version` is the edit version the editor saw; None skips the check (the CLI's default)."""

    field: CorrectionField
    value: Any = None
    task_key: str | None = None
    document: str | None = None
    author: str
    reason: str | None = None
    expected_version: int | None = None


class CorrectionResult(BaseModel):
    """The stored correction, the document it changed and the task's (or document's) new version."""

    correction: Correction
    document_id: int
    version: int


def _keyed(plan: Plan, doc_key: str, previous: DocumentRecord | None) -> Plan:
    old = [
        KeyedTask(key=task["key"], ref=task.get("ref"), content=task["content"])
        for task in ((previous.extracted_json or {}).get("tasks") or [] if previous is not None else [])
        if task.get("key")
    ]
    fresh = [KeyedTask(key="", ref=task.ref, content=task.content) for task in plan.tasks]
    keys = assign_task_keys(doc_key, fresh, old)
    return plan.model_copy(
        update={"tasks": [task.model_copy(update={"key": key}) for task, key in zip(plan.tasks, keys, strict=True)]}
    )


def _review(
    session: Session, keyed: Plan, doc_key: str, document_id: int | None, today: dt.date
) -> tuple[CorrectedPlan, ReviewedPlan]:
    """Apply the document's corrections to a keyed extraction and flag the result."""
    corrections = corrections_for(session, doc_key)
    corrected = apply_corrections(keyed, corrections)
    corrected.plan = enrich_plan(corrected.plan)
    contents = [fold(task.content) for task in corrected.plan.tasks]
    overlaps = overlapping_documents(session, contents, doc_key, document_id)
    orphaned = [c for c in corrections if c.id in set(corrected.orphaned)]
    review = ReviewedPlan(
        doc_key=doc_key,
        extracted=keyed.model_dump(mode="json"),
        tasks=corrected.tasks,
        document_version=corrected.document_version,
        flags=plan_flags(corrected.plan, today, overlaps, orphaned),
        applied=corrected.applied,
        orphaned=corrected.orphaned,
    )
    return corrected, review


def save_reviewed(
    session: Session, plan: Plan, force: bool, source_path: str | None = None, today: dt.date | None = None
) -> SaveOutcome:
    """Save an extraction with keys, corrections and flags (the store's `save` for ingest and batch)."""
    sha = plan.source.sha256 or ""
    d = plan.document
    previous = previous_version(session, sha, d.issuer, d.number, d.issued_on)
    if previous is not None and previous.sha256 == sha and not force:
        return save_plan(session, plan)
    doc_key = previous.doc_key if previous is not None else document_key(d.issuer, d.number, d.issued_on, sha)
    keyed = _keyed(plan, doc_key, previous)
    same_file = previous if previous is not None and previous.sha256 == sha else None
    corrected, review = _review(session, keyed, doc_key, same_file.id if same_file else None, today or dt.date.today())
    outcome = save_plan(session, corrected.plan, force=force, review=review, source_path=source_path)
    set_correction_states(session, corrected.applied, corrected.orphaned)
    return outcome


def store_reviewed(
    engine: Engine,
    plan: Plan,
    *,
    force: bool = False,
    source_path: str | None = None,
    also: Callable[[Session, SaveOutcome], None] | None = None,
) -> SaveOutcome:
    """`save_reviewed` in its own transaction, retried on a clash with a concurrent writer (store_plan)."""
    return store_plan(
        engine,
        plan,
        force=force,
        also=also,
        save=lambda session, extracted, forced: save_reviewed(session, extracted, forced, source_path),
    )


def refresh_document(session: Session, doc: DocumentRecord, today: dt.date | None = None) -> ReviewedPlan:
    """Rewrite a stored document's rows from its extraction and every correction of its key."""
    if doc.extracted_json is None:
        raise InputError(f"document #{doc.id} was stored before corrections existed: ingest it again with --force")
    keyed = Plan.model_validate(doc.extracted_json)
    corrected, review = _review(session, keyed, doc.doc_key, doc.id, today or dt.date.today())
    rewrite_document(session, doc.id, corrected.plan, review)
    if doc.superseded_at is None:
        set_correction_states(session, corrected.applied, corrected.orphaned)
    return review


def _old_value(plan: Plan, request: CorrectionRequest) -> Any:
    if request.field in DOCUMENT_FIELDS:
        return plan.document.model_dump(mode="json")[request.field]
    task = next((t for t in plan.tasks if t.key == request.task_key), None)
    if task is None or request.field in ("add_task", "not_task", "status"):
        return None
    return task.model_dump(mode="json")[request.field]


def _new_task_key(doc_key: str) -> str:
    return f"{doc_key}-m{secrets.token_hex(4)}"


def correct(engine: Engine, requests: list[CorrectionRequest]) -> list[CorrectionResult]:
    """Record corrections of one document and rewrite it, all in one transaction (all or nothing).

    Raises EditConflict when the first request's `expected_version` is not the current one,
    InputError for a value a field cannot take; nothing is stored then."""
    if not requests:
        return []
    first = requests[0]
    with database_errors(engine), write_session(engine) as session:
        if first.task_key is not None and first.field != "add_task":
            doc = document_of_task(session, first.task_key, lock=True)
        else:
            doc = find_document(session, first.document or "", lock=True)
        current = _current_version(doc, first)
        if first.expected_version is not None and first.expected_version != current:
            raise EditConflict(
                f"{first.task_key or f'document #{doc.id}'} was changed by someone else "
                f"(version {current}, you edited version {first.expected_version}): reload and edit again"
            )
        stored = Plan.model_validate(doc.plan_json)
        added = [_record(session, doc, stored, request) for request in requests]
        try:
            review = refresh_document(session, doc)
        except (ValidationError, ValueError) as err:
            raise InputError(f"{first.field}: not a valid value ({_first_error(err)})") from err
        versions = {task.key: task.version for task in review.tasks}
        return [
            CorrectionResult(
                correction=c, document_id=doc.id, version=versions.get(c.task_key or "", review.document_version)
            )
            for c in added
        ]


def _record(session: Session, doc: DocumentRecord, stored: Plan, request: CorrectionRequest) -> Correction:
    if request.task_key is not None and request.task_key.split("-")[0] != doc.doc_key:
        raise InputError(f"task {request.task_key} is not in document #{doc.id}")
    task_key = _new_task_key(doc.doc_key) if request.field == "add_task" else request.task_key
    return add_correction(
        session,
        Correction(
            doc_key=doc.doc_key,
            task_key=task_key,
            field=request.field,
            old_value=_old_value(stored, request),
            new_value=request.value,
            author=request.author,
            reason=request.reason,
        ),
    )


def _first_error(err: Exception) -> str:
    if isinstance(err, ValidationError):
        return err.errors()[0]["msg"]
    return str(err)


def _current_version(doc: DocumentRecord, request: CorrectionRequest) -> int:
    if request.task_key is None or request.field == "add_task":
        return doc.version
    return next((task.version for task in doc.tasks if task.task_key == request.task_key), 0)


def approve(engine: Engine, ref: str, author: str) -> DocumentRecord:
    """Mark a document reviewed and approved by `author`."""
    with database_errors(engine), write_session(engine) as session:
        doc = find_document(session, ref, lock=True)
        set_review_status(session, doc, "approved", author)
        return doc


def delete(engine: Engine, ref: str) -> DocumentRecord:
    """Delete a document and all that is only its (see kehoach.store.review.delete_document)."""
    with database_errors(engine), write_session(engine) as session:
        doc = find_document(session, ref, lock=True)
        delete_document(session, doc)
        return doc


class TaskChange(BaseModel):
    """One task that differs between two versions: its key and each changed field's old and new value."""

    key: str
    content: str
    fields: dict[str, tuple[Any, Any]]


class PlanDiff(BaseModel):
    """Tasks added, removed and changed from one stored document to another (matched by task key)."""

    old_id: int
    new_id: int
    added: list[Task]
    removed: list[Task]
    changed: list[TaskChange]


COMPARED_FIELDS = ("ref", "content", "lead", "support", "deadline", "targets", "page")


def diff(engine: Engine, old_ref: str, new_ref: str | None = None) -> PlanDiff:
    """What changed between two documents; without `new_ref`, between `old_ref` and the version it superseded."""
    with database_errors(engine), read_session(engine) as session:
        new = find_document(session, new_ref or old_ref)
        if new_ref is None:
            old_id = session.query(DocumentRecord.id).filter(DocumentRecord.superseded_by == new.id).scalar()
            if old_id is None:
                raise InputError(f"document #{new.id} supersedes no earlier version: name two documents")
            old = find_document(session, str(old_id))
        else:
            old = find_document(session, old_ref)
        before, after = Plan.model_validate(old.plan_json), Plan.model_validate(new.plan_json)
    old_tasks = {t.key: t for t in before.tasks}
    new_tasks = {t.key: t for t in after.tasks}
    changed = []
    for key, task in new_tasks.items():
        if key in old_tasks:
            was, now = old_tasks[key].model_dump(mode="json"), task.model_dump(mode="json")
            fields = {f: (was[f], now[f]) for f in COMPARED_FIELDS if was[f] != now[f]}
            if fields:
                changed.append(TaskChange(key=key or "", content=task.content, fields=fields))
    return PlanDiff(
        old_id=old.id,
        new_id=new.id,
        added=[t for k, t in new_tasks.items() if k not in old_tasks],
        removed=[t for k, t in old_tasks.items() if k not in new_tasks],
        changed=changed,
    )
