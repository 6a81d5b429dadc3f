"""Researchers' views: v_tasks (tasks with names and deadlines), v_targets (objectives with indicators),
v_agency_workload (lead, support and overdue tasks per agency); SQL in kehoach.store.views.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from kehoach.store import views

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the views."""
    dialect: views.Dialect = "postgresql" if op.get_bind().dialect.name == "postgresql" else "sqlite"
    for statement in views.create_statements(dialect):
        op.execute(statement)


def downgrade() -> None:
    """Drop the views."""
    for statement in views.drop_statements():
        op.execute(statement)
