"""What every command shares: the error edge (one line, exit 1), the --db option, a migrated database."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import click

from schemas.errors import KehoachError

if TYPE_CHECKING:  # the store is imported when a command opens it, so `--help` loads no SQLAlchemy
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

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


@contextmanager
def migrated_engine(db: str | None) -> Iterator[Engine]:
    """An engine on a database at the newest revision (StoreError otherwise), disposed after."""
    from kehoach.store.db import make_engine
    from kehoach.store.revision import require_head

    engine = make_engine(db)
    try:
        require_head(engine)
        yield engine
    finally:
        engine.dispose()


@contextmanager
def reading(db: str | None) -> Iterator[Session]:
    """A read session on a migrated database; database errors become one-line StoreErrors."""
    from kehoach.store.db import database_errors, read_session

    with migrated_engine(db) as engine, database_errors(engine), read_session(engine) as session:
        yield session
