"""The role vocabulary of task records (vocab/column_roles.toml) and its typed loader.

A role is a field of a task (content, lead, support, deadline …); the vocabulary says which header
words or line labels name it. Kept as data so a linguist can review it without reading code.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from extractor.vocab import load_vocabulary

ColumnRole = Literal[
    "ref",
    "content",
    "criterion",
    "lead",
    "support",
    "performer",
    "deadline",
    "output",
    "note",
    "target",
    "unit",
    "funding",
]


class RoleRule(BaseModel):
    """A role and the folded keyword patterns (regexes) any of which marks a header with it."""

    model_config = ConfigDict(frozen=True)

    role: ColumnRole
    patterns: list[str]
    excludes: list[str] = []

    @field_validator("patterns", "excludes")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for pattern in value:
            re.compile(pattern)
        return value


class RoleVocabulary(BaseModel):
    """The whole role vocabulary as vocab/column_roles.toml writes it (rules tried in order)."""

    model_config = ConfigDict(frozen=True)

    rules: list[RoleRule]
    assignment_roles: frozenset[ColumnRole]


@cache
def role_vocabulary() -> RoleVocabulary:
    """The vocabulary shipped in extractor/vocab/column_roles.toml (read once)."""
    return load_vocabulary("column_roles.toml", RoleVocabulary)
