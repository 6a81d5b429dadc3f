"""What an agency or province named in a plan is called now, through the 2025 restructuring.

vocab/lineage.toml lists merged and renamed bodies (Sở Thông tin và Truyền thông → Sở Khoa học và
Công nghệ), the provincial arrangement (63 → 34) and the end of the district level, each with its
legal source and effective date. A plan's own "(nay là …)" after a name is read too and wins.
Names compare folded (case, accents, tone placement), so "Sở TT&TT" spelled out and "Sở thông tin
và truyền thông" are one name.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from functools import cache
from importlib.resources import files

from pydantic import BaseModel, Field

from extractor.text import fold, squash

_NOW_NAMED = re.compile(r"^(?P<old>.+?)\s*\(\s*(?:nay|hiện nay|nay đã)\s+là\s+(?P<new>[^()]+?)\s*\)\s*$", re.IGNORECASE)
_PROVINCE_PREFIX = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)
_MAX_STEPS = 5


class AgencyStep(BaseModel):
    """One body merged into or renamed as another, by a legal act from a date."""

    old: str
    new: str
    source: str
    effective: dt.date
    note: str | None = None


class ProvinceStep(BaseModel):
    """One province-level unit as formed by the arrangement, from the old units it absorbed."""

    name: str
    source: str
    effective: dt.date
    from_: list[str] = Field(default_factory=list, alias="from")


class Lineage(BaseModel):
    """The whole data file: agency steps and provinces."""

    agency: list[AgencyStep]
    province: list[ProvinceStep]


class Current(BaseModel):
    """A name as it stands now: the successor's name, the legal sources followed and the last date."""

    name: str
    changed: bool
    sources: list[str] = []
    effective: dt.date | None = None


@cache
def lineage() -> Lineage:
    """The lineage shipped in extractor/vocab/lineage.toml (read once)."""
    data = tomllib.loads(files("extractor.vocab").joinpath("lineage.toml").read_text(encoding="utf-8"))
    return Lineage.model_validate(data)


@cache
def _agency_steps() -> dict[str, AgencyStep]:
    return {fold(step.old): step for step in lineage().agency}


@cache
def _province_steps() -> dict[str, ProvinceStep]:
    steps: dict[str, ProvinceStep] = {}
    for unit in lineage().province:
        steps[fold(unit.name)] = unit
        steps.update({fold(old): unit for old in unit.from_})
    return steps


def province_key(name: str) -> str:
    """A province name's matching form, without "tỉnh"/"thành phố" ("TP. Hồ Chí Minh" → "ho chi minh")."""
    return fold(_PROVINCE_PREFIX.sub("", squash(name)))


def now_named(printed: str) -> tuple[str, str | None]:
    """Split "A (nay là B)" into the name as printed then and the plan's own successor: (A, B)."""
    match = _NOW_NAMED.match(squash(printed))
    return (match["old"], match["new"]) if match else (printed, None)


def current_province(name: str | None) -> Current | None:
    """The province-level unit a province is part of now ("Vĩnh Phúc" → "Phú Thọ"); None if no name."""
    if not name:
        return None
    unit = _province_steps().get(province_key(name))
    if unit is None:
        return Current(name=name, changed=False)
    changed = province_key(unit.name) != province_key(name)
    return Current(
        name=unit.name,
        changed=changed,
        sources=[unit.source] if changed else [],
        effective=unit.effective if changed else None,
    )


def current_agency(canonical: str) -> Current:
    """The body a canonical agency name stands for now, following merges and renames to the last one."""
    name, sources, effective = canonical, [], None
    for _ in range(_MAX_STEPS):
        step = _agency_steps().get(fold(name))
        if step is None:
            break
        name, effective = step.new, step.effective
        sources.append(step.source)
    return Current(name=name, changed=bool(sources), sources=sources, effective=effective)
