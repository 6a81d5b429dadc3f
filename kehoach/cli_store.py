"""Store commands of the kehoach CLI: ingest, batch, db upgrade/downgrade/current, tasks.

Registered on the main group by kehoach.cli (`for command in STORE_COMMANDS: main.add_command(command)`).
Heavy modules (the extractor, SQLAlchemy) are imported inside the commands so `--help` stays fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar, get_args

import click

from schemas import DeadlineKind

if TYPE_CHECKING:
    from kehoach.ingest import FileOutcome
    from kehoach.query import ExportFormat

P = ParamSpec("P")
R = TypeVar("R")

DB_OPTION = click.option(
    "--db",
    "db",
    metavar="URL",
    help="Database URL (default: $KEHOACH_DB, else sqlite:///kehoach.db in this directory).",
)


def _reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """kehoach.cli's error edge (one line, exit 1), looked up at call time: kehoach.cli imports this module."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from kehoach.cli import reports_errors

        return reports_errors(func)(*args, **kwargs)

    return wrapper


def _log_line(outcome: FileOutcome) -> str:
    if outcome.outcome == "failed":
        return outcome.reason or f"{outcome.path}: failed"
    if outcome.outcome == "unchanged":
        return f"unchanged: {outcome.path} (already stored as document {outcome.document_id})"
    superseding = f", supersedes document {outcome.supersedes}" if outcome.supersedes else ""
    return f"{outcome.outcome}: {outcome.path} ({outcome.tasks} tasks, {outcome.seconds:.1f} s{superseding})"


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@DB_OPTION
@click.option("--force", is_flag=True, help="Re-extract files already stored and replace their tasks.")
@_reports_errors
def ingest(paths: tuple[Path, ...], db: str | None, force: bool) -> None:
    """Extract plan PDFs (files, or folders walked for *.pdf) and store them in the database.

    A file already stored is left unchanged; a new version of a stored plan (same issuer, number and
    date) supersedes the old one. Each failure is one line "FILE: reason" on stderr; exit status 1
    if any file failed."""
    from kehoach.ingest import IngestSettings, collect_pdfs, ingest_paths

    files = collect_pdfs(paths)
    failures: list[str] = []
    settings = IngestSettings(force=force)
    if sys.stderr.isatty():
        with click.progressbar(length=len(files), label="ingest", file=sys.stderr) as bar:

            def advance(outcome: FileOutcome) -> None:
                bar.update(1)
                if outcome.outcome == "failed":
                    failures.append(_log_line(outcome))

            report = ingest_paths(files, db, settings, progress=advance)
        for line in failures:
            click.echo(line, err=True)
    else:
        report = ingest_paths(files, db, settings, progress=lambda outcome: click.echo(_log_line(outcome), err=True))
    click.echo(report.summary())
    if report.errors:
        sys.exit(1)


@click.command()
@click.argument("inbox", type=click.Path(path_type=Path, file_okay=False))
@DB_OPTION
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes (default: one per CPU).")
@click.option(
    "--timeout",
    "timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    help="Seconds one file may take before it is quarantined.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the run's JSON report (every file's outcome and timing) here.",
)
@click.option("--retry-quarantined", is_flag=True, help="Try quarantined files again even if unchanged.")
@_reports_errors
def batch(
    inbox: Path, db: str | None, workers: int | None, timeout: float, report_path: Path | None, retry_quarantined: bool
) -> None:
    """Import every new or changed PDF under INBOX, extracting in parallel worker processes.

    Files are recognised by content hash, so a second run (or a run after a crash) only does what is
    left. Files that fail (a file that is not a PDF included) are quarantined with their reason and
    skipped until they change; the run goes on and exits with status 1 if any file failed."""
    from kehoach.batch import BatchSettings, run_batch

    settings = BatchSettings(
        timeout_per_file=timeout,
        report=report_path,
        retry_quarantined=retry_quarantined,
        **({"workers": workers} if workers else {}),
    )
    report = run_batch(inbox, db, settings)
    for file in report.files:
        if file.outcome in ("quarantined", "failed"):
            click.echo(file.reason or f"{file.path}: failed", err=True)
    click.echo(report.summary())
    if not report.ok:
        sys.exit(1)


@click.group("db")
def db_group() -> None:
    """Create or migrate the database schema (Alembic revisions shipped with kehoach)."""


@db_group.command()
@DB_OPTION
@click.option("--revision", default="head", show_default=True, help="Revision to upgrade to.")
@_reports_errors
def upgrade(db: str | None, revision: str) -> None:
    """Create the tables, or migrate them to the newest revision."""
    from kehoach.store import migrate

    click.echo(f"database at revision {migrate.upgrade(db, revision)}")


@db_group.command()
@DB_OPTION
@click.option("--revision", default="base", show_default=True, help="Revision to go back to (base: drop all).")
@click.confirmation_option(prompt="This drops tables and their data. Continue?")
@_reports_errors
def downgrade(db: str | None, revision: str) -> None:
    """Migrate the schema back to an older revision (base drops every kehoach table)."""
    from kehoach.store import migrate

    click.echo(f"database at revision {migrate.downgrade(db, revision) or 'base (empty)'}")


@db_group.command()
@DB_OPTION
@_reports_errors
def current(db: str | None) -> None:
    """Print the revision the database is at, and the newest one this kehoach ships."""
    from kehoach.store import migrate

    click.echo(f"current: {migrate.current(db) or 'none (empty database)'}; head: {migrate.head_revision()}")


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
@_reports_errors
def tasks(
    province: str | None,
    agency: str | None,
    role: str | None,
    due_before: dt.date | None,
    due_after: dt.date | None,
    text: str | None,
    all_versions: bool,
    kind: DeadlineKind | None,
    fmt: ExportFormat,
    db: str | None,
) -> None:
    """Find stored tasks by province, agency and role, due date or words, as a table, JSON or CSV."""
    from kehoach.query import TaskFilter, export_tasks, find_tasks
    from kehoach.store.db import database_errors, make_engine, read_session
    from kehoach.store.migrate import require_head

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


STORE_COMMANDS: list[click.Command] = [ingest, batch, db_group, tasks]
