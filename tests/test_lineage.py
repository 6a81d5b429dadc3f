"""The 2025 lineage data: every entry cites its source and date; old names lead to their successors."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.tagging.lineage import AgencyStep, ProvinceStep, current_agency, current_province, lineage, now_named
from extractor.text import fold


def test_every_entry_cites_a_legal_source_and_an_effective_date() -> None:
    data = lineage()
    entries: list[AgencyStep | ProvinceStep] = [*data.agency, *data.province]
    for entry in entries:
        assert entry.source.startswith(("Nghị quyết", "Nghị định", "Luật")) and "/" in entry.source
        assert dt.date(2025, 1, 1) <= entry.effective <= dt.date(2025, 7, 1)


def test_provinces_are_the_34_units_formed_from_the_63() -> None:
    units = lineage().province
    assert len(units) == 34
    assert len({fold(u.name) for u in units}) == 34
    old = {fold(name) for u in units for name in (u.from_ or [u.name])}
    assert len(old) == 63
    assert all(u.effective == dt.date(2025, 7, 1) for u in units if "202/2025/QH15" in u.source)


@pytest.mark.parametrize(
    ("old", "new"),
    [("Vĩnh Phúc", "Phú Thọ"), ("tỉnh Sóc Trăng", "Cần Thơ"), ("Bình Định", "Gia Lai"), ("Thừa Thiên Huế", "Huế")],
)
def test_merged_province_is_part_of_its_successor(old: str, new: str) -> None:
    now = current_province(old)
    assert now is not None and now.name == new and now.changed and now.sources


def test_unchanged_or_unknown_province_keeps_its_name() -> None:
    kept = current_province("Hà Nội")
    assert kept is not None and kept.name == "Hà Nội" and not kept.changed
    unknown = current_province("Xứ Đoài")
    assert unknown is not None and unknown.name == "Xứ Đoài" and not unknown.changed
    assert current_province(None) is None


def test_merged_department_is_found_under_its_successor() -> None:
    now = current_agency("Sở Thông tin và Truyền thông")
    assert now.name == "Sở Khoa học và Công nghệ" and now.changed
    assert "45/2025/NĐ-CP" in now.sources[0] and now.effective == dt.date(2025, 3, 1)
    assert current_agency("Sở thông tin và truyền thông").name == "Sở Khoa học và Công nghệ"
    assert current_agency("Sở Lao động - Thương binh và Xã hội").name == "Sở Nội vụ"


def test_district_level_ends_in_the_commune_level() -> None:
    now = current_agency("Ủy ban nhân dân cấp huyện")
    assert now.name == "Ủy ban nhân dân cấp xã" and now.effective == dt.date(2025, 7, 1)


def test_a_body_that_did_not_change_is_itself() -> None:
    now = current_agency("Sở Tư pháp")
    assert now.name == "Sở Tư pháp" and not now.changed and now.sources == []


def test_now_named_reads_the_plans_own_successor() -> None:
    assert now_named("Sở Thông tin và Truyền thông (nay là Sở Khoa học và Công nghệ)") == (
        "Sở Thông tin và Truyền thông",
        "Sở Khoa học và Công nghệ",
    )
    assert now_named("Sở Tư pháp") == ("Sở Tư pháp", None)
