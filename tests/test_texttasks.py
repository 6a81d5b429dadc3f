"""Text tasks: the ways Vietnamese plans assign work in running text, then the corpus against its gold.

Corpus tasks are matched by content after squashing whitespace, the trailing "(Giao …)" parenthesis
being optional (ANNOTATION.md); each plan's F1 and field agreement must reach its floor (tests/corpus_floors.py).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from extractor.body.text_tasks import find_text_tasks
from extractor.document.metadata import read_metadata
from extractor.document.parts import read_parts
from extractor.document.sections import build_sections
from extractor.text import squash
from schemas import Task
from tests.corpus_cache import CorpusCache
from tests.corpus_floors import below_floor
from tests.layoutkit import Writer, header, signature

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PDFS = sorted(CORPUS.glob("*.pdf"))


def _tasks(*paragraphs: str | tuple[str, bool], year: int = 2024) -> list[Task]:
    """Text tasks of a one-page plan whose body is these paragraphs ((text, bold) for headings)."""
    writer = Writer()
    header(writer, ["ỦY BAN NHÂN DÂN", "TỈNH HẢI DƯƠNG"], "Số: 5/KH-UBND", "Hải Dương, ngày 2 tháng 1 năm 2024")
    writer.centered("KẾ HOẠCH", size=14.0)
    writer.centered("Cải cách thủ tục hành chính năm 2024")
    writer.paragraph(
        "Thực hiện Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ, UBND tỉnh ban hành Kế hoạch như sau:"
    )
    for item in paragraphs:
        text, bold = item if isinstance(item, tuple) else (item, False)
        writer.paragraph(text, bold=bold)
    signature(writer, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Nguyễn Văn A", ["- Lưu: VT."])
    return find_text_tasks(build_sections(read_parts(writer.document().body_lines)), year)


def test_item_naming_its_agency_in_a_trailing_giao_clause() -> None:
    tasks = _tasks(
        ("I. NHIỆM VỤ", True),
        "- Thực hiện tinh giảm, sáp nhập các đơn vị sự nghiệp công lập (Giao Sở Nội vụ chủ trì tham mưu, theo dõi, "
        "đôn đốc; các cơ quan, đơn vị, địa phương thực hiện).",
        "- Đẩy mạnh cải cách hành chính trong toàn tỉnh.",
    )
    assert len(tasks) == 1
    task = tasks[0]
    assert task.content.endswith(
        "(Giao Sở Nội vụ chủ trì tham mưu, theo dõi, đôn đốc; các cơ quan, đơn vị, địa phương thực hiện)."
    )
    assert task.lead == ["Sở Nội vụ", "các cơ quan, đơn vị, địa phương"]
    assert task.ref is None and task.group == ["NHIỆM VỤ"] and task.origin == "text"


def test_items_under_a_heading_that_names_the_agency_and_its_deadline() -> None:
    tasks = _tasks(
        ("II. TỔ CHỨC THỰC HIỆN", True),
        "10. Sở Thông tin và Truyền thông hoàn thành và báo cáo kết quả thực hiện về UBND tỉnh trước ngày "
        "30/11/2024 đối với những nhiệm vụ sau đây:",
        "a) Tháo gỡ ngay những điểm nghẽn, đảm bảo thông suốt Hệ thống thông tin giải quyết thủ tục hành chính.",
        "b) Chủ trì, phối hợp với Văn phòng UBND tỉnh rà soát, xác định nguyên nhân, có giải pháp khắc phục.",
    )
    assert [t.ref for t in tasks] == ["a", "b"]
    for task in tasks:
        assert task.lead == ["Sở Thông tin và Truyền thông"]
        assert task.deadline.due == dt.date(2024, 11, 30)
        assert task.group[0] == "TỔ CHỨC THỰC HIỆN" and task.group[1].startswith("Sở Thông tin và Truyền thông")
    assert tasks[1].support == ["Văn phòng UBND tỉnh"]


def test_items_under_giao_heading_and_an_agency_name_heading() -> None:
    tasks = _tasks(
        ("III. TỔ CHỨC THỰC HIỆN", True),
        "1. Giao Văn phòng Sở:",
        "- Theo dõi, đôn đốc việc thực hiện các nhiệm vụ nhằm nâng cao kết quả Bộ chỉ số phục vụ người dân.",
        "- Phối hợp với các phòng chuyên môn hoàn thiện hồ sơ trình Chủ tịch UBND tỉnh công bố thủ tục.",
        "2. Sở Tài chính",
        "Chủ trì, phối hợp với các cơ quan liên quan tham mưu UBND tỉnh bố trí nguồn kinh phí thực hiện Đề án.",
    )
    assert [(t.ref, t.group[-1], t.lead, t.support) for t in tasks] == [
        (None, "Giao Văn phòng Sở", ["Văn phòng Sở"], []),
        # "Phối hợp với Y …": Y (a named kind of body) leads, the heading's agency coordinates (ANNOTATION.md)
        (None, "Giao Văn phòng Sở", ["các phòng chuyên môn"], ["Văn phòng Sở"]),
        ("2", "TỔ CHỨC THỰC HIỆN", ["Sở Tài chính"], ["các cơ quan liên quan"]),
    ]
    assert tasks[2].content.startswith("Chủ trì, phối hợp")  # the paragraph, not the agency heading


def test_subject_paragraph_and_explicit_deadline() -> None:
    tasks = _tasks(
        ("II. TỔ CHỨC THỰC HIỆN", True),
        "Các nội dung khác không điều chỉnh tại Kế hoạch này vẫn giữ nguyên và thực hiện theo Kế hoạch số "
        "79/KH-UBND ngày 27/5/2021 của UBND tỉnh.",
        "Trên cơ sở Kế hoạch này, các Sở, ngành tỉnh, UBND các huyện, thị xã, thành phố rà soát các nhiệm vụ, "
        "chủ động xây dựng Kế hoạch chi tiết để tổ chức thực hiện.",
        "Tập trung rà soát, tham mưu UBND tỉnh ban hành các văn bản thực thi phương án đơn giản hóa thủ tục nội "
        "bộ. Thời hạn hoàn thành trước ngày 15/12/2025.",
        "Yêu cầu Thủ trưởng các cơ quan, đơn vị, địa phương tổ chức triển khai thực hiện Kế hoạch này./.",
    )
    assert len(tasks) == 2
    assert tasks[0].lead == ["các Sở, ngành tỉnh", "UBND các huyện, thị xã, thành phố"]
    assert tasks[1].lead == [] and tasks[1].deadline.due == dt.date(2025, 12, 15)
    assert tasks[1].deadline.kind == "date"


def test_purposes_conditions_and_appendix_pointers_are_not_tasks() -> None:
    tasks = _tasks(
        ("I. MỤC ĐÍCH, YÊU CẦU", True),
        ("1. Mục đích", True),
        "- Phấn đấu, năm 2024 chỉ số cải cách hành chính nằm trong nhóm 15 tỉnh, thành phố đứng đầu cả nước.",
        ("2. Yêu cầu", True),
        "- Các cơ quan, đơn vị, địa phương thực hiện nghiêm túc Chỉ thị số 08/CT-UBND ngày 04/3/2022.",
        ("II. MỤC TIÊU", True),
        "- Trường hợp kết quả thực hiện nhỏ hơn chỉ tiêu được giao trong năm 2024 thì phấn đấu bằng chỉ tiêu.",
        "- Hoàn thành các chỉ tiêu được giao trong năm 2024 (Chi tiết tại Phụ lục kèm theo).",
        "- Mức độ hài lòng của tổ chức, cá nhân đối với dịch vụ công đạt tối thiểu 95% vào năm 2025.",
    )
    assert len(tasks) == 1
    task = tasks[0]
    assert task.content.startswith("Mức độ hài lòng") and task.group == ["MỤC TIÊU"]
    assert task.deadline.due == dt.date(2025, 12, 31)
    assert [(t.value, t.op) for t in task.targets] == [(95.0, ">=")]


def test_chi_thi_items_go_to_the_addressees_of_its_preamble() -> None:
    writer = Writer()
    header(writer, ["ỦY BAN NHÂN DÂN", "TỈNH HẢI DƯƠNG"], "Số: 06/CT-UBND", "Hải Dương, ngày 15 tháng 11 năm 2024")
    writer.centered("CHỈ THỊ", size=14.0)
    writer.centered("ĐẨY MẠNH CẢI CÁCH THỦ TỤC HÀNH CHÍNH")
    writer.paragraph(
        "Để khắc phục những hạn chế nêu trên, Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các Sở, ban, ngành "
        "thuộc UBND tỉnh, Chủ tịch UBND các huyện, thị xã, thành phố tập trung chỉ đạo, tổ chức thực "
        "hiện tốt nội dung công việc sau đây:"
    )
    writer.paragraph(
        "1. Tập trung, ưu tiên nguồn lực triển khai thực hiện có kết quả các chỉ tiêu, nhiệm vụ về cải "
        "cách thủ tục hành chính."
    )
    signature(writer, ["CHỦ TỊCH"], "Lê Ngọc Châu", ["- Lưu: VT."])
    tasks = find_text_tasks(build_sections(read_parts(writer.document().body_lines)), 2024)
    assert [(t.ref, t.lead) for t in tasks] == [
        ("1", ["Thủ trưởng các Sở, ban, ngành thuộc UBND tỉnh", "Chủ tịch UBND các huyện, thị xã, thành phố"]),
    ]


# ---------------------------------------------------------------- the corpus against its gold


def _key(content: str) -> str:
    """Content compared without whitespace differences and without a trailing parenthesis."""
    text = squash(content)
    text = re.sub(r"\s*\((?:[^()]|\([^()]*\))*\)\s*[.;]?$", "", text)
    return text.rstrip(" .;")


def _gold_text_tasks(pdf: Path) -> list[dict[str, object]]:
    gold = json.loads(pdf.with_name(pdf.stem + ".gold.json").read_text(encoding="utf-8"))
    return [task for task in gold["tasks"] if task["origin"] == "text"]


@pytest.fixture(scope="module")
def extracted(corpus: CorpusCache) -> dict[str, list[Task]]:
    out: dict[str, list[Task]] = {}
    for pdf in PDFS:
        doc = corpus.layout(pdf)
        body = read_parts(doc.body_lines)
        document = read_metadata(doc, body.parts)
        year = document.issued_on.year if document.issued_on else None
        out[pdf.name] = find_text_tasks(build_sections(body), year)
    return out


# text-task F1 per plan, for plans not yet read perfectly (the rest are held to 1.0)
TEXT_F1_FLOORS = {
    "bac_ninh_141-KH-UBND_2025": 0.97,
    "bac_ninh_144-KH-UBND_2025": 0.94,
    "dong_nai_179-KH-UBND_2025": 0.68,
    "dong_thap_552-KH-UBND_2025": 0.98,
}
# share of matched text tasks whose field equals the gold, per plan (the rest are held to 1.0)
TEXT_FIELD_FLOORS = {
    "ref": {"bac_ninh_144-KH-UBND_2025": 0.97},
    "group": {"bac_ninh_144-KH-UBND_2025": 0.92},
    "lead": {
        "bac_ninh_144-KH-UBND_2025": 0.87,
        "dong_nai_179-KH-UBND_2025": 0.83,
        "dong_thap_552-KH-UBND_2025": 0.94,
    },
    "support": {"bac_ninh_144-KH-UBND_2025": 0.97, "dong_nai_179-KH-UBND_2025": 0.83},
    "content": {},
}


def _f1(gold: set[str], found: set[str]) -> float:
    return 2 * len(gold & found) / (len(gold) + len(found)) if gold or found else 1.0


def test_corpus_text_tasks_precision_recall(extracted: dict[str, list[Task]]) -> None:
    scores = {}
    for pdf in PDFS:
        gold = {_key(str(task["content"])) for task in _gold_text_tasks(pdf)}
        found = {_key(task.content) for task in extracted[pdf.name]}
        scores[pdf.stem] = _f1(gold, found)
        print(f"{pdf.stem}: gold {len(gold)} extracted {len(found)} matched {len(gold & found)}")
    assert below_floor(scores, TEXT_F1_FLOORS) == {}


@pytest.mark.parametrize("field", ["ref", "group", "lead", "support", "content"])
def test_corpus_matched_text_tasks_agree_with_gold(extracted: dict[str, list[Task]], field: str) -> None:
    scores = {}
    for pdf in PDFS:
        found = {_key(task.content): task for task in extracted[pdf.name]}
        pairs = [
            (task, gold)
            for gold in _gold_text_tasks(pdf)
            if (task := found.get(_key(str(gold["content"])))) is not None
        ]
        if pairs:
            scores[pdf.stem] = sum(getattr(task, field) == gold[field] for task, gold in pairs) / len(pairs)
    print(f"{field}: {scores}")
    assert below_floor(scores, TEXT_FIELD_FLOORS[field]) == {}


def test_agencies_opening_a_later_sentence_lead_too() -> None:
    tasks = _tasks(
        ("1. Thủ trưởng các Sở, ban, ngành thuộc UBND tỉnh", True),
        "a) Thực hiện nghiêm việc đánh giá tác động thủ tục hành chính trong soạn thảo văn bản. Sở Tư pháp, Văn "
        "phòng UBND tỉnh kiểm soát chặt chẽ quá trình xây dựng văn bản quy phạm pháp luật.",
        "b) Tổ chức triển khai việc hướng dẫn các sở, ban, ngành; UBND các huyện trong việc thực hiện nhiệm vụ.",
    )
    assert [t.lead for t in tasks] == [
        ["Thủ trưởng các Sở, ban, ngành thuộc UBND tỉnh", "Sở Tư pháp", "Văn phòng UBND tỉnh"],
        ["Thủ trưởng các Sở, ban, ngành thuộc UBND tỉnh"],
    ]


def test_item_that_names_its_addressees_before_a_colon() -> None:
    tasks = _tasks(
        ("1. Kiểm soát quy định thủ tục hành chính", True),
        "- Đối với các phòng, ban, đơn vị được phân công chủ trì soạn thảo văn bản: cần quan tâm việc đánh giá "
        "tác động thủ tục hành chính.",
    )
    assert len(tasks) == 1
    assert tasks[0].lead == ["các phòng, ban, đơn vị được phân công chủ trì soạn thảo văn bản"]


def test_items_under_tat_ca_line_go_to_those_agencies() -> None:
    tasks = _tasks(
        ("1. Cắt giảm thủ tục hành chính nội bộ", True),
        "Tất cả các phòng, ban, đơn vị thuộc Sở:",
        "- Tiếp tục rà soát thủ tục hành chính nội bộ.",
    )
    assert [t.lead for t in tasks] == [["các phòng, ban, đơn vị thuộc Sở"]]


def test_phoi_hop_items_under_an_agency_heading() -> None:
    """ "Phối hợp Y …": a named agency Y leads and the heading's agency coordinates; a generic "các đơn vị
    có liên quan" leads nothing; "…, phối hợp Y …" in an item the heading's agency leads adds Y as support."""
    tasks = _tasks(
        ("III. TỔ CHỨC THỰC HIỆN", True),
        ("1. Sở Xây dựng", True),
        "- Phối hợp Văn phòng UBND tỉnh tham mưu công bố thủ tục hành chính.",
        "- Phối hợp với các đơn vị có liên quan triển khai các nhiệm vụ.",
        "- Chủ động rà soát, phối hợp Sở Tư pháp xây dựng hồ sơ trình Chủ tịch UBND tỉnh.",
    )
    assert [(t.lead, t.support) for t in tasks] == [
        (["Văn phòng UBND tỉnh"], ["Sở Xây dựng"]),
        ([], ["Sở Xây dựng"]),
        (["Sở Xây dựng"], ["Sở Tư pháp"]),
    ]


