"""The researchers' SQL views (migration 0005) on SQLite and PostgreSQL, checked against the stored corpus
plans and the full export: names joined in printed order, current documents only, workload counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from kehoach.export import export_table
from kehoach.store.db import make_engine, read_session
from kehoach.store.repository import store_plan
from kehoach.store.views import SEPARATOR, VIEWS
from schemas import Plan
from tests.corpus_cache import CorpusCache
from tests.gold_plans import CORPUS, gold_plan, store_corpus


@pytest.fixture
def stored(db_url: str, corpus: CorpusCache) -> Iterator[tuple[Engine, list[Plan]]]:
    engine = make_engine(db_url)
    yield engine, store_corpus(engine, corpus)
    engine.dispose()


def rows(engine: Engine, sql: str, **params: object) -> list[dict[str, object]]:
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(text(sql), params)]


def joined(names: list[str]) -> str | None:
    return SEPARATOR.join(names) or None


def test_tasks_view_has_names_and_deadlines(stored: tuple[Engine, list[Plan]]) -> None:
    engine, plans = stored
    found = rows(engine, "SELECT * FROM v_tasks ORDER BY document_id, position")
    assert len(found) == sum(len(p.tasks) for p in plans)
    with read_session(engine) as session:
        exported = export_table(session, "tasks").rows
    by_id = {r["task_id"]: r for r in exported}
    for row in found:
        full = by_id[row["task_id"]]
        for column in ("lead", "lead_canonical", "lead_current", "support", "support_canonical", "support_current"):
            assert row[column] == joined(full[column]), column
        assert str(row["deadline_due"] or "") == str(full["deadline_due"] or "")
        assert row["due_year"] == (full["deadline_due"].year if full["deadline_due"] else None)
        assert (row["content"], row["number"], row["province"]) == (full["content"], full["number"], full["province"])
    tt = [r for r in found if r["lead_canonical"] and "Sở Thông tin và Truyền thông" in str(r["lead_canonical"])]
    assert tt and all("Sở Khoa học và Công nghệ" in str(r["lead_current"]) for r in tt)


def test_targets_view_is_the_objectives(stored: tuple[Engine, list[Plan]]) -> None:
    engine, plans = stored
    found = rows(engine, "SELECT * FROM v_targets ORDER BY document_id, objective_id")
    objectives = [o for p in plans for o in p.objectives]
    assert objectives and len(found) == len(objectives)
    assert [(r["indicator_id"], r["value"], r["op"], r["year"]) for r in found] == [
        (o.indicator_id, o.value, o.op, o.year) for o in objectives
    ]
    plan = next(p for p in plans if p.objectives)
    for row, objective in zip(found, plan.objectives, strict=False):
        expected = plan.tasks[objective.task].lead if objective.task is not None else []
        assert row["lead"] == joined(expected)


def test_workload_counts_lead_support_and_overdue(stored: tuple[Engine, list[Plan]]) -> None:
    engine, _ = stored
    found = {r["agency_id"]: r for r in rows(engine, "SELECT * FROM v_agency_workload")}
    with read_session(engine) as session:
        agencies = [a for a in export_table(session, "agencies").rows if a["documents"]]
    assert len(found) == len(agencies)
    for agency in agencies:
        row = found[agency["agency_id"]]
        assert (row["lead_tasks"], row["support_tasks"], row["documents"]) == (
            agency["lead_tasks"],
            agency["support_tasks"],
            agency["documents"],
        )
    overdue = rows(
        engine,
        "SELECT count(*) AS n FROM (SELECT DISTINCT ta.task_id, ta.agency_id FROM tasks t"
        " JOIN task_agencies ta ON ta.task_id = t.id"
        " WHERE ta.role = 'lead' AND t.status = 'open' AND t.deadline_due < :today) pairs",
        today=dt.date.today(),
    )[0]["n"]
    assert overdue and sum(int(str(r["overdue_lead_tasks"])) for r in found.values()) == overdue


def test_task_agencies_view_has_a_row_per_named_agency(stored: tuple[Engine, list[Plan]]) -> None:
    engine, plans = stored
    found = rows(engine, "SELECT * FROM v_task_agencies ORDER BY task_id, role, position")
    assert len(found) == sum(len(t.lead) + len(t.support) for p in plans for t in p.tasks)
    with read_session(engine) as session:
        tasks = {r["task_id"]: r for r in export_table(session, "tasks").rows}
    for row in found:
        task = tasks[row["task_id"]]
        role = str(row["role"])
        index = int(str(row["position"]))
        assert (row["agency"], row["agency_canonical"], row["agency_current"]) == (
            task[role][index],
            task[f"{role}_canonical"][index],
            task[f"{role}_current"][index],
        )
        assert (row["content"], row["province"], str(row["deadline_due"] or "")) == (
            task["content"],
            task["province"],
            str(task["deadline_due"] or ""),
        )
    # A task shared by two leads counts for each: more than v_tasks' joined lead_current values show.
    shared = [t for t in tasks.values() if len(t["lead_current"]) > 1]
    assert shared
    agency = shared[0]["lead_current"][0]
    led = rows(
        engine,
        "SELECT count(DISTINCT task_id) AS n FROM v_task_agencies WHERE role = 'lead' AND agency_current = :a",
        a=agency,
    )[0]["n"]
    alone = rows(engine, "SELECT count(*) AS n FROM v_tasks WHERE lead_current = :a", a=agency)[0]["n"]
    assert led == sum(agency in t["lead_current"] for t in tasks.values()) > int(str(alone))


def test_superseded_versions_are_left_out(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        old = gold_plan(CORPUS / "soc_trang_56-KH-UBND_2022.gold.json")
        new = old.model_copy(deep=True)
        new.source.sha256, new.source.file = "f" * 64, "v2.pdf"
        new.tasks = new.tasks[:3]
        store_plan(engine, old)
        store_plan(engine, new)
        assert rows(engine, "SELECT count(*) AS n FROM v_tasks")[0]["n"] == 3
        assert {r["task_id"] for r in rows(engine, "SELECT task_id FROM v_task_agencies")} <= {
            r["task_id"] for r in rows(engine, "SELECT task_id FROM v_tasks")
        }
        assert {r["name"] for r in rows(engine, _VIEW_NAMES[engine.dialect.name])} == set(VIEWS)
    finally:
        engine.dispose()


_VIEW_NAMES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'view'",
    "postgresql": "SELECT table_name AS name FROM information_schema.views WHERE table_schema = 'public'",
}
