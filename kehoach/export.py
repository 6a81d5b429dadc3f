"""Full exports of the store: every field of tasks, targets, agencies or documents as a kehoach.tabular Table.

A task row carries its document's metadata, each agency as printed, by canonical name and by the
name of the body it is now (the 2025 lineage), and its structured targets; nothing is cut. Only
current documents are exported unless superseded versions are asked for.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any, Literal, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, defer, selectinload

from extractor.tagging.indicators import indicator_by_id
from extractor.tagging.lineage import current_province
from kehoach.store.models import (
    AgencyRecord,
    DocumentRecord,
    FlagRecord,
    ObjectiveRecord,
    TargetRecord,
    TaskAgencyRecord,
    TaskRecord,
)
from kehoach.tabular import Column, ScalarType, Table

ExportWhat = Literal["tasks", "targets", "agencies", "documents"]
WHATS: tuple[ExportWhat, ...] = ("tasks", "targets", "agencies", "documents")

_TARGET_FIELDS: tuple[tuple[str, ScalarType], ...] = (
    ("text", "text"),
    ("value", "float"),
    ("op", "text"),
    ("unit", "text"),
    ("indicator", "text"),
    ("year", "int"),
)

_DOCUMENT_COLUMNS = [
    Column("document_id", "int", "The document's id in this database."),
    Column("doc_key", "text", "The document's key, the same for every version of it."),
    Column("doc_type", "text", "ke_hoach, chi_thi, quyet_dinh, … (docs/ANNOTATION.md)."),
    Column("number", "text", "The document's number as printed (56/KH-UBND)."),
    Column("issuer", "text", "The body that issued it."),
    Column("province", "text", "The province as the plan names it."),
    Column("province_current", "text", "The province it is part of since 1 July 2025 (Resolution 202/2025/QH15)."),
    Column("issued_on", "date", "The day it was signed."),
    Column("plan_year", "int", "The year the plan is for."),
    Column("title", "text", "Its title (trích yếu)."),
    Column("file_name", "text", "The file it was read from."),
    Column("current", "bool", "False when a newer version of the document supersedes it."),
]

_TASK_COLUMNS = [
    Column("task_id", "int", "The task's id in this database."),
    Column("task_key", "text", "The task's key, stable across re-extraction and new versions (kehoach fix)."),
    *_DOCUMENT_COLUMNS,
    Column("position", "int", "The task's place in its document, from 0."),
    Column("ref", "text", "Its number or letter as printed (STT)."),
    Column("group", "texts", "The headings or group rows it is listed under, outermost first."),
    Column("origin", "text", "table (a row of a task table) or text (a list item of the body)."),
    Column("criterion", "text", "The Lĩnh vực / Tiêu chí cell of its row."),
    Column("content", "text", "What must be done, whole."),
    Column("output", "text", "The product or result it must deliver (Sản phẩm)."),
    Column("note", "text", "The Ghi chú cell."),
    Column("lead", "texts", "Lead agencies as printed."),
    Column("lead_canonical", "texts", "Lead agencies by canonical name (abbreviations spelled out)."),
    Column("lead_current", "texts", "Lead agencies as the bodies they are now (2025 mergers and renames)."),
    Column("support", "texts", "Supporting agencies as printed."),
    Column("support_canonical", "texts", "Supporting agencies by canonical name."),
    Column("support_current", "texts", "Supporting agencies as the bodies they are now."),
    Column("deadline_text", "text", "The deadline as printed."),
    Column("deadline_kind", "text", "date, month, quarter, year, range, recurring, as_planned or none."),
    Column("deadline_due", "date", "The last day it is due, when the deadline gives one."),
    Column("status", "text", "open, done or cancelled (set by a clerk)."),
    Column("status_on", "date", "The day the status was set."),
    Column("page", "int", "The page it starts on."),
    Column("targets", "records", "Percentage targets: text, value, op, unit, indicator, year.", _TARGET_FIELDS),
    Column("quantities", "records", "Counted targets in other units, same fields.", _TARGET_FIELDS),
]

_TARGET_COLUMNS = [
    Column("objective_id", "int", "The objective's id in this database."),
    Column("task_id", "int", "The task it is part of (none for an item of a Mục tiêu section or indicator table)."),
    Column("task_key", "text", "That task's key."),
    *_DOCUMENT_COLUMNS,
    Column("position", "int", "Its place among the document's objectives, from 0."),
    Column("indicator", "text", "What is measured, as the plan writes it (the whole clause)."),
    Column("indicator_id", "text", "The canonical indicator it maps to (extractor/vocab/indicators.toml)."),
    Column("indicator_name", "text", "That indicator's canonical name."),
    Column("text", "text", "The target as printed (tối thiểu 80%)."),
    Column("op", "text", "Comparator: =, >=, <=, >, <."),
    Column("value", "float", "The number."),
    Column("unit", "text", "The unit (% for percentages)."),
    Column("year", "int", "The year it is due."),
    Column("period", "text", "The period as printed (giai đoạn 2021-2025), when one is given."),
    Column("levels", "texts", "Administrative levels named: tinh, huyen, xa."),
    Column("scope", "text", "The qualifier after the number."),
    Column("section", "text", "The heading or task group it is listed under."),
    Column("page", "int", "The page it is on."),
    Column("lead", "texts", "Its task's lead agencies as printed."),
    Column("lead_canonical", "texts", "Its task's lead agencies by canonical name."),
    Column("lead_current", "texts", "Its task's lead agencies as the bodies they are now."),
]

_AGENCY_COLUMNS = [
    Column("agency_id", "int", "The agency's id in this database."),
    Column("canonical", "text", "Its canonical name (abbreviations spelled out)."),
    Column("current", "text", "The body it is now: its successor through the 2025 mergers and renames, else itself."),
    Column("kind", "text", "The kind of body: so, ubnd, van_phong, … (extractor/vocab/agencies.toml)."),
    Column("province", "text", "The province of the plans that name it ('' when none)."),
    Column("printed", "texts", "Every form the plans print it in."),
    Column("lead_tasks", "int", "Tasks of current documents it leads."),
    Column("support_tasks", "int", "Tasks of current documents it supports."),
    Column("documents", "int", "Current documents that name it."),
]

_DOCUMENT_ONLY_COLUMNS = [
    Column("signer", "text", "Who signed it."),
    Column("pages", "int", "Its number of pages."),
    Column("sha256", "text", "SHA-256 of the file."),
    Column("source_path", "text", "Where the file was ingested from."),
    Column("ingested_at", "datetime", "When it was stored (UTC)."),
    Column("superseded_by", "int", "The document_id of the version that supersedes it."),
    Column("version", "int", "How many times a clerk changed it."),
    Column("review_status", "text", "pending or approved (kehoach approve)."),
    Column("reviewed_at", "datetime", "When it was approved (UTC)."),
    Column("references", "texts", "The legal bases it cites (Căn cứ …)."),
    Column("tasks", "int", "Its number of tasks."),
    Column("flags", "int", "Its number of review flags."),
]


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored time as aware UTC (SQLite gives it back without its zone)."""
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _document_fields(doc: DocumentRecord) -> dict[str, Any]:
    current = current_province(doc.province)
    return {
        "document_id": doc.id,
        "doc_key": doc.doc_key,
        "doc_type": doc.doc_type,
        "number": doc.number,
        "issuer": doc.issuer,
        "province": doc.province,
        "province_current": current.name if current else None,
        "issued_on": doc.issued_on,
        "plan_year": doc.year,
        "title": doc.title,
        "file_name": doc.file_name,
        "current": doc.superseded_at is None,
    }


