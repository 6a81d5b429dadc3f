"""Percentage targets (and counted ones) as plans write them; past results are not targets."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.tagging.targets import column_target, find_quantities, find_targets
from tests.gold_cells import gold_plans, gold_rows


def _triples(text: str, plan_year: int | None = None) -> list[tuple[str, float, str]]:
    return [(t.text, t.value, t.op) for t in find_targets(text, plan_year)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("đảm bảo tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 95%", [("tối thiểu 95%", 95, ">=")]),
        ("Tối thiểu 30% tổ chức, cá nhân khi thực hiện thủ tục hành chính", [("Tối thiểu 30%", 30, ">=")]),
        ("cắt giảm tối thiểu 10% chi phí tuân thủ TTHC", [("tối thiểu 10%", 10, ">=")]),
        ("tối thiểu đạt 50% so với tổng số hồ sơ tiếp nhận", [("tối thiểu đạt 50%", 50, ">=")]),
        ("Tối thiểu đạt 45% thanh toán trực tuyến", [("Tối thiểu đạt 45%", 45, ">=")]),
        ("tối thiểu từ 80% trở lên hồ sơ giải quyết thủ tục hành chính", [("tối thiểu từ 80% trở lên", 80, ">=")]),
        ("tại UBND cấp huyện đạt từ 30% trở lên", [("từ 30% trở lên", 30, ">=")]),
        ("Từ 85% số cơ sở nhà, đất trở lên thuộc thẩm quyền quản lý", [("Từ 85% số cơ sở nhà, đất trở lên", 85, ">=")]),
        ("50% trở lên hồ sơ được số hóa", [("50% trở lên", 50, ">=")]),
        ("đảm bảo tỷ lệ ít nhất 50% trên tổng số thủ tục hành chính", [("ít nhất 50%", 50, ">=")]),
        ("cắt giảm ít nhất 20% chi phí tuân thủ", [("ít nhất 20%", 20, ">=")]),
        ("tỷ lệ không thấp hơn 80%", [("không thấp hơn 80%", 80, ">=")]),
        ("không ít hơn 70% số hồ sơ", [("không ít hơn 70%", 70, ">=")]),
        ("≥ 90% hồ sơ", [("≥ 90%", 90, ">=")]),
        ("Trên 90% thủ tục hành chính thuộc ngành dọc", [("Trên 90%", 90, ">")]),
        ("Trên 99% hồ sơ TTHC do UBND cấp xã tiếp nhận", [("Trên 99%", 99, ">")]),
        ("trên 95 % hồ sơ", [("trên 95 %", 95, ">")]),
        ("tăng hơn 50% so với năm trước liền kề", [("hơn 50%", 50, ">")]),
        ("vượt 10% kế hoạch", [("vượt 10%", 10, ">")]),
        ("tỷ lệ hồ sơ trễ hạn tối đa 5%", [("tối đa 5%", 5, "<=")]),
        ("không quá 5% hồ sơ trễ hạn", [("không quá 5%", 5, "<=")]),
        ("không vượt quá 2% tổng số", [("không vượt quá 2%", 2, "<=")]),
        ("tỷ lệ hồ sơ trả lại dưới 1%", [("dưới 1%", 1, "<")]),
        ("Thực hiện giảm 10% số lượng đơn vị sự nghiệp công lập so với năm 2021", [("giảm 10%", 10, "=")]),
        (
            "trong mỗi năm thêm 20% đối với mỗi cấp hành chính cho đến khi đạt tỷ lệ 100%",
            [("thêm 20%", 20, "="), ("100%", 100, "=")],
        ),
        ("tăng thêm 5% so với năm 2024", [("tăng thêm 5%", 5, "=")]),
        ("Hoàn thành 100% nhiệm vụ cải cách hành chính", [("100%", 100, "=")]),
        ("- 100% cán bộ cấp xã đạt chuẩn - 100% công chức cấp xã đạt chuẩn", [("100%", 100, "=")] * 2),
        ("phần đầu tỷ lệ đạt 100% theo kế hoạch", [("100%", 100, "=")]),
        ("80% người dân, doanh nghiệp khi thực hiện TTHC không phải cung cấp lại", [("80%", 80, "=")]),
        ("tỷ lệ số hóa đạt 27,74%", [("27,74%", 27.74, "=")]),
        ("đạt 0,5% tổng số", [("0,5%", 0.5, "=")]),
        ("đạt 100 % hồ sơ", [("100 %", 100, "=")]),
        ("tỷ lệ hồ sơ đã được số hóa đạt 100%", [("100%", 100, "=")]),
        ("hiện nay tỷ lệ là 60%, phấn đấu đạt 80%", [("80%", 80, "=")]),
        ("phấn đấu đạt được 95% hồ sơ", [("95%", 95, "=")]),
        # ranges set no single target
        ("Có thêm đơn vị tự bảo đảm từ 70% đến dưới 100% chi thường xuyên", []),
        ("tự bảo đảm từ 10% đến dưới 30% chi thường xuyên", []),
        ("tỷ lệ từ 70 - 80%", []),
        ("70-80% hồ sơ", []),
        # past results are not targets
        ("Sở Tư pháp đã đạt 27,74%", []),
        ("(năm trước: 95%)", []),
        ("đến ngày 05/11/2024, đã đồng bộ 719.569 hồ sơ (70,29%)", []),
        ("Kết quả năm 2023: 85%", []),
        ("năm 2023 đạt 80%, năm 2024 phấn đấu đạt 90%", [("90%", 90, "=")]),
        ("Lũy kế đến nay đạt 70%", []),
        ("tỷ lệ đạt được 90% trong năm qua", []),
        ("Không có chỉ tiêu số", []),
    ],
)
def test_percentages_in_content(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert _triples(text) == expected


def test_a_plan_year_tells_past_years_from_goal_years() -> None:
    assert _triples("Năm 2023 đạt 86,44%", plan_year=2024) == []
    assert _triples("Năm 2025 đạt 90%", plan_year=2024) == [("90%", 90, "=")]


@pytest.mark.parametrize(
    ("cell", "header_percent", "expected"),
    [
        ("80", True, [("80", 80, "=")]),
        ("100", True, [("100", 100, "=")]),
        ("Tối thiểu 50", True, [("Tối thiểu 50", 50, ">=")]),
        ("Tối thiểu\n60", True, [("Tối thiểu 60", 60, ">=")]),
        ("Trên 90", True, [("Trên 90", 90, ">")]),
        (">= 90", True, [(">= 90", 90, ">=")]),
        ("100%", False, [("100%", 100, "=")]),
        ("Tối thiểu 90%", False, [("Tối thiểu 90%", 90, ">=")]),
        ("80", False, []),
        ("90-95", True, []),
        ("", True, []),
    ],
)
def test_target_column_cells(cell: str, header_percent: bool, expected: list[tuple[str, float, str]]) -> None:
    assert [(t.text, t.value, t.op) for t in column_target(cell, header_percent)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mỗi năm có ít nhất 03 sáng kiến hoặc giải pháp mới", [("ít nhất 03 sáng kiến", 3, ">=", "sáng kiến")]),
        ("năm 2024 có ít nhất 3 sáng kiến lớn", [("ít nhất 3 sáng kiến", 3, ">=", "sáng kiến")]),
        (
            "Đạt 50 thủ tục hành chính hoặc nhóm thủ tục hành chính",
            [("50 thủ tục hành chính", 50, "=", "thủ tục hành chính")],
        ),
        ("xuống trung bình còn tối đa 15 phút/01 lượt giao dịch", [("tối đa 15 phút", 15, "<=", "phút")]),
        ("thời gian tiếp nhận, xử lý hồ sơ tối thiểu 30 phút/01 hồ sơ", [("tối thiểu 30 phút", 30, ">=", "phút")]),
        (
            "lên mức tối thiểu: tỉnh 1.600 hồ sơ; vùng nông thôn 1.200 hồ sơ",
            [("1.600 hồ sơ", 1600, "=", "hồ sơ"), ("1.200 hồ sơ", 1200, "=", "hồ sơ")],
        ),
        ("tổ chức 02 lớp tập huấn", [("02 lớp", 2, "=", "lớp")]),
        ("Chỉ số cải cách hành chính của tỉnh đạt 86,44 điểm", [("86,44 điểm", 86.44, "=", "điểm")]),
        ("Kết quả năm 2023, Chỉ số cải cách hành chính của tỉnh Vĩnh Phúc đạt 86,44 điểm", []),
        ("đã đồng bộ 719.569 hồ sơ", []),
        ("Hoàn thành 100% nhiệm vụ", []),
    ],
)
def test_counted_targets(text: str, expected: list[tuple[str, float, str, str]]) -> None:
    assert [(t.text, t.value, t.op, t.unit) for t in find_quantities(text)] == expected


@pytest.mark.slow
def test_gold_targets_agree() -> None:
    """Table rows: content, result column and target column; text tasks: content — as the gold."""
    cases = []
    for row in gold_rows():
        found = find_targets(row.task.content) + find_targets(row.task.output)
        if row.cells.get("target"):
            percent = "%" in row.target_header or row.cells.get("unit", "").strip() == "%"
            found += column_target(row.cells["target"], header_percent=percent)
        cases.append((row.task, found))
    cases += [(t, find_targets(t.content)) for p in gold_plans() for t in p.tasks if t.origin == "text"]
    wrong = [
        (task.content[:80], task.targets, found)
        for task, found in cases
        if [(f.text, f.value, f.op, f.unit) for f in found] != [(g.text, g.value, g.op, g.unit) for g in task.targets]
    ]
    print(f"gold targets: {len(cases) - len(wrong)}/{len(cases)} tasks agree")
    assert len(cases) > 200
    assert wrong == []


@given(
    value=st.integers(0, 100),
    decimals=st.one_of(st.none(), st.integers(1, 99)),
    word=st.sampled_from(["tối thiểu", "Tối thiểu", "ít nhất", "không thấp hơn"]),
)
def test_at_least_values_read_with_a_decimal_comma(value: int, decimals: int | None, word: str) -> None:
    number = f"{value},{decimals}" if decimals is not None else str(value)
    [target] = find_targets(f"tỷ lệ hồ sơ đạt {word} {number}% trong năm")
    assert target.op == ">=" and target.unit == "%"
    assert target.value == float(number.replace(",", "."))
    assert target.text == f"{word} {number}%"


@given(
    st.sampled_from(
        [
            "đảm bảo tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 95%",
            "Từ 85% số cơ sở nhà, đất trở lên",
            "Sở Tư pháp đã đạt 27,74%",
            "Trên 99% hồ sơ TTHC",
            "giảm tối đa 15 phút/01 lượt",
            "ít nhất 03 sáng kiến",
        ]
    )
)
def test_nfd_text_reads_like_nfc(text: str) -> None:
    nfd = unicodedata.normalize("NFD", text)
    assert find_targets(nfd) == find_targets(text)
    assert find_quantities(nfd) == find_quantities(text)
