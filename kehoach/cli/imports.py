"""`kehoach ingest` and `kehoach batch`: extract plan PDFs and store them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kehoach.batch import BatchSettings, run_batch
from kehoach.cli.common import DB_OPTION, reports_errors
from kehoach.cli.limit_options import MAX_MEMORY_OPTION, TIMEOUT_OPTION
from kehoach.ingest import IngestSettings, collect_pdfs, ingest_paths
from kehoach.limits import RunLimits, cap_memory
from kehoach.outcome import FileOutcome
from kehoach.render import ingest_line


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@DB_OPTION
@click.option("--force", is_flag=True, help="Re-extract files already stored and replace their tasks.")
@TIMEOUT_OPTION
@MAX_MEMORY_OPTION
@reports_errors
def ingest(paths: tuple[Path, ...], db: str | None, force: bool, timeout: float, max_memory: int) -> None:
    """Extract plans (files, or folders walked for .pdf, .docx and .doc) and store them in the database.

    A file already stored is left unchanged; a new version of a stored plan (same issuer, number and
    date) supersedes the old one. Each file's outcome goes to stderr: the metadata read, task count,
    warnings and review flags of a stored file, "FILE: reason" of a failure; exit status 1 if any
    file failed. Corrections made earlier (`kehoach fix`) are applied again to a re-extracted file.
    A file over the time or memory limit fails with its reason and the others go on."""
    files = collect_pdfs(paths)
    lines: list[str] = []
    settings = IngestSettings(force=force, limits=RunLimits(timeout=timeout, max_memory_mib=max_memory))
    cap_memory(settings.limits.max_memory_mib)
    if sys.stderr.isatty():
        with click.progressbar(length=len(files), label="ingest", file=sys.stderr) as bar:

            def advance(outcome: FileOutcome) -> None:
                bar.update(1)
                lines.append(ingest_line(outcome))

            report = ingest_paths(files, db, settings, progress=advance)
        for line in lines:
            click.echo(line, err=True)
    else:
        report = ingest_paths(files, db, settings, progress=lambda outcome: click.echo(ingest_line(outcome), err=True))
    click.echo(report.summary())
    if report.errors:
        sys.exit(1)


@click.command()
@click.argument("inbox", type=click.Path(path_type=Path, file_okay=False))
@DB_OPTION
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes (default: one per CPU).")
@TIMEOUT_OPTION
@MAX_MEMORY_OPTION
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the run's JSON report (every file's outcome and timing) here.",
)
@click.option("--retry-quarantined", is_flag=True, help="Try quarantined files again even if unchanged.")
@reports_errors
def batch(
    inbox: Path,
    db: str | None,
    workers: int | None,
    timeout: float,
    max_memory: int,
    report_path: Path | None,
    retry_quarantined: bool,
) -> None:
    """Import every new or changed PDF under INBOX, extracting in parallel worker processes.

    Files are recognised by content hash, so a second run (or a run after a crash) only does what is
    left. Files that fail (a file that is not a PDF included) are quarantined with their reason and
    skipped until they change (a file over the time or memory limit of a worker too); the run goes
    on and exits with status 1 if any file failed. The report's path is checked before the run."""
    options: dict[str, object] = {
        "limits": RunLimits(timeout=timeout, max_memory_mib=max_memory),
        "report": report_path,
        "retry_quarantined": retry_quarantined,
    }
    if workers:
        options["workers"] = workers
    settings = BatchSettings.model_validate(options)
    report = run_batch(inbox, db, settings)
    for file in report.files:
        if file.outcome in ("quarantined", "failed", "stored", "replaced"):
            click.echo(ingest_line(file), err=True)
    click.echo(report.summary())
    if not report.ok:
        sys.exit(1)
