"""Initial schema: documents with their references, sections, tasks, agencies, targets; batch runs and quarantine.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 01:22:12
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CURRENT = sa.text("superseded_at IS NULL AND issuer IS NOT NULL AND number IS NOT NULL AND issued_on IS NOT NULL")
_TABLES = [
    "task_agencies",
    "targets",
    "tasks",
    "sections",
    "document_references",
    "quarantine",
    "batch_files",
    "documents",
    "batch_runs",
    "agencies",
]


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def upgrade() -> None:
    """Create every table and index of the store."""
    op.create_table(
        "agencies",
        _id(),
        sa.Column("canonical", sa.String(length=500), nullable=False),
        sa.Column("canonical_key", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=True),
        sa.Column("province", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
        sa.UniqueConstraint("canonical", "province", name=op.f("uq_agencies_canonical_province")),
    )
    op.create_index("ix_agencies_canonical", "agencies", ["canonical"])
    op.create_index("ix_agencies_canonical_key", "agencies", ["canonical_key"])

    op.create_table(
        "batch_runs",
        _id(),
        sa.Column("inbox", sa.Text(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("workers", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.CheckConstraint("status IN ('running', 'finished', 'interrupted')", name=op.f("ck_batch_runs_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_runs")),
    )

    op.create_table(
        "documents",
        _id(),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("doc_type", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=True),
        sa.Column("issuer", sa.Text(), nullable=True),
        sa.Column("province", sa.String(length=100), nullable=True),
        sa.Column("province_key", sa.String(length=100), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("signer", sa.String(length=200), nullable=True),
        sa.Column("plan_json", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("superseded_by", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.CheckConstraint("status IN ('current', 'superseded')", name=op.f("ck_documents_status")),
        sa.ForeignKeyConstraint(
            ["superseded_by"], ["documents.id"], name=op.f("fk_documents_superseded_by_documents"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("sha256", name=op.f("uq_documents_sha256")),
    )
    op.create_index("ix_documents_province", "documents", ["province"])
    op.create_index("ix_documents_province_key", "documents", ["province_key"])
    op.create_index(
        "uq_documents_current_identity",
        "documents",
        ["issuer", "number", "issued_on"],
        unique=True,
        sqlite_where=_CURRENT,
        postgresql_where=_CURRENT,
    )

    op.create_table(
        "batch_files",
        _id(),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("seconds", sa.Double(), nullable=False),
        sa.Column("tasks", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_batch_files_document_id_documents"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["batch_runs.id"], name=op.f("fk_batch_files_run_id_batch_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_files")),
    )
    op.create_index("ix_batch_files_sha256", "batch_files", ["sha256"])

    op.create_table(
        "document_references",
        _id(),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("doc_type", sa.String(length=100), nullable=True),
        sa.Column("number", sa.String(length=100), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_references_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_references")),
        sa.UniqueConstraint("document_id", "position", name=op.f("uq_document_references_document_id_position")),
    )

    op.create_table(
        "quarantine",
        _id(),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("quarantined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["batch_runs.id"], name=op.f("fk_quarantine_run_id_batch_runs"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantine")),
        sa.UniqueConstraint("sha256", name=op.f("uq_quarantine_sha256")),
    )

    op.create_table(
        "sections",
        _id(),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=50), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_sections_document_id_documents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["sections.id"], name=op.f("fk_sections_parent_id_sections"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sections")),
        sa.UniqueConstraint("document_id", "position", name=op.f("uq_sections_document_id_position")),
    )

    op.create_table(
        "tasks",
        _id(),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=50), nullable=True),
        sa.Column("group_path", sa.JSON(), nullable=False),
        sa.Column("group_text", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_key", sa.Text(), nullable=False),
        sa.Column("criterion", sa.Text(), nullable=True),
        sa.Column("output", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("deadline_text", sa.Text(), nullable=True),
        sa.Column("deadline_kind", sa.String(length=20), nullable=False),
        sa.Column("deadline_due", sa.Date(), nullable=True),
        sa.CheckConstraint("origin IN ('table', 'text')", name=op.f("ck_tasks_origin")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_tasks_document_id_documents"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
        sa.UniqueConstraint("document_id", "position", name=op.f("uq_tasks_document_id_position")),
    )
    op.create_index("ix_tasks_deadline_due", "tasks", ["deadline_due"])

    op.create_table(
        "targets",
        _id(),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("op", sa.String(length=2), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.Column("indicator_key", sa.String(length=300), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('target', 'quantity')", name=op.f("ck_targets_kind")),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_targets_task_id_tasks"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targets")),
        sa.UniqueConstraint("task_id", "kind", "position", name=op.f("uq_targets_task_id_kind_position")),
    )
    op.create_index("ix_targets_indicator_key", "targets", ["indicator_key"])
    op.create_index("ix_targets_unit_value", "targets", ["unit", "value"])

    op.create_table(
        "task_agencies",
        _id(),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("printed", sa.Text(), nullable=False),
        sa.Column("printed_key", sa.Text(), nullable=False),
        sa.CheckConstraint("role IN ('lead', 'support')", name=op.f("ck_task_agencies_role")),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_task_agencies_agency_id_agencies"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_task_agencies_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_agencies")),
        sa.UniqueConstraint("task_id", "role", "position", name=op.f("uq_task_agencies_task_id_role_position")),
    )
    op.create_index("ix_task_agencies_agency_id_role", "task_agencies", ["agency_id", "role"])


def downgrade() -> None:
    """Drop every table of the store (their indexes go with them), children first."""
    for table in _TABLES:
        op.drop_table(table)
