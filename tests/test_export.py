"""`kehoach export`: every field of the stored corpus plans (gold, and Sóc Trăng as extracted, with its
objectives), read back from each format equal to the query result (Parquet with pyarrow, xlsx with
openpyxl, CSV with its BOM, JSON), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select

from kehoach.cli import main
from kehoach.export import WHATS, ExportWhat, export_table
from kehoach.store.db import make_engine, read_session
from kehoach.store.models import TaskAgencyRecord, TaskRecord
from kehoach.store.repository import store_plan
from kehoach.tabular import Column, Table, cell_text, csv_bytes, json_bytes, parquet_bytes, xlsx_bytes
from schemas import Plan
from tests.corpus_cache import CorpusCache
from tests.gold_plans import CORPUS, GOLD, SOC_TRANG, gold_plan, store_corpus


@pytest.fixture
def stored(db_url: str, corpus: CorpusCache) -> Iterator[tuple[str, Engine, list[Plan]]]:
    """The database with the corpus gold plans stored, Sóc Trăng's as extracted (gold has no objectives)."""
    engine = make_engine(db_url)
    yield db_url, engine, store_corpus(engine, corpus)
    engine.dispose()


def table_of(engine: Engine, what: ExportWhat) -> Table:
    with read_session(engine) as session:
        return export_table(session, what)


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["export", *args])


@pytest.mark.parametrize("what", WHATS)
def test_parquet_read_back_equals_the_query(stored: tuple[str, Engine, list[Plan]], tmp_path: Path, what: str) -> None:
    url, engine, _ = stored
    out = tmp_path / f"{what}.parquet"
    result = run("--format", "parquet", "--what", what, "-o", str(out), "--db", url)
    assert result.exit_code == 0, result.output
    table = table_of(engine, what)  # type: ignore[arg-type]
    assert table.rows
    read = pq.read_table(out)
    assert read.column_names == [c.name for c in table.columns]
    assert read.to_pylist() == table.rows
    assert read.schema.field("document_id" if what != "agencies" else "agency_id").metadata is not None


def test_tasks_carry_every_field(stored: tuple[str, Engine, list[Plan]]) -> None:
    _, engine, plans = stored
    rows = table_of(engine, "tasks").rows
    assert len(rows) == sum(len(p.tasks) for p in plans)
    by_place = {(r["number"], r["position"]): r for r in rows}
    for plan in plans:
        for position, task in enumerate(plan.tasks):
            row = by_place[plan.document.number, position]
            assert row["content"] == task.content
            assert (row["lead"], row["support"]) == (task.lead, task.support)
            assert row["lead_canonical"] == [a.canonical for a in task.agencies if a.role == "lead"]
            assert row["support_current"] == [a.current for a in task.agencies if a.role == "support"]
            assert (row["output"], row["note"], row["criterion"], row["ref"]) == (
                task.output,
                task.note,
                task.criterion,
                task.ref,
            )
            assert row["deadline_due"] == task.deadline.due
            assert [(t["value"], t["op"], t["unit"], t["year"]) for t in row["targets"]] == [
                (t.value, t.op, t.unit, t.year) for t in task.targets
            ]
            assert row["issued_on"] == plan.document.issued_on
    # Sóc Trăng's satisfaction objective: 'tối thiểu 95%', structured.
    satisfaction = by_place["56/KH-UBND", 1]["targets"]
    assert [(t["text"], t["op"], t["value"], t["unit"]) for t in satisfaction] == [("tối thiểu 95%", ">=", 95, "%")]
    assert satisfaction[0]["indicator"] and satisfaction[0]["year"] == 2025
    assert any(r["criterion"] for r in rows) and any(r["output"] for r in rows)
    # Sở Thông tin và Truyền thông merged into Sở Khoa học và Công nghệ (2025).
    tt = [r for r in rows if "Sở Thông tin và Truyền thông" in r["lead_canonical"]]
    assert tt and all("Sở Khoa học và Công nghệ" in r["lead_current"] for r in tt)
    # Vĩnh Phúc merged into Phú Thọ on 1 July 2025 (Resolution 202/2025/QH15).
    assert {r["province_current"] for r in rows if r["province"] == "Vĩnh Phúc"} == {"Phú Thọ"}


def test_targets_are_the_plans_objectives(stored: tuple[str, Engine, list[Plan]]) -> None:
    _, engine, plans = stored
    soc_trang = next(p for p in plans if p.source.file == SOC_TRANG.name)
    assert soc_trang.objectives
    rows = [r for r in table_of(engine, "targets").rows if r["file_name"] == SOC_TRANG.name]
    assert [(r["indicator"], r["indicator_id"], r["op"], r["value"], r["unit"], r["year"]) for r in rows] == [
        (o.indicator, o.indicator_id, o.op, o.value, o.unit, o.year) for o in soc_trang.objectives
    ]
    assert [r["levels"] for r in rows] == [list(o.levels) for o in soc_trang.objectives]
    in_tasks = [(r, o) for r, o in zip(rows, soc_trang.objectives, strict=True) if o.task is not None]
    assert in_tasks
    for row, objective in in_tasks:
        assert objective.task is not None
        assert row["lead"] == soc_trang.tasks[objective.task].lead
    named = [r for r in rows if r["indicator_id"]]
    assert named and all(r["indicator_name"] for r in named)


