"""Turns a logical table's rows into task rows with their group chain and reference.

Group rows ("A", "I.", "Năm 2022", "CẢI CÁCH THỂ CHẾ") span the table and head the rows under
them; numbered rows nest by their numbering (1 → 1.3 → 1.3.1); a numbered row that is split
into sub-rows with their own result, agency or deadline gives tasks N.a, N.b.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from extractor.layout.model import Box
from extractor.tables.stitch import LogicalRow, LogicalTable
from extractor.tagging.column_roles import ColumnRole
from extractor.text import clean, mend_breaks
from schemas import TableStrategy

_ROMAN = re.compile(r"^(?=[IVXL])L?X{0,3}(IX|IV|V?I{0,3})$")
_NUMERIC = re.compile(r"^\d+(\.\d+)*$")
_UPPER_LETTER = re.compile(r"^[A-ZĐ]$")
_LOWER_LETTER = re.compile(r"^[a-zđ]$")
_SUB_LABEL = re.compile(r"^\s*([a-zđ])\)")
_TERMINAL = re.compile(r"[.;:!?]$")
_INNER_LABEL = re.compile(r"^((?:[IVXLC]+|[A-ZĐ]|\d+(?:\.\d+)*)[.)])\s+(?=\S)")

#: columns whose text makes a row a task of its own rather than a heading
ASSIGNING: tuple[ColumnRole, ...] = ("lead", "support", "performer", "deadline", "output", "target", "note")


class RowsSettings(BaseModel):
    """Limits for recognising unnumbered group rows."""

    max_group_words: int = 20


class RowCells(BaseModel):
    """A row's text per column role (whitespace kept, so list dashes and lines survive)."""

    ref: str = ""
    content: str = ""
    criterion: str = ""
    lead: str = ""
    support: str = ""
    performer: str = ""
    deadline: str = ""
    output: str = ""
    note: str = ""
    target: str = ""
    unit: str = ""
    funding: str = ""

    def assigning(self) -> bool:
        """True when any column that gives a row work of its own has text."""
        return any(getattr(self, role).strip() for role in ASSIGNING)


class TableItem(BaseModel):
    """A task row of a table with its reference, group chain and provenance."""

    ref: str | None
    group: list[str] = Field(default_factory=list)
    cells: RowCells
    page: int
    box: Box
    target_header: str = ""
    #: how the item's table was found and how sure that was (None for a labelled list item)
    strategy: TableStrategy | None = None
    confidence: float | None = None


class _Parent(BaseModel):
    """The last numbered task row, which sub-rows below it belong to."""

    item: TableItem
    base: str
    letter: str | None = None


class _Level(BaseModel):
    rank: float
    title: str
    label: str | None


def label_rank(label: str | None) -> float | None:
    """Nesting rank of a row label: letters A > roman I > 1 > 1.1 > a; None when unlabelled."""
    if not label:
        return None
    if _ROMAN.match(label):
        return 1.0
    if _UPPER_LETTER.match(label):
        return 0.0
    if _NUMERIC.match(label):
        return 2.0 + label.count(".")
    if _LOWER_LETTER.match(label):
        return 9.0
    return 8.0


def _label(text: str) -> str | None:
    """A row label without its trailing dot; a label wrapped in a narrow column ("1.3.\n1") is rejoined."""
    value = (clean(text) or "").rstrip(".")
    compact = re.sub(r"\s+", "", value)
    if label_rank(compact) not in (None, 8.0):
        return compact
    return value or None


def _cells(row: LogicalRow, table: LogicalTable) -> RowCells:
    values: dict[str, str] = {}
    for index, role in enumerate(table.roles):
        if role and role not in values and row.cells[index].strip():
            values[role] = mend_breaks(row.cells[index])
    return RowCells(**values)


def _title(row: LogicalRow, table: LogicalTable) -> str:
    ref = table.column("ref")
    texts = [clean(c) for i, c in enumerate(row.cells) if i != ref and c.strip()]
    return next((t for t in texts if t), "")


