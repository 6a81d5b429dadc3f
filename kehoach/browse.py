"""`kehoach browse`: Datasette over the SQLite database, read-only, with titles, descriptions, facets and
canned queries for the researchers' questions (overdue tasks by agency, online-payment targets by
province, what Sở Khoa học và Công nghệ leads through the 2025 mergers).

The database is opened immutable (never written, counts computed once); if a write-ahead log holds
pages not yet in the file (an import running), it is opened read-only instead so they are seen.
Datasette is the optional extra `kehoach[browse]`, imported only here.
"""

from __future__ import annotations

import importlib.util
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

from kehoach.export import column_docs
from kehoach.store.db import resolve_url, safe_url
from kehoach.store.fulltext import FTS_TABLE
from schemas.errors import KehoachError

CURRENT_ONLY = "Only current documents (superseded versions left out)."

# The researchers' questions as SQL (SQLite); named parameters are Datasette's form fields.
QUERIES: dict[str, dict[str, str]] = {
    "overdue_by_agency": {
        "title": "Overdue tasks by agency",
        "description": "Open tasks due before a day (default today) counted by their lead agency's current "
        "name, so bodies merged in 2025 count under their successor. Leave as_of empty for today; "
        "as_of takes YYYY-MM-DD.",
        "sql": """SELECT a.current AS agency, count(DISTINCT t.id) AS overdue_tasks,
  group_concat(DISTINCT d.province) AS provinces, min(t.deadline_due) AS oldest_due
FROM tasks t
JOIN documents d ON d.id = t.document_id AND d.superseded_at IS NULL
JOIN task_agencies ta ON ta.task_id = t.id AND ta.role = 'lead'
JOIN agencies a ON a.id = ta.agency_id
WHERE t.status = 'open' AND t.deadline_due < coalesce(nullif(:as_of, ''), date('now'))
GROUP BY a.current
ORDER BY overdue_tasks DESC, agency""",
    },
    "online_payment_by_province": {
        "title": "Online-payment targets by province",
        "description": "Targets mapped to the indicator thanh_toan_truc_tuyen (Tỷ lệ hồ sơ thủ tục hành chính "
        "thanh toán trực tuyến), by province and year.",
        "sql": """SELECT province, year, text AS target, op, value, unit, levels, indicator, number, page
FROM v_targets
WHERE indicator_id = 'thanh_toan_truc_tuyen'
ORDER BY province, year, value""",
    },
    "targets_by_indicator": {
        "title": "Targets of one indicator, by province and year",
        "description": "Any canonical indicator (extractor/vocab/indicators.toml), e.g. so_hoa_ho_so, "
        "dvc_toan_trinh, hai_long_dich_vu_cong, kinh_te_so_grdp.",
        "sql": """SELECT province, year, text AS target, op, value, unit, levels, scope, indicator, number, page
FROM v_targets
WHERE indicator_id = :indicator
ORDER BY province, year, value""",
    },
    "so_khcn_leads": {
        "title": "What Sở Khoa học và Công nghệ leads",
        "description": "Tasks whose lead is Sở Khoa học và Công nghệ now: also those written for Sở Thông tin "
        "và Truyền thông, merged into it in 2025 (lead_as_printed shows the name in the plan).",
        "sql": """SELECT v.province, v.number, v.issued_on, v.ref, v.content, v.lead AS lead_as_printed,
  v.deadline_text, v.deadline_due, v.status
FROM v_tasks v
WHERE v.task_id IN (
  SELECT ta.task_id FROM task_agencies ta JOIN agencies a ON a.id = ta.agency_id
  WHERE ta.role = 'lead' AND a.current = 'Sở Khoa học và Công nghệ')
ORDER BY v.province, v.issued_on, v.position""",
    },
}


# Datasette finds an FTS table by content="tasks" in double quotes or brackets; ours (migration 0004) is
# named here. Its tokenizer drops diacritics, so a search "số hóa" needs no folding.
SEARCH = {"fts_table": FTS_TABLE}


AGENCY_COLUMN_DOCS = {
    "role": "lead or support.",
    "position": "The agency's place among the task's agencies of that role, from 0, as printed.",
    "agency": "The agency's name as printed in the plan.",
    "agency_canonical": "Its canonical name (extractor/vocab/agencies.toml).",
    "agency_current": "The body it is now, after the 2025 mergers (extractor/vocab/lineage.toml).",
    "agency_kind": "so, ubnd, van_phong, … or collective (a group such as 'Các sở, ban, ngành').",
    "due_year": "The year of deadline_due.",
}


