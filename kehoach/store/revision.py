"""Which revision a database is at and which one this package ships, read without importing Alembic.

Alembic takes a second or more to import; every query command checks the revision first, so this
reads the `alembic_version` table with SQLAlchemy and the revision chain from the migration scripts'
`revision` / `down_revision` assignments (tests/test_migrations.py checks it agrees with Alembic).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

import migrations
from kehoach.store.db import connection_error
from kehoach.store.errors import StoreError

VERSIONS = Path(migrations.__file__).resolve().parent / "versions"


def _assigned(tree: ast.Module, name: str) -> object:
    """The literal a script assigns to a module-level name (None when it does not)."""
    for node in tree.body:
        target: ast.expr
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == name:
            return ast.literal_eval(value)
    return None


@cache
def head_revision() -> str:
    """The newest revision the package ships: the one no other script names as its down_revision."""
    chain: dict[str, set[str]] = {}
    for script in VERSIONS.glob("*.py"):
        tree = ast.parse(script.read_text(encoding="utf-8"))
        revision = _assigned(tree, "revision")
        if isinstance(revision, str):
            down = _assigned(tree, "down_revision")
            chain[revision] = {down} if isinstance(down, str) else set(down) if isinstance(down, tuple) else set()
    heads = set(chain) - set().union(*chain.values())
    if len(heads) != 1:
        raise StoreError(f"expected one head revision in {VERSIONS}, found {sorted(heads) or 'none'}")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    """The revision a database is at (None for an empty database)."""
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError as err:
        raise connection_error(err, engine.url.render_as_string()) from err


def require_head(engine: Engine) -> None:
    """Raise StoreError unless the database is at the newest revision (tells how to fix it)."""
    at, head = current_revision(engine), head_revision()
    if at != head:
        state = "has no kehoach tables" if at is None else f"is at revision {at}"
        url = engine.url.render_as_string(hide_password=True)
        raise StoreError(f"database {url} {state} (this kehoach needs {head}): run `kehoach db upgrade --db {url}`")
