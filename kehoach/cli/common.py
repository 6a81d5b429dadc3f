"""What every command shares: the error edge (one line, exit 1) and the --db option."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

import click

from schemas.errors import KehoachError

P = ParamSpec("P")
R = TypeVar("R")

DB_OPTION = click.option(
    "--db",
    "db",
    metavar="URL",
    help="Database URL (default: $KEHOACH_DB, else sqlite:///kehoach.db in this directory).",
)


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
