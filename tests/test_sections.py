"""The section tree: numbering levels, page furniture and the closing dropped, paragraphs across pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.document.parts import read_parts
from extractor.document.sections import Section, build_sections, heading_title
from extractor.layout.model import PdfDocument
from extractor.text import fold
from tests.corpus_cache import CorpusCache
from tests.layoutkit import LEFT, Writer, header, signature, text_line

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def soc_trang(corpus: CorpusCache) -> PdfDocument:
    return corpus.layout(CORPUS / "soc_trang_56-KH-UBND_2022.pdf")


@pytest.fixture(scope="module")
def vinh_phuc(corpus: CorpusCache) -> PdfDocument:
    return corpus.layout(CORPUS / "vinh_phuc_152-KH-UBND_2024.pdf")


def _by_title(sections: list[Section], start: str) -> Section:
    return next(s for s in sections if s.title.startswith(start))


def _chain(sections: list[Section], section: Section) -> list[str]:
    out = []
    current: Section | None = section
    while current is not None and current.kind != "preamble":
        out.append(current.label or "")
        current = sections[current.parent] if current.parent is not None else None
    return list(reversed(out))


def test_numbering_levels_in_a_real_plan(vinh_phuc: PdfDocument) -> None:
    sections = build_sections(read_parts(vinh_phuc.body_lines))
    focus = _by_title(sections, "Nhiệm vụ trọng tâm")
    assert _chain(sections, focus) == ["II", "1", "1.2"]
    assert (
        focus.parent is not None and sections[focus.parent].title == "Công tác chỉ đạo, điều hành"
    )  # title up to the colon
    giao = _by_title(sections, "Giao Sở Nội vụ")
    assert _chain(sections, giao) == ["III", "3", "a"]
    assert [p.marker for p in giao.paragraphs] == ["-", "-", "-"]
    b = _by_title(sections, "Giao Sở Tư pháp")
    assert b.parent == giao.parent and not b.is_open  # a full-sentence item, not a heading
    assert [(s.kind, s.label) for s in sections if s.level <= 1] == [
        ("preamble", None),
        ("numbered", "I"),
        ("numbered", "II"),
        ("numbered", "III"),
        ("appendix", None),
    ]


def test_bold_and_plain_numbering_nest_in_quoted_amendments(soc_trang: PdfDocument) -> None:
    sections = build_sections(read_parts(soc_trang.body_lines))
    office = _by_title(sections, "Văn phòng UBND tỉnh")
    assert _chain(sections, office) == ["I", "3", "1"]  # plain "“1." under bold "3."
    assert office.paragraphs[0].text.startswith("Chủ trì, phối hợp các Sở, ngành")
    assert _chain(sections, _by_title(sections, "Điều chỉnh Phụ lục I")) == ["I", "4"]  # back up to bold "4."
    assert _chain(sections, _by_title(sections, "Năm 2023 – 2025")) == ["I", "1", "2"]
    assert [s.label for s in sections if s.parent == _by_title(sections, "Triển khai nhiệm vụ số hóa").index] == [
        "a",
        "b",
        "c",
        "d",
        "đ",
        "e",
        "g",
        "h",
        "k",
        "l",
        "m",
    ]


def test_page_numbers_dropped_and_paragraph_continues_across_the_page(soc_trang: PdfDocument) -> None:
    sections = build_sections(read_parts(soc_trang.body_lines))
    texts = [p.text for s in sections for p in s.paragraphs]
    assert not [t for t in texts if t.strip().isdigit()]
    year = _by_title(sections, "Năm 2022")
    last = year.paragraphs[-2]
    assert last.page == 1 and last.text.startswith("Tối thiểu 30% người dân")
    assert "thủ tục hành chính đang quản lý" in last.text and last.text.endswith("đáp ứng được yêu cầu.")


def test_noi_nhan_and_signature_are_not_body(soc_trang: PdfDocument, vinh_phuc: PdfDocument) -> None:
    for doc in (soc_trang, vinh_phuc):
        sections = build_sections(read_parts(doc.body_lines))
        texts = " ".join(p.text for s in sections for p in s.paragraphs) + " ".join(s.text for s in sections)
        for closing in ("noi nhan", "luu: vt", "tm. uy ban", "pho chu tich", "lam hoang nghiep", "vu chi giang"):
            assert closing not in fold(texts)
    parts = read_parts(soc_trang.body_lines).parts
    assert [p.kind for p in parts] == ["main", "appendix"]
    assert fold(parts[0].closing[0].text).startswith("noi nhan")
    assert parts[0].body[-1].text.endswith("thực hiện./.")


def test_header_and_title_are_not_body(soc_trang: PdfDocument) -> None:
    preamble = build_sections(read_parts(soc_trang.body_lines))[0]
    assert preamble.kind == "preamble"
    assert [p.text[:30] for p in preamble.paragraphs] == ["Thực hiện Nghị định số 107/202"]


def _numbered_plan() -> Writer:
    writer = Writer()
    header(writer, ["ỦY BAN NHÂN DÂN", "TỈNH AN GIANG"], "Số: 9/KH-UBND", "An Giang, ngày 2 tháng 3 năm 2024")
    writer.centered("KẾ HOẠCH", size=14.0)
    writer.centered("Kiểm soát thủ tục hành chính năm 2024")
    writer.paragraph("Thực hiện Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ, UBND tỉnh ban hành Kế hoạch.")
    writer.paragraph("I. NHIỆM VỤ", bold=True)
    writer.paragraph("1. Kiểm soát quy định", bold=True)
    writer.paragraph("1.1. Đánh giá tác động", bold=True)
    writer.paragraph("a) Đánh giá tác động thủ tục hành chính trong dự thảo văn bản quy phạm pháp luật theo quy định.")
    writer.paragraph("b) Thẩm định quy định thủ tục hành chính trong các dự thảo văn bản theo đúng quy định hiện hành.")
    writer.paragraph(
        "- Văn bản của UBND tỉnh được thẩm định đầy đủ, đúng thời hạn quy định của pháp luật hiện hành "
        "và có báo cáo kết quả thẩm định gửi cơ quan chủ trì soạn thảo trước khi trình ban hành."
    )
    writer.page_number(2)
    writer.new_page()
    writer.page_number(2)
    writer.paragraph("2. Công khai thủ tục", bold=True)
    writer.paragraph("- Công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa các cấp.")
    writer.paragraph("II. TỔ CHỨC THỰC HIỆN", bold=True)
    writer.paragraph("Các sở, ban, ngành tổ chức thực hiện Kế hoạch này./.")
    signature(writer, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Nguyễn Thanh Bình", ["- Lưu: VT."])
    return writer


def test_numbering_styles_nest_and_return() -> None:
    sections = build_sections(read_parts(_numbered_plan().document().body_lines))
    numbered = [s for s in sections if s.kind == "numbered"]
    assert [(s.label, s.level, sections[s.parent].label if s.parent is not None else None) for s in numbered] == [
        ("I", 1, None),
        ("1", 2, "I"),
        ("1.1", 3, "1"),
        ("a", 4, "1.1"),
        ("b", 4, "1.1"),
        ("2", 2, "I"),
        ("II", 1, None),
    ]
    b = numbered[4]
    assert not b.is_open and not b.paragraphs  # the bullet after a closed item goes to the open heading
    assert [p.text[:12] for p in numbered[2].paragraphs] == ["Văn bản của "]
    assert numbered[-1].paragraphs[0].text == "Các sở, ban, ngành tổ chức thực hiện Kế hoạch này./."
    all_text = " ".join(p.text for s in sections for p in s.paragraphs)
    assert "Nguyễn Thanh Bình" not in all_text and " 2 " not in f" {all_text} "


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Công tác chỉ đạo, điều hành: Năm 2023: Đạt 8,82 điểm/9,5 điểm tối đa.", "Công tác chỉ đạo, điều hành"),
        ("Giao cơ quan chủ trì theo dõi, như sau.", "Giao cơ quan chủ trì theo dõi, như sau"),
        ("“Năm 2022", "Năm 2022"),
        ("Trách nhiệm của các sở (gọi tắt là: các cơ quan).", "Trách nhiệm của các sở (gọi tắt là: các cơ quan)"),
        ("Giao Văn phòng Sở:", "Giao Văn phòng Sở"),
    ],
)
def test_heading_titles(text: str, title: str) -> None:
    assert heading_title(text) == title


def test_running_heads_and_footnotes_are_dropped() -> None:
    writer = Writer()
    header(writer, ["ỦY BAN NHÂN DÂN", "TỈNH AN GIANG"], "Số: 9/KH-UBND", "An Giang, ngày 2 tháng 3 năm 2024")
    writer.centered("KẾ HOẠCH", size=14.0)
    writer.centered("Kiểm soát thủ tục hành chính năm 2024")
    writer.paragraph("I. NHIỆM VỤ", bold=True)
    for number in range(1, 60):
        writer.paragraph(
            f"- Nhiệm vụ thứ {number} về kiểm soát thủ tục hành chính được thực hiện theo quy định, "
            "báo cáo kết quả định kỳ hằng quý."
        )
    writer.paragraph(
        "Các sở, ban, ngành bố trí kinh phí thường xuyên để thực hiện các nhiệm vụ nêu trên trong năm "
        "2024 theo đúng quy định hiện hành của pháp luật về ngân sách nhà nước và hướng dẫn của Bộ "
        "Tài chính về quản lý kinh phí."
    )
    signature(writer, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Nguyễn Thanh Bình", ["- Lưu: VT."])
    assert writer.page >= 4
    for page in range(2, writer.page + 1):
        writer.add(text_line(page, 200.0, 25.0, "Kế hoạch kiểm soát thủ tục hành chính năm 2024", size=10.0))
    writer.add(text_line(1, LEFT, 800.0, "[1] Cơ sở dữ liệu quốc gia về dân cư, đất đai, doanh nghiệp.", size=10.0))
    sections = build_sections(read_parts(writer.document().body_lines))
    texts = [p.text for s in sections for p in s.paragraphs]
    assert len(texts) == 60
    assert not [t for t in texts if "năm 2024 theo" not in t and "Kế hoạch kiểm soát" in t]
    assert not [t for t in texts if "Cơ sở dữ liệu quốc gia" in t]
    assert texts[-1].startswith("Các sở, ban, ngành") and texts[-1].endswith("quản lý kinh phí.")


def test_dash_naming_a_role_goes_on_the_unfinished_sentence() -> None:
    """ "… báo cáo Cục Cảnh sát QLHC về trật tự xã hội⏎- Cơ quan thường trực Tổ công tác …": a dash and a role
    (vocab/agencies.toml [apposition]) after a line that ends no sentence name the body just named; a dash
    line of any other wording, or after a finished sentence, is a bullet."""
    writer = Writer()
    writer.paragraph(
        "Thực hiện Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính, Nghị "
        "quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Đề án 06 của Thủ tướng Chính phủ và các văn bản hướng "
        "dẫn, Ủy ban nhân dân Thành phố ban hành Kế hoạch triển khai thực hiện Đề án 06 về phát triển ứng dụng dữ "
        "liệu dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia trên địa bàn Thành phố như sau:",
        per_line=50,
    )
    writer.paragraph(
        "1. Sở Khoa học và Công nghệ theo dõi, báo cáo kết quả về Cục Cảnh sát Quản lý hành chính về trật tự xã hội"
    )
    writer.paragraph("- Cơ quan thường trực Tổ công tác Đề án 06 trước ngày 20 hằng tháng.")
    writer.paragraph("2. Các sở, ban, ngành triển khai các nhiệm vụ sau")
    writer.paragraph("- Cơ quan thường trực tổng hợp kết quả.")
    writer.paragraph("- Rà soát thủ tục hành chính.")
    sections = [s for s in build_sections(read_parts(writer.document().body_lines)) if s.kind == "numbered"]
    assert sections[0].text.endswith(
        "trật tự xã hội - Cơ quan thường trực Tổ công tác Đề án 06 trước ngày 20 hằng tháng."
    )
    assert not sections[0].paragraphs
    assert [p.marker for p in sections[1].paragraphs] == ["-", "-"]
