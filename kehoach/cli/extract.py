"""`kehoach extract`: one plan PDF into the Plan JSON contract or a readable table."""

from __future__ import annotations

from pathlib import Path

import click

from extractor.pipeline import extract_plan
from kehoach.atomic import STDOUT, check_writable, write_text_atomic
from kehoach.cli.common import reports_errors
from kehoach.cli.limit_options import MAX_MEMORY_OPTION, TIMEOUT_OPTION
from kehoach.limits import RunLimits, cap_memory, file_limits
from kehoach.render import plan_table
from schemas.text import printable


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="json: the Plan JSON contract (docs/ANNOTATION.md); table: a readable summary.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Write to this regular file (atomically, never over the input) instead of standard output; - is stdout.",
)
@TIMEOUT_OPTION
@MAX_MEMORY_OPTION
@reports_errors
def extract(file: Path, fmt: str, output: Path | None, timeout: float, max_memory: int) -> None:
    """Extract one plan PDF into the Plan JSON contract (or a readable table)."""
    to_file = None if output == STDOUT else output
    if to_file is not None:
        check_writable(to_file, inputs=[file])
    limits = RunLimits(timeout=timeout, max_memory_mib=max_memory)
    cap_memory(limits.max_memory_mib)
    with file_limits(file, limits):
        plan = extract_plan(file)
    shown = printable(str(file))
    for warning in plan.warnings:
        click.echo(f"warning: {shown}: {printable(warning)}", err=True)
    text = plan.model_dump_json(indent=2) if fmt == "json" else plan_table(plan)
    if to_file is None:
        click.echo(text)
    else:
        write_text_atomic(to_file, text + "\n")
        click.echo(f"{shown}: {len(plan.tasks)} tasks → {printable(str(to_file))}", err=True)
