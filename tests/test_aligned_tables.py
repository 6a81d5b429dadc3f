"""Borderless tables: columns from a header row of wide-gapped cells, rows from the first column.

Pages are built word by word (the way pdfplumber reports them), so each rule is tested on its own;
the rendered "plain" layout fixtures test the same strategy end to end (test_layout_fixtures.py).
"""

from __future__ import annotations

from typing import Any

from extractor.layout.model import Box, TableGrid
from extractor.layout.table_strategies.settings import TableSettings
from extractor.layout.tables import find_tables

CHAR, HEIGHT, PITCH = 5.5, 11.0, 14.0
# x where each column's text starts: STT, Nội dung, Cơ quan chủ trì, Thời hạn
COLUMNS = [60.0, 100.0, 350.0, 480.0]


class FakePage:
    """What find_tables reads from a pdfplumber page without rules: its words."""

    def __init__(self, words: list[dict[str, Any]]) -> None:
        self.edges: list[dict[str, Any]] = []
        self._words = words

    def extract_words(self, **_: Any) -> list[dict[str, Any]]:
        return self._words


def _words(x0: float, top: float, text: str) -> list[dict[str, Any]]:
    out, cursor = [], x0
    for word in text.split():
        out.append(
            {
                "text": word,
                "x0": cursor,
                "x1": cursor + CHAR * len(word),
                "top": top,
                "bottom": top + HEIGHT,
                "size": 11.0,
            }
        )
        cursor += CHAR * (len(word) + 1)
    return out


def _line(top: float, *cells: str | None) -> list[dict[str, Any]]:
    """One table line: cell i's text starts at COLUMNS[i] (None or "" leaves the cell empty)."""
    return [w for x, text in zip(COLUMNS, cells, strict=False) if text for w in _words(x, top, text)]


def _page(lines: list[list[dict[str, Any]]], prose_before: str | None = None) -> FakePage:
    words = _words(60.0, 40.0, prose_before) if prose_before else []
    for index, line in enumerate(lines):
        words += [{**w, "top": 80.0 + PITCH * index, "bottom": 80.0 + PITCH * index + HEIGHT} for w in line]
    return FakePage(words)


HEADER = _line(0, "STT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian")
HEADER_2 = _line(0, None, None, None, "thực hiện")


def _tables(page: FakePage, previous: TableGrid | None = None, number: int = 1) -> list[TableGrid]:
    return find_tables(page, number, TableSettings(), previous)  # type: ignore[arg-type]


def test_header_row_gives_the_columns_and_labels_open_rows() -> None:
    page = _page(
        [
            HEADER,
            HEADER_2,
            _line(0, "1", "Xây dựng kế hoạch tuyên truyền", "Sở Nội vụ", "Quý I"),
            _line(0, None, "cải cách hành chính năm 2025.", None, None),
            _line(0, "2", "Kiểm tra công tác cải cách.", "Sở Tư pháp", "Quý IV"),
        ],
        prose_before="Các nhiệm vụ cụ thể như sau:",
    )
    (table,) = _tables(page)
    assert not table.ruled and len(table.column_edges) == 5
    assert table.rows[0] == ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian\nthực hiện"]
    assert table.rows[1] == ["1", "Xây dựng kế hoạch tuyên truyền\ncải cách hành chính năm 2025.", "Sở Nội vụ", "Quý I"]
    assert table.rows[2][0] == "2" and len(table.rows) == 3
    assert table.box.top > 40.0 + HEIGHT  # the prose above the header is not in the table


def test_prose_running_across_the_columns_ends_the_table() -> None:
    prose = [
        w
        for w in _words(
            60.0,
            0,
            "Các cơ quan, đơn vị căn cứ nhiệm vụ được giao tại Phụ lục kèm theo "
            "Kế hoạch này tổ chức triển khai thực hiện nghiêm túc.",
        )
    ]
    page = _page([HEADER, _line(0, "1", "Tổ chức tập huấn nghiệp vụ.", "Sở Nội vụ", "Quý I"), prose])
    (table,) = _tables(page)
    assert len(table.rows) == 2
    assert table.box.bottom < 80.0 + 2 * PITCH


def test_a_page_without_a_header_has_no_table_unless_the_previous_page_table_goes_on() -> None:
    first = _tables(_page([HEADER, _line(0, "1", "Tổ chức tập huấn nghiệp vụ", "Sở Nội vụ", "Quý I")]))[0]
    next_page = _page(
        [
            _line(0, None, "cho cán bộ, công chức.", None, None),
            _line(0, "2", "Kiểm tra công tác cải cách.", "Sở Tư pháp", "Quý IV"),
        ]
    )
    assert _tables(next_page, None, 2) == []
    (going_on,) = _tables(next_page, first, 2)
    assert going_on.column_edges == first.column_edges
    assert [row[0] for row in going_on.rows] == ["", "2"]
    assert _tables(next_page, first.model_copy(update={"page": 5}), 7) == []  # not the page before


def test_a_row_filling_several_columns_under_a_group_title_is_its_own_row() -> None:
    page = _page(
        [
            HEADER,
            _line(0, "I", "MỨC ĐỘ THU HÚT ĐẦU TƯ", None, None),
            _line(0, None, "Số vốn đầu tư năm 2024 tăng.", "Sở Kế hoạch", "Năm 2024"),
        ]
    )
    (table,) = _tables(page)
    assert [row[1] for row in table.rows[1:]] == ["MỨC ĐỘ THU HÚT ĐẦU TƯ", "Số vốn đầu tư năm 2024 tăng."]


def test_a_line_of_wide_gaps_that_is_not_a_header_makes_no_table() -> None:
    page = _page([_line(0, "Nơi nhận:", None, "KT. CHỦ TỊCH", None), _line(0, "- Như trên;", None, None, None)])
    assert _tables(page) == []


def test_table_box_covers_every_row() -> None:
    (table,) = _tables(_page([HEADER, _line(0, "1", "Tổ chức tập huấn.", "Sở Nội vụ", "Quý I")]))
    assert table.box == Box(x0=table.box.x0, top=80.0, x1=table.box.x1, bottom=80.0 + PITCH + HEIGHT)
    assert [b.top for b in table.row_boxes] == [80.0, 80.0 + PITCH]
