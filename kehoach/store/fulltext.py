"""Phrase search over tasks' folded text: SQLite FTS5, PostgreSQL full-text search ('simple' configuration).

Both index `tasks.content_key` (the content folded: no accents, lower case), so a phrase matches whole
words in order whatever the accents or tone placement: "số hóa" finds "Số hoá" and never "sở hòa
giải" split over words nor "hóa" inside another word. The SQLite index is an external-content FTS5
table kept in step by triggers; PostgreSQL uses a GIN expression index. Both are created by the
migrations (DDL below), not by the models.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Integer, func, literal_column, select, table, text

from kehoach.store.models import TaskRecord
from schemas.text import fold

FTS_TABLE = "tasks_fts"
# FTS5 keeps its index in shadow tables named after the virtual table.
FTS_SHADOW_TABLES = frozenset({FTS_TABLE, *(f"{FTS_TABLE}_{s}" for s in ("data", "idx", "docsize", "config"))})
PG_INDEX = "ix_tasks_content_fts"
PG_CONFIG = "simple"

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(content_key, content='tasks', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER {FTS_TABLE}_ai AFTER INSERT ON tasks BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, content_key) VALUES (new.id, new.content_key); END",
    f"CREATE TRIGGER {FTS_TABLE}_ad AFTER DELETE ON tasks BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, content_key) VALUES ('delete', old.id, old.content_key); END",
    f"CREATE TRIGGER {FTS_TABLE}_au AFTER UPDATE OF content_key ON tasks BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, content_key) VALUES ('delete', old.id, old.content_key); "
    f"INSERT INTO {FTS_TABLE}(rowid, content_key) VALUES (new.id, new.content_key); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{suffix}" for suffix in ("ai", "ad", "au")),
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
PG_CREATE = [f"CREATE INDEX {PG_INDEX} ON tasks USING gin (to_tsvector('{PG_CONFIG}', content_key))"]
PG_DROP = [f"DROP INDEX IF EXISTS {PG_INDEX}"]


_WORD = re.compile(r"\w+")


def word_key(text: str) -> str:
    """The folded words of a text with a space between and at both ends: a short column where a phrase
    matches whole words with LIKE '% phrase %' (objectives' indicators, where no full-text index is kept)."""
    return " " + " ".join(_WORD.findall(fold(text))) + " "


def _fts5_phrase(words: list[str]) -> str:
    """An FTS5 phrase query: the words in double quotes (a quote inside doubled)."""
    return '"' + " ".join(words).replace('"', '""') + '"'


def phrase_clause(dialect: str, phrase: str) -> ColumnElement[bool]:
    """Tasks whose folded content holds the phrase as whole words in order (accents and case ignored)."""
    words = fold(phrase).split()
    if dialect == "postgresql":
        vector = func.to_tsvector(literal_column(f"'{PG_CONFIG}'"), TaskRecord.content_key)
        return vector.op("@@")(func.phraseto_tsquery(literal_column(f"'{PG_CONFIG}'"), " ".join(words)))
    fts = table(FTS_TABLE, literal_column("rowid"))
    matching = select(literal_column("rowid", Integer)).select_from(fts).where(text(f"{FTS_TABLE} MATCH :phrase"))
    return TaskRecord.id.in_(matching.params(phrase=_fts5_phrase(words)))


def not_fulltext(name: str | None, _type: str, _parents: object) -> bool:
    """Alembic's include_name hook: False for the full-text tables and index, which no model declares."""
    return name not in FTS_SHADOW_TABLES and name != PG_INDEX
