"""Shared fixtures: corpus PDFs read once per session; a fresh SQLite file per test, and a throw-away
PostgreSQL database per session.

PostgreSQL runs when KEHOACH_TEST_PG names a server URL (postgresql+psycopg://postgres@127.0.0.1:5432/postgres).
Without it the PostgreSQL cases are skipped with the reason shown, except under CI (env CI set), where
they fail: CI must test both backends. Tests on PostgreSQL carry the `pg` marker.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from kehoach.store import migrate
from kehoach.store.db import make_engine
from tests.corpus_cache import CorpusCache

PG_ENV = "KEHOACH_TEST_PG"
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def corpus() -> CorpusCache:
    """Corpus PDFs read and extracted once for the whole session, whichever modules need them."""
    return CorpusCache()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that runs against PostgreSQL `pg` (the `empty_db` backend parameter)."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("empty_db") == "postgresql":
            item.add_marker(pytest.mark.pg)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """URL of a database created for this test session on the KEHOACH_TEST_PG server, dropped after."""
    server = os.environ.get(PG_ENV)
    if not server:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set under CI: the store tests must run against PostgreSQL too")
        pytest.skip(f"PostgreSQL store tests skipped: set {PG_ENV}=postgresql+psycopg://USER@HOST:PORT/postgres")
    name = f"kehoach_test_{secrets.token_hex(6)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _reset_pg(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty database: a new SQLite file, or the session's PostgreSQL database wiped clean."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kehoach.db'}"
    url: str = request.getfixturevalue("pg_database")
    _reset_pg(url)
    return url


@pytest.fixture
def db_url(empty_db: str) -> str:
    """URL of an empty database migrated to the newest revision."""
    migrate.upgrade(empty_db)
    return empty_db


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the migrated test database, disposed after the test."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()