def test_phoi_hop_a_named_kind_of_body_leads_a_generic_one_does_not() -> None:
    """ "Phối hợp với các sở, ngành liên quan …" names a kind of body, which leads; "các cơ quan, đơn vị
    liên quan" names nobody in particular (vocab/agencies.toml [collectives] generic)."""
    tasks = _tasks(
        ("III. TỔ CHỨC THỰC HIỆN", True),
        ("1. Sở Khoa học và Công nghệ", True),
        "- Phối hợp với các sở, ngành liên quan tổ chức thực hiện, kiểm tra, giám sát.",
        "- Phối hợp với các cơ quan, đơn vị liên quan bảo đảm hạ tầng kỹ thuật.",
    )
    assert [(t.lead, t.support) for t in tasks] == [
        (["các sở, ngành liên quan"], ["Sở Khoa học và Công nghệ"]),
        ([], ["Sở Khoa học và Công nghệ"]),
    ]


def test_giao_heading_opening_a_sentence_gives_its_subject_to_the_items() -> None:
    """ "Giao Sở X là cơ quan đầu mối, chủ trì …; tổ chức thực hiện các nhiệm vụ sau:" heads its bullets as
    "Sở X hoàn thành … những nhiệm vụ sau đây:" does, the address word "Giao" aside."""
    tasks = _tasks(
        ("III. TỔ CHỨC THỰC HIỆN", True),
        "1. Giao Sở Nông nghiệp và Môi trường là cơ quan đầu mối, chủ trì, hướng dẫn thực hiện Đề án trên địa bàn "
        "tỉnh; tổ chức thực hiện các nhiệm vụ sau:",
        "- Điều phối chung, đôn đốc, hướng dẫn việc triển khai Kế hoạch đến các sở, ngành và địa phương.",
        "- Tổ chức đánh giá, báo cáo kết quả thực hiện Đề án hằng năm.",
    )
    assert [t.lead for t in tasks] == [["Sở Nông nghiệp và Môi trường"]] * 2


