"""Researchers' queries over the store: tasks by province, agency, role, dates, status and phrase; targets.

Names are matched accent- and case-insensitively (schemas.text.fold). An agency matches exactly by
its canonical name (abbreviations spelled out by extractor.tagging.canonical, which loads no NLP
pipeline and is imported only when an agency is asked for) or printed form, so "UBND tỉnh" is not
"Văn phòng UBND tỉnh"; `agency_contains` matches substrings of either; `follow_lineage` matches
every body that is now the agency asked for (a 2024 task of Sở Thông tin và Truyền thông under Sở
Khoa học và Công nghệ). Provinces resolve fuzzily (kehoach.provinces); text is a phrase of whole
words (kehoach.store.fulltext). Only current documents are searched unless superseded ones are
asked for.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, defer, joinedload, selectinload

from extractor.tagging.lineage import current_agency, current_province
from kehoach.provinces import province_keys
from kehoach.store.fulltext import phrase_clause
from kehoach.store.models import AgencyRecord, DocumentRecord, TargetRecord, TaskAgencyRecord, TaskRecord
from schemas.plan import DeadlineKind, DocType, Role
from schemas.text import fold

TaskStatus = Literal["open", "done", "cancelled"]


class TaskFilter(BaseModel):
    """Which tasks to find; unset fields do not filter. `agency` with `role` asks for that role.

    `provinces`: any of them; `agency`: exact canonical or printed name, `agency_contains`: part of one;
    `follow_lineage`: agencies and provinces through the 2025 restructuring; `year`: the plan's year;
    `issued_*` the document's date; `status`: the clerk's status of the task."""

    model_config = ConfigDict(extra="forbid")

    provinces: list[str] = []
    agency: str | None = None
    agency_contains: str | None = None
    follow_lineage: bool = False
    role: Role | None = None
    due_before: dt.date | None = None
    due_after: dt.date | None = None
    kind: DeadlineKind | None = None
    text: str | None = None
    year: int | None = None
    issued_after: dt.date | None = None
    issued_before: dt.date | None = None
    doc_type: DocType | None = None
    status: TaskStatus | None = None
    include_superseded: bool = False
    limit: int | None = None


class AgencyName(BaseModel):
    """An agency of a found task: its role (lead, support), as printed, canonical and the body it is now."""

    role: str
    printed: str
    canonical: str
    current: str


class TaskRow(BaseModel):
    """One task found, with its document's identity."""

    task_id: int
    task_key: str | None
    document_id: int
    doc_key: str
    province: str | None
    province_now: str | None
    number: str | None
    doc_type: str
    issued_on: dt.date | None
    year: int | None
    file_name: str
    current: bool
    ref: str | None
    group: list[str]
    content: str
    lead: list[str]
    support: list[str]
    agencies: list[AgencyName]
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


def _agency_name_clause(filters: TaskFilter) -> ColumnElement[bool] | None:
    """How a task's agency must be named: exactly, by a part, or as a body that is now the one asked for."""
    from extractor.tagging.canonical import canonical_agency  # only an agency filter needs the vocabulary

    if filters.agency:
        canonical = canonical_agency(filters.agency)
        if filters.follow_lineage:
            return AgencyRecord.current_key == fold(current_agency(canonical).name)
        return or_(TaskAgencyRecord.printed_key == fold(filters.agency), AgencyRecord.canonical_key == fold(canonical))
    if filters.agency_contains:
        return or_(
            TaskAgencyRecord.printed_key.contains(fold(filters.agency_contains), autoescape=True),
            AgencyRecord.canonical_key.contains(fold(canonical_agency(filters.agency_contains)), autoescape=True),
        )
    return None


def _agency_clause(filters: TaskFilter) -> ColumnElement[bool] | None:
    name = _agency_name_clause(filters)
    if name is None and not filters.role:
        return None
    conditions = [] if name is None else [name]
    if filters.role:
        conditions.append(TaskAgencyRecord.role == filters.role)
    return TaskRecord.id.in_(
        select(TaskAgencyRecord.task_id)
        .join(AgencyRecord, AgencyRecord.id == TaskAgencyRecord.agency_id)
        .where(*conditions)
    )


