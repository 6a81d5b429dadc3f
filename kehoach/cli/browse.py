"""`kehoach browse`: Datasette over the SQLite database, read-only, with the researchers' facets and queries."""

from __future__ import annotations

import contextlib

import click

from kehoach.cli.common import DB_OPTION, reports_errors
from schemas.text import printable


@click.command()
@DB_OPTION
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
def browse(db: str | None, port: int, host: str) -> None:
    """Open the SQLite database in Datasette (read-only): views of tasks, targets and agency workload with
    facets by province, agency, indicator and year, and canned queries for the researchers' questions."""
    from kehoach.browse import prepare, serve

    target = reports_errors(prepare)(db, host, port)
    mode = "immutable" if target.immutable else "read-only (its write-ahead log is in use)"
    click.echo(f"Datasette on {printable(target.url)} ({printable(str(target.path))}, {mode}); Ctrl+C stops it")
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how a researcher stops it
        serve(target)
