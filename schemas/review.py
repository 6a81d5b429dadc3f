"""Models of the clerk's review: corrections made by hand, task status, and flags raised for a look.

They cross the boundary between the clerk's loop (kehoach.clerk), which computes them, and the
store, which keeps them; the store imports them from here so it never needs the clerk's code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

TASK_FIELDS = ("lead", "support", "deadline", "targets", "content", "ref", "status", "not_task", "add_task")
DOCUMENT_FIELDS = ("doc_type", "number", "issuer", "province", "issued_on", "title", "signer")
CorrectionField = Literal[
    "lead",
    "support",
    "deadline",
    "targets",
    "content",
    "ref",
    "status",
    "not_task",
    "add_task",
    "doc_type",
    "number",
    "issuer",
    "province",
    "issued_on",
    "title",
    "signer",
]
CorrectionState = Literal["applied", "orphaned"]
TaskState = Literal["open", "done", "cancelled"]
ReviewStatus = Literal["pending", "approved"]
FlagCode = Literal[
    "no_lead",
    "unknown_agency",
    "deadline_unparsed",
    "abolished_agency",
    "renamed_agency",
    "bad_number",
    "no_number",
    "no_date",
    "future_date",
    "unknown_issuer",
    "refused_table",
    "low_text_page",
    "duplicate_document",
    "orphaned_correction",
]


class Correction(BaseModel):
    """One edit by a person: `field` of the task `task_key` (or of the document when None) set to `new_value`.

    Values are JSON: a list of names for lead/support, a Deadline for deadline, a list of Targets,
    a TaskStatus for status, true for not_task, a Task for add_task, a string or date for document fields."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    doc_key: str
    task_key: str | None = None
    field: CorrectionField
    old_value: Any = None
    new_value: Any = None
    author: str
    reason: str | None = None
    created_at: dt.datetime | None = None
    state: CorrectionState = "applied"


class TaskStatus(BaseModel):
    """Where a task stands by hand: open (the default), done or cancelled, with the day it changed."""

    state: TaskState = "open"
    on: dt.date | None = None


class Flag(BaseModel):
    """A reason to look at a document (task_key None) or one of its tasks; `detail` names what was seen."""

    model_config = ConfigDict(frozen=True)

    code: FlagCode
    task_key: str | None = None
    detail: str = ""


class Overlap(BaseModel):
    """A stored current document sharing tasks (equal folded content) with a plan being checked."""

    document_id: int
    label: str
    shared: int


class TaskReview(BaseModel):
    """A stored task's review state: its status and how many corrections touch it (its edit version)."""

    key: str
    status: TaskStatus = Field(default_factory=TaskStatus)
    version: int = 0


class ReviewedPlan(BaseModel):
    """What the store keeps beside a plan's rows: the extraction before corrections, keys, state and flags."""

    doc_key: str
    extracted: dict[str, Any]
    tasks: list[TaskReview] = Field(default_factory=list)
    document_version: int = 0
    flags: list[Flag] = Field(default_factory=list)
    applied: list[int] = Field(default_factory=list)
    orphaned: list[int] = Field(default_factory=list)
