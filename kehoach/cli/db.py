"""`kehoach db upgrade|downgrade|current`: the database schema (Alembic revisions shipped with kehoach)."""

from __future__ import annotations

import click

from kehoach.cli.common import DB_OPTION, reports_errors
from kehoach.store import migrate
from kehoach.store.revision import head_revision


@click.group("db")
def db_group() -> None:
    """Create or migrate the database schema (Alembic revisions shipped with kehoach)."""


@db_group.command()
@DB_OPTION
@click.option("--revision", default="head", show_default=True, help="Revision to upgrade to.")
@reports_errors
def upgrade(db: str | None, revision: str) -> None:
    """Create the tables, or migrate them to the newest revision."""
    click.echo(f"database at revision {migrate.upgrade(db, revision)}")


@db_group.command()
@DB_OPTION
@click.option("--revision", default="base", show_default=True, help="Revision to go back to (base: drop all).")
@click.confirmation_option(prompt="This drops tables and their data. Continue?")
@reports_errors
def downgrade(db: str | None, revision: str) -> None:
    """Migrate the schema back to an older revision (base drops every kehoach table)."""
    click.echo(f"database at revision {migrate.downgrade(db, revision) or 'base (empty)'}")


@db_group.command()
@DB_OPTION
@reports_errors
def current(db: str | None) -> None:
    """Print the revision the database is at, and the newest one this kehoach ships."""
    click.echo(f"current: {migrate.current(db) or 'none (empty database)'}; head: {head_revision()}")
