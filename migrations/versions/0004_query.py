"""Researchers' queries: phrase search over folded task text, agencies' current names, the plan's year, objectives.

SQLite gets an FTS5 table kept in step with tasks by triggers, PostgreSQL a GIN full-text index
(kehoach.store.fulltext). Agencies stored before this revision take their canonical name as current
name and documents their issue year; `kehoach ingest --force` fills the lineage in.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kehoach.store import fulltext

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _year_of(column: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
    return f"CAST(strftime('%Y', {column}) AS INTEGER)"


def upgrade() -> None:
    """Add the columns, the objectives table and the full-text index."""
    op.add_column("agencies", sa.Column("current", sa.String(length=500), nullable=False, server_default=""))
    op.add_column("agencies", sa.Column("current_key", sa.String(length=500), nullable=False, server_default=""))
    op.execute("UPDATE agencies SET current = canonical, current_key = canonical_key")
    op.create_index("ix_agencies_current_key", "agencies", ["current_key"])

    op.add_column("documents", sa.Column("year", sa.Integer(), nullable=True))
    op.execute(f"UPDATE documents SET year = {_year_of('issued_on')}")
    op.create_index("ix_documents_year", "documents", ["year"])

    op.create_table(
        "objectives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.Column("indicator_key", sa.Text(), nullable=False),
        sa.Column("indicator_id", sa.String(length=80), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("op", sa.String(length=2), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("period", sa.Text(), nullable=True),
        sa.Column("levels", sa.String(length=40), nullable=False),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_objectives_document_id_documents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_objectives_task_id_tasks"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objectives")),
        sa.UniqueConstraint("document_id", "position", name=op.f("uq_objectives_document_id_position")),
    )
    op.create_index("ix_objectives_indicator_id", "objectives", ["indicator_id"])
    op.create_index("ix_objectives_task_id", "objectives", ["task_id"])

    statements = fulltext.PG_CREATE if op.get_bind().dialect.name == "postgresql" else fulltext.SQLITE_CREATE
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    """Drop the full-text index, the objectives table and the columns."""
    statements = fulltext.PG_DROP if op.get_bind().dialect.name == "postgresql" else fulltext.SQLITE_DROP
    for statement in statements:
        op.execute(statement)
    op.drop_table("objectives")
    op.drop_index("ix_documents_year", table_name="documents")
    op.drop_column("documents", "year")
    op.drop_index("ix_agencies_current_key", table_name="agencies")
    op.drop_column("agencies", "current_key")
    op.drop_column("agencies", "current")
