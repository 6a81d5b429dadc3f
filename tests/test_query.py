"""The researchers' task queries on SQLite and PostgreSQL, on the corpus gold plans as stored: phrase
search precision, exact vs contains agency match, lineage, fuzzy repeatable provinces, document and
status filters, overdue tasks; the CLI's date forms and its one-line errors."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from extractor.enrich import enrich_plan
from kehoach.clerk.service import CorrectionRequest, correct, store_reviewed
from kehoach.cli.filters import parse_day
from kehoach.cli.overdue import overdue as overdue_command
from kehoach.cli.tasks import tasks as tasks_command
from kehoach.provinces import QueryError
from kehoach.query import TaskFilter, count_tasks, find_tasks
from kehoach.store.db import make_engine, read_session, write_session
from kehoach.store.models import DocumentRecord
from kehoach.store.repository import store_plan
from kehoach.store.review import delete_document
from schemas import Document, Plan, Source, Task
from schemas.text import fold
from tests.test_store import GOLD, SOC_TRANG, VINH_PHUC, gold_plan

PHRASE = "số hóa"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def corpus_db(engine: Engine) -> Engine:
    """The database with every corpus gold plan stored."""
    for path in GOLD:
        store_plan(engine, gold_plan(path))
    return engine


def find(engine: Engine, **filters: object) -> list[str]:
    """Contents of the tasks a filter finds."""
    with read_session(engine) as session:
        return [row.content for row in find_tasks(session, TaskFilter.model_validate(filters))]


def small_plan(name: str, contents_and_leads: list[tuple[str, str]], **document: object) -> Plan:
    """A plan of a few tasks, enriched as the extractor's plans are."""
    plan = Plan(
        source=Source(file=f"{name}.pdf", sha256=fold(name).replace(" ", "").ljust(64, "0")[:64]),
        document=Document.model_validate({"doc_type": "ke_hoach", **document}),
        tasks=[Task(content=content, lead=[lead]) for content, lead in contents_and_leads],
    )
    return enrich_plan(plan)


def has_phrase(content: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(fold(phrase))}(?!\w)", fold(content)) is not None


def test_phrase_search_finds_the_phrase_only(corpus_db: Engine) -> None:
    found = find(corpus_db, text=PHRASE)
    gold_tasks = [t.content for path in GOLD for t in gold_plan(path).tasks]
    with_phrase = [c for c in gold_tasks if has_phrase(c, PHRASE)]
    # Every word as a substring (the old filter) also takes "sở", "hòa", "hoạt", … : many more tasks.
    substrings = [c for c in gold_tasks if all(w in fold(c) for w in fold(PHRASE).split())]
    assert len(substrings) > 2 * len(with_phrase) > 0
    assert sorted(found) == sorted(with_phrase)
    assert sorted(find(corpus_db, text="SO HOA")) == sorted(found) == sorted(find(corpus_db, text="Số hoá"))
    assert find(corpus_db, text="thanh toán trực tuyến") == [
        c for c in gold_tasks if has_phrase(c, "thanh toán trực tuyến")
    ]


def test_phrase_search_follows_replaced_and_deleted_rows(engine: Engine) -> None:
    plan = small_plan("a", [("Số hóa hồ sơ", "Sở Tư pháp"), ("Tổ chức hoạt động", "Sở Nội vụ")], province="Sóc Trăng")
    document_id = store_plan(engine, plan).document_id
    assert find(engine, text="hóa") == ["Số hóa hồ sơ"] and find(engine, text="hoat dong") == ["Tổ chức hoạt động"]
    assert find(engine, text="hóa hồ") == ["Số hóa hồ sơ"]
    assert find(engine, text="hồ sơ số") == [] and find(engine, text="hóa h") == []  # in order, whole words
    changed = plan.model_copy(deep=True)
    changed.tasks[0].content = "Chuyển đổi số"
    store_plan(engine, enrich_plan(changed), force=True)
    assert find(engine, text="số hóa") == [] and find(engine, text="chuyen doi so") == ["Chuyển đổi số"]
    with write_session(engine) as session:
        document = session.get(DocumentRecord, document_id)
        assert document is not None
        delete_document(session, document)
    assert find(engine, text="chuyen doi so") == []


def test_agency_exact_contains_and_lineage(engine: Engine) -> None:
    tasks = [
        ("Chỉ đạo chung", "UBND tỉnh"),
        ("Tham mưu tổng hợp", "Văn phòng UBND tỉnh"),
        ("Triển khai nền tảng số", "Sở Thông tin và Truyền thông"),
        ("Phát triển khoa học", "Sở KH&CN"),
    ]
    store_plan(engine, small_plan("b", tasks, province="Vĩnh Phúc", issued_on=dt.date(2024, 3, 1)))
    assert find(engine, agency="UBND tỉnh") == ["Chỉ đạo chung"]
    assert find(engine, agency="Ủy ban nhân dân tỉnh") == ["Chỉ đạo chung"]
    assert find(engine, agency_contains="UBND tỉnh") == ["Chỉ đạo chung", "Tham mưu tổng hợp"]
    assert find(engine, agency="Sở Khoa học và Công nghệ") == ["Phát triển khoa học"]
    assert find(engine, agency="Sở Khoa học và Công nghệ", follow_lineage=True) == [
        "Triển khai nền tảng số",
        "Phát triển khoa học",
    ]
    assert find(engine, agency="Sở TT&TT", follow_lineage=True) == ["Triển khai nền tảng số", "Phát triển khoa học"]


