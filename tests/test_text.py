"""Text helpers: lines of a cell joined back into the words and dates that were printed."""

from __future__ import annotations

import re
import unicodedata

import pytest

from extractor.text import LOWER, UPPER, fold, join_lines, new_tone_placement, same_words, without_stutter


@pytest.mark.parametrize(
    ("cell", "joined"),
    [
        ("Xây dựng kế hoạch\ntuyên truyền", "Xây dựng kế hoạch tuyên truyền"),
        ("Quyết định số 960/QĐ-\nUBND", "Quyết định số 960/QĐ-UBND"),
        # a narrow column breaks inside a date or before a word's final consonant
        ("trước ngày 31/1\n2/20\n24", "trước ngày 31/12/2024"),
        ("ngày 01/6/2\n022", "ngày 01/6/2022"),
        ("Chậ\nm nhất ngày 15 thán\ng 8 năm 2025", "Chậm nhất ngày 15 tháng 8 năm 2025"),
        ("Thườn\ng\nxuyên", "Thường xuyên"),
        ("hoà\nn\nthà\nnh", "hoàn thành"),
        ("Các cơ quan, đơn vị, địa phươn\ng", "Các cơ quan, đơn vị, địa phương"),
        # real word boundaries stay
        ("ngày 15/3\n2025", "ngày 15/3 2025"),
        ("năm 2024\n2025", "năm 2024 2025"),
        ("UBND\nTP Hà Nội", "UBND TP Hà Nội"),
        ("Sở\nNội vụ", "Sở Nội vụ"),
        ("đạt 80\n% trở lên", "đạt 80% trở lên"),
        ("đến ngày 05/11/2024\n, đã đồng bộ", "đến ngày 05/11/2024, đã đồng bộ"),
        ("", None),
    ],
)
def test_join_lines(cell: str, joined: str | None) -> None:
    assert join_lines(cell) == joined


def test_fold_and_tone_placement() -> None:
    assert fold("Ủy ban  NHÂN DÂN") == fold("uy ban nhan dan")
    assert fold("Đơn vị") == "don vi"
    assert new_tone_placement("hoà") == "hòa" and new_tone_placement("Uỷ ban") == "Ủy ban"
    assert same_words("Thanh Hoá", "thanh hóa")
    assert not same_words("Đà", "Da")


def test_a_word_typed_twice_is_kept_once() -> None:
    assert without_stutter("Sở Sở Công thương") == "Sở Công thương"
    assert without_stutter("UBND ubnd tỉnh") == "UBND tỉnh"
    assert without_stutter("Sở Sở Sở Tư pháp") == "Sở Tư pháp"
    assert without_stutter("Sở Tài chính, Sở Xây dựng") == "Sở Tài chính, Sở Xây dựng"


def test_upper_and_lower_letter_classes_split_every_vietnamese_letter() -> None:
    """The classes regexes use for "starts a sentence" / "goes on mid-sentence": a range such as À-Ỹ
    would take in both cases (Đ and ấ alike)."""
    upper, lower = re.compile(f"^[{UPPER}]$"), re.compile(f"^[{LOWER}]$")
    vowels = [
        unicodedata.normalize("NFC", v + tone)
        for v in "aăâeêioôơuưy"
        for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    ]
    for small in [*vowels, *"bcdđghklmnpqrstvx"]:
        assert lower.match(small) and not upper.match(small), small
        assert upper.match(small.upper()) and not lower.match(small.upper()), small.upper()
