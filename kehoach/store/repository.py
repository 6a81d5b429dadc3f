"""Saving a Plan into the store and reading it back.

A document is identified by its file's SHA-256, and across versions by (issuer, number, issued_on):
saving a new file with the identity of a stored current document supersedes that document in the
same transaction. Contract fields go to columns and child tables; the Plan JSON as extracted is kept
whole in documents.plan_json, where `load_plan` also takes the extra (non-contract) fields from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from extractor.errors import StoreError
from extractor.tagging.assignment import assignment_clause
from extractor.text import fold, squash
from kehoach.store.agency_key import AgencyKey, agency_canonical
from kehoach.store.db import connection_error, write_session
from kehoach.store.models import (
    AgencyRecord,
    Base,
    DocumentRecord,
    ReferenceRecord,
    SectionRecord,
    TargetRecord,
    TaskAgencyRecord,
    TaskRecord,
    utcnow,
)
from schemas import Deadline, Document, LegalReference, Plan, Source, Target, Task

GROUP_SEPARATOR = " › "
INDICATOR_CHARS = 200
SAVE_ATTEMPTS = 4
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_CLAUSE_END = re.compile(r";|\.\s|\s[-–+•]\s")
_TARGETS = TypeAdapter(list[Target])
# PostgreSQL deadlock / serialisation failure: the transaction is safe to run again.
_RETRY_PGCODES = {"40P01", "40001"}


class SaveOutcome(BaseModel):
    """What saving one plan did: stored (new), unchanged (same file already stored), replaced (--force)."""

    status: Literal["stored", "unchanged", "replaced"]
    document_id: int
    tasks: int
    supersedes: int | None = None


class SectionIn(BaseModel):
    """One entry of the Plan's extra `sections` list (extractor.sections.Section.summary)."""

    model_config = ConfigDict(extra="ignore")

    index: int | None = None
    parent: int | None = None
    label: str | None = None
    title: str | None = None
    page: int | None = None


def insert_on_conflict(
    session: Session,
    model: type[Base],
    rows: Sequence[dict[str, Any]],
    keys: Sequence[str],
    update_columns: Sequence[str] = (),
) -> None:
    """INSERT … ON CONFLICT (keys) DO NOTHING, or DO UPDATE of `update_columns`, on SQLite and PostgreSQL."""
    if not rows:
        return
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
    session.execute(statement)


def _year(text: str | None) -> int | None:
    found = _YEAR.findall(text or "")
    return int(found[-1]) if found else None


def plan_year(plan: Plan) -> int | None:
    """The plan's year: its issue date, else the last year in its title."""
    if plan.document.issued_on:
        return plan.document.issued_on.year
    return _year(plan.document.title)


def _short(text: str) -> str:
    text = squash(text).strip(" .;,:-–")
    if len(text) <= INDICATOR_CHARS:
        return text
    return text[:INDICATOR_CHARS].rsplit(" ", 1)[0] + "…"


def _work(task: Task) -> str:
    """The task's content without a trailing "(Giao …)" assignment clause."""
    text = task.content
    clause = assignment_clause(text)
    if clause and (start := text.rfind("(", 0, text.find(clause))) > 0:
        text = text[:start]
    return text


def target_indicators(task: Task, targets: Sequence[Target]) -> list[str]:
    """Each target's indicator: the clause of the content (between ";", sentence ends and list dashes)
    that prints the target, else the whole work cut short (a target printed in its own column)."""
    if not targets:
        return []
    content = _work(task)
    cuts = [0, *(m.start() for m in _CLAUSE_END.finditer(content)), len(content)]
    found: list[str] = []
    cursor = 0
    for target in targets:
        at = content.find(target.text, cursor)
        if at < 0:
            found.append(_short(content))
            continue
        cursor = at + len(target.text)
        start = max(c for c in cuts if c <= at)
        end = min(c for c in cuts if c >= cursor)
        found.append(_short(content[start:end]))
    return found


def target_year(task: Task, year: int | None) -> int | None:
    """The year a task's targets are due: its deadline, else a year in its groups, else the plan's year."""
    if task.deadline.due:
        return task.deadline.due.year
    return next((y for group in reversed(task.group) if (y := _year(group))), year)


def _quantities(task: Task) -> list[Target]:
    raw = (task.model_extra or {}).get("quantities")
    if not raw:
        return []
    try:
        return _TARGETS.validate_python(raw, from_attributes=True)
    except ValidationError as err:
        raise StoreError(
            f"task {task.ref or task.content[:40]!r}: bad quantities ({err.error_count()} errors)"
        ) from err


