"""The store on SQLite and PostgreSQL: gold plans saved and read back equal, identity and versions,
atomic writes, concurrent writers, and the researchers' queries checked against the gold files."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select

from extractor.enrich import enrich_plan
from extractor.tagging.canonical import canonical_agency
from extractor.text import fold
from kehoach.cli.tasks import tasks as tasks_command
from kehoach.query import TargetFilter, TaskFilter, find_targets, find_tasks
from kehoach.render import export_tasks
from kehoach.store.db import make_engine, read_session
from kehoach.store.errors import StoreError
from kehoach.store.models import (
    AgencyRecord,
    Base,
    DocumentRecord,
    SectionRecord,
    TargetRecord,
    TaskAgencyRecord,
    TaskRecord,
)
from kehoach.store.repository import load_plan, store_plan
from schemas import Box, Plan, SectionSummary, Target, Task
from tests.gold_plans import CORPUS, GOLD, gold_plan

QUANG_NGAI = CORPUS / "quang_ngai_ksthc_2025.gold.json"
SOC_TRANG = CORPUS / "soc_trang_56-KH-UBND_2022.gold.json"
VINH_PHUC = CORPUS / "vinh_phuc_152-KH-UBND_2024.gold.json"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def count(engine: Engine, model: type[Base]) -> int:
    with read_session(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def new_version(plan: Plan) -> Plan:
    """The same plan (same issuer, number, date) as a different file, with one task reworded."""
    changed = plan.model_copy(deep=True)
    changed.source.sha256 = hashlib.sha256(f"v2 {plan.source.sha256}".encode()).hexdigest()
    changed.source.file = "v2_" + plan.source.file
    changed.tasks[0].content += " (sửa đổi)"
    return changed


def test_gold_plans_read_back_equal(engine: Engine) -> None:
    plans = [gold_plan(path) for path in GOLD]
    ids = [store_plan(engine, plan).document_id for plan in plans]
    with read_session(engine) as session:
        for plan, document_id in zip(plans, ids, strict=True):
            assert load_plan(session, document_id) == plan
    assert count(engine, TaskRecord) == sum(len(p.tasks) for p in plans)
    assert count(engine, TargetRecord) == sum(len(t.targets) for p in plans for t in p.tasks)
    assert count(engine, TaskAgencyRecord) == sum(len(t.lead) + len(t.support) for p in plans for t in p.tasks)


def test_extra_fields_and_sections_survive(engine: Engine) -> None:
    plan = gold_plan(QUANG_NGAI)
    plan.tasks[0].criterion = "Tỷ lệ hồ sơ trực tuyến"
    plan.tasks[0].quantities = [Target(text="ít nhất 03 sáng kiến", value=3, op=">=", unit="sáng kiến")]
    plan.tasks[0].bbox = Box(x0=1, top=2, x1=3, bottom=4)
    plan.warnings = ["page 3: table not read"]
    plan.sections = [
        SectionSummary(index=0, parent=None, level=1, label="I", title="MỤC ĐÍCH, YÊU CẦU", page=1, paragraphs=2),
        SectionSummary(index=1, parent=0, level=2, label="1", title="Mục đích", page=1),
        SectionSummary(index=2, parent=0, level=2, label="2", title="Yêu cầu", page=2),
    ]
    plan = enrich_plan(plan)
    saved = store_plan(engine, plan)
    with read_session(engine) as session:
        assert load_plan(session, saved.document_id) == plan
        sections = session.scalars(select(SectionRecord).order_by(SectionRecord.position)).all()
        assert [s.parent.title if s.parent else None for s in sections] == [
            None,
            "MỤC ĐÍCH, YÊU CẦU",
            "MỤC ĐÍCH, YÊU CẦU",
        ]
        task = session.scalar(select(TaskRecord).where(TaskRecord.position == 0))
        assert task is not None and task.criterion == "Tỷ lệ hồ sơ trực tuyến"
        quantity = session.scalar(select(TargetRecord).where(TargetRecord.kind == "quantity"))
        assert quantity is not None and (quantity.value, quantity.unit) == (3, "sáng kiến")


def test_same_file_twice_is_unchanged(engine: Engine) -> None:
    plan = gold_plan(SOC_TRANG)
    first = store_plan(engine, plan)
    again = store_plan(engine, plan)
    assert (first.status, again.status) == ("stored", "unchanged")
    assert again.document_id == first.document_id
    assert count(engine, DocumentRecord) == 1
    assert count(engine, TaskRecord) == len(plan.tasks)


def test_new_version_supersedes_the_old_and_keeps_it(engine: Engine) -> None:
    old = gold_plan(SOC_TRANG)
    assert old.document.number and old.document.issued_on
    first = store_plan(engine, old)
    second = store_plan(engine, new_version(old))
    assert second.status == "stored" and second.supersedes == first.document_id
    with read_session(engine) as session:
        previous = session.get(DocumentRecord, first.document_id)
        assert previous is not None and previous.status == "superseded"
        assert previous.superseded_at is not None and previous.superseded_by == second.document_id
        assert load_plan(session, first.document_id) == old, "the superseded version is kept whole"
        current = find_tasks(session, TaskFilter())
        assert {row.document_id for row in current} == {second.document_id}
        assert current[0].content.endswith("(sửa đổi)")
        every = find_tasks(session, TaskFilter(include_superseded=True))
        assert len(every) == 2 * len(old.tasks)


def test_force_replaces_tasks_of_the_same_file(engine: Engine) -> None:
    plan = gold_plan(SOC_TRANG)
    first = store_plan(engine, plan)
    reread = plan.model_copy(deep=True)
    reread.tasks = reread.tasks[:3]
    reread.tasks[0].lead = ["Sở Nội vụ"]
    reread = enrich_plan(reread)
    replaced = store_plan(engine, reread, force=True)
    assert replaced.status == "replaced" and replaced.document_id == first.document_id
    assert count(engine, DocumentRecord) == 1
    assert count(engine, TaskRecord) == 3
    with read_session(engine) as session:
        assert load_plan(session, first.document_id) == reread


def test_failed_write_leaves_no_rows(engine: Engine) -> None:
    def fail(*_: object) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        store_plan(engine, gold_plan(VINH_PHUC), also=fail)
    for model in (DocumentRecord, TaskRecord, TaskAgencyRecord, TargetRecord, AgencyRecord):
        assert count(engine, model) == 0, model.__tablename__


def test_plan_without_hash_is_refused(engine: Engine) -> None:
    plan = gold_plan(QUANG_NGAI)
    plan.source.sha256 = None
    with pytest.raises(StoreError, match="no source sha256"):
        store_plan(engine, plan)


def test_plan_not_enriched_is_refused_and_nothing_is_stored(engine: Engine) -> None:
    plan = gold_plan(QUANG_NGAI)
    next(task for task in plan.tasks if task.lead).agencies = []
    with pytest.raises(StoreError, match="not enriched"):
        store_plan(engine, plan)
    assert count(engine, DocumentRecord) == 0


def test_agencies_are_one_row_per_canonical_name_and_province(engine: Engine) -> None:
    plans = [gold_plan(path) for path in GOLD]
    for plan in plans:
        store_plan(engine, plan)
    expected = {
        (canonical_agency(name, p.document.province), p.document.province)
        for p in plans
        for t in p.tasks
        for name in (*t.lead, *t.support)
    }
    with read_session(engine) as session:
        stored = {(c, p) for c, p in session.execute(select(AgencyRecord.canonical, AgencyRecord.province))}
    assert stored == expected
    provinces_with_justice = {p for c, p in stored if c == "Sở Tư pháp"}
    assert len(provinces_with_justice) >= 2, "the same body name in two provinces is two agencies"


def _store_all(url: str, reverse: bool) -> None:
    engine = make_engine(url)
    for path in reversed(GOLD) if reverse else GOLD:
        store_plan(engine, gold_plan(path))
    engine.dispose()


@pytest.mark.slow
def test_two_processes_storing_the_same_plans_store_each_once(engine: Engine, db_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_store_all, args=(db_url, reverse)) for reverse in (False, True)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    assert count(engine, DocumentRecord) == len(GOLD)
    assert count(engine, TaskRecord) == sum(len(gold_plan(p).tasks) for p in GOLD)


def _gold_tasks() -> list[tuple[str | None, Task]]:
    return [(plan.document.province, task) for plan in map(gold_plan, GOLD) for task in plan.tasks]


def test_find_tasks_by_agency_role_ignores_accents_and_case(engine: Engine) -> None:
    for path in GOLD:
        store_plan(engine, gold_plan(path))
    expected = sum(any("so tu phap" in fold(name) for name in task.lead) for _, task in _gold_tasks())
    assert expected > 0
    with read_session(engine) as session:
        for spelling in ("Sở Tư pháp", "SO TU PHAP", "sở tư pháp"):
            rows = find_tasks(session, TaskFilter(agency=spelling, role="lead"))
            assert len(rows) == expected, spelling
            assert all(any("so tu phap" in fold(name) for name in row.lead) for row in rows)


def test_find_tasks_by_province_and_due_date(engine: Engine) -> None:
    for path in GOLD:
        store_plan(engine, gold_plan(path))
    limit = dt.date(2024, 12, 31)
    expected = [
        task.content
        for province, task in _gold_tasks()
        if province == "Vĩnh Phúc" and task.deadline.due and task.deadline.due <= limit
    ]
    assert expected
    with read_session(engine) as session:
        rows = find_tasks(session, TaskFilter(provinces=["vinh phuc"], due_before=limit))
    assert [row.content for row in rows] == expected
    assert all(row.province == "Vĩnh Phúc" for row in rows)


def test_find_targets_by_indicator_words(engine: Engine) -> None:
    for path in GOLD:
        store_plan(engine, gold_plan(path))
    expected = sum(len(task.targets) for _, task in _gold_tasks() if "thanh toan truc tuyen" in fold(task.content))
    with read_session(engine) as session:
        hits = find_targets(session, TargetFilter(indicator="Thanh toán trực tuyến"))
    assert len(hits) == expected > 0
    assert all("thanh toan truc tuyen" in fold(hit.indicator) for hit in hits)
    assert {hit.year for hit in hits} <= {2024, 2025}


def test_export_formats(engine: Engine) -> None:
    store_plan(engine, gold_plan(SOC_TRANG))
    with read_session(engine) as session:
        rows = find_tasks(session, TaskFilter())
    json_text = export_tasks(rows, "json")
    assert json_text.count('"task_id"') == len(rows)
    csv_lines = export_tasks(rows, "csv").splitlines()
    assert csv_lines[0].startswith("task_id,task_key,document_id,doc_key,province")
    table = export_tasks(rows, "table")
    assert table.endswith(f"{len(rows)} tasks")


def test_tasks_command(db_url: str, engine: Engine) -> None:
    store_plan(engine, gold_plan(SOC_TRANG))
    result = CliRunner().invoke(tasks_command, ["--db", db_url, "--agency", "UBND cấp huyện", "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) > 1 and all("Sóc Trăng" in line for line in lines[1:])


def test_tasks_command_on_an_empty_database_says_what_to_do(empty_db: str) -> None:
    result = CliRunner().invoke(tasks_command, ["--db", empty_db])
    assert result.exit_code == 1
    assert "kehoach db upgrade" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
