"""Column roles from the cells when the header names none: a column of agency names is the
performer column, a column of deadline phrases the deadline column, the column of longest texts
the content, a first column of short labels the reference.

Used only for a table whose header (unknown or absent) gives no task roles, so a table the header
already explains is never re-read.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import BaseModel

from extractor.tagging.agencies import starts_agency
from extractor.tagging.deadlines import find_deadline, parse_deadline
from extractor.text import squash
from extractor.vocab.roles import ColumnRole

_LABEL = re.compile(r"^(?:[IVXLC]+|[A-ZĐ]|\d+(?:\.\d+)*|[a-zđ])[.)]?$")


class ContentRoleSettings(BaseModel):
    """How much of a column must read alike for the column to get that role."""

    min_share: float = 0.6
    min_rows: int = 2
    #: the content column's texts are this many times longer than any other column's, on average
    content_ratio: float = 1.5


def _share(cells: list[str], test: Callable[[str], bool]) -> float:
    filled = [c for c in cells if c]
    return sum(1 for c in filled if test(c)) / len(filled) if filled else 0.0


#: any year, so that a printed day and month are checked for being a real date ("7.00", "1.21" in a column of
#: quantities are not); a leap year, so that 29/2 is one
_CHECK_YEAR = 2024


def _is_deadline(text: str) -> bool:
    """A time phrase the deadline reader knows (a cell it can only call "as planned" does not count; a "date"
    must be a real day of a real month)."""
    deadline = parse_deadline(text, _CHECK_YEAR)
    if deadline.kind == "date" and deadline.due is None:
        return False
    return deadline.kind not in ("none", "as_planned") or find_deadline(text, None).kind != "none"


def roles_by_content(
    rows: list[list[str]], roles: list[ColumnRole | None], settings: ContentRoleSettings | None = None
) -> list[ColumnRole | None]:
    """The header's roles completed from the cells: only columns the header left without a role change."""
    settings = settings or ContentRoleSettings()
    width = len(roles)
    columns = [[squash(row[i]) if i < len(row) else "" for row in rows] for i in range(width)]
    if sum(1 for row in rows if any(c.strip() for c in row)) < settings.min_rows:
        return roles
    found = list(roles)
    open_columns = [i for i in range(width) if found[i] is None and any(columns[i])]
    if 0 in open_columns and _share(columns[0], lambda c: bool(_LABEL.match(c))) >= settings.min_share:
        found[0] = "ref"
    for index in open_columns:
        if found[index] is not None:
            continue
        if "deadline" not in found and _share(columns[index], _is_deadline) >= settings.min_share:
            found[index] = "deadline"
        elif _share(columns[index], starts_agency) >= settings.min_share:
            found[index] = "performer" if "performer" not in found and "lead" not in found else "support"
    if "content" not in found:
        lengths = [
            (sum(len(c) for c in column) / max(1, sum(1 for c in column if c)), i)
            for i, column in enumerate(columns)
            if found[i] is None
        ]
        lengths.sort(reverse=True)
        if lengths and (len(lengths) == 1 or lengths[0][0] >= settings.content_ratio * lengths[1][0]):
            found[lengths[0][1]] = "content"
    return found


def names_columns(cells: list[str], roles: list[ColumnRole | None]) -> bool:
    """True when a row is a header the vocabulary did not know: its cells under the agency and deadline
    columns read as neither ("Nơi làm", "Khi nào" above "Sở Tư pháp", "Quý III")."""
    checks = {"performer": starts_agency, "support": starts_agency, "lead": starts_agency, "deadline": _is_deadline}
    tested = [(squash(cells[i]), checks[role]) for i, role in enumerate(roles) if role in checks and i < len(cells)]
    return bool(tested) and all(text and not test(text) for text, test in tested)
