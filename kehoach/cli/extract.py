"""`kehoach extract`: one plan PDF into the Plan JSON contract or a readable table."""

from __future__ import annotations

from pathlib import Path

import click

from extractor.pipeline import extract_plan
from kehoach.atomic import write_text_atomic
from kehoach.cli.common import reports_errors
from kehoach.render import plan_table


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
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file instead of standard output (written atomically).",
)
@reports_errors
def extract(file: Path, fmt: str, output: Path | None) -> None:
    """Extract one plan PDF into the Plan JSON contract (or a readable table)."""
    plan = extract_plan(file)
    for warning in plan.warnings:
        click.echo(f"warning: {file}: {warning}", err=True)
    text = plan.model_dump_json(indent=2) if fmt == "json" else plan_table(plan)
    if output is None:
        click.echo(text)
    else:
        write_text_atomic(output, text + "\n")
        click.echo(f"{file}: {len(plan.tasks)} tasks → {output}", err=True)
