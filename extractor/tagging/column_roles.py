"""Maps table column headers to roles (ref, content, lead, support, deadline …) by meaning.

Headers are compared accent- and case-insensitively (extractor.text.fold), so "Thời gian thực
hiện", "THỜI GIAN\nTHỰC HIỆN" and "Thoi gian thuc hien" all map to `deadline`.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from extractor.text import fold

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
]


class RoleRule(BaseModel):
    """A role and the folded keyword patterns (regexes) any of which marks a header with it."""

    role: ColumnRole
    patterns: list[str]
    excludes: list[str] = []


class RoleSettings(BaseModel):
    """Header vocabulary, tried in order (first rule that matches wins)."""

    rules: list[RoleRule] = [
        RoleRule(role="note", patterns=[r"\bghi chu\b"]),
        RoleRule(role="ref", patterns=[r"^(s\.?\s*)?t\.?\s*t\.?$", r"^so (thu tu|tt)$", r"^stt\b", r"^tt\b"]),
        RoleRule(role="deadline", patterns=[r"\bthoi (gian|han|diem)\b", r"\btien do\b", r"\bhan hoan thanh\b"]),
        RoleRule(role="support", patterns=[r"\bphoi hop\b"], excludes=[r"\bchu tri\b.*\bphoi hop\b"]),
        RoleRule(role="lead", patterns=[r"\bchu tri\b"]),
        RoleRule(
            role="performer",
            patterns=[
                r"\b(co quan|don vi|bo phan)\b.*\bthuc hien\b",
                r"\bphan cong\b",
                r"\btrach nhiem\b",
                r"^co quan$",
                r"\bthuc hien\b$",
            ],
        ),
        RoleRule(role="output", patterns=[r"\bsan pham\b", r"\bket qua\b"]),
        RoleRule(
            role="target",
            patterns=[
                r"\bchi tieu\b.*(\d{4}|%)",
                r"\bmuc tieu\b.*(\d{4}|%)",
                r"^\(?%\)?$",
                r"\bdon vi\b.*\bchi tieu\b",
            ],
            excludes=[r"\bnoi dung\b", r"\bnhiem vu\b"],
        ),
        RoleRule(role="unit", patterns=[r"^don vi( tinh)?$", r"^dvt$"]),
        RoleRule(role="criterion", patterns=[r"\blinh vuc\b", r"\btieu chi\b"]),
        RoleRule(
            role="content",
            patterns=[
                r"\bnoi dung\b",
                r"\bnhiem vu\b",
                r"\bchi tieu\b",
                r"\bcong viec\b",
                r"\bgiai phap\b",
                r"\bhoat dong\b",
                r"\bmuc tieu\b",
                r"\bten\b.*\b(nhiem vu|de an|du an|chuong trinh)\b",
            ],
        ),
    ]
    #: roles a task table must have besides content for its rows to be tasks
    assignment_roles: frozenset[str] = frozenset({"lead", "support", "performer", "deadline", "target"})


_SPACE_PUNCT = re.compile(r"[\s/,;:.\-–]+")


def _folded_header(text: str) -> str:
    return _SPACE_PUNCT.sub(" ", fold(text)).strip()


def header_role(text: str | None, settings: RoleSettings) -> ColumnRole | None:
    """The role one header cell names, or None when it names none."""
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
