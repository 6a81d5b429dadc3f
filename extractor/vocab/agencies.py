"""The agency vocabulary (vocab/agencies.toml) as typed models, read once.

This module imports nothing of kehoach's own: it is data a linguist reviews, loaded and checked.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel

from extractor.vocab import load_vocabulary

AgencyKind = Literal[
    "so",
    "van_phong",
    "ubnd",
    "ban",
    "thanh_tra",
    "cong_an",
    "trung_tam",
    "bo",
    "cuc",
    "bao_dai",
    "collective",
    "other",
]


class NamedAgency(BaseModel):
    """A body the registry knows by name."""

    name: str
    kind: AgencyKind
    aliases: list[str] = []


class LevelHead(BaseModel):
    """Heads that name one body per administrative level ("Công an" → "Công an tỉnh")."""

    heads: list[str]
    kind: AgencyKind


class Levels(BaseModel):
    """Administrative levels after a level head, and place words a proper name follows."""

    words: list[str]
    places: list[str]


class Collectives(BaseModel):
    """Groups of bodies named as one item; `cac_only` ones count only after "các"; `generic` kinds name
    no body in particular."""

    phrases: list[str]
    cac_only: list[str]
    generic: list[str]


class OpenHead(BaseModel):
    """A head of open names and how far its name runs ("title" words, or any "words")."""

    head: str
    kind: AgencyKind
    tail: Literal["title", "words"]
    not_next: list[str] = []


class OpenTail(BaseModel):
    """The longest open name, in words after its head."""

    max_words: int


class Titles(BaseModel):
    """Titles of a body's head written before it; `dropped` ones are left out of canonical names."""

    dropped: list[str]
    kept: list[str]


class Apposition(BaseModel):
    """Roles a body is named in after a dash."""

    roles: list[str]


class Verbs(BaseModel):
    """Role words around agencies (see extractor/tagging/assignment.py)."""

    lead: list[str]
    perform: list[str]
    support: list[str]
    support_manner: list[str]
    weak: list[str]
    predicate: list[str]

    def all(self) -> list[str]:
        """Every role word, longest first (so "tổ chức thực hiện" wins over "thực hiện")."""
        return sorted(self.lead + self.perform + self.support + self.weak, key=len, reverse=True)


class NameTail(BaseModel):
    """Words that may follow a body's name inside it, words after which a name ends, and words that end
    a group's name (see agencies.toml [name_tail])."""

    qualifiers: list[str]
    closers: list[str]
    group_stops: list[str]


class Registry(BaseModel):
    """The whole agency vocabulary as vocab/agencies.toml writes it."""

    abbreviations: dict[str, str]
    fields: dict[str, list[str]]
    field_heads: dict[str, AgencyKind]
    agency: list[NamedAgency]
    level_head: list[LevelHead]
    levels: Levels
    collectives: Collectives
    open_head: list[OpenHead]
    open_tail: OpenTail
    titles: Titles
    apposition: Apposition
    verbs: Verbs
    name_tail: NameTail


@cache
def registry() -> Registry:
    """The registry shipped in extractor/vocab/agencies.toml (read once)."""
    return load_vocabulary("agencies.toml", Registry)
