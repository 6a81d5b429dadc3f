"""Labelled list items: a task written as a table row set out vertically.

Plans give an item's fields by labelled lines inside or after it — "a) Nhiệm vụ: … b) Cơ quan thực
hiện: - Đơn vị chủ trì: … - Đơn vị phối hợp: … c) Thời gian thực hiện: …", "- work … / Đơn vị chủ trì
thực hiện: … / Thời gian thực hiện: …", or inline "… Cơ quan chủ trì: Sở X; phối hợp: Sở Y." Each label
is mapped to a field role with the column-header vocabulary (extractor.tagging.column_roles), so a
labelled item fills the same record (RowCells) a table row does. An item with several labelled blocks
(work, then its labels, then more work and its labels) gives one record per block.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from extractor.document.sections import Section, heading_title
from extractor.layout.model import Box
from extractor.tables.rows import RowCells
from extractor.tagging.column_roles import ColumnRole, RoleSettings, header_role
from extractor.text import fold

#: roles a labelled line can give (a "Đơn vị tính:" or "TT:" line is not a task field)
FIELD_ROLES: frozenset[ColumnRole] = frozenset(
    {"content", "criterion", "lead", "support", "performer", "deadline", "output", "note", "funding"}
)
#: roles that make an item a labelled task (a lone "Nhiệm vụ:" label does not)
_ASSIGNING_ROLES: frozenset[ColumnRole] = frozenset({"lead", "support", "performer", "deadline", "output"})
# The words before a colon, back to the start of the line or of a clause ("; phối hợp: …").
_LABEL_BEFORE = re.compile(r"(?:^|(?<=^[-+•*] )|(?<=[.;])\s+)(?P<label>[^\W\d_][^.;:()\d]*?)\s*$")
_MARKER = re.compile(r"^\s*[-+•*]\s+")


class LabelSettings(BaseModel):
    """How many syllables a label may have at the start of a line and inside running text."""

    max_line_label_words: int = 10
    max_inline_label_words: int = 6
    #: words a label never has: a plural names the objects of a sentence ("Chủ trì triển khai các nhiệm vụ:")
    not_in_label: frozenset[str] = frozenset({"cac", "nhung", "moi"})
    roles: RoleSettings = RoleSettings()


class Field(BaseModel):
    """One labelled field of a line: its role and the text after the label (may be empty)."""

    role: ColumnRole
    value: str


class Line(BaseModel):
    """One line of an item as printed: its list marker, its text, where it is."""

    text: str
    marker: str | None = None
    page: int
    box: Box


class Record(BaseModel):
    """One labelled block of an item: the fields of a table row, and where its work starts."""

    cells: RowCells
    page: int
    box: Box


def _label_role(label: str, inline: bool, settings: LabelSettings) -> ColumnRole | None:
    words = label.split()
    limit = settings.max_inline_label_words if inline else settings.max_line_label_words
    if not words or len(words) > limit or settings.not_in_label & set(fold(label).split()):
        return None
    role = header_role(label, settings.roles)
    if role not in FIELD_ROLES or (inline and role == "content"):
        return None
    return role


def split_labels(text: str, settings: LabelSettings | None = None) -> tuple[str, list[Field]]:
    """The text before its first label, and each labelled field after it, in order.

    A label is a short phrase the column vocabulary gives a field role, ending in ":", at the start of
    the text or of a clause ("…; phối hợp: …"); a content label ("Nhiệm vụ:") only opens a line.
    """
    settings = settings or LabelSettings()
    marker = _MARKER.match(text)
    line_start = marker.end() if marker else 0
    cuts: list[tuple[int, int, ColumnRole]] = []
    for colon in re.finditer(":", text):
        found = _LABEL_BEFORE.search(text, cuts[-1][1] if cuts else line_start, colon.start())
        if found is None:
            continue
        role = _label_role(found["label"], found.start("label") != line_start, settings)
        if role is not None:
            cuts.append((found.start("label"), colon.end(), role))
    if not cuts:
        return text.strip(), []
    fields = [
        Field(role=role, value=text[value_at : cuts[i + 1][0] if i + 1 < len(cuts) else len(text)].strip(" ;,"))
        for i, (_, value_at, role) in enumerate(cuts)
    ]
    return text[: cuts[0][0]].strip(), fields


def is_field_line(text: str, settings: LabelSettings | None = None) -> bool:
    """True when a line is only labelled fields other than the work ("Thời gian thực hiện: Quý IV")."""
    before, fields = split_labels(text, settings)
    return not before and bool(fields) and all(field.role != "content" for field in fields)


class _Block(BaseModel):
    content: list[Line] = []
    fields: dict[str, list[str]] = {}
    open_role: ColumnRole | None = None

    def assigned(self) -> bool:
        return any(role in _ASSIGNING_ROLES for role in self.fields)


def _blocks(lines: list[Line], settings: LabelSettings) -> list[_Block]:
    """Lines grouped into blocks: work lines, then the labelled lines that give its fields. A label
    with nothing after it ("Cơ quan thực hiện:", "Nhiệm vụ:") takes the unlabelled lines under it."""
    blocks = [_Block()]
    for line in lines:
        before, fields = split_labels(line.text, settings)
        block = blocks[-1]
        if before:
            if block.open_role not in (None, "content"):
                block.fields[block.open_role].append(before)
            else:
                if block.fields and block.open_role is None:
                    block = _Block()
                    blocks.append(block)
                block.content.append(line.model_copy(update={"text": before}))
        for field in fields:
            if field.role == "content":
                if any(role != "content" for role in block.fields):
                    block = _Block()
                    blocks.append(block)
                block.fields.setdefault("content", [])
                if field.value:
                    block.content.append(line.model_copy(update={"text": field.value, "marker": None}))
            else:
                block.fields.setdefault(field.role, []).extend([field.value] if field.value else [])
            block.open_role = None if field.value else field.role
    return [block for block in blocks if block.content or block.fields]


def _item_lines(section: Section, children: list[Section]) -> list[Line] | None:
    """The item's paragraphs and, when every child opens with a label ("a) Nhiệm vụ:", "b) Cơ quan thực
    hiện:"), the children's texts and paragraphs; None when a child is an item of its own."""
    lines = [Line(text=p.text, marker=p.marker, page=p.page, box=p.box) for p in section.paragraphs]
    for child in children:
        if not split_labels(child.text)[1] or split_labels(child.text)[0]:
            return None
        lines.append(Line(text=child.text, page=child.page, box=child.box))
        lines += [Line(text=p.text, marker=p.marker, page=p.page, box=p.box) for p in child.paragraphs]
    return lines


