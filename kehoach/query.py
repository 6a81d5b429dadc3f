"""Researchers' queries over the store: tasks by province, agency, role and due date; targets by indicator.

Names are matched accent- and case-insensitively (schemas.text.fold) as substrings, so "so tu phap"
finds "Sở Tư pháp tỉnh Sóc Trăng"; an agency filter also matches by its canonical name (abbreviations
spelled out by extractor.tagging.canonical, which loads no NLP pipeline and is imported only when an
agency is asked for). Only current documents are searched unless superseded ones are asked for.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, and_, exists, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, defer, selectinload

from kehoach.store.models import AgencyRecord, DocumentRecord, TargetRecord, TaskAgencyRecord, TaskRecord
from schemas.plan import DeadlineKind, Role
from schemas.text import fold


class TaskFilter(BaseModel):
    """Which tasks to find; unset fields do not filter. `agency` with `role` asks for that role."""

    province: str | None = None
    agency: str | None = None
    role: Role | None = None
    due_before: dt.date | None = None
    due_after: dt.date | None = None
    kind: DeadlineKind | None = None
    text: str | None = None
    include_superseded: bool = False
    limit: int | None = None


class TaskRow(BaseModel):
    """One task found, with its document's identity."""

    task_id: int
    task_key: str | None
    document_id: int
    doc_key: str
    province: str | None
    number: str | None
    issued_on: dt.date | None
    file_name: str
    current: bool
    ref: str | None
    group: list[str]
    content: str
    lead: list[str]
    support: list[str]
    deadline_text: str | None
    deadline_kind: str
    deadline_due: dt.date | None
    targets: list[str]
    page: int | None
    status: str
    status_on: dt.date | None


class TargetFilter(BaseModel):
    """Which targets to find: words of the indicator, province, year, unit."""

    indicator: str | None = None
    province: str | None = None
    year: int | None = None
    unit: str | None = "%"
    include_superseded: bool = False


class TargetHit(BaseModel):
    """One target found, with the task and document it belongs to."""

    task_id: int
    document_id: int
    province: str | None
    number: str | None
    year: int | None
    indicator: str
    text: str
    op: str
    value: float
    unit: str


_Query = TypeVar("_Query", bound="Select[*tuple[Any, ...]]")


def _current_only(query: _Query, include_superseded: bool) -> _Query:
    return query if include_superseded else query.where(DocumentRecord.superseded_at.is_(None))


def _words(column: InstrumentedAttribute[str], phrase: str) -> ColumnElement[bool]:
    """Every word of the folded phrase appears in the column (a *_key column)."""
    return and_(*(column.contains(word, autoescape=True) for word in fold(phrase).split()))


def _agency_clause(filters: TaskFilter) -> ColumnElement[bool] | None:
    if not filters.agency and not filters.role:
        return None
    conditions = [TaskAgencyRecord.task_id == TaskRecord.id]
    if filters.role:
        conditions.append(TaskAgencyRecord.role == filters.role)
    if filters.agency:
        from extractor.tagging.canonical import canonical_agency  # only an agency filter needs the vocabulary

        canonical_key = fold(canonical_agency(filters.agency))
        conditions.append(
            or_(
                TaskAgencyRecord.printed_key.contains(fold(filters.agency), autoescape=True),
                AgencyRecord.canonical_key.contains(canonical_key, autoescape=True),
            )
        )
    return exists(
        select(TaskAgencyRecord.id).join(AgencyRecord, AgencyRecord.id == TaskAgencyRecord.agency_id).where(*conditions)
    )


def _target_text(target: TargetRecord) -> str:
    return f"{target.op}{target.value:g}{target.unit}" if target.op != "=" else f"{target.value:g}{target.unit}"


def find_tasks(session: Session, filters: TaskFilter) -> list[TaskRow]:
    """Tasks matching the filter, ordered by province, document date, document and position."""
    query = (
        select(TaskRecord, DocumentRecord)
        .join(DocumentRecord, DocumentRecord.id == TaskRecord.document_id)
        .options(selectinload(TaskRecord.agencies), selectinload(TaskRecord.targets), defer(DocumentRecord.plan_json))
    )
    query = _current_only(query, filters.include_superseded)
    if filters.province:
        query = query.where(DocumentRecord.province_key == fold(filters.province))
    if (clause := _agency_clause(filters)) is not None:
        query = query.where(clause)
    if filters.due_before:
        query = query.where(TaskRecord.deadline_due <= filters.due_before)
    if filters.due_after:
        query = query.where(TaskRecord.deadline_due >= filters.due_after)
    if filters.kind:
        query = query.where(TaskRecord.deadline_kind == filters.kind)
    if filters.text:
        query = query.where(_words(TaskRecord.content_key, filters.text))
    query = query.order_by(DocumentRecord.province, DocumentRecord.issued_on, DocumentRecord.id, TaskRecord.position)
    if filters.limit:
        query = query.limit(filters.limit)
    rows: list[TaskRow] = []
    for task, doc in session.execute(query):
        agencies = sorted(task.agencies, key=lambda a: a.position)
        rows.append(
            TaskRow(
                task_id=task.id,
                task_key=task.task_key,
                document_id=doc.id,
                doc_key=doc.doc_key,
                province=doc.province,
                number=doc.number,
                issued_on=doc.issued_on,
                file_name=doc.file_name,
                current=doc.superseded_at is None,
                ref=task.ref,
                group=task.group_path,
                content=task.content,
                lead=[a.printed for a in agencies if a.role == "lead"],
                support=[a.printed for a in agencies if a.role == "support"],
                deadline_text=task.deadline_text,
                deadline_kind=task.deadline_kind,
                deadline_due=task.deadline_due,
                targets=[_target_text(t) for t in task.targets if t.kind == "target"],
                page=task.page,
                status=task.status,
                status_on=task.status_on,
            )
        )
    return rows


def find_targets(session: Session, filters: TargetFilter) -> list[TargetHit]:
    """Targets whose indicator has every word of `indicator`, by province and year ("online payment, 2025")."""
    query = (
        select(TargetRecord, TaskRecord.document_id, DocumentRecord.province, DocumentRecord.number)
        .join(TaskRecord, TaskRecord.id == TargetRecord.task_id)
        .join(DocumentRecord, DocumentRecord.id == TaskRecord.document_id)
    )
    query = _current_only(query, filters.include_superseded)
    if filters.indicator:
        query = query.where(_words(TargetRecord.indicator_key, filters.indicator))
    if filters.province:
        query = query.where(DocumentRecord.province_key == fold(filters.province))
    if filters.year:
        query = query.where(TargetRecord.year == filters.year)
    if filters.unit:
        query = query.where(TargetRecord.unit == filters.unit)
    query = query.order_by(DocumentRecord.province, TargetRecord.year, TargetRecord.task_id, TargetRecord.position)
    return [
        TargetHit(
            task_id=t.task_id,
            document_id=document_id,
            province=province,
            number=number,
            year=t.year,
            indicator=t.indicator,
            text=t.text,
            op=t.op,
            value=t.value,
            unit=t.unit,
        )
        for t, document_id, province, number in session.execute(query)
    ]