def test_agencies_count_their_tasks(stored: tuple[str, Engine, list[Plan]]) -> None:
    _, engine, _ = stored
    rows = table_of(engine, "agencies").rows
    with read_session(engine) as session:
        named = session.scalar(select(func.count()).select_from(TaskAgencyRecord)) or 0
        tasks = session.scalar(select(func.count()).select_from(TaskRecord)) or 0
    assert sum(r["lead_tasks"] + r["support_tasks"] for r in rows) == named
    tu_phap = [r for r in rows if r["canonical"] == "Sở Tư pháp" and r["province"] == "Vĩnh Phúc"]
    assert tu_phap and tu_phap[0]["lead_tasks"] > 0 and "Sở Tư pháp" in tu_phap[0]["printed"]
    assert {r["current"] for r in rows if r["canonical"] == "Sở Thông tin và Truyền thông"} == {
        "Sở Khoa học và Công nghệ"
    }
    documents = table_of(engine, "documents").rows
    assert sum(r["tasks"] for r in documents) == tasks
    assert all(r["ingested_at"].tzinfo is not None and r["current"] for r in documents)


def test_csv_has_a_bom_and_round_trips(stored: tuple[str, Engine, list[Plan]], tmp_path: Path) -> None:
    url, engine, _ = stored
    out = tmp_path / "tasks.csv"
    assert run("--format", "csv", "-o", str(out), "--db", url).exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbftask_id,task_key,")
    table = table_of(engine, "tasks")
    read = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert read == [{c.name: cell_text(row[c.name], c) for c in table.columns} for row in table.rows]
    assert [json.loads(r["targets"]) for r in read] == json.loads(json.dumps([r["targets"] for r in table.rows]))


def test_xlsx_reads_back(stored: tuple[str, Engine, list[Plan]], tmp_path: Path) -> None:
    url, engine, _ = stored
    out = tmp_path / "tasks.xlsx"
    assert run("--format", "xlsx", "-o", str(out), "--db", url).exit_code == 0
    table = table_of(engine, "tasks")
    sheet = openpyxl.load_workbook(out, read_only=True).active
    assert sheet is not None
    lines = list(sheet.iter_rows(values_only=True))
    assert list(lines[0]) == [c.name for c in table.columns]
    assert len(lines) == len(table.rows) + 1
    for line, row in zip(lines[1:], table.rows, strict=True):
        for value, column in zip(line, table.columns, strict=True):
            expected = row[column.name]
            if column.type in ("texts", "records"):
                expected = cell_text(expected, column) or None
            elif column.type == "date" and expected is not None:
                expected = dt.datetime.combine(expected, dt.time())
            assert value == expected, column.name


def test_json_round_trips(stored: tuple[str, Engine, list[Plan]]) -> None:
    _, engine, _ = stored
    table = table_of(engine, "targets")
    read = json.loads(json_bytes(table))
    assert len(read) == len(table.rows) and read[0]["value"] == table.rows[0]["value"]
    assert read[0]["issued_on"] == table.rows[0]["issued_on"].isoformat()


def test_text_that_looks_like_a_formula_stays_text() -> None:
    table = Table("t", [Column("content", "text", ""), Column("names", "texts", "")])
    table.rows = [{"content": '=HYPERLINK("x")', "names": ["+A", "-B"]}, {"content": "- Thực hiện", "names": []}]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table))).active
    assert sheet is not None
    assert [(c.value, c.data_type) for c in sheet["A"][1:]] == [('=HYPERLINK("x")', "s"), ("- Thực hiện", "s")]
    assert sheet["B2"].value == "+A; -B"
    assert pq.read_table(io.BytesIO(parquet_bytes(table))).to_pylist() == table.rows
    assert csv_bytes(table).decode("utf-8-sig").splitlines()[1] == '"=HYPERLINK(""x"")",+A; -B'


def test_stdout_and_write_failures(stored: tuple[str, Engine, list[Plan]], tmp_path: Path) -> None:
    url, _, _ = stored
    result = run("--format", "json", "--what", "documents", "-o", "-", "--db", url)
    assert result.exit_code == 0
    assert {d["file_name"] for d in json.loads(result.stdout)} == {p.name.replace(".gold.json", ".pdf") for p in GOLD}
    missing = tmp_path / "nowhere" / "tasks.csv"
    result = run("--format", "csv", "-o", str(missing), "--db", url)
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "does not exist" in result.stderr
    assert not missing.parent.exists()


def test_a_missing_library_is_one_line(
    stored: tuple[str, Engine, list[Plan]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _, _ = stored
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    out = tmp_path / "tasks.parquet"
    result = run("--format", "parquet", "-o", str(out), "--db", url)
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: parquet export needs pyarrow: pip install 'kehoach[export]'"
    assert not out.exists()


def test_superseded_versions_only_when_asked(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    try:
        old = gold_plan(CORPUS / "soc_trang_56-KH-UBND_2022.gold.json")
        new = old.model_copy(deep=True)
        new.source.sha256, new.source.file = "f" * 64, "v2.pdf"
        new.tasks = new.tasks[:3]
        store_plan(engine, old)
        store_plan(engine, new)
        with read_session(engine) as session:
            current = export_table(session, "tasks").rows
            every = export_table(session, "tasks", include_superseded=True).rows
            documents = export_table(session, "documents", include_superseded=True).rows
        assert len(current) == 3 and all(r["current"] and r["file_name"] == "v2.pdf" for r in current)
        assert len(every) == 3 + len(old.tasks) and sum(not r["current"] for r in every) == len(old.tasks)
        assert sorted((d["file_name"], d["current"], d["tasks"]) for d in documents) == [
            (old.source.file, False, len(old.tasks)),
            ("v2.pdf", True, 3),
        ]
    finally:
        engine.dispose()
