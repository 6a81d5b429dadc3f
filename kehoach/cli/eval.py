"""`kehoach eval`: score the extractor on a folder of PDFs with gold files beside them, or survey real
plans without gold."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from extractor.pipeline import extract_plan
from kehoach.cli.common import reports_errors
from kehoach.eval.folder import evaluate_folder
from kehoach.eval.objectives import evaluate_objectives, render_scores, total
from kehoach.eval.scores import EvalReport, EvalSettings
from kehoach.eval.survey import survey_folder
from kehoach.render import render_details, render_report, render_survey
from schemas import Plan


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
@click.option(
    "--objectives",
    is_flag=True,
    help="Score quantified objectives instead: every NAME.pdf with a NAME.objectives.json (see --objectives-gold).",
)
@click.option(
    "--objectives-gold",
    type=click.Path(path_type=Path, file_okay=False),
    help="With --objectives: the folder holding the NAME.objectives.json files (default: FOLDER).",
)
@click.option("--min-indicator-accuracy", type=_UNIT, help="With --objectives: floor of indicator mapping accuracy.")
@click.option("--min-value-accuracy", type=_UNIT, help="With --objectives: floor of value/comparator/year accuracy.")
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
    objectives: bool,
    objectives_gold: Path | None,
    min_indicator_accuracy: float | None,
    min_value_accuracy: float | None,
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
    if no_gold:
        _survey(folder, extract_plan, as_json, min_lead_share)
        return
    if objectives:
        _objectives(folder, objectives_gold, extract_plan, as_json, min_indicator_accuracy, min_value_accuracy)
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


def _objectives(
    folder: Path,
    gold: Path | None,
    extract: Callable[[Path], Plan],
    as_json: bool,
    min_indicator: float | None,
    min_value: float | None,
) -> None:
    """Scores objectives against their gold; exits 1 when none was scored or a floor is not met."""
    scores = evaluate_objectives(folder, extract, gold)
    if not scores:
        click.echo(f"error: {folder}: no NAME.pdf with a NAME.objectives.json", err=True)
        sys.exit(1)
    overall = total(scores)
    if as_json:
        click.echo(json.dumps([s.model_dump() | s.rates() for s in [*scores, overall]], indent=2))
    else:
        click.echo(render_scores(scores))
    floors = {
        "indicator accuracy": (overall.indicator_accuracy, min_indicator),
        "value accuracy": (overall.value_accuracy, min_value),
    }
    problems = [
        f"{name} {got:.3f} is below the floor {floor:.3f}"
        for name, (got, floor) in floors.items()
        if floor is not None and got < floor
    ]
    for problem in problems:
        click.echo(f"eval: {problem}", err=True)
    if problems:
        sys.exit(1)
