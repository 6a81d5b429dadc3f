"""Stitches per-page table grids into logical tables as the plan printed them.

pdfplumber gives one grid per page: the header is repeated on every page and a row that breaks
at the page bottom goes on at the top of the next page with an empty STT cell. Here repeated
headers are recognised by content and dropped, and continued rows are merged back.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from extractor.layout.model import Box, TableGrid
from extractor.tables.content_roles import ContentRoleSettings, names_columns, roles_by_content
from extractor.tagging.column_roles import ColumnRole, RoleSettings, is_task_table, looks_like_header, map_columns
from extractor.text import LOWER, fold, squash
from schemas import TableStrategy

_COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$|^\(?[a-zđ]\)?$")
_LOWER_START = re.compile(rf"^[\W\d_]*[{LOWER}]")
_REF_TAIL = re.compile(r"^\d+(\.\d+)*\.?$")
_SUB_ITEM = re.compile(r"^\s*[a-zđ]\)")
_NUMBER_OR_LOWER = re.compile(rf"^(?:\d|[{LOWER}])")
_FINISHED = re.compile(r"[.;:!?)]\s*$")


class StitchSettings(BaseModel):
    """How headers are recognised and grids joined."""

    roles: RoleSettings = RoleSettings()
    content: ContentRoleSettings = ContentRoleSettings()
    max_header_rows: int = 3


class LogicalRow(BaseModel):
    """One row of a logical table; `merged[i]` marks a cell covered by a horizontal merge."""

    cells: list[str]
    merged: list[bool]
    page: int
    box: Box
    continued: bool = False
    #: how the row's table was found on its page, and how sure that strategy was (TableGrid)
    strategy: TableStrategy | None = None
    confidence: float | None = None


class LogicalTable(BaseModel):
    """A table over one or more pages with its header, column roles and body rows."""

    header: list[str]
    roles: list[ColumnRole | None]
    rows: list[LogicalRow] = Field(default_factory=list)
    pages: list[int] = Field(default_factory=list)
    #: the roles were read from the cells because the header named none
    roles_by_content: bool = False
    #: the columns map to work plus an assignment (column_roles.is_task_table), set when stitched
    is_task_table: bool = False
    #: how the table was found on its first page, and how sure that strategy was
    strategy: TableStrategy
    confidence: float

    def column(self, role: ColumnRole) -> int | None:
        """Index of the first column with this role."""
        return self.roles.index(role) if role in self.roles else None


def _header_key(cells: list[str | None]) -> str:
    return "|".join(fold(c or "") for c in cells)


def split_header(grid: TableGrid, settings: StitchSettings) -> tuple[list[list[str | None]], int]:
    """The header rows at the top of a grid and how many rows they take (column-number rows included)."""
    count = 0
    for row in grid.rows[: settings.max_header_rows]:
        if looks_like_header(row, settings.roles) or (count and _is_column_numbering(row)):
            count += 1
        else:
            break
    if count and count < len(grid.rows) and _is_column_numbering(grid.rows[count]):
        count += 1
    return grid.rows[:count], count


def _same_columns(rows: list[list[str | None]], table: LogicalTable, settings: StitchSettings) -> bool:
    """Header rows that name the table's own columns again: a repeated header worded a little
    differently ("Nhiệm vụ, giải pháp" above, "Nội dung" below) or a sub-header inside the body."""
    roles = map_columns(combine_header(rows), settings.roles)
    if len(roles) != len(table.roles):
        return False
    pairs = [(mine, theirs) for mine, theirs in zip(roles, table.roles, strict=True) if mine and theirs]
    return len(pairs) >= 2 and all(mine == theirs for mine, theirs in pairs)


def _is_column_numbering(row: list[str | None]) -> bool:
    filled = [c.strip() for c in row if c and c.strip()]
    return len(filled) >= 2 and all(_COLUMN_NUMBERS.match(c) for c in filled)


def combine_header(rows: list[list[str | None]]) -> list[str]:
    """One text per column from stacked header rows; a cell merged to the right inherits its left text."""
    width = max(len(r) for r in rows)
    combined = [""] * width
    for row in rows:
        if _is_column_numbering(row):
            continue
        previous = ""
        for index in range(width):
            cell = row[index] if index < len(row) else None
            text = previous if cell is None else squash(cell)
            if cell is not None:
                previous = text
            if text and text not in combined[index]:
                combined[index] = squash(f"{combined[index]} {text}")
    return combined


def _row(cells: list[str | None], grid: TableGrid, box: Box, width: int) -> LogicalRow:
    padded = list(cells) + [None] * (width - len(cells))
    return LogicalRow(
        cells=[c or "" for c in padded[:width]],
        merged=[c is None for c in padded[:width]],
        page=grid.page,
        box=box,
        strategy=grid.strategy,
        confidence=grid.confidence,
    )


def _continues(row: LogicalRow, previous: LogicalRow, table: LogicalTable) -> bool:
    """Whether a row at the top of a page is the rest of the previous page's last row.

    A continuation has no label of its own and its text goes on mid-sentence (lower-case start),
    or it adds nothing to the columns that would make it a task of its own (agencies, deadline).
    A new unnumbered row, or a sub-row "b) …", starts with a capital or its own item mark.
    """
    ref = table.column("ref")
    texts = [c.strip() for i, c in enumerate(row.cells) if c.strip() and i != ref]
    if ref is not None and row.cells[ref].strip():
        return _ref_goes_on(previous.cells[ref], row.cells[ref]) and any(_LOWER_START.match(t) for t in texts)
    if any(row.merged):
        return False
    if not texts:
        return True
    own = [table.column(r) for r in ("lead", "support", "performer", "deadline")]
    own_filled = any(i is not None and row.cells[i].strip() for i in own)
    previous_texts = [c for i, c in enumerate(previous.cells) if c.strip() and i != ref]
    if len(previous_texts) <= 1 and own_filled:
        # a group row ("MỨC ĐỘ …") is not continued by a row with its own agencies or deadline; a numbered row
        # the page cut before it reached its own columns is
        return _cut_before_its_columns(previous, table)
    if any(_LOWER_START.match(t) and not _SUB_ITEM.match(t) for t in texts):
        return True
    if any(_SUB_ITEM.match(t) for t in texts):
        return False
    if _cut_off(row, previous, table) or _more_agencies(row, previous, table):
        return True
    had = any(i is not None and previous.cells[i].strip() for i in own)
    return had and not own_filled


def _cut_before_its_columns(previous: LogicalRow, table: LogicalTable) -> bool:
    """A numbered row cut by the page after its first words ("5 | Xây dựng kế hoạch triển khai của"): a number
    label and a work text that stops mid-sentence, not an upper-case group title; its own columns are on the next
    page."""
    ref, content = table.column("ref"), table.column("content")
    if ref is None or content is None:
        return False
    label, text = previous.cells[ref].strip(), previous.cells[content].strip()
    return bool(_REF_TAIL.match(label)) and bool(text) and not text.isupper() and not _FINISHED.search(text)


def _cut_off(row: LogicalRow, previous: LogicalRow, table: LogicalTable) -> bool:
    """A text cell of the previous row stops mid-sentence ("… theo Công văn số") and the same cell of
    this row goes on with a number or a lower-case word ("476/VPCP-KSTT ngày …") — or with any word
    when this row has no label and no content of its own. Agency, deadline and number cells carry no
    final stop, so they say nothing."""
    unsentenced = {table.column(r) for r in ("ref", "target", "deadline", "lead", "support")}
    headless = all(i is None or not row.cells[i].strip() for i in (table.column("ref"), table.column("content")))
    return any(
        i not in unsentenced
        and before.strip()
        and after.strip()
        and not _FINISHED.search(before)
        and (headless or _NUMBER_OR_LOWER.match(after.strip()))
        for i, (before, after) in enumerate(zip(previous.cells, row.cells, strict=True))
    )


def _more_agencies(row: LogicalRow, previous: LogicalRow, table: LogicalTable) -> bool:
    """A row with no label and no content that only adds names to the agency cells the previous row
    already fills ("- Các sở, ban, ngành" at the page bottom, "- UBND cấp xã" at the top of the next):
    a sub-row of its own would also have its own result, deadline or target."""
    agency = {table.column(r) for r in ("lead", "support", "performer")} - {None}
    filled = {i for i, cell in enumerate(row.cells) if cell.strip()}
    headless = not ({table.column("ref"), table.column("content")} & filled)
    return headless and bool(filled) and filled <= agency and all(previous.cells[i].strip() for i in filled)


def _ref_goes_on(previous: str, current: str) -> bool:
    """A label a page broke in two: "7.2." at the page bottom, "1" at the top of the next ("7.2.1")."""
    head, tail = previous.strip(), current.strip()
    return head.endswith(".") and bool(_REF_TAIL.match(head.rstrip("."))) and bool(_REF_TAIL.match(tail))


def _merge(previous: LogicalRow, row: LogicalRow) -> LogicalRow:
    cells = [
        f"{a}\n{b}" if a.strip() and b.strip() else (a or b) for a, b in zip(previous.cells, row.cells, strict=True)
    ]
    return previous.model_copy(update={"cells": cells, "continued": True})


def stitch_tables(grids: list[TableGrid], settings: StitchSettings | None = None) -> list[LogicalTable]:
    """Join page grids into logical tables: drop repeated headers, merge rows broken by a page."""
    settings = settings or StitchSettings()
    tables: list[LogicalTable] = []
    header_keys: list[set[str]] = []
    last_page_of_table = -1
    for position, grid in enumerate(grids):
        header_rows, skip = split_header(grid, settings)
        first_on_page = position == 0 or grids[position - 1].page != grid.page
        width = max(len(r) for r in grid.rows)
        current = tables[-1] if tables else None
        keys = {_header_key(r) for r in header_rows}
        repeated = (
            bool(header_rows)
            and current is not None
            and (keys <= header_keys[-1] or _same_columns(header_rows, current, settings))
        )
        same_shape = current is not None and len(current.roles) == width
        continuing = (
            current is not None
            and same_shape
            and first_on_page
            and grid.page == last_page_of_table + 1
            and (repeated or not header_rows)
        )
        if not continuing:
            header = combine_header(header_rows) if header_rows else [""] * width
            current = LogicalTable(
                header=header,
                roles=map_columns(header, settings.roles),
                strategy=grid.strategy,
                confidence=grid.confidence,
            )
            tables.append(current)
            header_keys.append(keys)
        assert current is not None
        body = grid.rows[skip:]
        boxes = grid.row_boxes[skip:]
        for index, (cells, box) in enumerate(zip(body, boxes, strict=False)):
            if looks_like_header(cells, settings.roles) and _same_columns([cells], current, settings):
                continue  # the header repeated inside the body, under a group row
            row = _row(cells, grid, box, len(current.roles))
            if continuing and index == 0 and current.rows and _continues(row, current.rows[-1], current):
                current.rows[-1] = _merge(current.rows[-1], row)
                continue
            current.rows.append(row)
        if grid.page not in current.pages:
            current.pages.append(grid.page)
        last_page_of_table = grid.page
    for table in tables:
        table.is_task_table = is_task_table(table.roles, settings.roles)
        if not table.is_task_table:
            guessed = roles_by_content([row.cells for row in table.rows], table.roles, settings.content)
            if is_task_table(guessed, settings.roles):
                table.roles, table.roles_by_content, table.is_task_table = guessed, True, True
                if not any(table.header) and names_columns(table.rows[0].cells, guessed):
                    table.header, table.rows = table.rows[0].cells, table.rows[1:]
    return tables
