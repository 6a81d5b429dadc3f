"""`kehoach debug`: a PNG of one PDF page with the table finder's rules, rows, columns, header cells and strategy."""

from __future__ import annotations

from pathlib import Path

import click

from kehoach.atomic import check_writable, write_bytes_atomic
from kehoach.cli.common import reports_errors
from kehoach.cli.limit_options import MAX_MEMORY_OPTION, TIMEOUT_OPTION
from kehoach.limits import RunLimits, cap_memory, file_limits
from kehoach.page_debug import draw_page
from schemas.text import printable


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--page", "number", type=int, required=True, help="The page to draw (1 is the first).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The PNG to write (default: FILE's name with -pN.png, in this folder).",
)
@click.option("--resolution", type=click.IntRange(36, 400), default=100, show_default=True, help="Pixels per inch.")
@TIMEOUT_OPTION
@MAX_MEMORY_OPTION
@reports_errors
def debug(file: Path, number: int, output: Path | None, resolution: int, timeout: float, max_memory: int) -> None:
    """Draw one page of a PDF as the table finder read it: ruling lines (red), row boundaries (orange),
    column edges (blue), header cells (green) and each table's strategy and confidence (purple)."""
    target = output or Path(f"{file.stem}-p{number}.png")
    check_writable(target, inputs=[file])
    limits = RunLimits(timeout=timeout, max_memory_mib=max_memory)
    cap_memory(limits.max_memory_mib)
    with file_limits(file, limits):
        drawing = draw_page(file, number, resolution)
    write_bytes_atomic(target, drawing.png)
    tables = ", ".join(drawing.tables) or "no table"
    click.echo(f"{printable(str(file))}: page {number}: {tables} → {printable(str(target))}")
