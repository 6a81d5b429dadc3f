"""Which stored provinces a researcher's province names mean: fuzzy, and through the 2025 arrangement.

A name matches a stored province when their matching forms (extractor.tagging.lineage.province_key:
accents, case and "tỉnh"/"thành phố" ignored) are equal, else when they are close enough (a typo,
a missing word: rapidfuzz ratio ≥ FUZZY_CUTOFF) to one stored or known province. With lineage, a name
stands for every old province of the province it is part of now ("Phú Thọ" → Phú Thọ, Vĩnh Phúc,
Hòa Bình), so plans written before 1 July 2025 are found under today's province.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from extractor.tagging.lineage import current_province, lineage, province_key
from kehoach.store.models import DocumentRecord
from schemas.errors import KehoachError

FUZZY_CUTOFF = 85.0


class QueryError(KehoachError):
    """A query the store cannot answer as asked (a province no plan or list knows)."""


def _known() -> set[str]:
    """Matching forms of every province the lineage file names, old and new."""
    return {province_key(name) for unit in lineage().province for name in (unit.name, *unit.from_)}


def _family(key: str) -> set[str]:
    """Matching forms of the province a name is part of now and of every old province it absorbed."""
    current = current_province(key)
    if current is None:
        return {key}
    now = province_key(current.name)
    return {key, now} | {
        province_key(old) for unit in lineage().province if province_key(unit.name) == now for old in unit.from_
    }


def _resolve(name: str, candidates: Sequence[str]) -> str:
    key = province_key(name)
    if key in candidates:
        return key
    match = process.extractOne(key, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if match is None:
        raise QueryError(f"no province like {name!r}")
    return str(match[0])


def province_keys(session: Session, names: Iterable[str], follow_lineage: bool = False) -> list[str]:
    """The stored `documents.province_key` values the names mean (any of them matches)."""
    stored: dict[str, set[str]] = {}
    for (key,) in session.execute(select(DocumentRecord.province_key).distinct()):
        if key:
            stored.setdefault(province_key(key), set()).add(key)
    candidates = sorted(_known() | set(stored))
    wanted: set[str] = set()
    for name in names:
        resolved = _resolve(name, candidates)
        wanted |= _family(resolved) if follow_lineage else {resolved}
    return sorted(key for matching in wanted for key in stored.get(matching, ()))