_Query = TypeVar("_Query", bound="Select[Any]")


def _in_scope(query: _Query, document_id: Any, include_superseded: bool) -> _Query:
    """Rows of current documents only, unless superseded ones are asked for (a join, not a list of ids)."""
    if include_superseded:
        return query
    return query.join(DocumentRecord, DocumentRecord.id == document_id).where(DocumentRecord.superseded_at.is_(None))


def _documents(session: Session, include_superseded: bool) -> list[DocumentRecord]:
    query = select(DocumentRecord).options(
        defer(DocumentRecord.plan_json), defer(DocumentRecord.extracted_json), selectinload(DocumentRecord.references)
    )
    if not include_superseded:
        query = query.where(DocumentRecord.superseded_at.is_(None))
    order = (DocumentRecord.province, DocumentRecord.issued_on, DocumentRecord.id)
    return list(session.scalars(query.order_by(*order)))


def _target_record(target: TargetRecord) -> dict[str, Any]:
    return {name: getattr(target, name) for name, _ in _TARGET_FIELDS}


def _names(agencies: list[TaskAgencyRecord], role: str) -> dict[str, list[str]]:
    """The agencies of a role as printed, canonical and current: {"lead": …, "lead_canonical": …, …}."""
    chosen = sorted((a for a in agencies if a.role == role), key=lambda a: a.position)
    return {
        role: [a.printed for a in chosen],
        f"{role}_canonical": [a.agency.canonical for a in chosen],
        f"{role}_current": [a.agency.current for a in chosen],
    }


