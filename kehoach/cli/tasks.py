"""`kehoach tasks`: find stored tasks. It imports no extractor stage but the light canonical names and
lineage, so it answers without loading spaCy; the store and the query are imported when the command
runs, so `kehoach tasks --help` loads neither SQLAlchemy nor the agency vocabulary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from kehoach.cli.common import DB_OPTION, reading, reports_errors
from kehoach.cli.filters import check_agency_options, task_filter_options

if TYPE_CHECKING:
    from kehoach.render import ExportFormat

FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table: for reading; json: every field of every task; csv: one line per task.",
)


@click.command()
@task_filter_options()
@FORMAT_OPTION
@DB_OPTION
@reports_errors
def tasks(fmt: ExportFormat, db: str | None, **filters: Any) -> None:
    """Find stored tasks by province, agency and role, dates, status or phrase, as a table, JSON or CSV."""
    from kehoach.query import TaskFilter, find_tasks  # imported here: `--help` needs neither the store nor SQLAlchemy
    from kehoach.render import export_tasks

    check_agency_options(filters)
    with reading(db) as session:
        rows = find_tasks(session, TaskFilter(**filters))
    click.echo(export_tasks(rows, fmt))
