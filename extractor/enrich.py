"""The enrich step: every value the store derives from a Plan, computed once, here.

Canonical agency names, kinds and current names (from the printed names and the plan's province, so a
gold plan and an extracted plan name a body alike; current names through the 2025 lineage), the plan's
year, and each target's indicator and year.
Pure and idempotent: `enrich_plan` of an enriched plan changes nothing, so gold plans go through
it too before they are stored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractor.tagging.agencies import agency_kind
from extractor.tagging.assignment import assignment_clause
from extractor.tagging.canonical import canonical_agency
from extractor.tagging.lineage import current_agency, now_named
from extractor.text import squash
from schemas import AgencyRef, Document, Plan, Target, Task

INDICATOR_CHARS = 200
YEAR = re.compile(r"\b(20\d\d)\b")
_CLAUSE_END = re.compile(r";|\.\s|\s[-–+•]\s")


def document_year(document: Document) -> int | None:
    """The year a plan is for as its document says: the issue date, else the last year in its title."""
    if document.issued_on:
        return document.issued_on.year
    found = YEAR.findall(document.title or "")
    return int(found[-1]) if found else None


def _short(text: str) -> str:
    text = squash(text).strip(" .;,:-–")
    if len(text) <= INDICATOR_CHARS:
        return text
    return text[:INDICATOR_CHARS].rsplit(" ", 1)[0] + "…"


def _work(task: Task) -> str:
    """The task's content without a trailing "(Giao …)" assignment clause."""
    text = task.content
    clause = assignment_clause(text)
    if clause and (start := text.rfind("(", 0, text.find(clause))) > 0:
        text = text[:start]
    return text


def target_indicators(task: Task, targets: Sequence[Target]) -> list[str]:
    """Each target's indicator: the clause of the content (between ";", sentence ends and list dashes)
    that prints the target, else the whole work cut short (a target printed in its own column)."""
    if not targets:
        return []
    content = _work(task)
    cuts = [0, *(m.start() for m in _CLAUSE_END.finditer(content)), len(content)]
    found: list[str] = []
    cursor = 0
    for target in targets:
        at = content.find(target.text, cursor)
        if at < 0:
            found.append(_short(content))
            continue
        cursor = at + len(target.text)
        start = max(c for c in cuts if c <= at)
        end = min(c for c in cuts if c >= cursor)
        found.append(_short(content[start:end]))
    return found


def target_year(task: Task, plan_year: int | None) -> int | None:
    """The year a task's targets are due: its deadline, else a year in its groups, else the plan's year."""
    if task.deadline.due:
        return task.deadline.due.year
    for group in reversed(task.group):
        if found := YEAR.findall(group):
            return int(found[-1])
    return plan_year


def _measured(task: Task, targets: list[Target], year: int | None) -> list[Target]:
    return [
        target.model_copy(update={"indicator": indicator, "year": year})
        for target, indicator in zip(targets, target_indicators(task, targets), strict=True)
    ]


def current_name(printed: str, canonical: str, province: str | None) -> str:
    """What the body is called now: the plan's own "(nay là B)" if printed, followed through the lineage."""
    successor = now_named(printed)[1]
    return current_agency(canonical_agency(successor, province) if successor else canonical).name


def task_agencies(task: Task, province: str | None) -> list[AgencyRef]:
    """Every lead and support name of a task with its canonical name, kind and current name, lead first."""
    refs = []
    for role, name in task.assigned():
        canonical = canonical_agency(name, province)
        current = current_name(name, canonical, province)
        refs.append(AgencyRef(printed=name, canonical=canonical, kind=agency_kind(name), role=role, current=current))
    return refs


def enrich_task(task: Task, province: str | None, plan_year: int | None) -> Task:
    """A task with its agencies' canonical names and its targets' indicators and years filled in."""
    year = target_year(task, plan_year)
    return task.model_copy(
        update={
            "agencies": task_agencies(task, province),
            "targets": _measured(task, task.targets, year),
            "quantities": _measured(task, task.quantities, year),
        }
    )


def enrich_plan(plan: Plan) -> Plan:
    """The plan with every derived value the store needs; a year already set on the document is kept."""
    document = plan.document
    year = document.year if document.year is not None else document_year(document)
    return plan.model_copy(
        update={
            "document": document.model_copy(update={"year": year}),
            "tasks": [enrich_task(task, document.province, year) for task in plan.tasks],
        }
    )
