"""`kehoach tasks`: find stored tasks. It imports no extractor stage but the light canonical names, so
it answers without loading spaCy; the store and the query are imported when the command runs, so
`kehoach tasks --help` loads neither SQLAlchemy nor the agency vocabulary."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, get_args

import click

from kehoach.cli.common import DB_OPTION, reports_errors
from schemas import DeadlineKind, Role

if TYPE_CHECKING:
    from kehoach.render import ExportFormat


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from err


@click.command()
@click.option("--province", help="Province name (accents and case ignored).")
@click.option("--agency", help="Agency, printed or canonical name, or part of it (accents and case ignored).")
@click.option("--role", type=click.Choice(["lead", "support"]), help="Only tasks where the agency has this role.")
@click.option("--due-before", callback=_date, metavar="YYYY-MM-DD", help="Due on or before this day.")
@click.option("--due-after", callback=_date, metavar="YYYY-MM-DD", help="Due on or after this day.")
@click.option("--text", help="Words that must all appear in the task (accents and case ignored).")
@click.option("--all-versions", is_flag=True, help="Include tasks of superseded documents.")
@click.option("--kind", type=click.Choice(list(get_args(DeadlineKind))), help="Only deadlines of this kind.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table: for reading; json: every field of every task; csv: one line per task.",
)
@DB_OPTION
@reports_errors
def tasks(
    province: str | None,
    agency: str | None,
    role: Role | None,
    due_before: dt.date | None,
    due_after: dt.date | None,
    text: str | None,
    all_versions: bool,
    kind: DeadlineKind | None,
    fmt: ExportFormat,
    db: str | None,
) -> None:
    """Find stored tasks by province, agency and role, due date or words, as a table, JSON or CSV."""
    from kehoach.query import TaskFilter, find_tasks  # imported here: `--help` needs neither the store nor SQLAlchemy
    from kehoach.render import export_tasks
    from kehoach.store.db import database_errors, make_engine, read_session
    from kehoach.store.revision import require_head

    filters = TaskFilter(
        province=province,
        agency=agency,
        role=role,
        due_before=due_before,
        due_after=due_after,
        kind=kind,
        text=text,
        include_superseded=all_versions,
    )
    engine = make_engine(db)
    try:
        require_head(engine)
        with database_errors(engine), read_session(engine) as session:
            rows = find_tasks(session, filters)
    finally:
        engine.dispose()
    click.echo(export_tasks(rows, fmt))
