"""Claims: a file being extracted by an import process, so that concurrent imports never extract it twice.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The claims table, one row per file (by content hash) being extracted."""
    op.create_table(
        "claims",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_claims")),
    )


def downgrade() -> None:
    """Drop the claims table."""
    op.drop_table("claims")
