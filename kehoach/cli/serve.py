"""`kehoach serve`: the review page, a local web app over the same corrections API as `kehoach fix`."""

from __future__ import annotations

from pathlib import Path

import click
from werkzeug.serving import make_server

from kehoach.cli.clerk import AUTHOR_OPTION, migrated_engine
from kehoach.cli.common import DB_OPTION, reports_errors
from kehoach.web.app import ServeSettings, create_app
from kehoach.web.security import check_bind


@click.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (others need --token).")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="Port.")
@click.option("--token", envvar="KEHOACH_REVIEW_TOKEN", help="Access token (or $KEHOACH_REVIEW_TOKEN).")
@click.option(
    "--pdf-dir",
    "pdf_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to look for a plan's PDF in when it is no longer where it was ingested from (repeatable).",
)
@AUTHOR_OPTION
@reports_errors
def serve(db: str | None, host: str, port: int, token: str | None, pdf_dirs: tuple[Path, ...], author: str) -> None:
    """The review page: documents with their flags, page images with each task's box, edits and approval."""
    check_bind(host, token)
    with migrated_engine(db):
        pass
    settings = ServeSettings(db=db, author=author, pdf_folders=list(pdf_dirs), host=host, port=port, token=token)
    try:
        server = make_server(host, port, create_app(settings), threaded=True)
    except OSError as err:
        raise click.ClickException(f"cannot listen on {host}:{port} ({err.strerror or err})") from err
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"review page: http://{shown}:{port}/{'?token=…' if token else ''}  (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped")