def _is_group(
    row: LogicalRow,
    cells: RowCells,
    label: str | None,
    next_label: str | None,
    table: LogicalTable,
    settings: RowsSettings,
) -> bool:
    title = _title(row, table)
    if not title:
        return False
    ref = table.column("ref")
    if any(m for i, m in enumerate(row.merged) if i != ref) and not cells.assigning():
        return True
    if cells.assigning():
        return False
    if label and next_label and next_label.startswith(label + "."):
        return True
    rank = label_rank(label)
    if rank is not None and rank < 2.0:
        return True
    words = len(title.split())
    if title.isupper() and words <= settings.max_group_words * 2:
        return True
    return label is None and words <= settings.max_group_words and not _TERMINAL.search(title)


def _group_heading(label: str | None, title: str) -> tuple[str | None, str]:
    """A group row with an empty label cell may print its label in the title ("I. Kinh tế số"):
    the label gives its rank, the title is the rest (groups are recorded without labels)."""
    match = _INNER_LABEL.match(title) if label is None else None
    if match is None:
        return label, title
    return match.group(1)[:-1], title[match.end() :]


def _sub_label(cells: RowCells) -> str | None:
    for text in (cells.output, cells.content, cells.performer, cells.lead, cells.target, cells.note):
        match = _SUB_LABEL.match(text)
        if match:
            return match.group(1)
    return None


def _next_letter(letter: str) -> str:
    alphabet = "abcdđeghiklmnopqrstuvxy"
    index = alphabet.find(letter)
    return alphabet[index + 1] if 0 <= index < len(alphabet) - 1 else letter + "'"


def table_items(table: LogicalTable, settings: RowsSettings | None = None) -> list[TableItem]:
    """The task rows of a logical table, in order, with refs and group chains resolved."""
    settings = settings or RowsSettings()
    ref_col = table.column("ref")
    target_col = table.column("target")
    target_header = table.header[target_col] if target_col is not None else ""
    labels = [_label(r.cells[ref_col]) if ref_col is not None else None for r in table.rows]
    stack: list[_Level] = []
    items: list[TableItem] = []
    parent: _Parent | None = None
    for position, row in enumerate(table.rows):
        cells = _cells(row, table)
        label = labels[position]
        next_label = labels[position + 1] if position + 1 < len(labels) else None
        if _is_group(row, cells, label, next_label, table, settings):
            label, title = _group_heading(label, _title(row, table))
            rank = label_rank(label)
            if rank is None:
                unlabelled = [lv.rank for lv in stack if lv.label is None]
                rank = unlabelled[-1] if unlabelled else 1.5
            stack = [lv for lv in stack if lv.rank < rank]
            stack.append(_Level(rank=rank, title=title, label=label))
            parent = None
            continue
        if not label and not cells.content.strip() and parent is not None:
            items.append(_sub_row(parent, cells, row))
            continue
        rank = label_rank(label)
        if rank is not None:
            stack = [lv for lv in stack if lv.rank < rank]
        item = TableItem(
            ref=label,
            group=[lv.title for lv in stack],
            cells=cells,
            page=row.page,
            box=row.box,
            target_header=target_header,
            strategy=row.strategy,
            confidence=row.confidence,
        )
        items.append(item)
        parent = _Parent(item=item, base=label) if label else None
        if rank is not None:
            stack.append(_Level(rank=rank, title=clean(cells.criterion) or clean(cells.content) or "", label=label))
    return items


def _sub_row(parent: _Parent, cells: RowCells, row: LogicalRow) -> TableItem:
    """A sub-row of a numbered row: its own cells, the parent's where it has none; ref N.x."""
    if parent.letter is None:
        parent.letter = _sub_label(parent.item.cells) or "a"
        parent.item.ref = f"{parent.base}.{parent.letter}"
    parent.letter = _sub_label(cells) or _next_letter(parent.letter)
    own = {role: text for role, text in cells.model_dump().items() if text.strip()}
    return TableItem(
        ref=f"{parent.base}.{parent.letter}",
        group=list(parent.item.group),
        cells=parent.item.cells.model_copy(update=own),
        page=row.page,
        box=row.box,
        target_header=parent.item.target_header,
        strategy=row.strategy,
        confidence=row.confidence,
    )
