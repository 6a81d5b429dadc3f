"""The kehoach command line: extract, ingest, batch, query, evaluate, migrate.

Errors of our own types are caught here, once, and printed as one line naming the file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import click

from extractor.errors import KehoachError
from kehoach import __version__
from kehoach.atomic import write_text_atomic
from kehoach.render import render_table
from schemas import Plan

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn our errors into one line on stderr and exit status 1, never a traceback."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except KehoachError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kehoach")
def main() -> None:
    """kehoach: turn Vietnamese plan PDFs (Kế hoạch, Chỉ thị, Phụ lục) into a database of commitments."""


def plan_table(plan: Plan) -> str:
    """The tasks of a plan as a terminal table."""
    rows = [
        [
            task.ref or "",
            task.content,
            "; ".join(task.lead),
            "; ".join(task.support),
            task.deadline.due.isoformat() if task.deadline.due else (task.deadline.text or ""),
            ", ".join(f"{t.op}{t.value:g}{t.unit}" for t in task.targets),
            str(task.page or ""),
        ]
        for task in plan.tasks
    ]
    table = render_table(
        ["ref", "content", "lead", "support", "deadline", "targets", "page"], rows, [7, 48, 26, 26, 12, 10, 4]
    )
    doc = plan.document
    title = f"{doc.doc_type} {doc.number or '(no number)'} · {doc.issuer or '?'} · {doc.issued_on or '?'}"
    return f"{title}\n{doc.title or ''}\n\n{table}\n\n{len(plan.tasks)} tasks"


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="json: the Plan JSON contract (ANNOTATION.md); table: a readable summary.",
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
    from extractor.pipeline import extract_plan

    plan = extract_plan(file)
    for warning in getattr(plan, "warnings", []) or []:
        click.echo(f"warning: {file}: {warning}", err=True)
    text = plan.model_dump_json(indent=2) if fmt == "json" else plan_table(plan)
    if output is None:
        click.echo(text)
    else:
        write_text_atomic(output, text + "\n")
        click.echo(f"{file}: {len(plan.tasks)} tasks → {output}", err=True)


def _register_commands() -> None:
    """Attach the store and evaluation commands, which live in their own modules."""
    from kehoach.cli_eval import eval_command
    from kehoach.cli_store import STORE_COMMANDS

    for command in [*STORE_COMMANDS, eval_command]:
        main.add_command(command)


_register_commands()
