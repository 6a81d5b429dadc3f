"""Table strategies: each table found records how (lattice, rules, aligned, docx) and how sure (0-1); table tasks
carry both in their provenance and a refused table's warning names them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extractor.layout.model import Box, TableGrid
from extractor.layout.table_strategies.confidence import char_fit, confidence, row_fill, word_fit
from extractor.layout.table_strategies.settings import TableSettings
from extractor.layout.tables import find_tables
from extractor.pipeline import build_plan
from tests.corpus_cache import CorpusCache
from tests.test_aligned_tables import HEADER, FakePage, _line, _page, _words
from tests.test_tables import grid

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"


def _word(x0: float, x1: float) -> dict[str, Any]:
    return {"text": "x", "x0": x0, "x1": x1, "top": 0.0, "bottom": 10.0}


def test_row_fill_counts_rows_with_text_in_two_cells() -> None:
    assert row_fill([["1", "Nội dung", "Sở Nội vụ"], ["", "dòng tiếp", ""], [None, "NHÓM I", None]]) == 1 / 3
    assert row_fill([]) == 0.0


def test_word_fit_counts_words_no_inner_edge_runs_through() -> None:
    edges = [0.0, 100.0, 200.0]
    assert word_fit([_word(10, 90), _word(110, 190)], edges) == 1.0
    assert word_fit([_word(10, 90), _word(90, 150)], edges) == 0.5  # the second crosses x=100
    assert word_fit([_word(0, 101)], edges) == 1.0  # touching an edge by under 1.5 pt is not crossing it


def test_char_fit_is_the_share_of_the_box_characters_the_cells_read() -> None:
    assert char_fit([["ab c", None], ["de", ""]], chars_in_box=5) == 1.0
    assert char_fit([["ab", None]], chars_in_box=8) == 0.25
    assert char_fit([], chars_in_box=0) == 1.0


def test_confidence_is_the_mean_of_fill_and_fit() -> None:
    rows = [["1", "a"], ["2", "b"], ["x", ""], ["y", ""]]
    assert confidence(rows, 1.0) == 0.75
    assert confidence(rows, 0.5) == 0.5


def test_a_clean_borderless_table_is_sure_and_prose_under_a_header_is_not() -> None:
    clean = _page([HEADER, _line(0, "1", "Tổ chức tập huấn.", "Sở Nội vụ", "Quý I")])
    (table,) = find_tables(clean, 1, TableSettings())  # type: ignore[arg-type]
    assert (table.strategy, table.confidence) == ("aligned", 1.0)
    # the next page's lines read under the previous columns: one row fills one cell, one runs across an edge
    words = _words(100.0, 80.0, "cho cán bộ, công chức.") + _words(60.0, 94.0, "2 Kiểm tra việc thực hiện kế hoạch")
    (going_on,) = find_tables(FakePage(words), 2, TableSettings(), table)  # type: ignore[arg-type]
    assert going_on.strategy == "aligned" and going_on.confidence < 0.9


@pytest.fixture(scope="module")
def cache() -> CorpusCache:
    return CorpusCache()


@pytest.mark.parametrize(
    ("pdf", "strategy"),
    [
        (CORPUS / "quang_ngai_ksthc_2025.pdf", "lattice"),
        (CORPUS / "dong_thap_552-KH-UBND_2025.pdf", "rules"),
        (LAYOUTS / "soc_trang_56_performer__plain.pdf", "aligned"),
    ],
)
def test_table_tasks_record_their_strategy_and_confidence(cache: CorpusCache, pdf: Path, strategy: str) -> None:
    layout = cache.layout(pdf)
    grids = [table for page in layout.pages for table in page.tables]
    assert grids and {table.strategy for table in grids} == {strategy}
    assert all(0.5 < table.confidence <= 1.0 for table in grids)
    plan = cache.plan(pdf)
    table_tasks = [task for task in plan.tasks if task.origin == "table"]
    assert table_tasks and all(task.provenance.table_strategy == strategy for task in table_tasks)
    by_page = {table.page: table.confidence for table in grids}
    assert all(task.provenance.table_confidence == by_page[task.page or 0] for task in table_tasks)
    assert all(task.provenance.table_strategy is None for task in plan.tasks if task.origin == "text")


def test_a_refused_table_warning_says_how_it_was_found(cache: CorpusCache) -> None:
    doc = cache.layout(CORPUS / "soc_trang_56-KH-UBND_2022.pdf")
    page = doc.pages[-1].model_copy(
        update={"tables": [grid(doc.pages[-1].number, [["STT", "Tên"], ["1", "Hà Nội"], ["2", "Huế"]])]}
    )
    plan = build_plan(doc.model_copy(update={"pages": [*doc.pages[:-1], page]}))
    (warning,) = [w for w in plan.warnings if "table not read" in w]
    assert warning.endswith("(no header; first row: STT | Tên; found by lattice, confidence 1.00)")


class RuledPage(FakePage):
    """A page with horizontal rules only, across x 50-550, at the given heights."""

    def __init__(self, words: list[dict[str, Any]], rules: list[float]) -> None:
        super().__init__(words)
        self.edges = [{"orientation": "h", "x0": 50.0, "x1": 550.0, "top": y} for y in rules]


def _ruled_row(top: float, *cells: tuple[float, str]) -> list[dict[str, Any]]:
    return [w for x, text in cells for w in _words(x, top, text)]


PREVIOUS_EDGES = [50.0, 80.0, 300.0, 420.0, 550.0]


def _previous() -> TableGrid:
    box = Box(x0=50.0, top=100.0, x1=550.0, bottom=700.0)
    return TableGrid(
        page=1,
        box=box,
        rows=[["1", "a", "b", "c"]],
        row_boxes=[box],
        strategy="rules",
        confidence=1.0,
        ruled=False,
        column_edges=PREVIOUS_EDGES,
    )


def test_a_headerless_ruled_table_keeps_the_previous_columns_when_its_rows_fit_them() -> None:
    words = _ruled_row(105.0, (85.0, "cho cán bộ, công chức.")) + _ruled_row(
        135.0, (55.0, "2"), (85.0, "Kiểm tra cải cách."), (305.0, "Sở Tư pháp"), (425.0, "Quý IV")
    )
    (table,) = find_tables(RuledPage(words, [100.0, 130.0, 160.0]), 2, TableSettings(), _previous())  # type: ignore[arg-type]
    assert table.column_edges == PREVIOUS_EDGES
    assert table.rows[1] == ["2", "Kiểm tra cải cách.", "Sở Tư pháp", "Quý IV"]


def test_a_new_headerless_ruled_table_finds_its_own_columns() -> None:
    """Under the previous table's columns every row of this one would run across an edge."""
    words = _ruled_row(105.0, (55.0, "1"), (90.0, "Xây dựng mô hình xã"), (270.0, "Sở Nội vụ"), (470.0, "Quý III/2025"))
    words += _ruled_row(
        135.0, (55.0, "2"), (90.0, "Tăng cường kiểm tra"), (270.0, "Công an tỉnh"), (470.0, "Trong năm 2025")
    )
    (table,) = find_tables(RuledPage(words, [100.0, 130.0, 160.0]), 2, TableSettings(), _previous())  # type: ignore[arg-type]
    assert table.column_edges != PREVIOUS_EDGES
    assert table.rows == [
        ["1", "Xây dựng mô hình xã", "Sở Nội vụ", "Quý III/2025"],
        ["2", "Tăng cường kiểm tra", "Công an tỉnh", "Trong năm 2025"],
    ]