def test_partners_named_in_a_later_sentence_of_the_item_coordinate() -> None:
    """ "… Phối hợp chặt chẽ với Sở X và các đơn vị liên quan …" in a later sentence of an item the
    heading's agency leads: the partners support; a manner word may stand before "với"."""
    tasks = _tasks(
        ("III. TỔ CHỨC THỰC HIỆN", True),
        ("1. Các sở, ban, ngành, UBND các xã, phường", True),
        "a) Chủ động xây dựng Kế hoạch triển khai thực hiện. Phối hợp chặt chẽ với Sở Khoa học và Công nghệ và "
        "các đơn vị liên quan để đảm bảo tiến độ.",
        "b) Chủ trì, phối hợp chặt chẽ với Sở Tư pháp triển khai tuyên truyền thường xuyên.",
        "c) Xây dựng kế hoạch; phối hợp với cơ quan báo chí làm tốt công tác thông tin, tuyên truyền. Nếu quá thời "
        "hạn, cơ quan phối hợp phải báo cáo nêu rõ lý do, người đứng đầu đơn vị hoàn toàn chịu trách nhiệm.",
    )
    heading = ["Các sở, ban, ngành", "UBND các xã, phường"]
    assert [(t.lead, t.support) for t in tasks] == [
        (heading, ["Sở Khoa học và Công nghệ", "các đơn vị liên quan"]),
        (heading, ["Sở Tư pháp"]),
        (heading, ["cơ quan báo chí"]),  # the partner's name ends before what it does ("làm tốt …", [verbs])
    ]


