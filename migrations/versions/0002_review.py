"""The clerk's loop: document and task keys, the extraction before corrections, review state; corrections and flags.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = sa.String(length=40)
_DOCUMENT_COLUMNS = [
    "doc_key",
    "source_path",
    "extracted_json",
    "version",
    "review_status",
    "reviewed_at",
    "reviewed_by",
]
_TASK_COLUMNS = ["task_key", "status", "status_on", "version"]
# Columns are added in place (SQLite cannot add a CHECK to an existing table without copying it,
# which would lose the partial unique index on documents), so the checks are PostgreSQL's only.
_CHECKS = [
    ("review_status", "documents", "review_status IN ('pending', 'approved')"),
    ("status", "tasks", "status IN ('open', 'done', 'cancelled')"),
]


def upgrade() -> None:
    """Add the review columns (documents of earlier revisions get a key from their file hash) and two tables."""
    op.add_column("documents", sa.Column("doc_key", KEY, nullable=False, server_default=""))
    op.add_column("documents", sa.Column("source_path", sa.Text(), nullable=True))
    op.add_column("documents", sa.Column("extracted_json", sa.JSON(), nullable=True))
    op.add_column("documents", sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
    op.add_column(
        "documents", sa.Column("review_status", sa.String(length=20), nullable=False, server_default="pending")
    )
    op.add_column("documents", sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("documents", sa.Column("reviewed_by", sa.String(length=200), nullable=True))
    op.execute("UPDATE documents SET doc_key = 'd' || substr(sha256, 1, 10)")
    op.create_index("ix_documents_doc_key", "documents", ["doc_key"])

    op.add_column("tasks", sa.Column("task_key", KEY, nullable=True))
    op.add_column("tasks", sa.Column("status", sa.String(length=20), nullable=False, server_default="open"))
    op.add_column("tasks", sa.Column("status_on", sa.Date(), nullable=True))
    op.add_column("tasks", sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_tasks_task_key", "tasks", ["task_key"])
    if op.get_bind().dialect.name == "postgresql":
        for name, table, condition in _CHECKS:
            op.create_check_constraint(op.f(f"ck_{table}_{name}"), table, condition)

    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_key", KEY, nullable=False),
        sa.Column("task_key", KEY, nullable=True),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("old_value", sa.JSON(), nullable=True),
        sa.Column("new_value", sa.JSON(), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.CheckConstraint("state IN ('applied', 'orphaned')", name=op.f("ck_corrections_state")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections")),
    )
    op.create_index("ix_corrections_doc_key", "corrections", ["doc_key"])
    op.create_index("ix_corrections_task_key", "corrections", ["task_key"])

    op.create_table(
        "flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("task_key", KEY, nullable=True),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_flags_document_id_documents"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flags")),
    )
    op.create_index("ix_flags_document_id", "flags", ["document_id"])
    op.create_index("ix_flags_code", "flags", ["code"])


def downgrade() -> None:
    """Drop the two tables and the review columns."""
    op.drop_table("flags")
    op.drop_table("corrections")
    if op.get_bind().dialect.name == "postgresql":
        for name, table, _condition in _CHECKS:
            op.drop_constraint(op.f(f"ck_{table}_{name}"), table, type_="check")
    op.drop_index("ix_tasks_task_key", table_name="tasks")
    for column in _TASK_COLUMNS:
        op.drop_column("tasks", column)
    op.drop_index("ix_documents_doc_key", table_name="documents")
    for column in _DOCUMENT_COLUMNS:
        op.drop_column("documents", column)
