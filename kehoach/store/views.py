"""SQL views for researchers (and Datasette): tasks with names and deadlines, targets with indicators,
agency workload (migration 0005), one row per task and agency (0006); one text per view for SQLite and
PostgreSQL, created by a migration, not the models.

Each view reads current documents only (superseded versions left out). Agency names of one role are
joined with "; " in printed order, as printed, by canonical name and by current name (the body it is
now after the 2025 mergers). A later revision that alters a table these views read must drop them
first and create them again (PostgreSQL refuses to drop a column a view uses).
"""

from __future__ import annotations

from typing import Literal

Dialect = Literal["sqlite", "postgresql"]
VIEWS = ("v_tasks", "v_targets", "v_agency_workload", "v_task_agencies")
SEPARATOR = "; "


def _names(dialect: Dialect, column: str, role: str, task: str = "t.id") -> str:
    """The task's agencies of one role, one column of them, joined in printed order."""
    where = f"ta.task_id = {task} AND ta.role = '{role}'"
    if dialect == "postgresql":
        return (
            f"(SELECT string_agg({column}, '{SEPARATOR}' ORDER BY ta.position) FROM task_agencies ta "
            f"JOIN agencies a ON a.id = ta.agency_id WHERE {where})"
        )
    return (
        f"(SELECT group_concat(name, '{SEPARATOR}') FROM (SELECT {column} AS name FROM task_agencies ta "
        f"JOIN agencies a ON a.id = ta.agency_id WHERE {where} ORDER BY ta.position))"
    )


def _year(dialect: Dialect, column: str) -> str:
    if dialect == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
    return f"CAST(strftime('%Y', {column}) AS INTEGER)"


def _today(dialect: Dialect) -> str:
    return "CURRENT_DATE" if dialect == "postgresql" else "date('now')"


def _agencies(dialect: Dialect, role: str, task: str = "t.id") -> str:
    return ",\n  ".join(
        [
            f"{_names(dialect, 'ta.printed', role, task)} AS {role}",
            f"{_names(dialect, 'a.canonical', role, task)} AS {role}_canonical",
            f"{_names(dialect, 'a.current', role, task)} AS {role}_current",
        ]
    )


def tasks_view(dialect: Dialect) -> str:
    """v_tasks: one row per task of a current document, with its document, agencies and deadline."""
    return f"""CREATE VIEW v_tasks AS
SELECT
  t.id AS task_id, t.task_key, d.id AS document_id, d.province, d.doc_type, d.number, d.issued_on,
  d.year AS plan_year, d.file_name, t.position, t.ref, t.origin, t.group_text, t.criterion, t.content,
  t.output, t.note,
  {_agencies(dialect, "lead")},
  {_agencies(dialect, "support")},
  t.deadline_text, t.deadline_kind, t.deadline_due, {_year(dialect, "t.deadline_due")} AS due_year,
  t.status, t.status_on, t.page
FROM tasks t JOIN documents d ON d.id = t.document_id
WHERE d.superseded_at IS NULL"""


def targets_view(dialect: Dialect) -> str:
    """v_targets: one row per quantified objective of a current document, with its task's leads."""
    return f"""CREATE VIEW v_targets AS
SELECT
  o.id AS objective_id, d.id AS document_id, d.province, d.number, d.issued_on, d.year AS plan_year,
  o.indicator_id, o.indicator, o.text, o.op, o.value, o.unit, o.year, o.period, o.levels, o.scope,
  o.section, o.page, o.task_id, t.task_key,
  {_names(dialect, "ta.printed", "lead", "o.task_id")} AS lead,
  {_names(dialect, "a.current", "lead", "o.task_id")} AS lead_current
FROM objectives o JOIN documents d ON d.id = o.document_id
LEFT JOIN tasks t ON t.id = o.task_id
WHERE d.superseded_at IS NULL"""


def workload_view(dialect: Dialect) -> str:
    """v_agency_workload: per stored agency, the tasks of current documents it leads and supports, and
    its open lead tasks due before today (overdue)."""
    overdue = f"ta.role = 'lead' AND t.status = 'open' AND t.deadline_due < {_today(dialect)}"
    return f"""CREATE VIEW v_agency_workload AS
SELECT
  a.id AS agency_id, a.province, a.canonical, a.current, a.kind,
  COUNT(DISTINCT CASE WHEN ta.role = 'lead' THEN t.id END) AS lead_tasks,
  COUNT(DISTINCT CASE WHEN ta.role = 'support' THEN t.id END) AS support_tasks,
  COUNT(DISTINCT CASE WHEN {overdue} THEN t.id END) AS overdue_lead_tasks,
  COUNT(DISTINCT t.document_id) AS documents
FROM agencies a
JOIN task_agencies ta ON ta.agency_id = a.id
JOIN tasks t ON t.id = ta.task_id
JOIN documents d ON d.id = t.document_id
WHERE d.superseded_at IS NULL
GROUP BY a.id, a.province, a.canonical, a.current, a.kind"""


def task_agencies_view(dialect: Dialect) -> str:
    """v_task_agencies: one row per agency a task of a current document names, with its role and its three
    names, so a count or a facet by agency also counts the tasks it shares with other agencies (v_tasks
    joins them into one value: "Sở Nội vụ; Sở Tài chính")."""
    return f"""CREATE VIEW v_task_agencies AS
SELECT
  ta.task_id, t.task_key, d.id AS document_id, d.province, d.number, d.issued_on, d.year AS plan_year,
  ta.role, ta.position, ta.printed AS agency, a.canonical AS agency_canonical, a.current AS agency_current,
  a.kind AS agency_kind, t.ref, t.content, t.deadline_text, t.deadline_kind, t.deadline_due,
  {_year(dialect, "t.deadline_due")} AS due_year, t.status, t.page
FROM task_agencies ta
JOIN agencies a ON a.id = ta.agency_id
JOIN tasks t ON t.id = ta.task_id
JOIN documents d ON d.id = t.document_id
WHERE d.superseded_at IS NULL"""


def create_statements(dialect: Dialect) -> list[str]:
    """The CREATE VIEW statements of revision 0005, in order (later views: their own revision)."""
    return [tasks_view(dialect), targets_view(dialect), workload_view(dialect)]


def drop_statements() -> list[str]:
    """The DROP VIEW statements of every view, in reverse order (IF EXISTS: a later view may not be there)."""
    return [f"DROP VIEW IF EXISTS {name}" for name in reversed(VIEWS)]
