"""`kehoach targets` and `kehoach compare` on SQLite and PostgreSQL, over corpus plans as the extractor
reads them: every stored objective is found by its indicator, year and level as the plan has it, with
the task it belongs to; a comparison takes each province's highest target per year and draws it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from kehoach.cli.targets import compare as compare_command
from kehoach.cli.targets import targets as targets_command
from kehoach.store.db import make_engine, read_session
from kehoach.store.repository import store_plan
from kehoach.targets import ObjectiveFilter, ObjectiveRow, compare_rows, find_objectives
from schemas import Plan
from schemas.text import fold
from tests.corpus_cache import CorpusCache

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PDFS = [
    CORPUS / f"{name}.pdf"
    for name in ("soc_trang_56-KH-UBND_2022", "quang_ngai_ksthc_2025", "vinh_phuc_152-KH-UBND_2024")
]


@pytest.fixture
def stored(db_url: str, corpus: CorpusCache) -> Iterator[tuple[Engine, list[Plan]]]:
    engine = make_engine(db_url)
    plans = [corpus.plan(pdf) for pdf in PDFS]
    for plan in plans:
        store_plan(engine, plan)
    yield engine, plans
    engine.dispose()


def find(engine: Engine, **filters: object) -> list[ObjectiveRow]:
    with read_session(engine) as session:
        return find_objectives(session, ObjectiveFilter.model_validate(filters))


def test_objectives_are_found_as_the_plans_have_them(stored: tuple[Engine, list[Plan]]) -> None:
    engine, plans = stored
    objectives = [o for plan in plans for o in plan.objectives]
    assert len(find(engine)) == len(objectives) > 20
    ids = {o.indicator_id for o in objectives if o.indicator_id}
    assert len(ids) >= 3
    for indicator_id in ids:
        expected = sorted((o.text, o.value, o.year) for o in objectives if o.indicator_id == indicator_id)
        assert sorted((r.text, r.value, r.year) for r in find(engine, indicator=indicator_id)) == expected
    for level in ("tinh", "xa"):
        assert len(find(engine, level=level)) == sum(level in o.levels for o in objectives)
    assert len(find(engine, year=2025)) == sum(o.year == 2025 for o in objectives) > 0
    in_tasks = [r for r in find(engine) if r.task_id]
    assert len(in_tasks) == sum(o.task is not None for o in objectives) > 0
    vinh_phuc = plans[2]
    assert len(find(engine, provinces=["Phú Thọ"], follow_lineage=True)) == len(vinh_phuc.objectives)


def test_words_find_mapped_and_unmapped_objectives(stored: tuple[Engine, list[Plan]]) -> None:
    engine, plans = stored
    rows = find(engine, indicator="số hóa")
    mapped = [o for plan in plans for o in plan.objectives if o.indicator_id == "so_hoa_ho_so"]
    assert mapped and len(rows) >= len(mapped)
    assert all(r.indicator_id == "so_hoa_ho_so" or "so hoa" in fold(r.indicator) for r in rows)
    assert any(r.indicator_id != "so_hoa_ho_so" for r in rows)  # unmapped ones are found by their words


def test_compare_takes_each_provinces_highest_target_per_year() -> None:
    def row(province: str, year: int, value: float, op: str = ">=") -> ObjectiveRow:
        return ObjectiveRow(
            document_id=1, province=province, province_now=province, number="1/KH", issued_on=None,
            indicator_id="x", indicator="x", text=f"{value}%", op=op, value=value, unit="%", year=year,
            period=None, levels=[], scope=None, section=None, task_id=None, task_key=None, page=None,
        )  # fmt: skip

    rows = compare_rows([row("B", 2025, 80), row("B", 2025, 95, "="), row("A", 2024, 50), row("B", 2024, 60)])
    assert [(r.province, r.year, r.op, r.value, r.objectives) for r in rows] == [
        ("A", 2024, ">=", 50, 1),
        ("B", 2024, ">=", 60, 1),
        ("B", 2025, "=", 95, 2),
    ]


def test_cli_targets_and_compare(stored: tuple[Engine, list[Plan]], db_url: str, tmp_path: Path) -> None:
    _, plans = stored
    indicator = "so_hoa_ho_so"
    expected = [o for plan in plans for o in plan.objectives if o.indicator_id == indicator]
    result = CliRunner().invoke(targets_command, ["--indicator", indicator, "--format", "json", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == len(expected)
    result = CliRunner().invoke(targets_command, ["--indicator", indicator, "--format", "csv", "--db", db_url])
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == len(expected)
    chart = tmp_path / "chart.svg"
    result = CliRunner().invoke(compare_command, [indicator, "-o", str(chart), "--db", db_url])
    assert result.exit_code == 0, result.output
    provinces = {p.document.province for p in plans if any(o.indicator_id == indicator for o in p.objectives)}
    assert all(p in result.stdout for p in provinces if p)
    compared = CliRunner().invoke(compare_command, [indicator, "--format", "json", "--db", db_url]).stdout
    svg = chart.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and svg.count('height="12"') == len(json.loads(compared)) > 0  # a bar each
    result = CliRunner().invoke(compare_command, [indicator, "-o", str(tmp_path / "no" / "c.svg"), "--db", db_url])
    assert result.exit_code == 1 and result.stderr.startswith("error: ")
