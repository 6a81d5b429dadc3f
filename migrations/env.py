"""Alembic environment: runs the revisions on the connection kehoach.store.migrate hands over,
or on an engine made from the configured URL (so SQLite gets the same pragmas as the store)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from kehoach.store.db import make_engine
from kehoach.store.fulltext import not_fulltext
from kehoach.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_offline() -> None:
    """Emit the SQL for the configured URL instead of running it."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=not_fulltext,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=not_fulltext,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Run the revisions on the given connection, else on a fresh engine for the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    try:
        with engine.connect() as fresh:
            _run(fresh)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