def _task_rows(session: Session, documents: list[DocumentRecord], include_superseded: bool) -> list[dict[str, Any]]:
    by_document = {doc.id: _document_fields(doc) for doc in documents}
    query = select(TaskRecord).options(
        selectinload(TaskRecord.agencies).selectinload(TaskAgencyRecord.agency), selectinload(TaskRecord.targets)
    )
    query = _in_scope(query, TaskRecord.document_id, include_superseded)
    tasks: dict[int, list[TaskRecord]] = defaultdict(list)
    for task in session.scalars(query.order_by(TaskRecord.document_id, TaskRecord.position)):
        tasks[task.document_id].append(task)
    rows = []
    for doc in documents:
        for task in tasks[doc.id]:
            rows.append(
                {
                    "task_id": task.id,
                    "task_key": task.task_key,
                    **by_document[doc.id],
                    "position": task.position,
                    "ref": task.ref,
                    "group": list(task.group_path),
                    "origin": task.origin,
                    "criterion": task.criterion,
                    "content": task.content,
                    "output": task.output,
                    "note": task.note,
                    **_names(task.agencies, "lead"),
                    **_names(task.agencies, "support"),
                    "deadline_text": task.deadline_text,
                    "deadline_kind": task.deadline_kind,
                    "deadline_due": task.deadline_due,
                    "status": task.status,
                    "status_on": task.status_on,
                    "page": task.page,
                    "targets": [_target_record(t) for t in task.targets if t.kind == "target"],
                    "quantities": [_target_record(t) for t in task.targets if t.kind == "quantity"],
                }
            )
    return rows


def _target_rows(session: Session, documents: list[DocumentRecord], include_superseded: bool) -> list[dict[str, Any]]:
    by_document = {doc.id: _document_fields(doc) for doc in documents}
    task_agencies = selectinload(ObjectiveRecord.task).selectinload(TaskRecord.agencies)
    query = select(ObjectiveRecord).options(task_agencies.selectinload(TaskAgencyRecord.agency))
    query = _in_scope(query, ObjectiveRecord.document_id, include_superseded)
    objectives: dict[int, list[ObjectiveRecord]] = defaultdict(list)
    for objective in session.scalars(query.order_by(ObjectiveRecord.document_id, ObjectiveRecord.position)):
        objectives[objective.document_id].append(objective)
    rows = []
    for doc in documents:
        for o in objectives[doc.id]:
            indicator = indicator_by_id(o.indicator_id) if o.indicator_id else None
            rows.append(
                {
                    "objective_id": o.id,
                    "task_id": o.task_id,
                    "task_key": o.task.task_key if o.task else None,
                    **by_document[doc.id],
                    "position": o.position,
                    "indicator": o.indicator,
                    "indicator_id": o.indicator_id,
                    "indicator_name": indicator.name if indicator else None,
                    "text": o.text,
                    "op": o.op,
                    "value": o.value,
                    "unit": o.unit,
                    "year": o.year,
                    "period": o.period,
                    "levels": o.levels.split(",") if o.levels else [],
                    "scope": o.scope,
                    "section": o.section,
                    "page": o.page,
                    **_names(o.task.agencies if o.task else [], "lead"),
                }
            )
    return rows


