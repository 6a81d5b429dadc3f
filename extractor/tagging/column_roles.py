"""Maps table column headers to roles (ref, content, lead, support, deadline …) by meaning.

Headers are compared accent- and case-insensitively (extractor.text.fold), so "Thời gian thực
hiện", "THỜI GIAN\nTHỰC HIỆN" and "Thoi gian thuc hien" all map to `deadline`.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from extractor.text import fold
from extractor.vocab.roles import ColumnRole, RoleRule, role_vocabulary


class RoleSettings(BaseModel):
    """Header vocabulary, tried in order (first rule that matches wins); defaults from vocab/column_roles.toml."""

    rules: list[RoleRule] = Field(default_factory=lambda: list(role_vocabulary().rules))
    #: roles a task table must have besides content for its rows to be tasks
    assignment_roles: frozenset[ColumnRole] = Field(default_factory=lambda: role_vocabulary().assignment_roles)


_SPACE_PUNCT = re.compile(r"[\s/,;:.\-–]+")


def _folded_header(text: str) -> str:
    return _SPACE_PUNCT.sub(" ", fold(text)).strip()


def header_role(text: str | None, settings: RoleSettings | None = None) -> ColumnRole | None:
    """The role one header cell or line label names ("Cơ quan chủ trì" → lead), or None when it names none."""
    settings = settings or RoleSettings()
    if not text or not text.strip():
        return None
    key = _folded_header(text)
    for rule in settings.rules:
        if any(re.search(p, key) for p in rule.patterns) and not any(re.search(x, key) for x in rule.excludes):
            return rule.role
    return None


def map_columns(header: list[str], settings: RoleSettings) -> list[ColumnRole | None]:
    """Roles of a table's columns from its (already combined) header texts.

    When there is no content column, the criterion column carries the work; when several
    columns claim one role, the first keeps it and a second content column becomes criterion.
    """
    roles = [header_role(cell, settings) for cell in header]
    if "content" not in roles and "criterion" in roles:
        roles[roles.index("criterion")] = "content"
    seen: set[str] = set()
    for index, role in enumerate(roles):
        if role in seen and role in {"content", "ref", "deadline", "output", "note"}:
            roles[index] = "criterion" if role == "content" else None
        if role is not None:
            seen.add(role)
    return roles


def is_task_table(roles: list[ColumnRole | None], settings: RoleSettings) -> bool:
    """A table is a task table when it has work (content) and something assigning it."""
    present = {role for role in roles if role}
    return "content" in present and bool(present & settings.assignment_roles)


def looks_like_header(cells: list[str | None], settings: RoleSettings) -> bool:
    """True when most non-empty cells of a row are header words (a header or a repeated header)."""
    filled = [c for c in cells if c and c.strip()]
    if len(filled) < 2:
        return False
    named = sum(1 for c in filled if header_role(c, settings) is not None and len(c) < 80)
    return named * 3 >= len(filled) * 2