def _agency_ids(session: Session, keys: Iterable[AgencyKey]) -> dict[tuple[str, str], int]:
    """Ids of the agencies, inserting the missing ones (sorted, so concurrent writers lock alike)."""
    unique = {(k.canonical, k.province): k for k in keys}
    rows = [unique[key].model_dump() for key in sorted(unique)]
    insert_on_conflict(session, AgencyRecord, rows, ["canonical", "province"])
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


def _task_record(
    task: Task, position: int, year: int | None, agency_ids: dict[tuple[str, str], int], keys: dict[str, AgencyKey]
) -> TaskRecord:
    criterion = (task.model_extra or {}).get("criterion")
    record = TaskRecord(
        position=position,
        ref=task.ref,
        group_path=list(task.group),
        group_text=GROUP_SEPARATOR.join(task.group),
        origin=task.origin,
        content=task.content,
        content_key=fold(task.content),
        criterion=criterion if isinstance(criterion, str) else None,
        output=task.output,
        note=task.note,
        page=task.page,
        deadline_text=task.deadline.text,
        deadline_kind=task.deadline.kind,
        deadline_due=task.deadline.due,
    )
    for role, names in (("lead", task.lead), ("support", task.support)):
        for index, printed in enumerate(names):
            key = keys[printed]
            record.agencies.append(
                TaskAgencyRecord(
                    role=role,
                    position=index,
                    printed=printed,
                    printed_key=fold(printed),
                    agency_id=agency_ids[(key.canonical, key.province)],
                )
            )
    due_year = target_year(task, year)
    for kind, targets in (("target", task.targets), ("quantity", _quantities(task))):
        for index, (target, measured) in enumerate(zip(targets, target_indicators(task, targets), strict=True)):
            record.targets.append(
                TargetRecord(
                    kind=kind,
                    position=index,
                    text=target.text,
                    value=target.value,
                    op=target.op,
                    unit=target.unit,
                    indicator=measured,
                    indicator_key=fold(measured)[:300],
                    year=due_year,
                )
            )
    return record


def _sections(plan: Plan) -> list[SectionRecord]:
    raw = (plan.model_extra or {}).get("sections") or []
    try:
        entries = TypeAdapter(list[SectionIn]).validate_python(raw, from_attributes=True)
    except ValidationError as err:
        raise StoreError(f"bad sections list ({err.error_count()} errors)", plan.source.file) from err
    records: list[SectionRecord] = []
    by_index: dict[int, SectionRecord] = {}
    for position, entry in enumerate(entries):
        record = SectionRecord(position=position, label=entry.label, title=entry.title, page=entry.page)
        if entry.parent is not None and entry.parent in by_index:
            record.parent = by_index[entry.parent]
        by_index[entry.index if entry.index is not None else position] = record
        records.append(record)
    return records


def _fill(session: Session, doc: DocumentRecord, plan: Plan) -> None:
    """Write the plan's fields and children into a document record (children must be empty)."""
    d = plan.document
    doc.file_name = plan.source.file
    doc.pages = plan.source.pages
    doc.doc_type, doc.number, doc.issuer, doc.province = d.doc_type, d.number, d.issuer, d.province
    doc.province_key = fold(d.province) if d.province else None
    doc.issued_on, doc.title, doc.signer = d.issued_on, d.title, d.signer
    doc.plan_json = plan.model_dump(mode="json")
    doc.ingested_at = utcnow()
    doc.references = [
        ReferenceRecord(position=i, text=r.text, doc_type=r.doc_type, number=r.number, issued_on=r.issued_on)
        for i, r in enumerate(d.references)
    ]
    doc.sections = _sections(plan)
    printed = {name for task in plan.tasks for name in (*task.lead, *task.support)}
    keys = {name: agency_canonical(name, d.province) for name in printed}
    agency_ids = _agency_ids(session, keys.values())
    year = plan_year(plan)
    doc.tasks = [_task_record(task, i, year, agency_ids, keys) for i, task in enumerate(plan.tasks)]


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


def save_plan(session: Session, plan: Plan, *, force: bool = False) -> SaveOutcome:
    """Save a plan inside the caller's transaction; see the module docstring for identity rules.

    An already stored file (same SHA-256) is left alone unless `force`, which replaces its rows."""
    sha = plan.source.sha256
    if not sha:
        raise StoreError("plan has no source sha256, so it cannot be identified", plan.source.file)
    doc = session.scalar(select(DocumentRecord).where(DocumentRecord.sha256 == sha))
    if doc is not None and not force:
        return SaveOutcome(status="unchanged", document_id=doc.id, tasks=0)
    status: Literal["stored", "replaced"] = "stored"
    if doc is None:
        doc = DocumentRecord(sha256=sha, status="current")
    else:
        status = "replaced"
        for child in (TaskRecord, ReferenceRecord, SectionRecord):
            session.execute(delete(child).where(child.document_id == doc.id))
        session.expire(doc, ["tasks", "references", "sections"])
    _fill(session, doc, plan)
    previous = _supersede_previous(session, doc)
    session.add(doc)
    session.flush()
    if previous is not None:
        session.execute(update(DocumentRecord).where(DocumentRecord.id == previous).values(superseded_by=doc.id))
    return SaveOutcome(status=status, document_id=doc.id, tasks=len(plan.tasks), supersedes=previous)