def _agency_rows(session: Session) -> list[dict[str, Any]]:
    named = (
        select(TaskAgencyRecord.agency_id, TaskAgencyRecord.role, TaskAgencyRecord.printed, TaskRecord.document_id)
        .join(TaskRecord, TaskRecord.id == TaskAgencyRecord.task_id)
        .join(DocumentRecord, DocumentRecord.id == TaskRecord.document_id)
        .where(DocumentRecord.superseded_at.is_(None))
    )
    roles: Counter[tuple[int, str]] = Counter()
    printed: dict[int, set[str]] = defaultdict(set)
    documents: dict[int, set[int]] = defaultdict(set)
    for agency_id, role, name, document_id in session.execute(named):
        roles[agency_id, role] += 1
        printed[agency_id].add(name)
        documents[agency_id].add(document_id)
    agencies = session.scalars(select(AgencyRecord).order_by(AgencyRecord.province, AgencyRecord.canonical))
    return [
        {
            "agency_id": a.id,
            "canonical": a.canonical,
            "current": a.current,
            "kind": a.kind,
            "province": a.province,
            "printed": sorted(printed[a.id]),
            "lead_tasks": roles[a.id, "lead"],
            "support_tasks": roles[a.id, "support"],
            "documents": len(documents[a.id]),
        }
        for a in agencies
    ]


def _counts(session: Session, column: Any) -> dict[int, int]:
    """Rows per document (every document: the few superseded ones cost less than a filter)."""
    return {document_id: count for document_id, count in session.execute(select(column, func.count()).group_by(column))}


def _document_rows(session: Session, documents: list[DocumentRecord], _superseded: bool) -> list[dict[str, Any]]:
    tasks = _counts(session, TaskRecord.document_id)
    flags = _counts(session, FlagRecord.document_id)
    return [
        {
            **_document_fields(doc),
            "signer": doc.signer,
            "pages": doc.pages,
            "sha256": doc.sha256,
            "source_path": doc.source_path,
            "ingested_at": _utc(doc.ingested_at),
            "superseded_by": doc.superseded_by,
            "version": doc.version,
            "review_status": doc.review_status,
            "reviewed_at": _utc(doc.reviewed_at),
            "references": [r.text for r in doc.references],
            "tasks": tasks.get(doc.id, 0),
            "flags": flags.get(doc.id, 0),
        }
        for doc in documents
    ]


def _columns(what: ExportWhat) -> list[Column]:
    return {
        "tasks": _TASK_COLUMNS,
        "targets": _TARGET_COLUMNS,
        "agencies": _AGENCY_COLUMNS,
        "documents": [*_DOCUMENT_COLUMNS, *_DOCUMENT_ONLY_COLUMNS],
    }[what]


def column_docs(what: ExportWhat) -> dict[str, str]:
    """What each exported column of `what` holds (for the views' descriptions in Datasette and docs)."""
    return {column.name: column.doc for column in _columns(what)}


def export_table(session: Session, what: ExportWhat, include_superseded: bool = False) -> Table:
    """Every row of `what` with every field, as a typed table."""
    if what == "agencies":
        return Table(what, _columns(what), _agency_rows(session))
    documents = _documents(session, include_superseded)
    rows = {"tasks": _task_rows, "targets": _target_rows, "documents": _document_rows}[what](
        session, documents, include_superseded
    )
    return Table(what, _columns(what), rows)