def _view(title: str, description: str, facets: list[str], docs: dict[str, str]) -> dict[str, Any]:
    return {"title": title, "description": f"{description} {CURRENT_ONLY}", "facets": facets, "columns": docs}


def metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for a kehoach database named `database` (the file's stem)."""
    tables = {
        "v_tasks": _view(
            "Tasks with agencies and deadlines",
            "One row per task: its plan, its lead and supporting agencies as printed, by canonical name and "
            "as the bodies they are now, its deadline.",
            ["province", "lead_current", "due_year", "deadline_kind", "status"],
            column_docs("tasks"),
        )
        | SEARCH
        | {"fts_pk": "task_id"},
        "v_targets": _view(
            "Targets with indicators",
            "One row per quantified objective (Mục tiêu items, indicator tables, targets inside tasks) with "
            "its canonical indicator, value, year and administrative levels.",
            ["province", "indicator_id", "year", "levels", "unit"],
            column_docs("targets"),
        ),
        "v_agency_workload": _view(
            "Agency workload",
            "Per agency and province: tasks it leads, supports, and leads that are open and past due today.",
            ["province", "current", "kind"],
            column_docs("agencies"),
        ),
        "v_task_agencies": _view(
            "Tasks by agency",
            "One row per agency a task names, with its role (lead or support) and its name as printed, "
            "canonical and current: facet by agency_current to count every task an agency leads, shared or not.",
            ["agency_current", "role", "province", "plan_year", "due_year", "status"],
            {**column_docs("tasks"), **AGENCY_COLUMN_DOCS},
        ),
        "documents": {"title": "Documents", "facets": ["province", "doc_type", "year"]},
        "tasks": {"title": "Tasks (raw)", "facets": ["deadline_kind", "status", "origin"]} | SEARCH | {"fts_pk": "id"},
        "objectives": {"title": "Objectives (raw)", "facets": ["indicator_id", "year", "unit"]},
        "agencies": {"title": "Agencies (raw)", "facets": ["province", "kind", "current"]},
    }
    return {
        "title": "kehoach: commitments of Vietnamese provincial plans",
        "description": "Tasks, agencies, deadlines and targets extracted from provincial plans (Kế hoạch, Chỉ thị, "
        "Phụ lục). Start with the views v_tasks, v_targets and v_agency_workload, or a canned query below.",
        "databases": {database: {"tables": tables, "queries": QUERIES}},
    }


class BrowseError(KehoachError):
    """The database cannot be browsed: not SQLite, missing, Datasette not installed, port taken."""


@dataclass(frozen=True)
class Target:
    """What to serve: the SQLite file, whether it can be opened immutable, and where to listen."""

    path: Path
    immutable: bool
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/{self.path.stem}"


def sqlite_file(db: str | None) -> Path:
    """The SQLite file of a database URL; anything else is a one-line BrowseError."""
    url = resolve_url(db)
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise BrowseError(f"bad database URL {safe_url(url)!r}") from err
    if parsed.get_backend_name() != "sqlite":
        raise BrowseError(
            f"browse serves SQLite databases only, not {safe_url(url)} "
            "(export it with kehoach export, or point Datasette at an SQLite copy)"
        )
    if not parsed.database or parsed.database == ":memory:":
        raise BrowseError(f"browse needs an SQLite file, not {safe_url(url)}")
    path = Path(parsed.database).expanduser()
    if not path.is_file():
        raise BrowseError("no such database file (kehoach db upgrade && kehoach ingest … create it)", path)
    return path


def _port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as err:
            raise BrowseError(f"cannot listen on {host}:{port} ({err.strerror or err})") from err


def prepare(db: str | None, host: str, port: int) -> Target:
    """Check everything before serving: SQLite file, Datasette installed, port free."""
    path = sqlite_file(db)
    if importlib.util.find_spec("datasette") is None:
        raise BrowseError("browse needs Datasette: pip install 'kehoach[browse]'")
    _port_free(host, port)
    wal = path.with_name(path.name + "-wal")
    return Target(path=path, immutable=not (wal.exists() and wal.stat().st_size > 0), host=host, port=port)


def serve(target: Target) -> None:
    """Serve Datasette on the target until interrupted."""
    import asyncio

    import uvicorn
    from datasette.app import Datasette

    files = {"immutables": [str(target.path)]} if target.immutable else {"files": [str(target.path)]}
    datasette = Datasette(metadata=metadata(target.path.stem), settings={"sql_time_limit_ms": 5000}, **files)
    asyncio.run(datasette.invoke_startup())
    uvicorn.run(datasette.app(), host=target.host, port=target.port, log_level="warning", lifespan="on")
