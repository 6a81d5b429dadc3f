"""Alembic revisions on SQLite and PostgreSQL: up from empty, down to base, up again, no drift from the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import inspect

from kehoach.cli.db import db_group
from kehoach.store import migrate
from kehoach.store.db import ENV_VAR, make_engine
from kehoach.store.fulltext import FTS_SHADOW_TABLES, not_fulltext
from kehoach.store.models import Base
from kehoach.store.revision import head_revision

TABLES = set(Base.metadata.tables)


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version", *FTS_SHADOW_TABLES}
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(empty_db: str) -> None:
    assert migrate.current(empty_db) is None
    assert migrate.upgrade(empty_db) == head_revision()
    assert tables(empty_db) == TABLES
    assert migrate.downgrade(empty_db, "base") is None
    assert tables(empty_db) == set()
    assert migrate.upgrade(empty_db) == head_revision()
    assert tables(empty_db) == TABLES


def test_models_and_migrations_do_not_drift(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": not_fulltext})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_migrations_run_outside_the_repository_on_the_default_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert (migrate.SCRIPT_LOCATION / "versions").is_dir()
    assert migrate.upgrade() == head_revision()
    assert (tmp_path / "kehoach.db").is_file()
    assert tables("sqlite:///kehoach.db") == TABLES


def test_db_commands(empty_db: str) -> None:
    runner = CliRunner()
    result = runner.invoke(db_group, ["current", "--db", empty_db])
    assert result.exit_code == 0 and "current: none" in result.stdout
    result = runner.invoke(db_group, ["upgrade", "--db", empty_db])
    assert result.exit_code == 0 and head_revision() in result.stdout
    result = runner.invoke(db_group, ["downgrade", "--db", empty_db, "--yes"])
    assert result.exit_code == 0 and tables(empty_db) == set()


def test_bad_url_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(db_group, ["upgrade", "--db", "nosuchdb://x"])
    assert result.exit_code == 1
    assert "bad database URL" in result.stderr and "Traceback" not in result.output
    result = CliRunner().invoke(db_group, ["upgrade", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/x"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: database postgresql+psycopg://nobody@127.0.0.1:1/x")
    assert len(result.stderr.strip().splitlines()) == 1


def test_light_head_revision_agrees_with_alembic() -> None:
    assert head_revision() == ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
