"""Alembic run from code: upgrade, downgrade, current revision, and the check that a database is ready.

The scripts are found through the installed `migrations` package, so this works from any directory.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

import migrations
from kehoach.store.db import connection_error, make_engine, resolve_url, safe_url
from kehoach.store.errors import StoreError

SCRIPT_LOCATION = Path(migrations.__file__).resolve().parent


def alembic_config(db: str | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations and the resolved database URL."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("sqlalchemy.url", resolve_url(db).replace("%", "%%"))
    return config


def head_revision() -> str:
    """The newest revision the package ships."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise StoreError(f"no migrations found in {SCRIPT_LOCATION}")
    return head


def _run(db: str | None, action: str, revision: str) -> str | None:
    url = resolve_url(db)
    engine = make_engine(url)
    config = alembic_config(url)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
        return current_revision(engine)
    except CommandError as err:
        raise StoreError(f"{action} {revision} on {safe_url(url)}: {err}") from err
    except SQLAlchemyError as err:
        raise connection_error(err, url) from err
    finally:
        engine.dispose()


def upgrade(db: str | None = None, revision: str = "head") -> str | None:
    """Upgrade the database to a revision (default: the newest); returns the revision it is at."""
    return _run(db, "upgrade", revision)


def downgrade(db: str | None = None, revision: str = "base") -> str | None:
    """Downgrade the database to a revision ("base" removes every table); returns where it is."""
    return _run(db, "downgrade", revision)


def current_revision(engine: Engine) -> str | None:
    """The revision a database is at (None for an empty database)."""
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as err:
        raise connection_error(err, engine.url.render_as_string()) from err


def current(db: str | None = None) -> str | None:
    """The revision of the database at a URL (None when it has never been migrated)."""
    engine = make_engine(db)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def require_head(engine: Engine) -> None:
    """Raise StoreError unless the database is at the newest revision (tells how to fix it)."""
    at, head = current_revision(engine), head_revision()
    if at != head:
        state = "has no kehoach tables" if at is None else f"is at revision {at}"
        url = engine.url.render_as_string(hide_password=True)
        raise StoreError(f"database {url} {state} (this kehoach needs {head}): run `kehoach db upgrade --db {url}`")
