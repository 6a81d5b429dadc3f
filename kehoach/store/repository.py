"""Saving a Plan into the store and reading it back.

A document is identified by its file's SHA-256, and across versions by (issuer, number, issued_on):
saving a new file with the identity of a stored current document supersedes that document in the
same transaction. The plan must have been through the extractor's enrich step (canonical agency
names, target indicators and years): the store computes nothing but folded search keys. Fields go
to columns and child tables; the Plan JSON as given is kept whole in documents.plan_json, where
`load_plan` takes the fields without a column from (bbox, provenance, sections' levels, warnings).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from kehoach.store.agency_key import AgencyKey, agency_key
from kehoach.store.db import connection_error, write_session
from kehoach.store.errors import StoreError
from kehoach.store.fulltext import word_key
from kehoach.store.models import (
    AgencyRecord,
    Base,
    DocumentRecord,
    FlagRecord,
    ObjectiveRecord,
    ReferenceRecord,
    SectionRecord,
    TargetRecord,
    TaskAgencyRecord,
    TaskRecord,
    utcnow,
)
from schemas import Objective, Plan, Target, Task
from schemas.review import Flag, ReviewedPlan
from schemas.text import fold

GROUP_SEPARATOR = " › "
SAVE_ATTEMPTS = 4
# PostgreSQL deadlock / serialisation failure: the transaction is safe to run again.
_RETRY_PGCODES = {"40P01", "40001"}


class SaveOutcome(BaseModel):
    """What saving one plan did: stored (new), unchanged (same file already stored), replaced (--force)."""

    status: Literal["stored", "unchanged", "replaced"]
    document_id: int
    tasks: int
    supersedes: int | None = None
    doc_key: str | None = None
    flags: list[Flag] = Field(default_factory=list)
    orphaned: list[int] = Field(default_factory=list)


def insert_on_conflict(
    session: Session,
    model: type[Base],
    rows: Sequence[dict[str, Any]],
    keys: Sequence[str],
    update_columns: Sequence[str] = (),
) -> int:
    """INSERT … ON CONFLICT (keys) DO NOTHING, or DO UPDATE of `update_columns`, on SQLite and PostgreSQL;
    returns the number of rows inserted or updated."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database backend {dialect!r} (use SQLite or PostgreSQL)")
    statement = (sqlite.insert if dialect == "sqlite" else postgresql.insert)(model).values(list(rows))
    if update_columns:
        statement = statement.on_conflict_do_update(
            index_elements=list(keys), set_={c: statement.excluded[c] for c in update_columns}
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(keys))
    return int(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def _not_enriched(plan: Plan) -> str | None:
    """What the enrich step should have filled and did not, or None when the plan is ready to store."""
    for task in plan.tasks:
        known = {(a.role, a.printed) for a in task.agencies}
        if missing := [f"{role} {name!r}" for role, name in task.assigned() if (role, name) not in known]:
            return f"{missing[0]} has no canonical agency"
        if any(t.indicator is None for t in (*task.targets, *task.quantities)):
            return f"task {task.ref or task.content[:40]!r} has a target without its indicator"
    return None


def _agency_ids(session: Session, keys: Iterable[AgencyKey]) -> dict[tuple[str, str], int]:
    """Ids of the agencies, inserting the missing ones (sorted, so concurrent writers lock alike)."""
    unique = {(k.canonical, k.province): k for k in keys}
    rows = [unique[key].model_dump() for key in sorted(unique)]
    insert_on_conflict(session, AgencyRecord, rows, ["canonical", "province"], ["current", "current_key"])
    ids: dict[tuple[str, str], int] = {}
    for province in {p for _, p in unique}:
        names = [c for c, p in unique if p == province]
        found = session.execute(
            select(AgencyRecord.canonical, AgencyRecord.id).where(
                AgencyRecord.province == province, AgencyRecord.canonical.in_(names)
            )
        )
        ids.update({(canonical, province): agency_id for canonical, agency_id in found})
    return ids


def _target_record(kind: str, position: int, target: Target) -> TargetRecord:
    indicator = target.indicator or ""
    return TargetRecord(
        kind=kind,
        position=position,
        text=target.text,
        value=target.value,
        op=target.op,
        unit=target.unit,
        indicator=indicator,
        indicator_key=fold(indicator)[:300],
        year=target.year,
    )


def _task_record(task: Task, position: int, agency_ids: dict[tuple[str, str], int], province: str | None) -> TaskRecord:
    keys: dict[tuple[str, str], AgencyKey] = {(a.printed, a.role): agency_key(a, province) for a in task.agencies}
    record = TaskRecord(
        position=position,
        ref=task.ref,
        group_path=list(task.group),
        group_text=GROUP_SEPARATOR.join(task.group),
        origin=task.origin,
        content=task.content,
        content_key=fold(task.content),
        criterion=task.criterion,
        output=task.output,
        note=task.note,
        page=task.page,
        deadline_text=task.deadline.text,
        deadline_kind=task.deadline.kind,
        deadline_due=task.deadline.due,
        task_key=task.key,
    )
    for role, names in (("lead", task.lead), ("support", task.support)):
        for index, printed in enumerate(names):
            key = keys[(printed, role)]
            record.agencies.append(
                TaskAgencyRecord(
                    role=role,
                    position=index,
                    printed=printed,
                    printed_key=fold(printed),
                    agency_id=agency_ids[(key.canonical, key.province)],
                )
            )
    for kind, targets in (("target", task.targets), ("quantity", task.quantities)):
        record.targets += [_target_record(kind, index, target) for index, target in enumerate(targets)]
    return record


def _objective_record(position: int, objective: Objective, tasks: list[TaskRecord]) -> ObjectiveRecord:
    in_range = objective.task is not None and objective.task < len(tasks)
    return ObjectiveRecord(
        position=position,
        task=tasks[objective.task] if in_range and objective.task is not None else None,
        indicator=objective.indicator,
        indicator_key=word_key(objective.indicator),
        indicator_id=objective.indicator_id,
        text=objective.text,
        value=objective.value,
        op=objective.op,
        unit=objective.unit,
        year=objective.year,
        period=objective.period,
        levels=",".join(objective.levels),
        scope=objective.scope,
        section=objective.section,
        page=objective.page,
    )


def _sections(plan: Plan) -> list[SectionRecord]:
    records: list[SectionRecord] = []
    by_index: dict[int, SectionRecord] = {}
    for position, entry in enumerate(plan.sections):
        record = SectionRecord(position=position, label=entry.label, title=entry.title, page=entry.page)
        if entry.parent is not None and entry.parent in by_index:
            record.parent = by_index[entry.parent]
        by_index[entry.index] = record
        records.append(record)
    return records


def _fill(session: Session, doc: DocumentRecord, plan: Plan) -> None:
    """Write the plan's fields and children into a document record (children must be empty)."""
    d = plan.document
    doc.file_name = plan.source.file
    doc.pages = plan.source.pages
    doc.doc_type, doc.number, doc.issuer, doc.province = d.doc_type, d.number, d.issuer, d.province
    doc.province_key = fold(d.province) if d.province else None
    doc.issued_on, doc.title, doc.signer, doc.year = d.issued_on, d.title, d.signer, d.year
    doc.plan_json = plan.model_dump(mode="json")
    doc.references = [
        ReferenceRecord(position=i, text=r.text, doc_type=r.doc_type, number=r.number, issued_on=r.issued_on)
        for i, r in enumerate(d.references)
    ]
    doc.sections = _sections(plan)
    agency_ids = _agency_ids(session, (agency_key(a, d.province) for task in plan.tasks for a in task.agencies))
    doc.tasks = [_task_record(task, i, agency_ids, d.province) for i, task in enumerate(plan.tasks)]
    doc.objectives = [_objective_record(i, o, doc.tasks) for i, o in enumerate(plan.objectives)]


def _identity_complete(doc: DocumentRecord) -> bool:
    return doc.issuer is not None and doc.number is not None and doc.issued_on is not None


def _supersede_previous(session: Session, doc: DocumentRecord) -> int | None:
    """Mark the current document with the same identity as superseded by `doc`; its id, or None."""
    if not _identity_complete(doc) or doc.superseded_at is not None:
        return None
    previous = session.scalar(
        select(DocumentRecord).where(
            DocumentRecord.issuer == doc.issuer,
            DocumentRecord.number == doc.number,
            DocumentRecord.issued_on == doc.issued_on,
            DocumentRecord.superseded_at.is_(None),
            DocumentRecord.id != doc.id if doc.id is not None else DocumentRecord.sha256 != doc.sha256,
        )
    )
    if previous is None:
        return None
    previous.superseded_at = utcnow()
    previous.status = "superseded"
    session.flush()
    return previous.id


def _apply_review(doc: DocumentRecord, review: ReviewedPlan, source_path: str | None) -> None:
    """Write the clerk's state beside the rows: keys, the extraction before corrections, task state, flags."""
    doc.doc_key = review.doc_key
    doc.extracted_json = review.extracted
    doc.version = review.document_version
    if source_path is not None:
        doc.source_path = source_path
    by_key = {task.key: task for task in review.tasks}
    for record in doc.tasks:
        state = by_key.get(record.task_key or "")
        if state is not None:
            record.status, record.status_on, record.version = state.status.state, state.status.on, state.version
    doc.flags = [FlagRecord(task_key=f.task_key, code=f.code, detail=f.detail) for f in review.flags]


def save_plan(
    session: Session,
    plan: Plan,
    *,
    force: bool = False,
    review: ReviewedPlan | None = None,
    source_path: str | None = None,
) -> SaveOutcome:
    """Save a plan inside the caller's transaction; see the module docstring for identity rules.

    An already stored file (same SHA-256) is left alone unless `force`, which replaces its rows.
    `review` (keys, extraction before corrections, flags) is stored beside the rows when given;
    a re-extraction sends the document back to review."""
    sha = plan.source.sha256
    if not sha:
        raise StoreError("plan has no source sha256, so it cannot be identified", plan.source.file)
    if (missing := _not_enriched(plan)) is not None:
        raise StoreError(f"plan was not enriched ({missing})", plan.source.file)
    doc = session.scalar(select(DocumentRecord).where(DocumentRecord.sha256 == sha))
    if doc is not None and not force:
        return SaveOutcome(status="unchanged", document_id=doc.id, tasks=0)
    status: Literal["stored", "replaced"] = "stored"
    if doc is None:
        doc = DocumentRecord(sha256=sha, status="current", doc_key=f"d{sha[:10]}")
    else:
        status = "replaced"
        _clear_rows(session, doc)
        doc.review_status, doc.reviewed_at, doc.reviewed_by = "pending", None, None
    _fill(session, doc, plan)
    doc.ingested_at = utcnow()
    if review is not None:
        _apply_review(doc, review, source_path)
    previous = _supersede_previous(session, doc)
    session.add(doc)
    session.flush()
    if previous is not None:
        session.execute(update(DocumentRecord).where(DocumentRecord.id == previous).values(superseded_by=doc.id))
    return SaveOutcome(
        status=status,
        document_id=doc.id,
        tasks=len(plan.tasks),
        supersedes=previous,
        doc_key=doc.doc_key,
        flags=review.flags if review is not None else [],
        orphaned=review.orphaned if review is not None else [],
    )


def _clear_rows(session: Session, doc: DocumentRecord) -> None:
    for child in (ObjectiveRecord, TaskRecord, ReferenceRecord, SectionRecord, FlagRecord):
        session.execute(delete(child).where(child.document_id == doc.id))
    session.expire(doc, ["objectives", "tasks", "references", "sections", "flags"])


def rewrite_document(session: Session, document_id: int, plan: Plan, review: ReviewedPlan) -> None:
    """Replace a stored document's rows with a re-corrected plan (same file, same extraction)."""
    if (missing := _not_enriched(plan)) is not None:
        raise StoreError(f"plan was not enriched ({missing})", plan.source.file)
    doc = session.get(DocumentRecord, document_id)
    if doc is None:
        raise StoreError(f"no document with id {document_id}")
    _clear_rows(session, doc)
    _fill(session, doc, plan)
    _apply_review(doc, review, None)
    session.flush()


def _retryable(err: SQLAlchemyError) -> bool:
    if isinstance(err, IntegrityError):
        return True
    return isinstance(err, OperationalError) and getattr(getattr(err, "orig", None), "sqlstate", None) in _RETRY_PGCODES


def store_plan(
    engine: Engine,
    plan: Plan,
    *,
    force: bool = False,
    also: Callable[[Session, SaveOutcome], None] | None = None,
    save: Callable[[Session, Plan, bool], SaveOutcome] | None = None,
) -> SaveOutcome:
    """Save a plan in its own transaction (plus `also`'s rows in the same one).

    A unique-key clash with a concurrent writer (same file, or a new version of the same plan) rolls
    back and runs again, when the other writer's rows are visible: the file then comes out unchanged.
    `save` replaces `save_plan` (the clerk's loop keys and corrects the plan in the same transaction)."""
    attempts = 0
    while True:
        try:
            with write_session(engine) as session:
                outcome = save(session, plan, force) if save is not None else save_plan(session, plan, force=force)
                if also is not None:
                    also(session, outcome)
                return outcome
        except SQLAlchemyError as err:
            attempts += 1
            if not _retryable(err) or attempts == SAVE_ATTEMPTS:
                raise connection_error(err, engine.url.render_as_string()) from err


def _nth(items: list[dict[str, Any]] | None, index: int) -> dict[str, Any]:
    return items[index] if items and index < len(items) else {}


def _target(record: TargetRecord, original: dict[str, Any]) -> dict[str, Any]:
    return {
        **original,
        "text": record.text,
        "value": record.value,
        "op": record.op,
        "unit": record.unit,
        "indicator": record.indicator,
        "year": record.year,
    }


def _load_task(record: TaskRecord, original: dict[str, Any]) -> dict[str, Any]:
    """A task from its rows; fields without a column (bbox, provenance) from the stored JSON."""
    agencies = sorted(record.agencies, key=lambda a: (a.role != "lead", a.position))
    targets: dict[str, list[dict[str, Any]]] = {"target": [], "quantity": []}
    for t in sorted(record.targets, key=lambda t: t.position):
        field = "targets" if t.kind == "target" else "quantities"
        targets[t.kind].append(_target(t, _nth(original.get(field), t.position)))
    return {
        **original,
        "ref": record.ref,
        "group": record.group_path,
        "origin": record.origin,
        "content": record.content,
        "lead": [a.printed for a in agencies if a.role == "lead"],
        "support": [a.printed for a in agencies if a.role == "support"],
        "output": record.output,
        "note": record.note,
        "page": record.page,
        "key": record.task_key,
        "criterion": record.criterion,
        "deadline": {"text": record.deadline_text, "kind": record.deadline_kind, "due": record.deadline_due},
        "targets": targets["target"],
        "quantities": targets["quantity"],
        "agencies": [
            {
                "printed": a.printed,
                "canonical": a.agency.canonical,
                "kind": a.agency.kind,
                "role": a.role,
                "current": _nth(original.get("agencies"), index).get("current", a.agency.current),
            }
            for index, a in enumerate(agencies)
        ],
    }


def load_plan(session: Session, document_id: int) -> Plan:
    """The Plan of a stored document, rebuilt from its rows (fields without a column from the stored JSON)."""
    tasks = selectinload(DocumentRecord.tasks)
    doc = session.get(
        DocumentRecord,
        document_id,
        options=[
            selectinload(DocumentRecord.references),
            tasks.selectinload(TaskRecord.agencies).selectinload(TaskAgencyRecord.agency),
            tasks.selectinload(TaskRecord.targets),
        ],
    )
    if doc is None:
        raise StoreError(f"no document with id {document_id}")
    original = doc.plan_json or {}
    original_doc = original.get("document") or {}
    return Plan.model_validate(
        {
            **original,
            "source": {**original.get("source", {}), "file": doc.file_name, "sha256": doc.sha256, "pages": doc.pages},
            "document": {
                **original_doc,
                "doc_type": doc.doc_type,
                "number": doc.number,
                "issuer": doc.issuer,
                "province": doc.province,
                "issued_on": doc.issued_on,
                "title": doc.title,
                "signer": doc.signer,
                "references": [
                    {"text": r.text, "doc_type": r.doc_type, "number": r.number, "issued_on": r.issued_on}
                    for r in doc.references
                ],
            },
            "tasks": [_load_task(t, _nth(original.get("tasks"), t.position)) for t in doc.tasks],
            "objectives": original.get("objectives", []),
        }
    )


def document_id_by_sha(session: Session, sha256: str) -> int | None:
    """The id of the stored document of a file hash, or None."""
    return session.scalar(select(DocumentRecord.id).where(DocumentRecord.sha256 == sha256))
