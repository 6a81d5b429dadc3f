"""Every output format in one place: terminal tables (fixed widths, long cells cut with an ellipsis),
a plan as a table, found tasks as a table, JSON or CSV, evaluation reports, ingest log lines."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import TypeAdapter

from kehoach.query import TaskRow
from kehoach.targets import Comparison, ObjectiveRow
from schemas.text import printable

if TYPE_CHECKING:  # only annotations: `kehoach tasks` need not import the evaluation or the import engine
    from kehoach.eval.scores import Accuracy, DocumentScore, EvalReport, Mismatch, Scores, TaskBrief
    from kehoach.eval.survey import SurveyReport
    from kehoach.outcome import FileOutcome
    from schemas import Plan

ExportFormat = Literal["table", "json", "csv"]


def cut(text: str, width: int) -> str:
    """Text cut to a width, marking the cut with an ellipsis."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> str:
    """A text table with one header line, a rule and one line per row."""

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cut(c.replace("\n", " "), w).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def plan_table(plan: Plan) -> str:
    """The tasks of a plan as a terminal table."""
    rows = [
        [
            task.ref or "",
            task.content,
            "; ".join(task.lead),
            "; ".join(task.support),
            task.deadline.due.isoformat() if task.deadline.due else (task.deadline.text or ""),
            ", ".join(f"{t.op}{t.value:g}{t.unit}" for t in task.targets),
            str(task.page or ""),
        ]
        for task in plan.tasks
    ]
    table = render_table(
        ["ref", "content", "lead", "support", "deadline", "targets", "page"], rows, [7, 48, 26, 26, 12, 10, 4]
    )
    doc = plan.document
    title = f"{doc.doc_type} {doc.number or '(no number)'} · {doc.issuer or '?'} · {doc.issued_on or '?'}"
    return f"{title}\n{doc.title or ''}\n\n{table}\n\n{len(plan.tasks)} tasks"


def _now(row: TaskRow) -> str:
    """The bodies a task's agencies are now, where they have changed since the plan ("→ Sở Khoa học …")."""
    changed = dict.fromkeys(f"{a.printed} → {a.current}" for a in row.agencies if a.current != a.canonical)
    return "; ".join(changed)


def _flat(row: TaskRow) -> list[str]:
    due = row.deadline_due.isoformat() if row.deadline_due else ""
    return [
        row.province or "",
        row.number or "",
        row.ref or "",
        row.content,
        "; ".join(row.lead),
        "; ".join(row.support),
        due or (row.deadline_text or ""),
        ", ".join(row.targets),
        str(row.page or ""),
        _now(row),
    ]


def _csv_fields(row: TaskRow | None) -> dict[str, object]:
    """A task's fields for one CSV line: its agencies as canonical and current names by role."""
    if row is None:
        names = [f for f in TaskRow.model_fields if f != "agencies"]
        return dict.fromkeys([*names, *(f"{r}_{n}" for r in ("lead", "support") for n in ("canonical", "current"))])
    data = row.model_dump(mode="json", exclude={"agencies"})
    for role in ("lead", "support"):
        data[f"{role}_canonical"] = [a.canonical for a in row.agencies if a.role == role]
        data[f"{role}_current"] = [a.current for a in row.agencies if a.role == role]
    return data


_TASK_HEADERS = ["province", "number", "ref", "content", "lead", "support", "deadline", "targets", "page", "now named"]


def export_tasks(rows: Sequence[TaskRow], fmt: ExportFormat) -> str:
    """Tasks as a terminal table, a JSON array (every field) or CSV (one line per task)."""
    if fmt == "json":
        return TypeAdapter(list[TaskRow]).dump_json(list(rows), indent=2).decode()
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([*_csv_fields(rows[0] if rows else None)])
        for row in rows:
            data = _csv_fields(row)
            writer.writerow(["; ".join(v) if isinstance(v, list) else "" if v is None else v for v in data.values()])
        return out.getvalue().rstrip("\n")
    table = render_table(_TASK_HEADERS, [_flat(r) for r in rows], [12, 12, 6, 50, 26, 26, 10, 10, 4, 60])
    return f"{table}\n\n{len(rows)} tasks"


def export_counts(by: str, counts: Sequence[tuple[str, int]], fmt: ExportFormat) -> str:
    """Counts of tasks by agency or province as a table, JSON ({name: count}, most first) or CSV."""
    if fmt == "json":
        return json.dumps([{by: name, "tasks": n} for name, n in counts], ensure_ascii=False, indent=2)
    if fmt == "csv":
        return _csv([by, "tasks"], counts)
    table = render_table([by, "tasks"], [[name, str(n)] for name, n in counts], [60, 6])
    return f"{table}\n\n{sum(n for _, n in counts)} tasks"


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue().rstrip("\n")


def _value(op: str, value: float, unit: str) -> str:
    return f"{'' if op == '=' else op}{value:g}{unit}"