def test_a_2024_task_of_so_tttt_is_found_under_so_khcn_with_lineage(corpus_db: Engine) -> None:
    question: dict[str, Any] = {"agency": "Sở Khoa học và Công nghệ", "provinces": ["Vĩnh Phúc"], "year": 2024}
    without = find(corpus_db, **question)
    with_lineage = find(corpus_db, **question, follow_lineage=True)
    tttt = [t.content for t in gold_plan(VINH_PHUC).tasks if "Sở Thông tin và Truyền thông" in [*t.lead, *t.support]]
    assert tttt and not set(tttt) & set(without)
    assert set(tttt) <= set(with_lineage) and set(without) <= set(with_lineage)
    with read_session(corpus_db) as session:
        row = find_tasks(session, TaskFilter(**question, follow_lineage=True, role="lead"))[-1]
    names = [(a.printed, a.canonical, a.current) for a in row.agencies if a.role == "lead"]
    assert ("Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ") in names


def test_provinces_fuzzy_repeatable_and_through_the_arrangement(corpus_db: Engine) -> None:
    vinh_phuc = len(gold_plan(VINH_PHUC).tasks)
    soc_trang = len(gold_plan(SOC_TRANG).tasks)
    assert len(find(corpus_db, provinces=["tỉnh Vĩnh Phúc"])) == vinh_phuc
    assert len(find(corpus_db, provinces=["vinh phuk"])) == vinh_phuc
    assert len(find(corpus_db, provinces=["Vĩnh Phúc", "soc trang"])) == vinh_phuc + soc_trang
    assert find(corpus_db, provinces=["Phú Thọ"]) == []
    assert len(find(corpus_db, provinces=["Phú Thọ"], follow_lineage=True)) == vinh_phuc
    assert len(find(corpus_db, provinces=["Cần Thơ"], follow_lineage=True)) == soc_trang
    with pytest.raises(QueryError, match="no province like 'Atlantis'"):
        find(corpus_db, provinces=["Atlantis"])


def test_document_filters(corpus_db: Engine) -> None:
    plans = [gold_plan(path) for path in GOLD]
    in_2025 = sum(len(p.tasks) for p in plans if p.document.year == 2025)  # the issue year, else the title's
    assert len(find(corpus_db, year=2025)) == in_2025 > sum(len(p.tasks) for p in plans if p.document.issued_on is None)
    since = dt.date(2024, 1, 1)
    issued = sum(len(p.tasks) for p in plans if p.document.issued_on and p.document.issued_on >= since)
    assert len(find(corpus_db, issued_after=since)) == issued
    before = sum(len(p.tasks) for p in plans if p.document.issued_on and p.document.issued_on <= since)
    assert len(find(corpus_db, issued_before=since)) == before == len(gold_plan(SOC_TRANG).tasks)
    assert len(find(corpus_db, doc_type="ke_hoach")) == sum(
        len(p.tasks) for p in plans if p.document.doc_type == "ke_hoach"
    )
    assert find(corpus_db, doc_type="chi_thi") == []


def test_status_and_overdue_follow_the_clerks_corrections(engine: Engine, db_url: str) -> None:
    plan = small_plan("c", [("Việc một", "Sở Tư pháp"), ("Việc hai", "Sở Nội vụ"), ("Việc ba", "Sở Nội vụ")])
    for task, due in zip(plan.tasks, ["2024-06-30", "2024-12-31", "2026-12-31"], strict=True):
        task.deadline.kind, task.deadline.due = "date", dt.date.fromisoformat(due)
    store_reviewed(engine, plan)
    with read_session(engine) as session:
        first = find_tasks(session, TaskFilter(text="việc một"))[0]
    assert first.task_key and first.status == "open"
    done = CorrectionRequest(
        field="status", value={"state": "done", "on": "2024-06-01"}, task_key=first.task_key, author="c"
    )
    correct(engine, [done])
    assert find(engine, status="done") == ["Việc một"] and find(engine, status="open") == ["Việc hai", "Việc ba"]
    result = CliRunner().invoke(overdue_command, ["--as-of", "01/01/2025", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "Việc hai" in result.stdout and "Việc một" not in result.stdout and "Việc ba" not in result.stdout
    result = CliRunner().invoke(overdue_command, ["--as-of", "31/12/2024", "--db", db_url])
    assert "Việc hai" not in result.stdout  # due on the day itself is not yet overdue
    result = CliRunner().invoke(overdue_command, ["--as-of", "2027-01-01", "--by", "agency", "--db", db_url])
    assert result.exit_code == 0 and re.search(r"Sở Nội vụ\s+2\n", result.stdout)
    assert "Sở Tư pháp" not in result.stdout
    with read_session(engine) as session:
        counts = count_tasks(session, TaskFilter(status="open"), "province")
    assert counts == [("", 2)]


def test_days_in_either_form() -> None:
    assert parse_day("31/12/2024") == parse_day("2024-12-31") == parse_day("31.12.2024") == dt.date(2024, 12, 31)
    assert parse_day("1/7/2025") == dt.date(2025, 7, 1)
    with pytest.raises(click.BadParameter, match="not a date"):
        parse_day("31/02/2024")


def test_cli_one_line_errors(db_url: str) -> None:
    result = CliRunner().invoke(tasks_command, ["--province", "Atlantis", "--db", db_url])
    assert result.exit_code == 1 and result.stderr.strip() == "error: no province like 'Atlantis'"
    result = CliRunner().invoke(tasks_command, ["--agency", "a", "--agency-contains", "b", "--db", db_url])
    assert result.exit_code == 2 and "not both" in result.stderr
