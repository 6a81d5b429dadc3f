"""Quantified objectives across plans (the `objectives` table): find them, and compare one indicator
by province and year.

An indicator is asked for by its id in extractor/vocab/indicators.toml ("dvc_toan_trinh"), else by
words: objectives mapped to the indicator those words name (the extractor's mapper) and objectives
whose own indicator text holds the words as a phrase (whole words), so unmapped ones stay findable.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from extractor.tagging.lineage import current_province
from kehoach.provinces import province_keys
from kehoach.store.fulltext import word_key
from kehoach.store.models import DocumentRecord, ObjectiveRecord, TaskRecord
from schemas.plan import AdminLevel


class ObjectiveFilter(BaseModel):
    """Which objectives to find; unset fields do not filter. `level`: tinh, huyen or xa."""

    model_config = ConfigDict(extra="forbid")

    indicator: str | None = None
    provinces: list[str] = []
    follow_lineage: bool = False
    year: int | None = None
    level: AdminLevel | None = None
    unit: str | None = None
    include_superseded: bool = False


class ObjectiveRow(BaseModel):
    """One objective found, with its plan's identity and the task it belongs to (if any)."""

    document_id: int
    province: str | None
    province_now: str | None
    number: str | None
    issued_on: dt.date | None
    indicator_id: str | None
    indicator: str
    text: str
    op: str
    value: float
    unit: str
    year: int | None
    period: str | None
    levels: list[str]
    scope: str | None
    section: str | None
    task_id: int | None
    task_key: str | None
    page: int | None


def indicator_clause(indicator: str) -> ColumnElement[bool]:
    """Objectives of an indicator given by id, else by words (its mapped id, or the words as a phrase)."""
    from extractor.tagging.indicators import indicator_by_id, map_indicator  # rapidfuzz: only when asked

    if indicator_by_id(indicator.strip()) is not None:
        return ObjectiveRecord.indicator_id == indicator.strip()
    words = ObjectiveRecord.indicator_key.contains(word_key(indicator), autoescape=True)
    mapped = map_indicator(indicator)
    return words if mapped is None else or_(ObjectiveRecord.indicator_id == mapped, words)


def _level_clause(level: str) -> ColumnElement[bool]:
    """The comma-separated `levels` column names the level."""
    padded = "," + ObjectiveRecord.levels + ","
    return padded.contains(f",{level},", autoescape=True)


def find_objectives(session: Session, filters: ObjectiveFilter) -> list[ObjectiveRow]:
    """Objectives matching the filter, by province, year, document and position."""
    query = (
        select(
            ObjectiveRecord,
            DocumentRecord.province,
            DocumentRecord.number,
            DocumentRecord.issued_on,
            TaskRecord.task_key,
        )
        .join(DocumentRecord, DocumentRecord.id == ObjectiveRecord.document_id)
        .outerjoin(TaskRecord, TaskRecord.id == ObjectiveRecord.task_id)
    )
    if not filters.include_superseded:
        query = query.where(DocumentRecord.superseded_at.is_(None))
    if filters.indicator:
        query = query.where(indicator_clause(filters.indicator))
    if filters.provinces:
        query = query.where(
            DocumentRecord.province_key.in_(province_keys(session, filters.provinces, filters.follow_lineage))
        )
    if filters.year:
        query = query.where(ObjectiveRecord.year == filters.year)
    if filters.level:
        query = query.where(_level_clause(filters.level))
    if filters.unit:
        query = query.where(ObjectiveRecord.unit == filters.unit)
    query = query.order_by(
        DocumentRecord.province, ObjectiveRecord.year, ObjectiveRecord.document_id, ObjectiveRecord.position
    )
    rows = []
    for record, province, number, issued_on, task_key in session.execute(query):
        now = current_province(province)
        rows.append(
            ObjectiveRow(
                document_id=record.document_id,
                province=province,
                province_now=now.name if now else None,
                number=number,
                issued_on=issued_on,
                indicator_id=record.indicator_id,
                indicator=record.indicator,
                text=record.text,
                op=record.op,
                value=record.value,
                unit=record.unit,
                year=record.year,
                period=record.period,
                levels=[level for level in record.levels.split(",") if level],
                scope=record.scope,
                section=record.section,
                task_id=record.task_id,
                task_key=task_key,
                page=record.page,
            )
        )
    return rows


class Comparison(BaseModel):
    """One indicator by province and year: the highest target each province set for that year."""

    province: str
    year: int | None
    op: str
    value: float
    unit: str
    plans: list[str]
    objectives: int


def compare_rows(rows: list[ObjectiveRow]) -> list[Comparison]:
    """Rows grouped by (province, year, unit): the highest value (its comparator), the plans that set it."""
    groups: dict[tuple[str, int | None, str], list[ObjectiveRow]] = {}
    for row in rows:
        groups.setdefault((row.province or "", row.year, row.unit), []).append(row)
    found = []
    for (province, year, unit), members in groups.items():
        best = max(members, key=lambda r: r.value)
        plans = list(dict.fromkeys(r.number or f"document {r.document_id}" for r in members))
        found.append(
            Comparison(
                province=province,
                year=year,
                op=best.op,
                value=best.value,
                unit=unit,
                plans=plans,
                objectives=len(members),
            )
        )
    return sorted(found, key=lambda c: (c.province, c.year or 0, c.unit))


def indicator_title(indicator: str) -> str:
    """A comparison's title: the vocabulary's name of an indicator id ("id: name"), else the words asked for."""
    from extractor.tagging.indicators import indicator_by_id

    known = indicator_by_id(indicator.strip())
    return f"{known.id}: {known.name}" if known else indicator
