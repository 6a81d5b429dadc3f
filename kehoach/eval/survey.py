"""Gold-free measures of the extractor on a folder of real plans: does every plan read, how many tasks, how
many with a lead and a deadline, how many tables were refused, how long it took.

For plans nobody has annotated (../shared/real_plans), these are the numbers a clerk would look at first:
a plan that assigns agencies but gives most tasks no lead was read wrong somewhere. The lead share counts
only tasks in a part of the plan that assigns agencies — a part (the tasks under one top heading or table
group) where some task names an agency: objectives and general solutions a plan gives nobody ("Chỉ tiêu
1: …" under MỤC TIÊU) cannot miss a lead; they are counted apart, as `unassigned`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, computed_field

from kehoach.eval.folder import EvalError, error_text
from schemas import Plan, Task

REFUSED_TABLE = "table not read"


class PlanSurvey(BaseModel):
    """One plan's gold-free measures; `error` is set (and the counts are zero) when extraction failed."""

    name: str
    pages: int = 0
    tasks: int = 0
    assigned: int = 0
    with_lead: int = 0
    with_deadline: int = 0
    refused_tables: int = 0
    seconds: float = 0.0
    error: str | None = None

    @computed_field
    @property
    def assigns_agencies(self) -> bool:
        """Whether the plan names any agency at all (a plan that assigns nobody cannot miss leads)."""
        return self.assigned > 0

    @computed_field
    @property
    def unassigned(self) -> int:
        """Tasks in parts of the plan that name no agency."""
        return self.tasks - self.assigned

    @computed_field
    @property
    def lead_share(self) -> float | None:
        """Share of the tasks in assigning parts that have a lead."""
        return self.with_lead / self.assigned if self.assigned else None


class SurveyReport(BaseModel):
    """Every plan of a folder and the totals a release is judged by."""

    folder: str
    plans: list[PlanSurvey]

    @computed_field
    @property
    def failures(self) -> int:
        return sum(p.error is not None for p in self.plans)

    @computed_field
    @property
    def lead_share(self) -> float | None:
        """Share of tasks with a lead, over the tasks in parts of plans that assign agencies."""
        total = sum(p.assigned for p in self.plans)
        return sum(p.with_lead for p in self.plans) / total if total else None

    @computed_field
    @property
    def plan_lead_share(self) -> float | None:
        """Share of tasks with a lead over every task of the plans that assign agencies (the coarser measure)."""
        total = sum(p.tasks for p in self.plans if p.assigns_agencies)
        return sum(p.with_lead for p in self.plans) / total if total else None

    @computed_field
    @property
    def deadline_share(self) -> float | None:
        total = sum(p.tasks for p in self.plans)
        return sum(p.with_deadline for p in self.plans) / total if total else None


def _assigned_tasks(tasks: list[Task]) -> int:
    """Tasks in a part (same top heading or table group; none is a part too) in which some task names an agency."""
    parts: dict[str, list[Task]] = {}
    for task in tasks:
        parts.setdefault(task.group[0] if task.group else "", []).append(task)
    return sum(len(part) for part in parts.values() if any(t.lead or t.support for t in part))


def survey_plan(plan: Plan, name: str, seconds: float) -> PlanSurvey:
    """The measures of one extracted plan."""
    return PlanSurvey(
        name=name,
        pages=plan.source.pages or 0,
        tasks=len(plan.tasks),
        assigned=_assigned_tasks(plan.tasks),
        with_lead=sum(bool(t.lead) for t in plan.tasks),
        with_deadline=sum(t.deadline.kind != "none" for t in plan.tasks),
        refused_tables=sum(REFUSED_TABLE in str(w) for w in plan.warnings),
        seconds=round(seconds, 2),
    )


def survey_folder(folder: Path, extract: Callable[[Path], Plan]) -> SurveyReport:
    """Extracts every PDF of the folder; a plan that raises is a failure in the report, never a crash."""
    if not folder.is_dir():
        raise EvalError("not a folder", file=folder)
    pdfs = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() == ".pdf")
    if not pdfs:
        raise EvalError("no PDF in the folder", file=folder)
    plans: list[PlanSurvey] = []
    for pdf in pdfs:
        start = time.perf_counter()
        try:
            plan = extract(pdf)
        except Exception as err:  # one unreadable plan is a failure of the survey, not a crash
            plans.append(PlanSurvey(name=pdf.name, error=error_text(err)))
            continue
        plans.append(survey_plan(plan, pdf.name, time.perf_counter() - start))
    return SurveyReport(folder=str(folder), plans=plans)
