"""Canonical agency names: one name per body however a plan prints it, without spaCy.

Abbreviations are spelled out, tone placement modernised, registry spellings and "Các" for groups
used, a head's dropped title and the plan's own province left out. Light on purpose: the query
canonicalises a user's agency filter with it, and must not load the NLP pipeline.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import combinations

from extractor.text import match_text, squash, without_stutter
from extractor.vocab.agencies import AgencyKind, registry


def matching_form(text: str) -> str:
    """A registry phrase in matching form (the form texts are searched in)."""
    return match_text(text).text


def short_forms(phrase: str) -> set[str]:
    """A phrase with up to two of its full forms replaced by their abbreviations."""
    found = [
        (full, short)
        for short, full in registry().abbreviations.items()
        if re.search(rf"(?<!\w){re.escape(full)}(?!\w)", phrase, re.IGNORECASE)
    ]
    variants = {phrase}
    for size in (1, 2):
        for chosen in combinations(found, size):
            variant = phrase
            for full, short in chosen:
                variant = re.sub(rf"(?<!\w){re.escape(full)}(?!\w)", short, variant, flags=re.IGNORECASE)
            variants.add(variant)
    return variants


def named_entries() -> list[tuple[str, AgencyKind, list[str]]]:
    """(canonical, kind, written forms) of every name the registry spells out."""
    reg = registry()
    entries: list[tuple[str, AgencyKind, list[str]]] = []
    for head, kind in reg.field_heads.items():
        for field, others in reg.fields.items():
            entries.append((f"{head} {field}", kind, [f"{head} {w}" for w in [field, *others]]))
    entries += [(a.name, a.kind, [a.name, *a.aliases]) for a in reg.agency]
    for level_head in reg.level_head:
        canonical_head = level_head.heads[0]
        for head in level_head.heads:
            entries.append((canonical_head, level_head.kind, [head]))
            entries += [(f"{canonical_head} {lv}", level_head.kind, [f"{head} {lv}"]) for lv in reg.levels.words]
    for phrase in reg.collectives.phrases:
        canonical = f"Các {phrase}"
        entries.append((canonical, "collective", [phrase, f"các {phrase}"]))
    entries += [(f"Các {p}", "collective", [f"các {p}"]) for p in reg.collectives.cac_only]
    return entries


@cache
def _dropped_titles() -> re.Pattern[str]:
    words = "|".join(re.escape(matching_form(t)) for t in registry().titles.dropped)
    return re.compile(rf"^(?:giao\s+)?(?:{words})\s+|^giao\s+", re.IGNORECASE)


def expand_abbreviations(text: str) -> str:
    """Every registry abbreviation in a text spelled out, longest first ("VP UBND" → "Văn phòng Ủy ban nhân dân")."""
    for short, full in sorted(registry().abbreviations.items(), key=lambda kv: len(kv[0]), reverse=True):
        text = re.sub(rf"(?<![\w&]){re.escape(short)}(?![\w&])", full, text)
    return text


@cache
def _canonical_table() -> dict[str, str]:
    """Lower-case matching form of every written name → its canonical name."""
    table: dict[str, str] = {}
    for canonical, _kind, written in named_entries():
        for form in written:
            for variant in short_forms(form):
                table.setdefault(matching_form(variant).lower(), canonical)
    return table


_DROP_TAIL = re.compile(r",?\s*\b(có\s+)?liên quan$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def canonical_agency(printed: str, province: str | None = None) -> str:
    """One name per body however it is printed: abbreviations spelled out ("VP UBND tỉnh" →
    "Văn phòng Ủy ban nhân dân tỉnh"), new tone placement, registry spelling, "Các" for groups;
    the head's title ("Thủ trưởng") and the plan's own province ("tỉnh Vĩnh Phúc" → "tỉnh") left out."""
    text = _dropped_titles().sub("", without_stutter(matching_form(printed)).strip(" .,;:-"))
    if province:
        text = re.sub(
            rf"\s+(tỉnh|thành phố)\s+{re.escape(matching_form(province))}$", r" \1", text, flags=re.IGNORECASE
        )
    text = squash(_DROP_TAIL.sub(" liên quan", text))
    words = text.split()
    table = _canonical_table()
    for size in range(len(words), 0, -1):
        head = " ".join(words[:size]).lower()
        if head in table:
            rest = " ".join(words[size:])
            canonical = table[head]
            if rest == "tỉnh" and (canonical.startswith(("Sở ", "Các ")) or canonical.endswith("tỉnh")):
                rest = ""
            return squash(f"{canonical} {expand_abbreviations(rest)}")
    text = expand_abbreviations(text)
    return text[:1].upper() + text[1:]
