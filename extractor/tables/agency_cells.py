"""Agency-column cells: everything such a cell lists is an agency, known to the registry or not.

A cell of a "Chủ trì" / "Phối hợp" / "Đơn vị thực hiện" column is a list of bodies separated by ";"
or bullets. The assignment reader finds the names the registry knows; a listed name it does not know
("Viện, Trường", "Thuế Đồng Nai", "Hiệp hội Doanh nghiệp") is still an agency here, and a known body
followed only by lower-case words ("Sở Khoa học và Công nghệ thúc đẩy, theo dõi") ends at its name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import cast

from underthesea import pos_tag

from extractor.tagging.agencies import find_agencies, starts_agency
from extractor.tagging.assignment import Assignment, assignment_of
from extractor.tagging.column_roles import header_role
from extractor.text import UPPER, fold, squash
from schemas import Role

_ITEM_BREAK = re.compile(r";|\n\s*[-–+•*]\s*|^\s*[-–+•*]\s*")
_NAME_START = re.compile(rf"^[{UPPER}]")
_EDGE = " ,.:;-–+•*\n\t"
#: kinds of named bodies whose registry name is the whole name (collectives take describing words)
_NAMED_KINDS = frozenset(
    {"so", "bo", "ubnd", "van_phong", "ban", "thanh_tra", "cong_an", "cuc", "bao_dai", "trung_tam"}
)
_MAX_NAME_WORDS = 15
_COMMA = re.compile(r",\s*")


@lru_cache(maxsize=4096)
def _opens_with_verb(text: str) -> bool:
    """True when the text's first word is a verb (underthesea's POS tagger): what the body does."""
    tags = pos_tag(text)
    return bool(tags) and tags[0][1] == "V"


def _trimmed(name: str) -> str:
    """A named body followed by a predicate ("Sở Khoa học và Công nghệ thúc đẩy, theo dõi") ends at its name."""
    mentions = find_agencies(name)
    if not mentions or mentions[0].start != 0 or mentions[0].kind not in _NAMED_KINDS:
        return name
    rest = name[mentions[0].end :].strip(_EDGE)
    if rest and _opens_with_verb(rest):
        return mentions[0].printed
    return name


def _before_agencies(part: str) -> list[str]:
    """An unknown name listed before a known one ("Doanh nghiệp, Sở, ban, ngành …") is split from it;
    a known name after a predicate ("theo dõi, báo cáo …, Văn phòng Chính phủ") is its object, not listed."""
    for comma in _COMMA.finditer(part):
        tail = part[comma.end() :]
        if _looks_like_name(part[: comma.start()]) and _NAME_START.match(tail) and starts_agency(tail):
            return [part[: comma.start()], tail]
    return [part]


def _residue(item: str, names: list[str]) -> list[str]:
    """Parts of one listed item that no found name covers, split where the found names stood."""
    parts = [item]
    for name in names:
        key = fold(name)
        split: list[str] = []
        for part in parts:
            at = fold(part).find(key)
            if at < 0 or len(fold(part)) != len(part):
                split.append(part)
            else:
                split += [part[:at], part[at + len(key) :]]
        parts = split
    return [p.strip(_EDGE) for p in parts if p.strip(_EDGE)]


def _looks_like_name(text: str) -> bool:
    """A capitalised short text that is not a role label ("Đơn vị chủ trì" before a colon)."""
    return bool(_NAME_START.match(text)) and len(text.split()) <= _MAX_NAME_WORDS and header_role(text) is None


def _items(text: str, flat: str) -> list[tuple[str, int, int]]:
    """The listed items of a cell with their spans in the cell's squashed text."""
    spans: list[tuple[str, int, int]] = []
    offset = 0
    for raw in _ITEM_BREAK.split(text):
        item = squash(raw)
        if not item:
            continue
        start = max(flat.find(item, offset), offset)
        spans.append((item, start, start + len(item)))
        offset = start + len(item)
    return spans


def complete_cell(text: str, found: Assignment, role: Role) -> Assignment:
    """The cell's agencies: the names found, each ending at its name, plus listed names nobody found.

    A name found after a predicate in the same item ("Văn phòng UBND tỉnh theo dõi, báo cáo Văn phòng
    Chính phủ") is what the predicate acts on, not an agency of the task."""
    flat = squash(text)
    items = _items(text, flat)
    found_at = sorted(
        [(fold(flat).find(fold(n)), n, "lead") for n in found.lead]
        + [(fold(flat).find(fold(n)), n, "support") for n in found.support]
    )
    order: list[tuple[int, str, Role]] = []
    objects: list[tuple[int, int]] = []
    for at, name, name_role in found_at:
        if any(start <= at < end for start, end in objects):
            continue
        short = _trimmed(name)
        if short != name and at >= 0:
            objects.append((at + len(short), next((e for _, s, e in items if s <= at < e), len(flat))))
        order.append((at, short, cast(Role, name_role)))
    known = [name for _, name, _ in found_at]
    for item, start, _ in items:
        for part in [piece for residue in _residue(item, known) for piece in _before_agencies(residue)]:
            if _looks_like_name(part):
                order.append((flat.find(part, start), part, role))
    order.sort(key=lambda entry: entry[0])
    return assignment_of([(name, name_role) for _, name, name_role in order])
