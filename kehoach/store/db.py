"""Engines and sessions from a database URL: SQLite (WAL, busy timeout, foreign keys) or PostgreSQL.

The URL comes from `--db`, else the environment variable KEHOACH_DB, else the SQLite file
`kehoach.db` in the working directory. SQLite write transactions start with BEGIN IMMEDIATE so
two writers queue on the busy timeout instead of failing on a lock upgrade.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session

from kehoach.store.errors import StoreError

DEFAULT_URL = "sqlite:///kehoach.db"
ENV_VAR = "KEHOACH_DB"
BUSY_TIMEOUT_MS = 60_000
_IMMEDIATE = "kehoach_sqlite_immediate"


def resolve_url(db: str | None = None) -> str:
    """The database URL to use: the argument, else $KEHOACH_DB, else sqlite:///kehoach.db."""
    return db or os.environ.get(ENV_VAR) or DEFAULT_URL


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # let the begin hook below emit BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get(_IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_folder(database: str | None, url: str) -> None:
    """Refuse an SQLite file whose folder does not exist (SQLite itself only says "unable to open")."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    folder = Path(database).expanduser().absolute().parent
    if not folder.is_dir():
        raise StoreError(f"database {safe_url(url)}: cannot create the file (folder {folder} does not exist)")


def make_engine(db: str | None = None) -> Engine:
    """An engine for the URL (resolved as `resolve_url` does); bad URLs and SQLite files in a missing
    folder raise StoreError."""
    url = resolve_url(db)
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            _sqlite_folder(parsed.database, url)
            engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ImportError) as err:
        raise StoreError(f"bad database URL {safe_url(url)!r} ({err})") from err
    return engine


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session whose transaction commits on success and rolls back on any error.

    On SQLite the transaction takes the write lock at once (BEGIN IMMEDIATE)."""
    bind = engine.execution_options(**{_IMMEDIATE: True}) if engine.dialect.name == "sqlite" else engine
    with Session(bind, expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading (its transaction is rolled back at the end)."""
    with Session(engine) as session:
        yield session


def connection_error(err: SQLAlchemyError, url: str) -> StoreError:
    """Our error for a database that cannot be reached or refused a statement."""
    detail = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
    return StoreError(f"database {safe_url(url)}: {detail}")


@contextmanager
def database_errors(engine: Engine) -> Iterator[None]:
    """Turn any SQLAlchemy error inside the block into a one-line StoreError."""
    try:
        yield
    except SQLAlchemyError as err:
        raise connection_error(err, engine.url.render_as_string()) from err
