"""The markers of a document's parts read from vocab/document.toml: type words give contract doc types,
signing lines, authorities, "Nơi nhận" and "PHỤ LỤC" are told from body text."""

from __future__ import annotations

import unicodedata
from typing import get_args

import pytest

from extractor.document.markers import (
    doc_type_of,
    is_authority,
    names_signature_role,
    opens_appendix,
    opens_closing,
)
from extractor.layout.model import Box, TextLine
from extractor.text import fold
from extractor.vocab.document import document_vocabulary
from schemas import DocType


def _line(text: str) -> TextLine:
    return TextLine(text=text, page=1, box=Box(x0=0, top=0, x1=100, bottom=10), size=12.0)


def test_the_vocabulary_is_nfc_and_its_doc_types_are_the_contracts() -> None:
    vocab = document_vocabulary()
    assert set(vocab.doc_types.values()) <= set(get_args(DocType))
    printed = [*vocab.metadata.reference_types, *vocab.metadata.organ_heads, *vocab.metadata.fixed_names.values()]
    assert all(unicodedata.is_normalized("NFC", word) for word in printed)
    folded = [*vocab.doc_types, *vocab.markers.authority, *vocab.markers.signature_titles, *vocab.metadata.motto]
    assert all(word == fold(word) for word in folded)


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [("KẾ HOẠCH", "ke_hoach"), ("CHỈ THỊ", "chi_thi"), ("QUYẾT ĐỊNH", "quyet_dinh"), ("Kế hoạch", None), ("SỞ", None)],
)
def test_type_words_printed_in_capitals(text: str, doc_type: str | None) -> None:
    assert doc_type_of(_line(text)) == doc_type


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("TM. ỦY BAN NHÂN DÂN", True),
        ("KT. CHỦ TỊCH", True),
        ("PHÓ CHỦ TỊCH", True),
        ("GIÁM ĐỐC", True),
        ("Chủ tịch UBND tỉnh chỉ đạo", False),
        ("Kế hoạch", False),
    ],
)
def test_signing_lines(text: str, role: bool) -> None:
    assert names_signature_role(fold(text)) is role


def test_authority_closing_and_appendix_open_their_lines() -> None:
    assert is_authority(fold("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG"))
    assert not is_authority(fold("Căn cứ Luật Tổ chức chính quyền địa phương"))
    assert opens_closing(fold("Nơi nhận:")) and not opens_closing(fold("Các nơi nhận kế hoạch"))
    assert opens_appendix(fold("PHỤ LỤC II")) and not opens_appendix(fold("Danh mục các phụ lục"))
