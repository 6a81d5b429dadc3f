"""Turns table task rows into contract Tasks by tagging their cells (agencies, deadline, targets)."""

from __future__ import annotations

from pydantic import BaseModel

from extractor.tables.agency_cells import complete_cell
from extractor.tables.rows import TableItem
from extractor.tagging.assignment import AssignSettings, assign, subject_lead
from extractor.tagging.deadlines import DeadlineSettings, find_deadline, parse_deadline
from extractor.tagging.targets import TargetSettings, column_target, find_quantities, find_targets
from extractor.text import fold, join_lines
from schemas import Deadline, Provenance, Role, Target, Task
from schemas.plan import Origin


class TableTaskSettings(BaseModel):
    """How table rows are tagged: whether a deadline may be read from the content when the row's
    deadline cell is empty; how each kind of agency column is read ("Đơn vị thực hiện" cells name
    agencies with role words, "chủ trì" / "phối hợp" columns name the role themselves); the deadline
    and target vocabularies."""

    deadline_from_content: bool = True
    performer_cells: AssignSettings = AssignSettings()
    lead_cells: AssignSettings = AssignSettings(role_column=True, weak_is_lead=True)
    support_cells: AssignSettings = AssignSettings(role_column=True)
    deadlines: DeadlineSettings = DeadlineSettings()
    targets: TargetSettings = TargetSettings()


def _percent_column(item: TableItem) -> bool:
    return "%" in item.target_header or fold(item.cells.unit).strip(" ()") == "%"


def item_task(
    item: TableItem, plan_year: int | None, settings: TableTaskSettings | None = None, origin: Origin = "table"
) -> Task:
    """One Task from one record of role-labelled fields — a table row, or a labelled list item written
    as one (origin "text"): printed cells kept, agencies/deadline/targets tagged."""
    settings = settings or TableTaskSettings()
    cells = item.cells
    content = join_lines(cells.content) or join_lines(cells.criterion) or ""
    criterion = join_lines(cells.criterion) if cells.content.strip() else None
    lead: list[str] = []
    support: list[str] = []
    columns: tuple[tuple[str, Role, AssignSettings], ...] = (
        (cells.performer, "lead", settings.performer_cells),
        (cells.lead, "lead", settings.lead_cells),
        (cells.support, "support", settings.support_cells),
    )
    for text, role, assign_settings in columns:
        if text.strip():
            found = complete_cell(text, assign(text, default_role=role, settings=assign_settings), role)
            lead += [name for name in found.lead if name not in lead]
            support += [name for name in found.support if name not in support]
    if not lead and not support:
        found = subject_lead(content)
        lead = found.lead
    deadline_text = join_lines(cells.deadline)
    if deadline_text:
        deadline = parse_deadline(deadline_text, plan_year, settings.deadlines)
    elif settings.deadline_from_content:
        deadline = find_deadline(content, plan_year, settings.deadlines)
    else:
        deadline = Deadline()
    vocab = settings.targets
    targets: list[Target] = find_targets(content, plan_year, vocab) + find_targets(cells.output, plan_year, vocab)
    if cells.target.strip():
        targets += column_target(cells.target, _percent_column(item), plan_year, vocab)
    return Task(
        ref=item.ref,
        group=item.group,
        origin=origin,
        content=content,
        lead=lead,
        support=support,
        deadline=deadline,
        targets=targets,
        output=join_lines(cells.output),
        note=join_lines(cells.note),
        page=item.page,
        criterion=criterion,
        quantities=find_quantities(content, plan_year, vocab),
        bbox=item.box,
        provenance=Provenance(table_strategy=item.strategy, table_confidence=item.confidence),
    )
