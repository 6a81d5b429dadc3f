"""Raw table cells of the corpus PDFs lined up with their gold tasks, for measuring the taggers.

pdfplumber's own table reader (not the project's table stage) gives the cells; a row that goes on
over a page break is joined, a row split into lettered sub-rows ("a)", "b)" in the result column)
gives one row per sub-row, and each gold table task is matched to the next row whose work text
starts like the gold content. Only the taggers are measured here, so this stays deliberately plain.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pdfplumber
from pydantic import BaseModel

from extractor.tagging.column_roles import RoleSettings, header_role
from extractor.text import fold, join_lines
from schemas import Task

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOLDS = sorted(CORPUS.glob("*.gold.json"))
_YEAR = re.compile(r"\b(20\d\d)\b")
_SUB = re.compile(r"^\s*([a-zđ])\)")


class GoldRow(BaseModel):
    """A gold table task with the raw text of each of its row's cells, keyed by column role."""

    plan: str
    task: Task
    cells: dict[str, str]
    target_header: str = ""


class GoldPlan(BaseModel):
    """A gold file's tasks and the year its dates default to."""

    name: str
    year: int | None
    tasks: list[Task]


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))[:60]


@cache
def gold_plans() -> tuple[GoldPlan, ...]:
    """Every gold file with its plan year (issue date, else the title's last year)."""
    plans = []
    for path in GOLDS:
        data = json.loads(path.read_text(encoding="utf-8"))
        document = data["document"]
        year = int(document["issued_on"][:4]) if document.get("issued_on") else None
        if year is None and (found := _YEAR.findall(document.get("title") or "")):
            year = int(found[-1])
        plans.append(GoldPlan(name=path.name, year=year, tasks=[Task.model_validate(t) for t in data["tasks"]]))
    return tuple(plans)


def _rows(pdf_path: Path) -> list[tuple[dict[str, str], str]]:
    """Logical rows of every table in a PDF, as {role: text} with the target column's header."""
    settings = RoleSettings()
    rows: list[tuple[dict[str, str], str]] = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                header = [cell or "" for cell in table[0]]
                roles = [header_role(cell, settings) for cell in header]
                target_header = next((h for h, r in zip(header, roles, strict=True) if r == "target"), "")
                for position, raw in enumerate(table[1:]):
                    cells: dict[str, str] = {}
                    for column_role, cell in zip(roles, raw, strict=True):
                        if column_role and cell:
                            cells[column_role] = f"{cells[column_role]}\n{cell}" if column_role in cells else cell
                    if not cells or any(c is None for c in raw[2:]):
                        continue  # empty or group row
                    ref = cells.get("ref", "").strip()
                    if rows and not ref and position == 0:  # the row goes on from the last page
                        previous = rows[-1][0]
                        for role, text in cells.items():
                            previous[role] = f"{previous.get(role, '')}\n{text}".strip()
                        continue
                    sub = _SUB.match(cells.get("output", ""))
                    if rows and not ref and not cells.get("content", "").strip() and sub:
                        parent = rows[-1][0]
                        cells["content"] = parent.get("content", "")
                    rows.append((cells, target_header))
    return rows


@cache
def gold_rows() -> tuple[GoldRow, ...]:
    """Gold table tasks matched in order to the raw rows of their PDF."""
    matched: list[GoldRow] = []
    for plan in gold_plans():
        rows = _rows(CORPUS / plan.name.replace(".gold.json", ".pdf"))
        cursor = 0
        for task in (t for t in plan.tasks if t.origin == "table"):
            want = _key(task.content)
            for index in range(cursor, len(rows)):
                cells, target_header = rows[index]
                if _key(join_lines(cells.get("content", "")) or "") == want:
                    matched.append(GoldRow(plan=plan.name, task=task, cells=cells, target_header=target_header))
                    cursor = index + 1
                    break
    return tuple(matched)
