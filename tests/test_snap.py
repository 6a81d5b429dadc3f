"""OCR'd agency names snapped to the registry's spelling (extractor/read/snap.py): tone marks and a misread letter
mended, case kept, nothing else touched."""

from __future__ import annotations

import pytest

from extractor.read.ocr import OcrWord
from extractor.read.snap import SnapSettings, snap_agency_names


def _words(text: str, paragraph: int = 1, line: int = 1) -> list[OcrWord]:
    return [
        OcrWord(
            text=word,
            x0=40 * k,
            top=100 * line,
            x1=40 * k + 30,
            bottom=100 * line + 20,
            line=(1, paragraph, line),
            line_top=100 * line,
            line_bottom=100 * line + 20,
            confidence=90.0,
        )
        for k, word in enumerate(text.split())
    ]


def _snapped(words: list[OcrWord]) -> str:
    return " ".join(w.text for w in snap_agency_names(words, SnapSettings()))


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        (
            "Phối hợp: Sở Thông tin và Truyện thông, Sở Tài chinh.",
            "Phối hợp: Sở Thông tin và Truyền thông, Sở Tài chính.",
        ),
        ("Các sớ, ngành; UBND cấp huyện", "Các sở, ngành; UBND cấp huyện"),
        ("TM. UY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN"),
        ("(Sở Nôi vụ)", "(Sở Nội vụ)"),
        ("Sở Khoa hoc va Công nghẹ chủ trì", "Sở Khoa học và Công nghệ chủ trì"),
        ("Văn phòng Uy ban nhan dân tinh", "Văn phòng Ủy ban nhân dân tỉnh"),  # a misread letter and lost marks
    ],
)
def test_misspelt_registry_names_take_its_spelling(read: str, meant: str) -> None:
    assert _snapped(_words(read)) == meant


@pytest.mark.parametrize(
    "text",
    [
        "Kế hoạch số 56/KH-UBND ngày 12/4/2022",  # "số" folds like "Sở", but no name follows
        "Sở Công thương và Sở Công Thương",  # both spellings are the registry's: left as printed
        "Sở Tài chính, Sở Tài nguyên, Sở Tư",  # right already, or no whole name
        "Ban Chỉ đạo tỉnh",  # close to no registry name
    ],
)
def test_other_words_are_left_alone(text: str) -> None:
    assert _snapped(_words(text)) == text


def test_a_name_broken_over_two_lines_of_a_paragraph_snaps_but_not_across_paragraphs() -> None:
    broken = _words("chủ trì: Sở Thông tin và", line=1) + _words("Truyện thông phối hợp", line=2)
    assert _snapped(broken) == "chủ trì: Sở Thông tin và Truyền thông phối hợp"
    apart = _words("chủ trì: Sở Thông tin và", paragraph=1) + _words("Truyện thông phối hợp", paragraph=2)
    assert _snapped(apart) == "chủ trì: Sở Thông tin và Truyện thông phối hợp"


def test_a_different_last_word_is_no_misspelling() -> None:
    """'cấp xã phối hợp' is no misread 'cấp xã phường': a whole word off is another word, however close the run."""
    assert _snapped(_words("Ủy ban nhân dân cấp xã phối hợp")) == "Ủy ban nhân dân cấp xã phối hợp"