@pytest.mark.parametrize(
    ("item", "kind"),
    [
        ("- Định kỳ hằng tháng công khai tiến độ giải quyết hồ sơ.", "recurring"),
        ("- Tổ chức thực hiện Nghị quyết ngay sau khi được Chính phủ phê duyệt.", "immediate"),
        ("- Hoàn thành số hóa hồ sơ trong Quý III năm 2024.", "quarter"),
    ],
)
def test_item_with_a_timed_deadline_and_no_agency_is_a_task(item: str, kind: str) -> None:
    tasks = _tasks(
        ("2. Đổi mới việc giải quyết thủ tục hành chính", True), item, "- Nâng cao chất lượng phục vụ người dân."
    )
    assert [t.deadline.kind for t in tasks] == [kind]


def test_later_riêng_sentence_adds_named_agencies_but_not_the_same_level_again() -> None:
    tasks = _tasks(
        ("II. TỔ CHỨC THỰC HIỆN", True),
        "- Các Sở, ban, ngành rà soát, công bố thủ tục hành chính. Riêng các sở: Xây dựng, Y tế rà soát thống kê "
        "bổ sung trước ngày 15/12/2024.",
        "- UBND các huyện, thị xã, thành phố rà soát các nhiệm vụ. Riêng UBND cấp huyện chỉ đạo UBND cấp xã thực hiện.",
    )
    assert [t.lead for t in tasks] == [
        ["Các Sở, ban, ngành", "Sở Xây dựng", "Sở Y tế"],
        ["UBND các huyện, thị xã, thành phố"],
    ]


