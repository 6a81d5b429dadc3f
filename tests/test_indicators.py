"""Canonical indicators: keyword sets, the most specific set, unit kinds, short forms, unmapped texts."""

from __future__ import annotations

import pytest

from extractor.tagging.indicators import indicator_by_id, map_indicator, vocabulary


def test_vocabulary_ids_are_unique_and_every_entry_has_keywords() -> None:
    ids = [i.id for i in vocabulary().indicator]
    assert len(ids) == len(set(ids))
    assert all(i.keywords and all(words for words in i.keywords) for i in vocabulary().indicator)
    assert [i.group for i in vocabulary().indicator][:3] == ["chinh_phu_so"] * 3


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình", "%", "dvc_toan_trinh"),
        ("Tỷ lệ cung cấp DVCTT toàn trình trên tổng số TTHC có đủ điều kiện", "%", "dvc_toan_trinh"),
        ("Tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình", "%", "ho_so_toan_trinh"),
        ("Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia", "%", "thanh_toan_truc_tuyen"),
        ("Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC", "%", "so_hoa_ho_so"),
        ("Mức độ hài lòng của tổ chức, cá nhân đối với chất lượng cung cấp dịch vụ công", "%", "hai_long_dich_vu_cong"),
        ("Chỉ số hài lòng về sự phục vụ của cơ quan hành chính nhà nước", "%", "sipas"),
        ("Kinh tế số chiếm GRDP tỉnh", "%", "kinh_te_so_grdp"),
        ("Tỉ lệ giao dịch không dùng tiền mặt", "%", "khong_dung_tien_mat"),
        ("Tỷ lệ người dân có hồ sơ sức khoẻ điện tử cá nhân", "%", "ho_so_suc_khoe_dien_tu"),
    ],
)
def test_texts_map_to_their_indicator(text: str, unit: str, expected: str) -> None:
    assert map_indicator(text, unit) == expected


def test_a_count_never_maps_to_a_percentage_measure() -> None:
    assert map_indicator("Tổng giá trị giao dịch thanh toán không dùng tiền mặt gấp lần GRDP", "lần") is None
    assert map_indicator("thời gian chờ đợi tại Bộ phận Một cửa", "phút") == "thoi_gian_cho"
    assert map_indicator("thời gian chờ đợi tại Bộ phận Một cửa", "%") is None


def test_unknown_measures_stay_unmapped() -> None:
    assert map_indicator("Tỷ lệ cảng biển sử dụng nền tảng số phục vụ quản trị, khai thác cảng", "%") is None
    assert map_indicator("diện tích nuôi cá tra áp dụng công nghệ nuôi an toàn sinh học", "%") is None


def test_fuzzy_match_takes_a_misspelt_name_only_above_the_threshold() -> None:
    smartphones = indicator_by_id("dien_thoai_thong_minh")
    assert smartphones is not None
    glued = smartphones.name.replace("thông minh", "thôngminh")  # no keyword set matches any more
    assert map_indicator(glued, "%") == "dien_thoai_thong_minh"
    assert map_indicator("Tỷ lệ dân số có máy tính bảng", "%") is None
