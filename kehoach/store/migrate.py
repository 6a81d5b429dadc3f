"""Alembic run from code: upgrade, downgrade and the current revision (the light revision check that
every command runs first is kehoach.store.revision).

The scripts are found through the installed `migrations` package, so this works from any directory.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy.exc import SQLAlchemyError

import migrations
from kehoach.store.db import connection_error, make_engine, resolve_url, safe_url
from kehoach.store.errors import StoreError
from kehoach.store.revision import current_revision

SCRIPT_LOCATION = Path(migrations.__file__).resolve().parent


def alembic_config(db: str | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations and the resolved database URL."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("sqlalchemy.url", resolve_url(db).replace("%", "%%"))
    return config


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


def current(db: str | None = None) -> str | None:
    """The revision of the database at a URL (None when it has never been migrated)."""
    engine = make_engine(db)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()
