"""View v_task_agencies: one row per agency a task of a current document names (role, printed, canonical and
current name), so counts and Datasette facets by agency include the tasks it shares; SQL in kehoach.store.views.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 14:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from kehoach.store import views

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the view."""
    dialect: views.Dialect = "postgresql" if op.get_bind().dialect.name == "postgresql" else "sqlite"
    op.execute(views.task_agencies_view(dialect))


def downgrade() -> None:
    """Drop the view."""
    op.execute("DROP VIEW IF EXISTS v_task_agencies")
