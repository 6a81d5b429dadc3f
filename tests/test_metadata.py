"""Document metadata: every corpus PDF's document fields equal its gold; focused layouts for the header
forms plans use (a Sở under its province, a Chỉ thị, a Quyết định issuing a plan, blank number/day)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extractor.document.metadata import organ_name, place_name, read_metadata
from extractor.document.parts import read_parts
from extractor.layout.model import PdfDocument
from schemas import Document
from tests.corpus_cache import CorpusCache
from tests.layoutkit import Writer, header, signature

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PDFS = sorted(CORPUS.glob("*.pdf"))
FIELDS = ["doc_type", "number", "issuer", "province", "issued_on", "title", "signer"]


def _metadata(doc: PdfDocument) -> Document:
    """The document fields as the pipeline reads them: from the file's parts."""
    return read_metadata(doc, read_parts(doc.body_lines).parts)


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_corpus_document_fields_equal_gold(corpus: CorpusCache, pdf: Path) -> None:
    gold = json.loads(pdf.with_name(pdf.stem + ".gold.json").read_text(encoding="utf-8"))["document"]
    got = _metadata(corpus.layout(pdf)).model_dump(mode="json")
    assert {field: got[field] for field in FIELDS} == {field: gold[field] for field in FIELDS}


def test_corpus_references_are_the_cited_legal_bases(corpus: CorpusCache) -> None:
    document = _metadata(corpus.layout(CORPUS / "soc_trang_56-KH-UBND_2022.pdf"))
    refs = {ref.number: ref for ref in document.references}
    assert set(refs) == {"79/KH-UBND", "107/2021/NĐ-CP", "61/2018/NĐ-CP"}  # its own 56/KH-UBND is not one
    assert refs["107/2021/NĐ-CP"].doc_type == "Nghị định"
    assert refs["107/2021/NĐ-CP"].issued_on == dt.date(2021, 12, 6)
    assert refs["79/KH-UBND"].text == "Kế hoạch số 79/KH-UBND ngày 27/5/2021"


def test_reference_mentioned_first_without_date_takes_the_dated_mention(corpus: CorpusCache) -> None:
    document = _metadata(corpus.layout(CORPUS / "vinh_phuc_152-KH-UBND_2024.pdf"))
    refs = {ref.number: ref for ref in document.references}
    assert refs["273/QĐ-BNV"].issued_on == dt.date(2024, 4, 10)
    assert refs["40-CT/TU"].issued_on == dt.date(2023, 3, 10)  # "40-⏎CT/TU" broken across lines
    assert len(document.references) == len(refs)


def _so_plan() -> Writer:
    writer = Writer()
    header(writer, ["UBND TỈNH KHÁNH HÒA", "SỞ XÂY DỰNG"], "Số:        /KH-SXD", "Khánh Hòa, ngày    tháng 3 năm 2025")
    writer.centered("KẾ HOẠCH", size=14.0)
    writer.centered("Cải cách thủ tục hành chính trọng tâm năm 2025")
    writer.paragraph(
        "Thực hiện Quyết định số 344/QĐ-UBND ngày 13/02/2025 của UBND tỉnh Khánh Hòa ban hành Kế hoạch "
        "cải cách thủ tục hành chính trọng tâm năm 2025, Sở Xây dựng ban hành Kế hoạch như sau:"
    )
    writer.paragraph("I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    writer.paragraph(
        "Triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị và Nghị quyết số "
        "142/2024/QH15 ngày 29/6/2024 của Quốc hội đạt kết quả thực chất."
    )
    signature(writer, ["GIÁM ĐỐC"], "Trần Văn Châu", ["- Văn phòng UBND tỉnh;", "- Lưu: VT."])
    return writer


def test_so_under_its_province_blank_number_and_blank_day() -> None:
    document = _metadata(_so_plan().document())
    assert document.doc_type == "ke_hoach"
    assert document.number is None
    assert document.issuer == "Sở Xây dựng tỉnh Khánh Hòa"
    assert document.province == "Khánh Hòa"
    assert document.issued_on is None
    assert document.title == "Cải cách thủ tục hành chính trọng tâm năm 2025"
    assert document.signer == "Trần Văn Châu"
    assert [ref.number for ref in document.references] == ["344/QĐ-UBND", "57-NQ/TW", "142/2024/QH15"]
    assert document.references[0].issued_on == dt.date(2025, 2, 13)


