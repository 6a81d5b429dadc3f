"""The relational store of plans: SQLAlchemy 2 typed models shared by SQLite and PostgreSQL.

Documents hold the Plan contract's source and document fields plus the full extracted JSON;
tasks, agencies, roles and targets are spread over tables so researchers can query across plans.
Every `*_key` column is `extractor.text.fold` of its neighbour: accent- and case-insensitive search.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

KEY_CHARS = 40
# Where a document is the current version of its (issuer, number, issued_on) identity.
CURRENT = "superseded_at IS NULL AND issuer IS NOT NULL AND number IS NOT NULL AND issued_on IS NOT NULL"


def utcnow() -> dt.datetime:
    """Now, timezone-aware UTC (every timestamp in the store)."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints the same on both backends."""

    metadata = MetaData(naming_convention=NAMING)


class DocumentRecord(Base):
    """One ingested file: its identity, the document fields of the contract and the Plan JSON as extracted."""

    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_province", "province"),
        Index("ix_documents_province_key", "province_key"),
        Index(
            "uq_documents_current_identity",
            "issuer",
            "number",
            "issued_on",
            unique=True,
            sqlite_where=text(CURRENT),
            postgresql_where=text(CURRENT),
        ),
        CheckConstraint("status IN ('current', 'superseded')", name="status"),
        CheckConstraint("review_status IN ('pending', 'approved')", name="review_status"),
        Index("ix_documents_doc_key", "doc_key"),
        Index("ix_documents_year", "year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(Text)
    pages: Mapped[int | None] = mapped_column(Integer)
    doc_type: Mapped[str] = mapped_column(String(20))
    number: Mapped[str | None] = mapped_column(String(100))
    issuer: Mapped[str | None] = mapped_column(Text)
    province: Mapped[str | None] = mapped_column(String(100))
    province_key: Mapped[str | None] = mapped_column(String(100))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(Text)
    signer: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer)
    plan_json: Mapped[dict[str, Any]] = mapped_column(JSON)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    superseded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="current")
    # The clerk's loop: a key shared by every version, the extraction before corrections, review state.
    doc_key: Mapped[str] = mapped_column(String(KEY_CHARS))
    source_path: Mapped[str | None] = mapped_column(Text)
    extracted_json: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=0)
    review_status: Mapped[str] = mapped_column(String(20), default="pending")
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by: Mapped[str | None] = mapped_column(String(200))

    references: Mapped[list[ReferenceRecord]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ReferenceRecord.position",
    )
    sections: Mapped[list[SectionRecord]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True, order_by="SectionRecord.position"
    )
    tasks: Mapped[list[TaskRecord]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True, order_by="TaskRecord.position"
    )
    flags: Mapped[list[FlagRecord]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True, order_by="FlagRecord.id"
    )
    objectives: Mapped[list[ObjectiveRecord]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ObjectiveRecord.position",
    )


