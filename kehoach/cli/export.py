"""`kehoach export`: every field of tasks, targets, agencies or documents as CSV, xlsx, JSON or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kehoach.cli.common import DB_OPTION, reports_errors
from schemas.text import printable

if TYPE_CHECKING:
    from kehoach.export import ExportWhat
    from kehoach.tabular import TableFormat

_FORMATS = ["csv", "xlsx", "json", "parquet"]
_WHATS = ["tasks", "targets", "agencies", "documents"]


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    required=True,
    help="csv (UTF-8 with a BOM, for Excel), xlsx, json or parquet.",
)
@click.option("--what", type=click.Choice(_WHATS), default="tasks", show_default=True, help="Which rows to export.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    required=True,
    help="The file to write (atomically); - for standard output.",
)
@click.option("--all-versions", is_flag=True, help="Include superseded versions of documents.")
@DB_OPTION
@reports_errors
def export(fmt: TableFormat, what: ExportWhat, output: Path, all_versions: bool, db: str | None) -> None:
    """Export every field: tasks with document metadata, printed, canonical and current agency names and
    structured targets; targets; agencies with their workload; documents."""
    from kehoach.atomic import STDOUT, check_writable
    from kehoach.export import export_table
    from kehoach.store.db import database_errors, make_engine, read_session
    from kehoach.store.revision import require_head
    from kehoach.tabular import check_destination, write_table

    check_destination(output, fmt)
    if output != STDOUT:
        check_writable(output)
    engine = make_engine(db)
    try:
        require_head(engine)
        with database_errors(engine), read_session(engine) as session:
            table = export_table(session, what, include_superseded=all_versions)
    finally:
        engine.dispose()
    size = write_table(table, fmt, output)
    if output != STDOUT:
        click.echo(f"{len(table.rows)} {what} → {printable(str(output))} ({fmt}, {size:,} bytes)", file=sys.stderr)