def _content(lines: list[Line]) -> str:
    """Work lines as one text: one line as it is, several with their list markers ("- A. - B.")."""
    if len(lines) == 1:
        return lines[0].text
    return " ".join(f"{line.marker} {line.text}" if line.marker else line.text for line in lines)


def _cells(block: _Block) -> RowCells:
    values = {role: "\n".join(texts) for role, texts in block.fields.items() if role != "content"}
    values = {role: text.strip().rstrip(" .;") for role, text in values.items()}
    return RowCells(content=_content(block.content), **values)


def labelled_records(
    section: Section, children: list[Section], settings: LabelSettings | None = None
) -> list[Record] | None:
    """The records of an item given by labelled lines, one per labelled block; None when the item
    has no label that assigns it (an agency, a deadline or a product)."""
    settings = settings or LabelSettings()
    lines = _item_lines(section, children)
    if lines is None:
        return None
    own_before, own_fields = split_labels(section.text, settings)
    head = Line(text=section.text, page=section.page, box=section.box)
    if own_fields:
        lines = [head, *lines]
    blocks = _blocks(lines, settings)
    if not any(block.assigned() for block in blocks):
        return None
    if not own_fields and not blocks[0].content and own_before:
        blocks[0].content = [head.model_copy(update={"text": own_before})]
    records = []
    for block in blocks:
        if not block.content:
            continue
        first = block.content[0]
        records.append(Record(cells=_cells(block), page=first.page, box=first.box))
    return records


def item_title(section: Section) -> str:
    """The title a multi-block item gives its blocks' group."""
    return heading_title(section.text)