class ReferenceRecord(Base):
    """A legal basis the document cites (document.references)."""

    __tablename__ = "document_references"
    __table_args__ = (UniqueConstraint("document_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    doc_type: Mapped[str | None] = mapped_column(String(100))
    number: Mapped[str | None] = mapped_column(String(100))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)

    document: Mapped[DocumentRecord] = relationship(back_populates="references")


class SectionRecord(Base):
    """A heading of the document's body (plan.sections), nested by parent."""

    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("document_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(50))
    title: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[DocumentRecord] = relationship(back_populates="sections")
    parent: Mapped[SectionRecord | None] = relationship(remote_side="SectionRecord.id")


class TaskRecord(Base):
    """One task of a document, in document order (position), with its deadline flattened."""

    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("document_id", "position"),
        Index("ix_tasks_deadline_due", "deadline_due"),
        Index("ix_tasks_task_key", "task_key"),
        CheckConstraint("origin IN ('table', 'text')", name="origin"),
        CheckConstraint("status IN ('open', 'done', 'cancelled')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str | None] = mapped_column(String(50))
    group_path: Mapped[list[str]] = mapped_column(JSON)
    group_text: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(10))
    content: Mapped[str] = mapped_column(Text)
    content_key: Mapped[str] = mapped_column(Text)
    criterion: Mapped[str | None] = mapped_column(Text)
    output: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    deadline_text: Mapped[str | None] = mapped_column(Text)
    deadline_kind: Mapped[str] = mapped_column(String(20))
    deadline_due: Mapped[dt.date | None] = mapped_column(Date)
    task_key: Mapped[str | None] = mapped_column(String(KEY_CHARS))
    status: Mapped[str] = mapped_column(String(20), default="open")
    status_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=0)

    document: Mapped[DocumentRecord] = relationship(back_populates="tasks")
    agencies: Mapped[list[TaskAgencyRecord]] = relationship(
        back_populates="task",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="[TaskAgencyRecord.role, TaskAgencyRecord.position]",
    )
    targets: Mapped[list[TargetRecord]] = relationship(
        back_populates="task",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="[TargetRecord.kind, TargetRecord.position]",
    )


class AgencyRecord(Base):
    """A state body by canonical name within a province ('' when the plan names no province), with the
    body it is now (`current`: its successor through the 2025 mergers and renames, else itself)."""

    __tablename__ = "agencies"
    __table_args__ = (
        UniqueConstraint("canonical", "province"),
        Index("ix_agencies_canonical", "canonical"),
        Index("ix_agencies_canonical_key", "canonical_key"),
        Index("ix_agencies_current_key", "current_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical: Mapped[str] = mapped_column(String(500))
    canonical_key: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str | None] = mapped_column(String(50))
    province: Mapped[str] = mapped_column(String(100), default="")
    current: Mapped[str] = mapped_column(String(500))
    current_key: Mapped[str] = mapped_column(String(500))


class TaskAgencyRecord(Base):
    """An agency named by a task, with its role and the form printed in the plan."""

    __tablename__ = "task_agencies"
    __table_args__ = (
        UniqueConstraint("task_id", "role", "position"),
        Index("ix_task_agencies_agency_id_role", "agency_id", "role"),
        CheckConstraint("role IN ('lead', 'support')", name="role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="RESTRICT"))
    role: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)
    printed: Mapped[str] = mapped_column(Text)
    printed_key: Mapped[str] = mapped_column(Text)

    task: Mapped[TaskRecord] = relationship(back_populates="agencies")
    agency: Mapped[AgencyRecord] = relationship()


class TargetRecord(Base):
    """A numeric target of a task: percentage targets (kind 'target') and counted ones (kind 'quantity').

    `indicator` is a short text naming what is measured (the task's work, cut short); `year` the year
    the target is due (deadline, else a year in the task's groups, else the plan's year).
    """

    __tablename__ = "targets"
    __table_args__ = (
        UniqueConstraint("task_id", "kind", "position"),
        Index("ix_targets_unit_value", "unit", "value"),
        Index("ix_targets_indicator_key", "indicator_key"),
        CheckConstraint("kind IN ('target', 'quantity')", name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[float] = mapped_column(Double)
    op: Mapped[str] = mapped_column(String(2))
    unit: Mapped[str] = mapped_column(String(50))
    indicator: Mapped[str] = mapped_column(Text)
    indicator_key: Mapped[str] = mapped_column(String(300))
    year: Mapped[int | None] = mapped_column(Integer)

    task: Mapped[TaskRecord] = relationship(back_populates="targets")


class ObjectiveRecord(Base):
    """A quantified objective of a plan (plan.objectives): indicator, canonical indicator id, value, year,
    administrative levels (comma-separated: 'tinh,xa'), scope; `task_id` when it is part of a task.
    `indicator_key` is the indicator's folded words between spaces (kehoach.store.fulltext.word_key)."""

    __tablename__ = "objectives"
    __table_args__ = (
        UniqueConstraint("document_id", "position"),
        Index("ix_objectives_indicator_id", "indicator_id"),
        Index("ix_objectives_task_id", "task_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(Text)
    indicator_key: Mapped[str] = mapped_column(Text)
    indicator_id: Mapped[str | None] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[float] = mapped_column(Double)
    op: Mapped[str] = mapped_column(String(2))
    unit: Mapped[str] = mapped_column(String(50))
    year: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[str | None] = mapped_column(Text)
    levels: Mapped[str] = mapped_column(String(40), default="")
    scope: Mapped[str | None] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[DocumentRecord] = relationship(back_populates="objectives")
    task: Mapped[TaskRecord | None] = relationship()


class BatchRunRecord(Base):
    """One run of the batch import over an inbox folder."""

    __tablename__ = "batch_runs"
    __table_args__ = (CheckConstraint("status IN ('running', 'finished', 'interrupted')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inbox: Mapped[str] = mapped_column(Text)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    workers: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), default="running")


class BatchFileRecord(Base):
    """What a batch run did with one file, committed together with the file's rows."""

    __tablename__ = "batch_files"
    __table_args__ = (Index("ix_batch_files_sha256", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("batch_runs.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    seconds: Mapped[float] = mapped_column(Double)
    tasks: Mapped[int] = mapped_column(Integer, default=0)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))


class QuarantineRecord(Base):
    """A file the batch could not load, by content hash: skipped until its content changes."""

    __tablename__ = "quarantine"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    quarantined_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("batch_runs.id", ondelete="SET NULL"))


class ClaimRecord(Base):
    """A file (by content hash) an import process is extracting: taken before extraction so that two
    imports never extract the same file, released with the file's outcome; a claim whose process died
    (same host) or whose time is up is stale and may be taken over."""

    __tablename__ = "claims"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class CorrectionRecord(Base):
    """A correction made by hand, kept by document and task key and applied over every extraction."""

    __tablename__ = "corrections"
    __table_args__ = (
        Index("ix_corrections_doc_key", "doc_key"),
        Index("ix_corrections_task_key", "task_key"),
        CheckConstraint("state IN ('applied', 'orphaned')", name="state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_key: Mapped[str] = mapped_column(String(KEY_CHARS))
    task_key: Mapped[str | None] = mapped_column(String(KEY_CHARS))
    field: Mapped[str] = mapped_column(String(20))
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    author: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    state: Mapped[str] = mapped_column(String(20), default="applied")


class FlagRecord(Base):
    """A reason to look at a document or one of its tasks (the review queue), recomputed on every save."""

    __tablename__ = "flags"
    __table_args__ = (Index("ix_flags_document_id", "document_id"), Index("ix_flags_code", "code"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    task_key: Mapped[str | None] = mapped_column(String(KEY_CHARS))
    code: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")

    document: Mapped[DocumentRecord] = relationship(back_populates="flags")
