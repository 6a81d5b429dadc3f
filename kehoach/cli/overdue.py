"""`kehoach overdue`: tasks due before a day and still open (not marked done or cancelled by a clerk)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from kehoach.cli.common import DB_OPTION, reading, reports_errors
from kehoach.cli.filters import check_agency_options, day_option, task_filter_options
from kehoach.cli.tasks import FORMAT_OPTION

if TYPE_CHECKING:
    from kehoach.query import CountBy, TaskFilter
    from kehoach.render import ExportFormat


def overdue_filter(as_of: dt.date, filters: dict[str, Any]) -> TaskFilter:
    """Open tasks due before `as_of` (and on or before any --due-before given), with the other filters."""
    from kehoach.query import TaskFilter

    due_before = as_of - dt.timedelta(days=1)
    if filters.get("due_before"):
        due_before = min(due_before, filters["due_before"])
    return TaskFilter(**{**filters, "due_before": due_before, "status": "open"})


@click.command()
@day_option("--as-of", "The day to judge by (default today)")
@click.option(
    "--by",
    type=click.Choice(["agency", "province"]),
    help="Count instead of listing: by lead agency (its current name) or by province, most first.",
)
@task_filter_options(with_status=False)
@FORMAT_OPTION
@DB_OPTION
@reports_errors
def overdue(as_of: dt.date | None, by: CountBy | None, fmt: ExportFormat, db: str | None, **filters: Any) -> None:
    """Tasks due before a day (default today) that no clerk has marked done or cancelled."""
    from kehoach.query import count_tasks, find_tasks  # imported when the command runs, not for --help
    from kehoach.render import export_counts, export_tasks

    check_agency_options(filters)
    task_filter = overdue_filter(as_of or dt.date.today(), filters)
    with reading(db) as session:
        if by is None:
            rows = find_tasks(session, task_filter)
        else:
            counts = count_tasks(session, task_filter, by)
    click.echo(export_tasks(rows, fmt) if by is None else export_counts(by, counts, fmt))
