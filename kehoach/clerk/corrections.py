"""Corrections as data: every correction of a document, re-applied in order over each extraction.

`apply_corrections` is pure: given a plan whose tasks carry their keys and the document's
corrections, it returns the corrected plan, each task's status and edit version, and which
corrections found their task (applied) and which did not (orphaned, kept to be reported).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, Field, TypeAdapter

from schemas import Deadline, Document, Plan, Target, Task
from schemas.review import DOCUMENT_FIELDS, Correction, TaskReview, TaskStatus

_NAMES = TypeAdapter(list[str])
_TARGETS = TypeAdapter(list[Target])


class CorrectedPlan(BaseModel):
    """A plan after its corrections, with what the store keeps about them."""

    plan: Plan
    tasks: list[TaskReview]
    document_version: int
    applied: list[int] = Field(default_factory=list)
    orphaned: list[int] = Field(default_factory=list)


def task_value(field: str, value: Any) -> Any:
    """A task correction's JSON value as the Task field takes it (validated: bad values raise)."""
    if field in ("lead", "support"):
        return _NAMES.validate_python(value)
    if field == "deadline":
        return Deadline.model_validate(value)
    if field == "targets":
        return _TARGETS.validate_python(value)
    if field == "content":
        return TypeAdapter(str).validate_python(value)
    if field == "ref":
        return TypeAdapter(str | None).validate_python(value)
    raise ValueError(f"{field} is not a task field that can be set")


def _set_document(document: Document, field: str, value: Any) -> Document:
    """The document with one field set; a new date of issue also clears the year derived from the old one."""
    derived = {"year": None} if field == "issued_on" else {}
    return Document.model_validate({**document.model_dump(), **derived, field: value})


def _insert_by_page(tasks: list[Task], added: Task) -> None:
    """Put a hand-added task after the last task on its page or before it."""
    page = added.page or 0
    at = len(tasks)
    while at > 0 and (tasks[at - 1].page or 0) > page:
        at -= 1
    tasks.insert(at, added)


def apply_corrections(plan: Plan, corrections: Iterable[Correction]) -> CorrectedPlan:
    """Apply corrections (oldest first) to a keyed plan; see the module docstring."""
    tasks = [task.model_copy(deep=True) for task in plan.tasks]
    document = plan.document
    removed: set[str] = set()
    statuses: dict[str, TaskStatus] = {}
    versions: Counter[str] = Counter()
    document_version = 0
    applied: list[int] = []
    orphaned: list[int] = []
    for correction in sorted(corrections, key=lambda c: c.id or 0):
        by_key = {task.key: index for index, task in enumerate(tasks)}
        key = correction.task_key or ""
        ok = True
        if correction.field in DOCUMENT_FIELDS:
            document = _set_document(document, correction.field, correction.new_value)
            document_version += 1
        elif correction.field == "add_task":
            added = Task.model_validate({**correction.new_value, "key": correction.task_key})
            if correction.task_key in by_key:
                tasks[by_key[correction.task_key]] = added
            else:
                _insert_by_page(tasks, added)
        elif key not in by_key:
            ok = False
        elif correction.field == "not_task":
            (removed.add if correction.new_value else removed.discard)(key)
        elif correction.field == "status":
            statuses[key] = TaskStatus.model_validate(correction.new_value)
        else:
            index = by_key[key]
            value = task_value(correction.field, correction.new_value)
            tasks[index] = Task.model_validate({**tasks[index].model_dump(), correction.field: value})
        if correction.task_key is not None and ok:
            versions[correction.task_key] += 1
        if correction.id is not None:
            (applied if ok else orphaned).append(correction.id)
    kept = [task for task in tasks if task.key not in removed]
    reviews = [
        TaskReview(key=task.key, status=statuses.get(task.key, TaskStatus()), version=versions[task.key])
        for task in kept
        if task.key is not None
    ]
    corrected = plan.model_copy(update={"tasks": kept, "document": document})
    return CorrectedPlan(
        plan=corrected, tasks=reviews, document_version=document_version, applied=applied, orphaned=orphaned
    )
