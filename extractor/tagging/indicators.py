"""Canonical indicators: which common measure a target's indicator text names.

vocab/indicators.toml lists the measures (CCHC and digital-government first) with the ways plans
write them as keyword sets. A text matches a set when every phrase of it occurs as whole words
(case, accents and tone placement ignored, short forms like "TTHC" spelled out first); the set
matching the most characters wins, so "chỉ số hài lòng" (SIPAS) beats plain "hài lòng". A
percentage measure only takes percentage targets and a counted one only counts. Texts no set
covers fall back to a fuzzy match with the names; below the threshold they stay unmapped.
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from extractor.text import fold
from extractor.vocab import load_vocabulary


class Indicator(BaseModel):
    """One canonical measure and the keyword sets that name it."""

    id: str
    name: str
    name_en: str
    group: str
    unit: str
    keywords: list[list[str]]
    examples: list[str] = []


class IndicatorSettings(BaseModel):
    """Matching settings of the vocabulary file."""

    fuzzy_threshold: float


class Vocabulary(BaseModel):
    """The whole vocabulary file."""

    settings: IndicatorSettings
    abbreviations: dict[str, str]
    indicator: list[Indicator]


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary shipped in extractor/vocab/indicators.toml (read once)."""
    return load_vocabulary("indicators.toml", Vocabulary)


@cache
def _abbreviations() -> list[tuple[re.Pattern[str], str]]:
    return [
        (re.compile(rf"(?<!\w){re.escape(fold(short))}(?!\w)"), fold(full))
        for short, full in vocabulary().abbreviations.items()
    ]


def _key(text: str) -> str:
    """The matching form: folded, short forms spelled out."""
    key = fold(text)
    for pattern, full in _abbreviations():
        key = pattern.sub(full, key)
    return key


@cache
def _sets() -> list[tuple[Indicator, list[re.Pattern[str]], int]]:
    """Every keyword set as compiled whole-word patterns, with the characters it matches."""
    found = []
    for indicator in vocabulary().indicator:
        for words in indicator.keywords:
            keys = [_key(w) for w in words]
            patterns = [re.compile(rf"(?<!\w){re.escape(k)}(?!\w)") for k in keys]
            found.append((indicator, patterns, sum(len(k) for k in keys)))
    return found


@cache
def _names() -> list[tuple[str, Indicator]]:
    """Matching forms of every name and example, for the fuzzy fallback."""
    return [(_key(text), i) for i in vocabulary().indicator for text in [i.name, *i.examples]]


def _fits(indicator: Indicator, unit: str | None) -> bool:
    return unit is None or (indicator.unit == "%") == (unit == "%")


def indicator_by_id(indicator_id: str) -> Indicator | None:
    """The vocabulary entry of an id, or None."""
    return next((i for i in vocabulary().indicator if i.id == indicator_id), None)


def map_indicator(text: str, unit: str | None = None) -> str | None:
    """The id of the canonical indicator the text names (None if none fits); `unit` is the target's unit."""
    key = _key(text)
    best: tuple[int, str] | None = None
    for indicator, patterns, size in _sets():
        if _fits(indicator, unit) and all(p.search(key) for p in patterns) and (best is None or size > best[0]):
            best = (size, indicator.id)
    if best:
        return best[1]
    names = [(name, indicator) for name, indicator in _names() if _fits(indicator, unit)]
    threshold = vocabulary().settings.fuzzy_threshold
    match = process.extractOne(key, [name for name, _ in names], scorer=fuzz.ratio, score_cutoff=threshold)
    return names[match[2]][1].id if match else None