def _retryable(err: SQLAlchemyError) -> bool:
    if isinstance(err, IntegrityError):
        return True
    return isinstance(err, OperationalError) and getattr(getattr(err, "orig", None), "sqlstate", None) in _RETRY_PGCODES


def store_plan(
    engine: Engine, plan: Plan, *, force: bool = False, also: Callable[[Session, SaveOutcome], None] | None = None
) -> SaveOutcome:
    """Save a plan in its own transaction (plus `also`'s rows in the same one).

    A unique-key clash with a concurrent writer (same file, or a new version of the same plan) rolls
    back and runs again, when the other writer's rows are visible: the file then comes out unchanged."""
    attempts = 0
    while True:
        try:
            with write_session(engine) as session:
                outcome = save_plan(session, plan, force=force)
                if also is not None:
                    also(session, outcome)
                return outcome
        except SQLAlchemyError as err:
            attempts += 1
            if not _retryable(err) or attempts == SAVE_ATTEMPTS:
                raise connection_error(err, engine.url.render_as_string()) from err


def _extras(model: type[BaseModel], original: dict[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (original or {}).items() if k not in model.model_fields}


def _nth(items: list[dict[str, Any]] | None, index: int) -> dict[str, Any] | None:
    return items[index] if items and index < len(items) else None


def _load_task(record: TaskRecord, original: dict[str, Any] | None) -> Task:
    original = original or {}
    roles: dict[str, list[str]] = {"lead": [], "support": []}
    for agency in sorted(record.agencies, key=lambda a: a.position):
        roles[agency.role].append(agency.printed)
    targets = sorted((t for t in record.targets if t.kind == "target"), key=lambda t: t.position)
    return Task.model_validate(
        {
            **_extras(Task, original),
            "ref": record.ref,
            "group": record.group_path,
            "origin": record.origin,
            "content": record.content,
            "lead": roles["lead"],
            "support": roles["support"],
            "output": record.output,
            "note": record.note,
            "page": record.page,
            "deadline": {
                **_extras(Deadline, original.get("deadline")),
                "text": record.deadline_text,
                "kind": record.deadline_kind,
                "due": record.deadline_due,
            },
            "targets": [
                {
                    **_extras(Target, _nth(original.get("targets"), t.position)),
                    "text": t.text,
                    "value": t.value,
                    "op": t.op,
                    "unit": t.unit,
                }
                for t in targets
            ],
        }
    )


def load_plan(session: Session, document_id: int) -> Plan:
    """The Plan of a stored document, rebuilt from its rows (extra fields from the stored JSON)."""
    tasks = selectinload(DocumentRecord.tasks)
    doc = session.get(
        DocumentRecord,
        document_id,
        options=[
            selectinload(DocumentRecord.references),
            tasks.selectinload(TaskRecord.agencies),
            tasks.selectinload(TaskRecord.targets),
        ],
    )
    if doc is None:
        raise StoreError(f"no document with id {document_id}")
    original = doc.plan_json or {}
    original_doc = original.get("document") or {}
    references = [
        {
            **_extras(LegalReference, _nth(original_doc.get("references"), r.position)),
            "text": r.text,
            "doc_type": r.doc_type,
            "number": r.number,
            "issued_on": r.issued_on,
        }
        for r in doc.references
    ]
    return Plan.model_validate(
        {
            **_extras(Plan, original),
            "schema_version": original.get("schema_version", "1"),
            "source": {
                **_extras(Source, original.get("source")),
                "file": doc.file_name,
                "sha256": doc.sha256,
                "pages": doc.pages,
            },
            "document": {
                **_extras(Document, original_doc),
                "doc_type": doc.doc_type,
                "number": doc.number,
                "issuer": doc.issuer,
                "province": doc.province,
                "issued_on": doc.issued_on,
                "title": doc.title,
                "signer": doc.signer,
                "references": references,
            },
            "tasks": [_load_task(t, _nth(original.get("tasks"), t.position)) for t in doc.tasks],
        }
    )


def document_id_by_sha(session: Session, sha256: str) -> int | None:
    """The id of the stored document of a file hash, or None."""
    return session.scalar(select(DocumentRecord.id).where(DocumentRecord.sha256 == sha256))
