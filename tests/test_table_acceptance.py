"""Tables as Word prints them, read back from real PDFs (tests/fixtures/layouts/lam_dong_khcn_2025__*.pdf, rendered
by LibreOffice from specs/lam_dong_khcn_2025.json): a header whose cells wrap onto two lines, a table without a
header that goes on over a page, and rows that a page breaks in two — in a full grid, with horizontal rules only and
in portrait without a repeated header."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.tables.stitch import LogicalTable, stitch_tables
from tests.corpus_cache import CorpusCache
from tests.fixtures.layouts.build import Table, load_spec

pytestmark = pytest.mark.slow
LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"
SPEC = load_spec("lam_dong_khcn_2025")
PRINTED = [block for block in SPEC.blocks if isinstance(block, Table)]
PDFS = [LAYOUTS / f"lam_dong_khcn_2025__{layout}.pdf" for layout in ("grid", "hrules", "portrait")]


@pytest.fixture(scope="module")
def cache() -> CorpusCache:
    return CorpusCache()


def _tables(cache: CorpusCache, pdf: Path) -> list[LogicalTable]:
    return stitch_tables([grid for page in cache.layout(pdf).pages for grid in page.tables])


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_header_wrapping_onto_two_lines_gives_every_column_its_role(cache: CorpusCache, pdf: Path) -> None:
    first_page = next(page for page in cache.layout(pdf).pages if page.tables)
    printed_header = first_page.tables[0].rows[0]
    assert sum(1 for cell in printed_header if cell and "\n" in cell) >= 3  # the cells did wrap
    table = _tables(cache, pdf)[0]
    assert [h.replace(" ", "") for h in table.header] == [c.header.replace(" ", "") for c in PRINTED[0].columns]
    assert table.roles == ["ref", "content", "lead", "support", "deadline", "output"]
    assert not table.roles_by_content


@pytest.mark.parametrize("pdf", PDFS[:2], ids=lambda p: p.stem)  # in portrait it fits on one page
def test_table_without_a_header_goes_on_over_the_page(cache: CorpusCache, pdf: Path) -> None:
    table = _tables(cache, pdf)[1]
    assert len(table.pages) == 2 and not any(table.header)
    assert table.roles_by_content and table.roles == ["ref", "content", "performer", "support", "deadline"]
    assert [row.cells[0] for row in table.rows] == [row.cells[0] for row in PRINTED[1].rows]


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_row_broken_by_a_page_is_one_row_and_no_row_vanishes(cache: CorpusCache, pdf: Path) -> None:
    tables = _tables(cache, pdf)
    broken = [row for table in tables for row in table.rows if row.continued]
    assert broken, "the render breaks at least one row over a page"
    plan = cache.plan(pdf)
    gold = {row.task.content: row.task.ref for block in PRINTED for row in block.rows if row.task}
    read = [(task.content, task.ref) for task in plan.tasks if task.origin == "table"]
    assert sorted(read, key=str) == sorted(gold.items(), key=str)  # each row once, whole
    pages = {task.content: task.page for task in plan.tasks}
    for row in broken:
        content = next(text for text in gold if text.startswith(row.cells[1].split("\n")[0][:30]))
        assert pages[content] == row.page  # the task sits where its row starts