def test_chi_thi_signed_by_the_chairman() -> None:
    writer = Writer()
    header(writer, ["ỦY BAN NHÂN DÂN", "TỈNH HẢI DƯƠNG"], "Số: 06/CT-UBND", "Hải Dương, ngày 15 tháng 11 năm 2024")
    writer.centered("CHỈ THỊ", size=14.0)
    writer.centered("ĐẨY MẠNH CÁC GIẢI PHÁP CẢI CÁCH, KIỂM SOÁT THỦ TỤC HÀNH CHÍNH")
    writer.centered("PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP")
    writer.paragraph("Công tác cải cách, kiểm soát thủ tục hành chính là nhiệm vụ trọng tâm của UBND tỉnh năm 2024.")
    writer.paragraph(
        "1. Tập trung, ưu tiên nguồn lực triển khai thực hiện có kết quả các chỉ tiêu theo Quyết định "
        "số 139/QĐ-UBND ngày 17/01/2024 của Chủ tịch UBND tỉnh."
    )
    signature(writer, ["CHỦ TỊCH"], "Lê Ngọc Châu", ["- Thường trực Tỉnh ủy;", "- Lưu: VT."])
    document = _metadata(writer.document())
    assert document.doc_type == "chi_thi"
    assert document.number == "06/CT-UBND"
    assert document.issuer == "Chủ tịch Ủy ban nhân dân tỉnh Hải Dương"
    assert document.province == "Hải Dương"
    assert document.issued_on == dt.date(2024, 11, 15)
    assert document.title == (
        "ĐẨY MẠNH CÁC GIẢI PHÁP CẢI CÁCH, KIỂM SOÁT THỦ TỤC HÀNH CHÍNH PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP"
    )
    assert document.signer == "Lê Ngọc Châu"


def test_quyet_dinh_followed_by_the_plan_it_issues() -> None:
    writer = Writer()
    header(writer, ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"], "Số: 12/QĐ-UBND", "Quảng Ngãi, ngày 05 tháng 01 năm 2025")
    writer.centered("QUYẾT ĐỊNH", size=14.0)
    writer.centered("Ban hành Kế hoạch hoạt động kiểm soát thủ tục hành chính năm 2025")
    writer.centered("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI")
    writer.paragraph("Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính;")
    writer.paragraph(
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch hoạt động kiểm soát thủ tục hành chính năm 2025."
    )
    signature(writer, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Trần Phước Hiền", ["- Như Điều 3;", "- Lưu: VT."])
    writer.new_page()
    writer.centered("KẾ HOẠCH", size=14.0)
    writer.centered("Hoạt động kiểm soát thủ tục hành chính năm 2025")
    writer.centered("(Kèm theo Quyết định số 12/QĐ-UBND ngày 05/01/2025 của Chủ tịch UBND tỉnh)", bold=False)
    writer.paragraph("I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    writer.paragraph("Triển khai kịp thời các quy định theo Kế hoạch số 79/KH-UBND ngày 27/5/2021 của UBND tỉnh.")
    signature(writer, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Nguyễn Văn Khác", [])
    document = _metadata(writer.document())
    assert document.doc_type == "quyet_dinh"
    assert document.number == "12/QĐ-UBND"
    assert document.issued_on == dt.date(2025, 1, 5)
    assert document.issuer == "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert document.title == "Ban hành Kế hoạch hoạt động kiểm soát thủ tục hành chính năm 2025"
    assert document.signer == "Trần Phước Hiền"  # the Quyết định's signer, not the plan's
    assert {"63/2010/NĐ-CP", "79/KH-UBND"} <= {ref.number for ref in document.references}


def test_plan_signed_for_the_committee_by_a_vice_chairman() -> None:
    writer = Writer()
    header(
        writer,
        ["ỦY BAN NHÂN DÂN", "TỈNH BÀ RỊA -", "VŨNG TÀU"],
        "Số: 7 /KH-UBND",
        "Bà Rịa - Vũng Tàu, ngày 3 tháng 2 năm 2023",
    )
    writer.centered("KẾ HOẠCH", size=14.0)
    writer.centered("Kiểm soát thủ tục hành chính năm 2023")
    writer.paragraph("I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    writer.paragraph("Bảo đảm thực hiện đúng quy định về kiểm soát thủ tục hành chính trên địa bàn tỉnh.")
    signature(writer, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Lê Ngọc Khánh", ["- Lưu: VT."])
    document = _metadata(writer.document())
    assert document.number == "7/KH-UBND"
    assert document.issuer == "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"  # TM. the committee: not the Chairman
    assert document.province == "Bà Rịa - Vũng Tàu"
    assert document.issued_on == dt.date(2023, 2, 3)
    assert document.signer == "Lê Ngọc Khánh"


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Sở Thông tin và Truyền thông"),
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN", "Chủ tịch Ủy ban nhân dân"),
        ("UỶ BAN NHÂN DÂN", "Ủy ban nhân dân"),
        ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", "Ban Quản lý các khu công nghiệp"),
        ("VĂN PHÒNG ỦY BAN NHÂN DÂN", "Văn phòng Ủy ban nhân dân"),
    ],
)
def test_upper_case_agency_names_take_their_usual_case(printed: str, expected: str) -> None:
    assert organ_name(printed) == expected


def test_place_names_capitalise_every_syllable_with_new_tone_placement() -> None:
    assert place_name("KHÁNH HOÀ") == "Khánh Hòa"
    assert place_name("THỪA THIÊN HUẾ") == "Thừa Thiên Huế"
