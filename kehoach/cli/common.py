"""What every command shares: the error edge (one line, exit 1), the --db option and the per-file limits."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

import click

from kehoach.limits import RunLimits
from schemas.errors import KehoachError

P = ParamSpec("P")
R = TypeVar("R")

DB_OPTION = click.option(
    "--db",
    "db",
    metavar="URL",
    help="Database URL (default: $KEHOACH_DB, else sqlite:///kehoach.db in this directory).",
)


TIMEOUT_OPTION = click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=RunLimits().timeout,
    show_default=True,
    help="Give up on a file after this many seconds (0: no limit).",
)
MAX_MEMORY_OPTION = click.option(
    "--max-memory",
    type=click.IntRange(min=0),
    default=RunLimits().max_memory_mib,
    show_default=True,
    help="Give up on a file when it needs more than this many MiB of memory (0: no limit).",
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