def test_list_of_prohibitions_belongs_to_its_item() -> None:
    tasks = _tasks(
        ("1. Thủ trưởng các sở, ban, ngành", True),
        "a) Khi giải quyết hồ sơ phải đúng quy trình và không được thực hiện các hành vi sau:",
        "- Tiếp xúc riêng để hoàn thiện hồ sơ cho cá nhân, tổ chức;",
        "- Gọi cá nhân, tổ chức lên gặp riêng về hồ sơ đang thụ lý.",
        "b) Tổ chức tập huấn nghiệp vụ cho công chức.",
    )
    assert [t.ref for t in tasks] == ["a", "b"]
    assert tasks[0].content == (
        "Khi giải quyết hồ sơ phải đúng quy trình và không được thực hiện các hành vi sau: "
        "- Tiếp xúc riêng để hoàn thiện hồ sơ cho cá nhân, tổ chức; - Gọi cá nhân, tổ chức "
        "lên gặp riêng về hồ sơ đang thụ lý."
    )
    assert tasks[0].lead == ["Thủ trưởng các sở, ban, ngành"]


def test_closing_formula_is_not_a_task() -> None:
    tasks = _tasks(
        ("III. TỔ CHỨC THỰC HIỆN", True),
        "Trên đây là Kế hoạch cải cách thủ tục hành chính năm 2024; yêu cầu các sở, ban, ngành triển khai thực "
        "hiện trước ngày 31/12/2024.",
    )
    assert tasks == []