def export_objectives(rows: Sequence[ObjectiveRow], fmt: ExportFormat) -> str:
    """Objectives as a terminal table, a JSON array (every field) or CSV (one line per objective)."""
    if fmt == "json":
        return TypeAdapter(list[ObjectiveRow]).dump_json(list(rows), indent=2).decode()
    if fmt == "csv":
        header = [*ObjectiveRow.model_fields]
        data = [r.model_dump(mode="json") for r in rows]
        return _csv(header, [[",".join(v) if isinstance(v, list) else v for v in d.values()] for d in data])
    lines = [
        [
            r.province or "",
            r.number or "",
            str(r.year or r.period or ""),
            ",".join(r.levels),
            r.indicator_id or "",
            _value(r.op, r.value, r.unit),
            r.indicator,
            str(r.page or ""),
        ]
        for r in rows
    ]
    headers = ["province", "number", "year", "level", "indicator id", "target", "indicator", "page"]
    table = render_table(headers, lines, [12, 12, 9, 9, 24, 9, 70, 4])
    return f"{table}\n\n{len(rows)} objectives"


def export_comparison(title: str, rows: Sequence[Comparison], fmt: ExportFormat) -> str:
    """One indicator by province and year as a table, JSON or CSV."""
    if fmt == "json":
        return TypeAdapter(list[Comparison]).dump_json(list(rows), indent=2).decode()
    cells = [
        [r.province, str(r.year or ""), _value(r.op, r.value, r.unit), "; ".join(r.plans), r.objectives] for r in rows
    ]
    headers = ["province", "year", "target", "plans", "objectives"]
    if fmt == "csv":
        return _csv(headers, cells)
    table = render_table(headers, [[str(c) for c in line] for line in cells], [16, 6, 10, 40, 10])
    return f"{title}\n\n{table}"


def ingest_line(outcome: FileOutcome) -> str:
    """One log line per imported file: a failure's reason, or what was stored. Every value from the file
    or its name is printed escaped, so no file can forge a line of the log."""
    path = printable(outcome.path)
    if outcome.outcome in ("failed", "quarantined"):
        return printable(outcome.reason or f"{path}: failed")
    if outcome.outcome in ("unchanged", "skipped"):
        stored = f"already stored as document {outcome.document_id}" if outcome.document_id else outcome.reason
        return f"{outcome.outcome}: {path} ({printable(stored or '')})"
    superseding = f", supersedes document {outcome.supersedes}" if outcome.supersedes else ""
    lines = [f"{outcome.outcome}: {path} ({outcome.tasks} tasks, {outcome.seconds:.1f} s{superseding})"]
    if outcome.document is not None:
        d = outcome.document
        read = f"{d.doc_type} {d.number or '(no number)'} · {d.issuer or '(no issuer)'} · {d.issued_on or '(no date)'}"
        lines.append(f"  {printable(read)} · document {outcome.document_id}, key {outcome.doc_key}")
    lines += [f"  warning: {printable(warning)}" for warning in outcome.warnings]
    if outcome.flags:
        counts = Counter(flag.code for flag in outcome.flags)
        lines.append("  flags: " + ", ".join(f"{code} ×{n}" for code, n in counts.items()) + " (kehoach review)")
    if outcome.orphaned_corrections:
        lines.append(f"  {len(outcome.orphaned_corrections)} corrections found no task (kehoach docs show)")
    return "\n".join(lines)


_BRIEF_WIDTH = 80
_EVAL_HEADERS = [
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
_EVAL_WIDTHS = [34, 4, 4, 5, 5, 5, 5, 7, 7, 7, 5, 5, 7, 5, 6]


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
        render_table(_EVAL_HEADERS, [*rows, _row("TOTAL", total)], _EVAL_WIDTHS),
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


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def render_survey(report: SurveyReport) -> str:
    """The gold-free survey as a table: one row per plan and a TOTAL row."""
    rows = [
        [
            plan.name,
            str(plan.pages),
            str(plan.tasks),
            str(plan.unassigned),
            _share(plan.lead_share),
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
            str(sum(p.unassigned for p in report.plans)),
            _share(report.lead_share),
            _share(report.deadline_share),
            str(sum(p.refused_tables for p in report.plans)),
            f"{sum(p.seconds for p in report.plans):.1f}",
            f"{report.failures} failed",
        ]
    )
    headers = ["plan", "pages", "tasks", "unassigned", "lead", "deadline", "refused", "seconds", "status"]
    lines = [render_table(headers, rows, [34, 5, 5, 10, 5, 8, 7, 7, 8])]
    lines.append(
        "lead: share of tasks with a lead among the tasks of parts that assign agencies (a part: the tasks under one"
        " top heading or table group; unassigned: tasks of parts where no task names an agency); over every task of"
        f" the plans that assign any agency: {_share(report.plan_lead_share)}"
    )
    lines += [f"failed: {plan.name}: {plan.error}" for plan in report.plans if plan.error]
    return "\n".join(lines)
