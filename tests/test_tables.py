"""Tables as the plan printed them: column roles, stitching over pages, group rows, sub-rows."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from difflib import SequenceMatcher
from pathlib import Path
from types import SimpleNamespace

import pytest

from extractor.layout.model import Box, TableGrid
from extractor.layout.table_strategies.settings import TableSettings
from extractor.layout.tables import page_strategy
from extractor.tables.agency_cells import complete_cell
from extractor.tables.rows import label_rank, table_items
from extractor.tables.stitch import combine_header, stitch_tables
from extractor.tagging.assignment import AssignSettings, Role, assign
from extractor.tagging.column_roles import RoleSettings, header_role, map_columns
from extractor.text import join_lines
from tests.corpus_cache import CorpusCache
from tests.corpus_floors import below_floor

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
HEADER = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian\nthực hiện"]


def grid(page: int, rows: Sequence[Sequence[str | None]], top: float = 60.0) -> TableGrid:
    """A page grid as tables.find_tables would give it, one 20pt-high row after another."""
    boxes = [Box(x0=50, top=top + 20 * i, x1=790, bottom=top + 20 * (i + 1)) for i in range(len(rows))]
    box = Box(x0=50, top=top, x1=790, bottom=top + 20 * len(rows))
    return TableGrid(
        page=page, box=box, rows=[list(row) for row in rows], row_boxes=boxes, strategy="lattice", confidence=1.0
    )


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("STT", "ref"),
        ("TT", "ref"),
        ("Số\nthứ\ntự", "ref"),
        ("S.TT", "ref"),
        ("Nội dung công việc", "content"),
        ("Nhiệm vụ", "content"),
        ("Nội dung/chỉ tiêu", "content"),
        ("NHIỆM VỤ / CHỈ TIÊU", "content"),
        ("Tên nhiệm vụ, đề án", "content"),
        ("Cơ quan chủ trì", "lead"),
        ("Đơn vị chủ trì\nthực hiện", "lead"),
        ("Cơ quan chủ trì, thực\nhiện", "lead"),
        ("Cơ quan phối hợp", "support"),
        ("Đơn vị phối hợp", "support"),
        ("Cơ quan, đơn vị thực hiện", "performer"),
        ("Phân công thực hiện", "performer"),
        ("Thời gian thực hiện", "deadline"),
        ("Thời gian\nhoàn\nthành", "deadline"),
        ("Thời hạn", "deadline"),
        ("Tiến độ", "deadline"),
        ("Sản phẩm", "output"),
        ("Kết quả công việc", "output"),
        ("Dự kiến sản phẩm", "output"),
        ("Ghi\nchú", "note"),
        ("Chỉ tiêu năm 2025 (%)", "target"),
        ("Chỉ tiêu\nnăm 2025", "target"),
        ("Đơn vị + Chỉ tiêu", "target"),
        ("Đơn\nvị", "unit"),
        ("ĐVT", "unit"),
        ("Lĩnh vực/Tiêu chí/ Tiêu chí\nthành phần", "criterion"),
        ("Thoi gian thuc hien", "deadline"),
        ("Kinh phí thực hiện", "funding"),
        ("Nguồn vốn", "funding"),
        ("Đơn vị chủ trì thực hiện:", "lead"),
        ("Thời gian hoàn thành:", "deadline"),
        ("Sản phẩm dự kiến", "output"),
        ("Nội dung thực hiện", "content"),
        ("NHIỆM VỤ\nTHỰC HIỆN", "content"),
        ("Đơn vị thực hiện", "performer"),
        ("Tên", None),
        ("Địa chỉ", None),
        ("Điện thoại", None),
    ],
)
def test_header_roles_by_meaning(header: str, role: str | None) -> None:
    assert header_role(header, RoleSettings()) == role


def test_role_vocabulary_is_data() -> None:
    """The default rules are the ones vocab/column_roles.toml lists, in its order."""
    text = (Path(__file__).resolve().parent.parent / "extractor/vocab/column_roles.toml").read_text(encoding="utf-8")
    rules = RoleSettings().rules
    assert [rule.role for rule in rules] == [rule["role"] for rule in tomllib.loads(text)["rules"]]
    assert header_role("Cơ quan chủ trì") == "lead"  # the settings default to the shipped vocabulary


def test_criterion_becomes_content_when_there_is_no_work_column() -> None:
    assert map_columns(["TT", "Tiêu chí", "Cơ quan chủ trì"], RoleSettings()) == ["ref", "content", "lead"]


def test_merged_two_line_header_combines_per_column() -> None:
    rows: list[list[str | None]] = [
        ["TT", "Nhiệm vụ", "Cơ quan thực hiện", None, "Thời hạn"],
        ["", "", "Chủ trì", "Phối hợp", ""],
    ]
    header = combine_header(rows)
    assert map_columns(header, RoleSettings()) == ["ref", "content", "lead", "support", "deadline"]


def test_header_spanning_two_rows_and_column_numbers_are_not_tasks() -> None:
    tables = stitch_tables(
        [
            grid(
                1,
                [
                    ["TT", "Nhiệm vụ", "Cơ quan thực hiện", None, "Thời hạn"],
                    ["", "", "Chủ trì", "Phối hợp", ""],
                    ["(1)", "(2)", "(3)", "(4)", "(5)"],
                    ["1", "Rà soát thủ tục hành chính.", "Sở Tư pháp", "Các sở, ngành", "Quý III"],
                ],
            )
        ]
    )
    assert len(tables) == 1
    assert tables[0].roles == ["ref", "content", "lead", "support", "deadline"]
    assert [r.cells[0] for r in tables[0].rows] == ["1"]


def test_row_split_across_pages_is_merged_and_repeated_header_dropped() -> None:
    page1 = grid(
        1,
        [
            HEADER,
            ["1", "Tổ chức tập huấn", "Sở Nội vụ", "", "Quý I"],
            [
                "2",
                "Hoàn thành việc kết nối, tích hợp với Cổng dịch vụ công theo hướng dẫn của Văn phòng",
                "Sở Thông tin và\nTruyền thông",
                "Văn phòng\nUBND",
                "Trong năm",
            ],
        ],
    )
    page2 = grid(
        2,
        [
            ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"],
            ["", "Chính phủ.", "", "tỉnh", "2025"],
            ["3", "Đánh giá chất lượng.", "Sở Nội vụ", "", "Quý IV"],
        ],
    )
    tables = stitch_tables([page1, page2])
    assert len(tables) == 1
    rows = tables[0].rows
    assert [r.cells[0] for r in rows] == ["1", "2", "3"]
    assert (join_lines(rows[1].cells[1]) or "").endswith("của Văn phòng Chính phủ.")
    assert join_lines(rows[1].cells[3]) == "Văn phòng UBND tỉnh"
    assert join_lines(rows[1].cells[4]) == "Trong năm 2025"
    assert rows[1].continued and rows[1].page == 1
    assert tables[0].pages == [1, 2]


def test_continued_row_without_repeated_header() -> None:
    page1 = grid(1, [HEADER, ["1", "Xây dựng kế hoạch tuyên truyền cải cách hành chính năm", "Sở Nội vụ", "", ""]])
    page2 = grid(2, [["", "2025 trên địa bàn tỉnh.", "", "", "Quý I"]], top=57)
    rows = stitch_tables([page1, page2])[0].rows
    assert len(rows) == 1
    want = "Xây dựng kế hoạch tuyên truyền cải cách hành chính năm 2025 trên địa bàn tỉnh."
    assert join_lines(rows[0].cells[1]) == want


def test_new_unnumbered_row_at_page_top_is_not_merged() -> None:
    page1 = grid(1, [HEADER, ["1", "Tổ chức tập huấn nghiệp vụ.", "Sở Nội vụ", "", "Quý I"]])
    page2 = grid(2, [HEADER, ["", "Kiểm tra công tác cải cách hành chính.", "Sở Nội vụ", "Các sở, ngành", "Quý IV"]])
    rows = stitch_tables([page1, page2])[0].rows
    assert len(rows) == 2
    assert rows[1].page == 2 and not rows[0].continued


def test_sub_row_at_page_top_is_not_a_continuation() -> None:
    header = ["Stt", "Nội dung công việc", "Kết quả công việc", "Cơ quan, đơn vị thực hiện", "Thời gian thực hiện"]
    page1 = grid(1, [header, ["1", "Ban hành văn bản.", "a) Quyết định kiện toàn.", "Văn phòng UBND tỉnh", "Quý III"]])
    page2 = grid(2, [header, ["", "", "b) Kế hoạch kiểm tra.", "Văn phòng UBND tỉnh", "Quý IV"]])
    table = stitch_tables([page1, page2])[0]
    assert len(table.rows) == 2
    items = table_items(table)
    assert [i.ref for i in items] == ["1.a", "1.b"]
    assert all(join_lines(i.cells.content) == "Ban hành văn bản." for i in items)
    assert [i.cells.deadline for i in items] == ["Quý III", "Quý IV"]


def test_second_table_with_its_own_header_starts_a_new_logical_table() -> None:
    other = ["Số thứ tự", "Nội dung chỉ tiêu", "Đơn vị", "Chỉ tiêu năm 2025", "Cơ quan thực hiện"]
    tables = stitch_tables(
        [
            grid(1, [HEADER, ["1", "Tập huấn.", "Sở Nội vụ", "", "Quý I"]]),
            grid(2, [other, ["1", "Tỷ lệ hồ sơ trực tuyến.", "%", "Tối thiểu 60", "Các sở, ban, ngành"]]),
        ]
    )
    assert len(tables) == 2
    assert tables[1].roles == ["ref", "content", "unit", "target", "performer"]


def test_header_reworded_at_page_top_and_repeated_in_the_body_is_dropped() -> None:
    """A later page repeats the header and a sub-header worded differently ("Nội dung" for "Nhiệm vụ,
    giải pháp"), and the header also recurs under a group row: one table, no header rows as tasks."""
    header = ["STT", "Nhiệm vụ, giải pháp", "Đơn vị thực hiện", "Đơn vị phối hợp", "Thời gian thực hiện"]
    again = ["", "Nội dung", "Đơn vị thực hiện", "Đơn vị phối hợp", "Thời gian\nthực hiện"]
    group: list[str | None] = ["II", "Phát triển kinh tế số trong y tế", None, None, None]
    tables = stitch_tables(
        [
            grid(
                1, [header, ["I", "Nông nghiệp", None, None, None], again, ["1.1", "Tập huấn.", "Sở Y tế", "", "2026"]]
            ),
            grid(2, [header, again, ["1.2", "Số hóa.", "Sở Y tế", "", "2026"], group, again]),
            grid(3, [header, ["2.1", "Hồ sơ bệnh án điện tử.", "Sở Y tế", "Các sở, ngành", "2026 - 2030"]]),
        ]
    )
    assert len(tables) == 1
    items = table_items(tables[0])
    assert [i.ref for i in items] == ["1.1", "1.2", "2.1"]
    assert items[-1].group == ["Phát triển kinh tế số trong y tế"]


def test_group_label_printed_in_the_title_cell_is_dropped_and_ranks_the_group() -> None:
    rows: list[list[str | None]] = [
        ["TT", "Chỉ tiêu", "Chủ trì"],
        ["", "I. Kinh tế số", None],
        ["1", "Kinh tế số chiếm 45% GRDP tỉnh.", "Sở Tài chính"],
        ["", "II. Xã hội số", None],
        ["1", "Tỷ lệ phủ sóng 5G đạt 100% dân số.", "Sở Khoa học và Công nghệ"],
    ]
    items = table_items(stitch_tables([grid(1, rows)])[0])
    assert [i.group for i in items] == [["Kinh tế số"], ["Xã hội số"]]


@pytest.mark.parametrize(
    ("cell", "role", "lead", "support"),
    [
        (
            "Viện, Trường;\nDoanh nghiệp, Sở,\nban, ngành có liên\nquan",
            "support",
            [],
            ["Viện, Trường", "Doanh nghiệp", "Sở, ban, ngành có liên quan"],
        ),
        ("Liên hiệp\ncác Hội\nKhoa học và\nKỹ thuật", "lead", ["Liên hiệp các Hội Khoa học và Kỹ thuật"], []),
        ("Thuế Đồng Nai", "lead", ["Thuế Đồng Nai"], []),
        ("Sở Tài Chính; Sở Công thương", "support", [], ["Sở Tài Chính", "Sở Công thương"]),
        ("Sở Khoa học và Công nghệ thúc đẩy, theo dõi, báo cáo chỉ tiêu", "lead", ["Sở Khoa học và Công nghệ"], []),
        ("Các sở, ban, ngành; UBND các phường, xã", "support", [], ["Các sở, ban, ngành", "UBND các phường, xã"]),
        (
            "- Văn phòng UBND tỉnh theo dõi và báo cáo UBND tỉnh, Văn phòng Chính phủ.",
            "lead",
            ["Văn phòng UBND tỉnh"],
            [],
        ),
    ],
)
def test_agency_column_cells_list_agencies_known_or_not(
    cell: str, role: Role, lead: list[str], support: list[str]
) -> None:
    found = complete_cell(cell, assign(cell, default_role=role, settings=AssignSettings(role_column=True)), role)
    assert (found.lead, found.support) == (lead, support)


def test_unmappable_table_is_not_a_task_table() -> None:
    tables = stitch_tables([grid(1, [["Tên", "Địa chỉ", "Điện thoại"], ["Sở Nội vụ", "Số 1 Lê Lợi", "0255 3822"]])])
    assert not tables[0].is_task_table


def test_group_rows_and_numbered_hierarchy() -> None:
    header = ["TT", "Lĩnh vực/Tiêu chí", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    table = stitch_tables(
        [
            grid(
                1,
                [
                    header,
                    ["A", "CẢI CÁCH THỂ CHẾ", None, None, None, None],
                    ["1", "Theo dõi thi hành pháp luật", None, None, None, None],
                    ["1.1", "Kiểm tra", "Kiểm tra tình hình thi hành pháp luật.", "Sở Tư pháp", "", "Trong năm 2024"],
                    ["1.2", "Rà soát văn bản", "Rà soát văn bản quy phạm pháp luật.", "Sở Tư pháp", "", "Quý II"],
                    ["1.2.1", "Công bố", "Công bố danh mục văn bản hết hiệu lực.", "Sở Tư pháp", "", "Quý III"],
                    ["2", "Cải cách tổ chức bộ máy", "Sắp xếp tổ chức bộ máy.", "Sở Nội vụ", "", "Năm 2024"],
                    ["B", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", None, None, None, None],
                    ["3", "Công khai", "Công khai thủ tục hành chính.", "Văn phòng UBND tỉnh", "", "Thường xuyên"],
                ],
            )
        ]
    )[0]
    items = table_items(table)
    assert [(i.ref, i.group) for i in items] == [
        ("1.1", ["CẢI CÁCH THỂ CHẾ", "Theo dõi thi hành pháp luật"]),
        ("1.2", ["CẢI CÁCH THỂ CHẾ", "Theo dõi thi hành pháp luật"]),
        ("1.2.1", ["CẢI CÁCH THỂ CHẾ", "Theo dõi thi hành pháp luật", "Rà soát văn bản"]),
        ("2", ["CẢI CÁCH THỂ CHẾ"]),
        ("3", ["CẢI CÁCH THỦ TỤC HÀNH CHÍNH"]),
    ]


def test_unlabelled_group_rows_replace_each_other() -> None:
    table = stitch_tables(
        [
            grid(
                1,
                [
                    HEADER,
                    ["", "Năm 2022", None, None, None],
                    ["1", "Số hóa kết quả giải quyết thủ tục hành chính.", "Sở Nội vụ", "", ""],
                    ["", "Năm 2023 - 2025", None, None, None],
                    ["1", "Kết nối cơ sở dữ liệu quốc gia.", "Sở Tư pháp", "", ""],
                ],
            )
        ]
    )[0]
    assert [(i.ref, i.group) for i in table_items(table)] == [("1", ["Năm 2022"]), ("1", ["Năm 2023 - 2025"])]


@pytest.mark.parametrize(
    ("label", "rank"), [("A", 0), ("I", 1), ("IV", 1), ("1", 2), ("1.3", 3), ("1.3.1", 4), ("a", 9), (None, None)]
)
def test_label_ranks_nest(label: str | None, rank: float | None) -> None:
    assert label_rank(label) == rank


# share of gold table rows read exactly (over the larger of gold and read rows), for plans not yet read perfectly
TABLE_ROW_FLOORS = {
    "bac_ninh_144-KH-UBND_2025": 0.0,
    "dong_nai_179-KH-UBND_2025": 0.67,
    "dong_thap_552-KH-UBND_2025": 0.94,
}


@pytest.mark.parametrize("pdf", sorted(CORPUS.glob("*.pdf")), ids=lambda p: p.name)
def test_corpus_table_rows_match_gold(corpus: CorpusCache, pdf: Path) -> None:
    gold = [t for t in json.loads(pdf.with_suffix(".gold.json").read_text("utf-8"))["tasks"] if t["origin"] == "table"]
    doc = corpus.layout(pdf)
    items = [i for t in stitch_tables([g for p in doc.pages for g in p.tables]) for i in table_items(t)]
    with_page = all("page" in t for t in gold)  # the first gold files leave the page out
    got = [
        (
            i.ref,
            tuple(i.group),
            join_lines(i.cells.content) or join_lines(i.cells.criterion),
            join_lines(i.cells.output),
            join_lines(i.cells.note),
            i.page if with_page else None,
        )
        for i in items
    ]
    want = [(t["ref"], tuple(t["group"]), t["content"], t["output"], t["note"], t.get("page")) for t in gold]
    blocks = SequenceMatcher(None, want, got, autojunk=False).get_matching_blocks()
    found = sum(block.size for block in blocks)
    print(f"{pdf.stem}: {found}/{len(gold)} gold table rows read exactly, {len(items)} rows read")
    assert (
        below_floor({pdf.stem: found / max(len(gold), len(items), 1) if gold or items else 1.0}, TABLE_ROW_FLOORS) == {}
    )


def test_label_broken_by_a_page_is_rejoined_with_its_row() -> None:
    """A narrow STT column wraps "7.2.1" as "7.2." / "1", and the page breaks between the two lines."""
    page1 = grid(1, [HEADER, ["7.2.", "- 100% các sở, ngành có tỷ lệ xử lý", "Sở Nội vụ", "", "Trong năm 2024"]])
    page2 = grid(2, [HEADER, ["1", "văn bản trên môi trường mạng.", "", "", ""]])
    table = stitch_tables([page1, page2])[0]
    assert len(table.rows) == 1
    assert [i.ref for i in table_items(table)] == ["7.2.1"]


def test_numbered_row_after_a_dotted_label_is_not_merged_without_a_continuation() -> None:
    page1 = grid(1, [HEADER, ["2.", "Tổ chức tập huấn nghiệp vụ.", "Sở Nội vụ", "", "Quý I"]])
    page2 = grid(2, [HEADER, ["3.", "Kiểm tra công tác cải cách hành chính.", "Sở Nội vụ", "", "Quý IV"]])
    assert [i.ref for i in table_items(stitch_tables([page1, page2])[0])] == ["2", "3"]


def test_row_opening_with_a_number_after_a_group_row_is_a_new_row() -> None:
    """ "100% các chỉ tiêu …" starts a sentence; digits before a lower-case word do not make it a continuation."""
    page1 = grid(1, [HEADER, ["I", "MỨC ĐỘ THỰC HIỆN CÁC CHỈ TIÊU", None, None, None]])
    page2 = grid(
        2,
        [
            HEADER,
            ["", "100% các chỉ tiêu phát triển kinh tế - xã hội đạt kế hoạch", "Sở Tài chính", "", "Trong năm 2024"],
        ],
    )
    items = table_items(stitch_tables([page1, page2])[0])
    assert [(i.ref, i.group, join_lines(i.cells.lead)) for i in items] == [
        (None, ["MỨC ĐỘ THỰC HIỆN CÁC CHỈ TIÊU"], "Sở Tài chính")
    ]


@pytest.mark.parametrize(("cell", "ref"), [("1.3.\n1", "1.3.1"), ("1\n0", "10"), ("II.", "II"), ("Năm 2022", None)])
def test_label_wrapped_in_a_narrow_column(cell: str, ref: str | None) -> None:
    table = stitch_tables([grid(1, [HEADER, [cell, "Tổ chức thực hiện.", "Sở Nội vụ", "", "Quý I"]])])[0]
    assert [i.ref for i in table_items(table)] == [ref or "Năm 2022"]


def test_row_filling_a_whole_page_is_read_as_a_ruled_table() -> None:
    """A page holding one long row has two horizontal rules (its top and bottom) and the column rules."""

    def edges(horizontal: int, vertical: int) -> SimpleNamespace:
        return SimpleNamespace(edges=[{"orientation": "h"}] * horizontal + [{"orientation": "v"}] * vertical)

    settings = TableSettings()
    assert page_strategy(edges(2, 6), settings) == "lattice"  # type: ignore[arg-type]
    assert page_strategy(edges(5, 0), settings) == "rules"  # type: ignore[arg-type]
    assert page_strategy(edges(1, 0), settings) == "aligned"  # type: ignore[arg-type]
    assert page_strategy(edges(0, 0), settings) == "aligned"  # type: ignore[arg-type]


NOTE_HEADER = ["TT", "Chỉ tiêu", "Phân công thực hiện", "Ghi chú"]


@pytest.mark.parametrize(
    ("performer", "note"),
    [
        ("- Các phòng thuộc Sở.", "476/VPCP-KSTT ngày 17/01/2025."),  # goes on with a number
        ("+ Văn phòng Sở tuyên truyền.", "Chính phủ. (Mục 1)."),  # no label, no content: any word
    ],
)
def test_row_whose_cell_stops_mid_sentence_is_continued(performer: str, note: str) -> None:
    page1 = grid(
        1, [NOTE_HEADER, ["4.", "Mức độ hài lòng", "- Đơn vị chủ trì: Văn phòng Sở.", "Thực hiện theo Công văn số"]]
    )
    page2 = grid(2, [NOTE_HEADER, ["", "", performer, note]])
    table = stitch_tables([page1, page2])[0]
    assert len(table.rows) == 1
    assert table.rows[0].cells[3].endswith(note)


def test_row_after_finished_cells_with_its_own_agency_is_not_a_continuation() -> None:
    page1 = grid(1, [NOTE_HEADER, ["4.", "Mức độ hài lòng", "- Đơn vị chủ trì: Văn phòng Sở.", "Theo Công văn."]])
    page2 = grid(2, [NOTE_HEADER, ["", "", "- Đơn vị chủ trì: Thanh tra Sở.", "Chính phủ giao."]])
    assert len(stitch_tables([page1, page2])[0].rows) == 2


def test_agency_list_going_on_at_the_page_top_is_a_continuation() -> None:
    header = ["STT", "Chỉ tiêu", "Cơ quan chủ trì", "Cơ quan phối hợp", "Chỉ tiêu năm 2025 (%)"]
    page1 = grid(1, [header, ["7", "Tỷ lệ cấp kết quả giải quyết TTHC điện tử", "- Các sở, ban, ngành", "", "100"]])
    page2 = grid(2, [header, ["", "", "- Ủy ban nhân dân cấp xã", "", ""]])
    (row,) = stitch_tables([page1, page2])[0].rows
    assert row.cells[2] == "- Các sở, ban, ngành\n- Ủy ban nhân dân cấp xã"


def test_header_never_seen_before_is_mapped_by_content() -> None:
    """No header word is known, so the cells decide: labels, long work texts, agencies, deadlines."""
    rows: list[list[str | None]] = [
        ["Số", "Việc cần làm", "Nơi làm", "Khi nào"],
        ["1", "Rà soát, cập nhật danh mục thủ tục hành chính trên Cổng dịch vụ công.", "Sở Tư pháp", "Quý III/2025"],
        ["2", "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã.", "Sở Nội vụ", "Trong năm 2025"],
        ["3", "Kiểm tra việc thực hiện tại các địa phương trên địa bàn tỉnh.", "UBND cấp xã", "Thường xuyên"],
    ]
    table = stitch_tables([grid(1, rows)])[0]
    assert table.roles == ["ref", "content", "performer", "deadline"]
    assert table.is_task_table and table.roles_by_content
    items = table_items(table)
    assert (items[0].ref, items[0].cells.performer, items[0].cells.deadline) == ("1", "Sở Tư pháp", "Quý III/2025")


def test_table_of_places_and_numbers_is_still_refused() -> None:
    rows: list[list[str | None]] = [
        ["STT", "Địa điểm quan trắc", "Tọa độ X", "Tọa độ Y"],
        ["1", "Cửa sông lạch Càn: khu vực nước cấp", "2210567", "603812"],
        ["2", "Cửa sông lạch Sung: khu vực nước cấp", "2209277", "603812"],
    ]
    table = stitch_tables([grid(1, rows)])[0]
    assert not table.is_task_table and not table.roles_by_content


def test_a_column_of_quantities_is_not_read_as_deadlines() -> None:
    """ "7.00 0", "1.21 0" (thousands a narrow column broke) parse as a day and a month, but no real date."""
    rows: list[list[str | None]] = [
        ["TT", "Sản phẩm", "Lượng (tấn)", "Giá trị (nghìn USD)"],
        ["1", "Xoài", "13.500", "7.00 0"],
        ["2", "Nhãn", "6.400", "24.7 00"],
        ["3", "Chanh leo", "2.200", "1.21 0"],
        ["4", "Chuối", "11.200", "2.98 0"],
    ]
    table = stitch_tables([grid(1, rows)])[0]
    assert "deadline" not in table.roles and not table.is_task_table


def test_numbered_row_cut_before_its_own_columns_goes_on_at_the_page_top() -> None:
    """A row that starts at the page foot with its number and first words only; the rest, with its agencies and
    deadline, opens the next page with a capital (a proper name): one row, no row lost."""
    page1 = grid(
        1, [HEADER, ["4", "Tổ chức tập huấn.", "Sở Nội vụ", "", "Quý I"], ["5", "Xây dựng kế hoạch của", "", "", ""]]
    )
    page2 = grid(
        2,
        [
            HEADER,
            ["", "Ủy ban nhân dân tỉnh về chuyển đổi số.", "Sở Nội vụ", "Sở Tài chính", "Quý IV"],
            ["6", "Kiểm tra việc thực hiện.", "Sở Nội vụ", "", "Quý IV"],
        ],
    )
    items = table_items(stitch_tables([page1, page2])[0])
    assert [i.ref for i in items] == ["4", "5", "6"]
    assert join_lines(items[1].cells.content) == "Xây dựng kế hoạch của Ủy ban nhân dân tỉnh về chuyển đổi số."
    assert (items[1].cells.lead, items[1].page) == ("Sở Nội vụ", 1)


@pytest.mark.parametrize("title", ["CẢI CÁCH THỂ CHẾ", "Cải cách thể chế."])
def test_numbered_group_title_at_the_page_foot_is_not_continued(title: str) -> None:
    page1 = grid(1, [HEADER, ["1", title, "", "", ""]])
    page2 = grid(2, [HEADER, ["", "Rà soát văn bản quy phạm pháp luật.", "Sở Tư pháp", "", "Quý IV"]])
    assert len(stitch_tables([page1, page2])[0].rows) == 2
