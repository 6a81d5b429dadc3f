"""Labelled list items: an item whose fields are given by labelled lines reads like a table row.

Real text from the 2025 plans (Hà Nội 308, Bắc Ninh 141) and the inline form; ANNOTATION.md,
"Labelled items".
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.body.labelled import split_labels
from tests.test_texttasks import _tasks


@pytest.mark.parametrize(
    ("text", "before", "fields"),
    [
        ("Đơn vị chủ trì: Sở Khoa học và Công nghệ.", "", [("lead", "Sở Khoa học và Công nghệ.")]),
        ("Đơn vị chủ trì tham mưu thực hiện: Sở Tư pháp.", "", [("lead", "Sở Tư pháp.")]),
        ("Đơn vị phối hợp thực hiện: Sở Tư pháp; các cơ quan.", "", [("support", "Sở Tư pháp; các cơ quan.")]),
        ("Cơ quan thực hiện:", "", [("performer", "")]),
        ("Thời gian thực hiện: Quý IV năm 2025.", "", [("deadline", "Quý IV năm 2025.")]),
        ("Sản phẩm dự kiến: Báo cáo.", "", [("output", "Báo cáo.")]),
        ("Kinh phí: Ngân sách tỉnh.", "", [("funding", "Ngân sách tỉnh.")]),
        ("Nhiệm vụ: Tham mưu UBND tỉnh.", "", [("content", "Tham mưu UBND tỉnh.")]),
        (
            "Tổ chức tập huấn. Cơ quan chủ trì: Sở Tư pháp; phối hợp: Sở Nội vụ; thời gian: năm 2025.",
            "Tổ chức tập huấn.",
            [("lead", "Sở Tư pháp"), ("support", "Sở Nội vụ"), ("deadline", "năm 2025.")],
        ),
        # not labels: a sentence before its colon, a work phrase with its objects, an address, a link
        ("Tham mưu UBND tỉnh ban hành quy định về các nội dung sau: a, b.", "", []),
        ("Chủ trì triển khai các nhiệm vụ: Xây dựng cơ chế thử nghiệm.", "", []),
        ("Sở Tư pháp: theo dõi việc thực hiện.", "", []),
        ("Báo cáo về Cục (tại địa chỉ: https://dean06.vn).", "", []),
    ],
)
def test_labels_are_read_with_the_column_vocabulary(text: str, before: str, fields: list[tuple[str, str]]) -> None:
    got_before, got = split_labels(text)
    assert [(f.role, f.value) for f in got] == fields
    if fields:
        assert got_before == before


def test_ha_noi_style_lettered_parts_with_nested_agency_labels() -> None:
    tasks = _tasks(
        ("II. NHIỆM VỤ", True),
        ("1. Về dữ liệu", True),
        ("1.1. Xây dựng các Chiến lược triển khai của thành phố:", True),
        "a) Nhiệm vụ: Tham mưu UBND Thành phố phối hợp với Bộ Công an rà soát, hoàn thiện Chiến lược dữ liệu.",
        "b) Cơ quan thực hiện:",
        "- Đơn vị chủ trì: Sở Khoa học và Công nghệ.",
        "- Đơn vị phối hợp: Các Sở, ban, ngành.",
        "c) Thời gian thực hiện: Hoàn thành trong năm 2025.",
        ("1.2. Triển khai, phát triển dữ liệu:", True),
        "a) Nhiệm vụ:",
        "- Triển khai rà soát, chuẩn hóa cơ sở dữ liệu của đơn vị.",
        "- Phối hợp triển khai số hóa theo hướng dẫn của Bộ, ngành chuyên môn.",
        "b) Cơ quan thực hiện:",
        "- Đơn vị chủ trì: Công an Thành phố.",
        "- Đơn vị phối hợp: Sở Khoa học và Công nghệ, UBND xã, phường.",
        "c) Thời gian thực hiện: Thực hiện thường xuyên.",
        year=2025,
    )
    assert [(t.ref, t.group, t.content, t.lead, t.support) for t in tasks] == [
        (
            "1.1",
            ["NHIỆM VỤ", "Về dữ liệu"],
            "Tham mưu UBND Thành phố phối hợp với Bộ Công an rà soát, hoàn thiện Chiến lược dữ liệu.",
            ["Sở Khoa học và Công nghệ"],
            ["Các Sở, ban, ngành"],
        ),
        (
            "1.2",
            ["NHIỆM VỤ", "Về dữ liệu"],
            "- Triển khai rà soát, chuẩn hóa cơ sở dữ liệu của đơn vị. - Phối hợp triển khai số hóa theo hướng dẫn "
            "của Bộ, ngành chuyên môn.",
            ["Công an Thành phố"],
            ["Sở Khoa học và Công nghệ", "UBND xã, phường"],
        ),
    ]
    assert (tasks[0].deadline.kind, tasks[0].deadline.due) == ("year", dt.date(2025, 12, 31))
    assert tasks[1].deadline.kind == "recurring"
    assert all(t.origin == "text" for t in tasks)


def test_bac_ninh_style_lines_after_the_work_and_several_blocks() -> None:
    tasks = _tasks(
        ("III. NHIỆM VỤ, GIẢI PHÁP", True),
        ("1. Rà soát, kiện toàn đội ngũ cán bộ, công chức", True),
        "- Thường xuyên rà soát, kiện toàn đội ngũ cán bộ, công chức xây dựng chính sách, pháp luật.",
        "Đơn vị chủ trì thực hiện: Sở Nội vụ.",
        "Đơn vị phối hợp: Sở Tư pháp.",
        "Thời gian thực hiện: Thường xuyên.",
        ("2. Đẩy mạnh chuyển đổi số trong công tác xây dựng pháp luật", True),
        "- Tăng cường ứng dụng công nghệ số trong công tác xây dựng pháp luật.",
        "Đơn vị chủ trì tham mưu thực hiện: Sở Khoa học và Công nghệ.",
        "Đơn vị phối hợp thực hiện: Sở Tư pháp.",
        "Thời gian thực hiện: Thường xuyên.",
        "- Ra mắt AI pháp luật hỗ trợ cho cán bộ, công chức, viên chức trên địa bàn tỉnh.",
        "Đơn vị chủ trì tham mưu thực hiện: Sở Khoa học và Công nghệ.",
        "Đơn vị phối hợp thực hiện: Sở Tư pháp.",
        "Thời gian thực hiện: Tháng 12/2025.",
        year=2025,
    )
    title = "Đẩy mạnh chuyển đổi số trong công tác xây dựng pháp luật"
    assert [(t.ref, t.group, t.lead, t.support, t.deadline.kind) for t in tasks] == [
        ("1", ["NHIỆM VỤ, GIẢI PHÁP"], ["Sở Nội vụ"], ["Sở Tư pháp"], "recurring"),
        (None, ["NHIỆM VỤ, GIẢI PHÁP", title], ["Sở Khoa học và Công nghệ"], ["Sở Tư pháp"], "recurring"),
        (None, ["NHIỆM VỤ, GIẢI PHÁP", title], ["Sở Khoa học và Công nghệ"], ["Sở Tư pháp"], "month"),
    ]
    assert tasks[0].content.startswith("Thường xuyên rà soát")  # one work line: no list dash
    assert tasks[2].content == "Ra mắt AI pháp luật hỗ trợ cho cán bộ, công chức, viên chức trên địa bàn tỉnh."
    assert tasks[2].deadline.due == dt.date(2025, 12, 31)


def test_inline_labels_in_the_item_text() -> None:
    tasks = _tasks(
        ("I. NHIỆM VỤ", True),
        "1. Tổ chức tập huấn kỹ năng số cho cán bộ, công chức. Cơ quan chủ trì: Sở Nội vụ; phối hợp: Sở Tư pháp, "
        "Sở Tài chính; thời gian: Quý IV năm 2025.",
        year=2025,
    )
    assert [(t.ref, t.content, t.lead, t.support) for t in tasks] == [
        ("1", "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức.", ["Sở Nội vụ"], ["Sở Tư pháp", "Sở Tài chính"])
    ]
    assert (tasks[0].deadline.kind, tasks[0].deadline.due) == ("quarter", dt.date(2025, 12, 31))


def test_a_labelled_line_is_never_a_task_of_its_own() -> None:
    tasks = _tasks(
        ("I. NHIỆM VỤ", True),
        ("1. Số hóa hồ sơ", True),
        "- Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
        "- Cơ quan thực hiện: Sở Nội vụ.",
        "- Thời gian thực hiện: Quý IV năm 2025.",
        year=2025,
    )
    assert [(t.ref, t.content, t.lead) for t in tasks] == [
        ("1", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.", ["Sở Nội vụ"])
    ]


def test_a_subject_that_leads_takes_its_partners_as_support() -> None:
    tasks = _tasks(
        ("IV. TỔ CHỨC THỰC HIỆN", True),
        "1. Sở Tài chính chủ trì, phối hợp với các Sở, ban, ngành, đơn vị và UBND cấp xã bố trí kinh phí chi "
        "thường xuyên để triển khai thực hiện Kế hoạch.",
        year=2025,
    )
    assert [(t.lead, t.support) for t in tasks] == [(["Sở Tài chính"], ["các Sở, ban, ngành, đơn vị", "UBND cấp xã"])]


def test_an_item_that_only_gives_a_time_is_no_task() -> None:
    tasks = _tasks(
        ("II. NỘI DUNG, THỜI GIAN", True),
        "1. Thời gian thực hiện: Từ tháng 10/2025 đến khi tổng kết Đợt thi đua.",
        ("2. Nội dung thi đua", True),
        "- Sở Nội vụ tổ chức tổng kết, khen thưởng Đợt thi đua.",
        "Thời gian thực hiện: Quý IV năm 2025.",
        year=2025,
    )
    assert [(t.content, t.lead) for t in tasks] == [
        ("Sở Nội vụ tổ chức tổng kết, khen thưởng Đợt thi đua.", ["Sở Nội vụ"])
    ]


def test_items_under_a_request_heading_go_to_the_body_asked() -> None:
    tasks = _tasks(
        ("IV. TỔ CHỨC THỰC HIỆN", True),
        "1. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "a) Chỉ đạo các tổ chức thành viên tăng cường công tác truyền thông.",
        "b) Tham gia huy động nguồn lực hỗ trợ giáo viên mầm non.",
        year=2025,
    )
    assert [(t.ref, t.lead) for t in tasks] == [
        ("a", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]),
        ("b", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]),
    ]


def test_work_paragraphs_under_an_agency_heading_carry_its_label() -> None:
    tasks = _tasks(
        ("VI. TỔ CHỨC THỰC HIỆN", True),
        ("5. Sở Công Thương", True),
        "Chủ trì triển khai các nhiệm vụ tại mục (IV) (3) của Kế hoạch.",
        "Tăng cường quản lý, thanh tra, kiểm tra về thương mại điện tử.",
        year=2025,
    )
    assert [(t.ref, t.group, t.lead) for t in tasks] == [
        ("5", ["TỔ CHỨC THỰC HIỆN"], ["Sở Công Thương"]),
        ("5", ["TỔ CHỨC THỰC HIỆN"], ["Sở Công Thương"]),
    ]