def _conditions(session: Session, filters: TaskFilter) -> list[ColumnElement[bool]]:
    """The filter as conditions on tasks joined with their documents."""
    found: list[ColumnElement[bool]] = []
    if not filters.include_superseded:
        found.append(DocumentRecord.superseded_at.is_(None))
    if filters.provinces:
        found.append(DocumentRecord.province_key.in_(province_keys(session, filters.provinces, filters.follow_lineage)))
    if (clause := _agency_clause(filters)) is not None:
        found.append(clause)
    if filters.due_before:
        found.append(TaskRecord.deadline_due <= filters.due_before)
    if filters.due_after:
        found.append(TaskRecord.deadline_due >= filters.due_after)
    if filters.kind:
        found.append(TaskRecord.deadline_kind == filters.kind)
    if filters.text and fold(filters.text).split():
        found.append(phrase_clause(session.get_bind().dialect.name, filters.text))
    if filters.year:
        found.append(DocumentRecord.year == filters.year)
    if filters.issued_after:
        found.append(DocumentRecord.issued_on >= filters.issued_after)
    if filters.issued_before:
        found.append(DocumentRecord.issued_on <= filters.issued_before)
    if filters.doc_type:
        found.append(DocumentRecord.doc_type == filters.doc_type)
    if filters.status:
        found.append(TaskRecord.status == filters.status)
    return found


def _target_text(target: TargetRecord) -> str:
    return f"{target.op}{target.value:g}{target.unit}" if target.op != "=" else f"{target.value:g}{target.unit}"


def find_tasks(session: Session, filters: TaskFilter) -> list[TaskRow]:
    """Tasks matching the filter, ordered by province, document date, document and position."""
    query = (
        select(TaskRecord, DocumentRecord)
        .join(DocumentRecord, DocumentRecord.id == TaskRecord.document_id)
        .options(
            selectinload(TaskRecord.agencies).options(joinedload(TaskAgencyRecord.agency)),
            selectinload(TaskRecord.targets),
            defer(DocumentRecord.plan_json),
            defer(DocumentRecord.extracted_json),
        )
        .where(*_conditions(session, filters))
        .order_by(DocumentRecord.province, DocumentRecord.issued_on, DocumentRecord.id, TaskRecord.position)
    )
    if filters.limit:
        query = query.limit(filters.limit)
    rows: list[TaskRow] = []
    for task, doc in session.execute(query):
        agencies = sorted(task.agencies, key=lambda a: (a.role != "lead", a.position))
        now = current_province(doc.province)
        rows.append(
            TaskRow(
                task_id=task.id,
                task_key=task.task_key,
                document_id=doc.id,
                doc_key=doc.doc_key,
                province=doc.province,
                province_now=now.name if now else None,
                number=doc.number,
                doc_type=doc.doc_type,
                issued_on=doc.issued_on,
                year=doc.year,
                file_name=doc.file_name,
                current=doc.superseded_at is None,
                ref=task.ref,
                group=task.group_path,
                content=task.content,
                lead=[a.printed for a in agencies if a.role == "lead"],
                support=[a.printed for a in agencies if a.role == "support"],
                agencies=[
                    AgencyName(role=a.role, printed=a.printed, canonical=a.agency.canonical, current=a.agency.current)
                    for a in agencies
                ],
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


CountBy = Literal["agency", "province"]


def count_tasks(session: Session, filters: TaskFilter, by: CountBy) -> list[tuple[str, int]]:
    """How many tasks match, by lead agency (its current name) or by province, most first."""
    matching = select(TaskRecord.id).join(DocumentRecord, DocumentRecord.id == TaskRecord.document_id)
    matching = matching.where(*_conditions(session, filters))
    number = func.count(TaskRecord.id.distinct()) if by == "agency" else func.count(TaskRecord.id)
    query: Select[str | None, int]
    if by == "agency":
        query = (
            select(AgencyRecord.current, number)
            .join(TaskAgencyRecord, TaskAgencyRecord.agency_id == AgencyRecord.id)
            .join(TaskRecord, TaskRecord.id == TaskAgencyRecord.task_id)
            .where(TaskAgencyRecord.role == "lead", TaskRecord.id.in_(matching))
            .group_by(AgencyRecord.current)
        )
    else:
        query = (
            select(DocumentRecord.province, number)
            .join(TaskRecord, TaskRecord.document_id == DocumentRecord.id)
            .where(TaskRecord.id.in_(matching))
            .group_by(DocumentRecord.province)
        )
    return [
        (name or "", total) for name, total in session.execute(query.order_by(number.desc(), query.selected_columns[0]))
    ]


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
