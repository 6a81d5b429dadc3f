"""docs/questions.md stays true to the schema: its Schema section lists every table, view and column; every
SQL block runs on the stored corpus, on SQLite and PostgreSQL (FTS5 blocks on SQLite only), and gives the
columns of the output printed under it."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import inspect, text

from kehoach.store.db import make_engine
from kehoach.store.fulltext import FTS_SHADOW_TABLES
from tests.corpus_cache import CorpusCache
from tests.gold_plans import store_corpus

DOC = Path(__file__).resolve().parent.parent / "docs" / "questions.md"
_BLOCK = re.compile(r"```sql\n(?P<sql>.*?)```\n\n```\n(?P<header>[^\n]*)\n", re.S)


def sql_blocks() -> list[tuple[str, list[str]]]:
    """Each SQL block of the page with the column names of the output under it."""
    return [
        (m["sql"].strip().rstrip(";"), re.split(r"\s{2,}", m["header"].strip()))
        for m in _BLOCK.finditer(DOC.read_text())
    ]


def test_every_sql_block_runs_and_gives_its_columns(db_url: str, corpus: CorpusCache) -> None:
    blocks = sql_blocks()
    assert len(blocks) >= 7
    engine = make_engine(db_url)
    try:
        store_corpus(engine, corpus)
        with engine.connect() as connection:
            for sql, header in blocks:
                if "tasks_fts" in sql and engine.dialect.name != "sqlite":
                    continue
                result = connection.execute(text(sql))
                assert list(result.keys()) == header, sql
    finally:
        engine.dispose()


def test_the_schema_lists_every_table_view_and_column(db_url: str) -> None:
    """The Schema section names every table and view of a migrated database and each of its columns, in order."""
    schema = DOC.read_text().split("\n## Schema\n", 1)[1]
    parts = re.split(r"^### `(\w+)`.*$", schema, flags=re.MULTILINE)
    documented = {
        name: re.findall(r"^\| `(\w+)` \|", body, flags=re.MULTILINE)
        for name, body in zip(parts[1::2], parts[2::2], strict=True)
    }
    engine = make_engine(db_url)
    try:
        found = inspect(engine)
        names = [n for n in found.get_table_names() if n != "alembic_version" and n not in FTS_SHADOW_TABLES]
        names += found.get_view_names()
        assert set(documented) - {"alembic_version"} == set(names)
        for name in names:
            assert documented[name] == [column["name"] for column in found.get_columns(name)], name
    finally:
        engine.dispose()
