"""The `kehoach eval` command: score the extractor on a folder of PDFs with gold files beside them.

Registered on the main group by kehoach.cli (`main.add_command(eval_command)`); the extractor is imported
inside the command so this module imports without it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from kehoach.evaluate import Accuracy, DocumentScore, EvalReport, EvalSettings, Mismatch, Scores, TaskBrief
from kehoach.render import cut, render_table
from kehoach.survey import SurveyReport, survey_folder
from schemas import Plan

_BRIEF_WIDTH = 80
_HEADERS = [
    "document",
    "gold",
    "pred",
    "match",
    "P",
    "R",
    "F1",
    "fact F1",
    "lead F1",
    "supp F1",
    "kind",
    "due",
    "targets",
    "doc",
    "status",
]
_WIDTHS = [34, 4, 4, 5, 5, 5, 5, 7, 7, 7, 5, 5, 7, 5, 6]


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _row(label: str, scores: Scores, status: str = "") -> list[str]:
    tasks, fields = scores.tasks, scores.fields
    return [
        label,
        str(tasks.gold),
        str(tasks.predicted),
        str(tasks.gold_matched),
        _num(tasks.precision),
        _num(tasks.recall),
        _num(tasks.f1),
        _num(scores.facts.f1),
        _num(fields.lead.items.f1),
        _num(fields.support.items.f1),
        _num(fields.deadline_kind.accuracy),
        _num(fields.deadline_due.accuracy),
        _num(fields.targets.accuracy),
        _num(scores.document.accuracy),
        status,
    ]


def _origin_table(scores: Scores) -> str:
    rows = [
        [origin, str(counts.gold), str(counts.predicted), _num(counts.precision), _num(counts.recall), _num(counts.f1)]
        for origin, counts in (("table", scores.by_origin.table), ("text", scores.by_origin.text))
    ]
    return render_table(["origin", "gold", "pred", "P", "R", "F1"], rows, [8, 4, 4, 5, 5, 5])


def _fields_table(scores: Scores) -> str:
    fields = scores.fields
    rows = [
        [name, _num(score.exact.accuracy), _num(score.items.precision), _num(score.items.recall), _num(score.items.f1)]
        for name, score in (("lead", fields.lead), ("support", fields.support))
    ]
    accuracies: list[tuple[str, Accuracy]] = [
        ("deadline kind", fields.deadline_kind),
        ("deadline due", fields.deadline_due),
        ("targets", fields.targets),
        ("ref", fields.ref),
        ("output", fields.output),
        ("note", fields.note),
        ("group", fields.group),
        ("origin", fields.origin),
    ]
    rows += [[name, _num(acc.accuracy), "", "", ""] for name, acc in accuracies]
    return render_table(["matched-task field", "exact", "item P", "item R", "item F1"], rows, [18, 5, 6, 6, 7])


def _document_line(scores: Scores) -> str:
    document = scores.document
    parts = [
        f"{name} {acc.correct}/{acc.total}"
        for name in type(document).model_fields
        if (acc := getattr(document, name)).total
    ]
    return "document fields: " + ", ".join(parts)


def render_report(report: EvalReport) -> str:
    """The report as tables: one row per document and the TOTAL row, then totals by origin and by field."""
    rows = [_row(doc.name, doc.scores, "ok" if doc.error is None else "FAILED") for doc in report.documents]
    total = report.total
    lines = [
        render_table(_HEADERS, [*rows, _row("TOTAL", total)], _WIDTHS),
        "",
        _origin_table(total),
        "",
        _fields_table(total),
        "",
        _document_line(total),
    ]
    lines += [f"failed: {doc.name}: {doc.error}" for doc in report.documents if doc.error]
    lines += [f"skipped: {skip.file}: {skip.reason}" for skip in report.skipped]
    return "\n".join(lines)


def _where(task: TaskBrief) -> str:
    parts = (task.ref and f"#{task.ref}", task.origin, task.page and f"p{task.page}")
    return "[" + " ".join(part for part in parts if part) + "]"


def _brief_line(task: TaskBrief) -> str:
    return f"  {_where(task)} {cut(task.content, _BRIEF_WIDTH)}"


def _mismatch_lines(mismatch: Mismatch) -> list[str]:
    task = mismatch.task
    head = "[document]" if task is None else f"{_where(task)} {cut(task.content, 50)}"
    return [
        f"  {head}: {mismatch.field}",
        f"      gold:      {mismatch.gold}",
        f"      predicted: {mismatch.predicted}",
    ]


def render_details(document: DocumentScore) -> str:
    """Missed and spurious tasks and field mismatches of one document: what to fix in the extractor."""
    lines = [f"== {document.name}"]
    if document.error:
        lines.append(f"extraction failed: {document.error}")
    lines.append(f"missed ({len(document.missed)}):")
    lines += [_brief_line(task) for task in document.missed]
    lines.append(f"spurious ({len(document.spurious)}):")
    lines += [_brief_line(task) for task in document.spurious]
    lines.append(f"mismatches ({len(document.mismatches)}):")
    lines += [line for mismatch in document.mismatches for line in _mismatch_lines(mismatch)]
    return "\n".join(lines)


def _floor_failures(report: EvalReport, floors: dict[str, float | None], plan_fact_floor: float | None) -> list[str]:
    total = report.total
    measured = {
        "task precision": total.tasks.precision,
        "task recall": total.tasks.recall,
        "task F1": total.tasks.f1,
        "fact F1": total.facts.f1,
        "lead item F1": total.fields.lead.items.f1,
        "support item F1": total.fields.support.items.f1,
    }
    failures = [
        f"{name} {measured[name]:.3f} is below the floor {floor:.3f}"
        for name, floor in floors.items()
        if floor is not None and measured[name] < floor
    ]
    if plan_fact_floor is not None:
        failures += [
            f"{doc.name}: fact F1 {doc.scores.facts.f1:.3f} is below the floor {plan_fact_floor:.3f}"
            for doc in report.documents
            if doc.scores.facts.f1 < plan_fact_floor
        ]
    return failures


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def render_survey(report: SurveyReport) -> str:
    """The gold-free survey as a table: one row per plan and a TOTAL row."""
    rows = [
        [
            plan.name,
            str(plan.pages),
            str(plan.tasks),
            _share(plan.with_lead / plan.tasks if plan.tasks else None),
            _share(plan.with_deadline / plan.tasks if plan.tasks else None),
            str(plan.refused_tables),
            f"{plan.seconds:.1f}",
            "ok" if plan.error is None else "FAILED",
        ]
        for plan in report.plans
    ]
    rows.append(
        [
            "TOTAL",
            str(sum(p.pages for p in report.plans)),
            str(sum(p.tasks for p in report.plans)),
            _share(report.lead_share),
            _share(report.deadline_share),
            str(sum(p.refused_tables for p in report.plans)),
            f"{sum(p.seconds for p in report.plans):.1f}",
            f"{report.failures} failed",
        ]
    )
    headers = ["plan", "pages", "tasks", "lead", "deadline", "refused", "seconds", "status"]
    lines = [render_table(headers, rows, [34, 5, 5, 5, 8, 7, 7, 8])]
    lines.append("lead: share of tasks with a lead (TOTAL: over plans that assign any agency)")
    lines += [f"failed: {plan.name}: {plan.error}" for plan in report.plans if plan.error]
    return "\n".join(lines)


_UNIT = click.FloatRange(0, 1)


@click.command("eval")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON instead of tables.")
@click.option("--details", is_flag=True, help="Also list missed and spurious tasks and field mismatches per document.")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1, min_open=True),
    default=EvalSettings.model_fields["threshold"].default,
    show_default=True,
    help="Least content similarity for a predicted task to match a gold task.",
)
@click.option(
    "--no-gold",
    is_flag=True,
    help="Survey every PDF without gold: tasks, share with a lead and a deadline, refused tables, seconds.",
)
@click.option("--min-lead-share", type=_UNIT, help="With --no-gold: exit 1 when the TOTAL lead share is below this.")
@click.option("--min-task-precision", type=_UNIT, help="Exit 1 when total task precision is below this.")
@click.option("--min-task-recall", type=_UNIT, help="Exit 1 when total task recall is below this.")
@click.option("--min-f1", type=_UNIT, help="Exit 1 when total task F1 is below this.")
@click.option("--min-fact-f1", type=_UNIT, help="Exit 1 when total fact F1 is below this.")
@click.option("--min-plan-fact-f1", type=_UNIT, help="Exit 1 when any one document's fact F1 is below this.")
@click.option("--min-lead-f1", type=_UNIT, help="Exit 1 when total lead-agency item F1 is below this.")
@click.option("--min-support-f1", type=_UNIT, help="Exit 1 when total support-agency item F1 is below this.")
def eval_command(
    folder: Path,
    as_json: bool,
    details: bool,
    threshold: float,
    no_gold: bool,
    min_lead_share: float | None,
    min_task_precision: float | None,
    min_task_recall: float | None,
    min_f1: float | None,
    min_fact_f1: float | None,
    min_plan_fact_f1: float | None,
    min_lead_f1: float | None,
    min_support_f1: float | None,
) -> None:
    """Score the extractor on FOLDER: every NAME.pdf with a NAME.gold.json beside it (or, with --no-gold,
    survey every PDF of FOLDER)."""
    from extractor.pipeline import extract_plan
    from kehoach.cli import reports_errors
    from kehoach.evaluate import evaluate_folder

    if no_gold:
        _survey(folder, extract_plan, as_json, min_lead_share)
        return
    report = reports_errors(evaluate_folder)(folder, extract_plan, EvalSettings(threshold=threshold))
    if as_json:
        click.echo(report.model_dump_json(indent=2))
    else:
        click.echo(render_report(report))
        if details:
            for document in report.documents:
                click.echo("\n" + render_details(document))
    failures = _floor_failures(
        report,
        {
            "task precision": min_task_precision,
            "task recall": min_task_recall,
            "task F1": min_f1,
            "fact F1": min_fact_f1,
            "lead item F1": min_lead_f1,
            "support item F1": min_support_f1,
        },
        min_plan_fact_f1,
    )
    for failure in failures:
        click.echo(f"eval: {failure}", err=True)
    if failures:
        sys.exit(1)


def _survey(folder: Path, extract: Callable[[Path], Plan], as_json: bool, min_lead_share: float | None) -> None:
    """Runs and prints the gold-free survey; exits 1 when a plan failed or the lead share is below its floor."""
    from kehoach.cli import reports_errors

    report = reports_errors(survey_folder)(folder, extract)
    click.echo(report.model_dump_json(indent=2) if as_json else render_survey(report))
    problems = [f"{report.failures} plan(s) failed"] if report.failures else []
    share = report.lead_share
    if min_lead_share is not None and share is not None and share < min_lead_share:
        problems.append(f"lead share {share:.3f} is below the floor {min_lead_share:.3f}")
    for problem in problems:
        click.echo(f"eval: {problem}", err=True)
    if problems:
        sys.exit(1)
