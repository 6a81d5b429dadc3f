"""Flag rules: each fires on a case built for it and stays quiet on the corpus plans where it should."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import get_args

import pytest
from pypdf import PdfWriter

from extractor.pipeline import extract_plan
from extractor.read import ocr
from kehoach.clerk.flags import document_flags, duplicate_flags, orphan_flags, plan_flags, task_flags
from kehoach.clerk.messages import FLAG_TEXT
from schemas import Deadline, Document, Plan, Source, Task
from schemas.review import Correction, FlagCode, Overlap
from tests.badpdfs import image_only_pdf
from tests.corpus_cache import CorpusCache

ROOT = Path(__file__).resolve().parent.parent
GOLD = sorted((ROOT / "corpus").glob("*.gold.json")) + sorted((ROOT / "tests/fixtures/layouts").glob("*.gold.json"))
TODAY = dt.date(2026, 11, 28)
SAMPLE = ROOT / "corpus" / "soc_trang_56-KH-UBND_2022.pdf"


def gold(path: Path) -> Plan:
    plan = Plan.model_validate_json(path.read_text(encoding="utf-8"))
    for index, task in enumerate(plan.tasks):
        task.key = f"k{index}"
    return plan


def plan_of(*tasks: Task, **document: object) -> Plan:
    defaults = {
        "doc_type": "ke_hoach",
        "number": "12/KH-UBND",
        "issuer": "Ủy ban nhân dân tỉnh Lâm Đồng",
        "province": "Lâm Đồng",
        "issued_on": dt.date(2025, 3, 20),
    }
    return Plan(
        source=Source(file="x.pdf"), document=Document.model_validate({**defaults, **document}), tasks=list(tasks)
    )


def codes(flags: list) -> list[str]:
    return [flag.code for flag in flags]


def task(content: str = "Rà soát thủ tục hành chính", **fields: object) -> Task:
    return Task.model_validate({"key": "t1", "content": content, "lead": ["Sở Tư pháp"], **fields})


def test_task_rules_fire_on_their_cases() -> None:
    assert codes(task_flags(plan_of(task(lead=[], support=["Sở Nội vụ"])))) == ["no_lead"]
    assert codes(task_flags(plan_of(task(lead=[], support=[])))) == [], "a plan assigning nobody is not flagged"
    unknown = task_flags(plan_of(task(support=["Hợp tác xã Hoa Mai"])))
    assert [(f.code, f.detail) for f in unknown] == [("unknown_agency", "Hợp tác xã Hoa Mai")]
    late = Deadline(text="khi có chỉ đạo của cấp trên", kind="none")
    assert codes(task_flags(plan_of(task(deadline=late)))) == ["deadline_unparsed"]
    gone = plan_of(task(lead=["Sở TT&TT"], support=["UBND cấp huyện"]), issued_on=dt.date(2025, 7, 15))
    assert codes(task_flags(gone)) == ["abolished_agency", "abolished_agency"]
    assert "Sở Khoa học và Công nghệ" in task_flags(gone)[0].detail
    early = plan_of(task(lead=["Sở TT&TT"], support=["UBND cấp huyện"]), issued_on=dt.date(2025, 2, 1))
    assert codes(task_flags(early)) == [], "before the merger the department existed"
    renamed = task(lead=["Sở Thông tin và Truyền thông (nay là Sở Khoa học và Công nghệ)"])
    assert "renamed_agency" in codes(task_flags(plan_of(renamed, issued_on=dt.date(2024, 1, 5))))


def test_document_rules_fire_on_their_cases() -> None:
    bad = plan_of(number="245/KH-UBNDLâmĐồng,ngày20tháng3năm2025", issued_on=None)
    assert codes(document_flags(bad, TODAY)) == ["bad_number", "no_date"]
    assert codes(document_flags(plan_of(number=None), TODAY)) == ["no_number"]
    assert codes(document_flags(plan_of(issued_on=dt.date(2027, 1, 1)), TODAY)) == ["future_date"]
    assert codes(document_flags(plan_of(issuer="Công ty TNHH Hoa Mai"), TODAY)) == ["unknown_issuer"]
    warned = plan_of().model_copy(
        update={"warnings": ["page 3: table not read, its columns name no task roles (STT | Tên)", "page 4: no text"]}
    )
    assert codes(document_flags(warned, TODAY)) == ["refused_table", "low_text_page"]
    for number in ("56/KH-UBND", "14/2025/QĐ-UBND", "123a/KH-SXD", "06/CT-UBND", "1627/QĐ-UBND"):
        assert document_flags(plan_of(number=number), TODAY) == [], number


def test_duplicate_and_orphan_rules() -> None:
    plan = plan_of(task("a"), task("b"), task("c"))
    assert codes(duplicate_flags(plan, [Overlap(document_id=1, label="#1", shared=2)])) == ["duplicate_document"]
    assert duplicate_flags(plan, [Overlap(document_id=1, label="#1", shared=1)]) == []
    orphan = Correction(id=4, doc_key="d", task_key="d-x", field="lead", new_value=["Sở Nội vụ"], author="t")
    assert codes(orphan_flags([orphan])) == ["orphaned_correction"]


def test_corpus_plans_raise_only_what_is_really_there() -> None:
    for path in GOLD:
        plan = gold(path)
        flags = plan_flags(plan, TODAY)
        by_key = {t.key: t for t in plan.tasks}
        for flag in flags:
            if flag.code == "no_lead":
                assert not by_key[flag.task_key].lead, path.name
            assert flag.code not in {"bad_number", "future_date", "unknown_issuer", "deadline_unparsed"}, (path, flag)
            assert flag.code not in {"renamed_agency", "refused_table", "low_text_page"}, (path, flag)
        unknown = {flag.detail for flag in flags if flag.code == "unknown_agency"}
        assert not any(name.startswith(("Sở ", "Văn phòng", "UBND", "Ủy ban")) for name in unknown), unknown
        for flag in flags:
            if flag.code == "abolished_agency":
                assert plan.document.issued_on and plan.document.issued_on >= dt.date(2025, 3, 1), (path, flag)


def test_every_flag_has_its_english_and_vietnamese_text() -> None:
    assert set(FLAG_TEXT) == set(get_args(FlagCode))
    assert all(english and vietnamese for english, vietnamese in FLAG_TEXT.values())


def test_a_scanned_page_inside_a_plan_is_flagged(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=SAMPLE)
    writer.append(str(image_only_pdf(tmp_path)))
    mixed = tmp_path / "mixed.pdf"
    with mixed.open("wb") as handle:
        writer.write(handle)
    plan = extract_plan(mixed)
    last = plan.source.pages
    assert plan.tasks and any(w.startswith(f"page {last}: no text layer") for w in plan.warnings)
    assert [(f.code, f.detail[:7]) for f in document_flags(plan, TODAY)] == [("low_text_page", f"page {last}")]
    assert not [w for w in extract_plan(SAMPLE).warnings if "no text layer" in w]


def test_born_digital_corpus_plans_raise_no_page_flag(corpus: CorpusCache) -> None:
    """Every page of a born-digital plan has its text layer: the extracted plans name no page to look at."""
    for pdf in sorted((ROOT / "corpus").glob("*.pdf")):
        plan = corpus.plan(pdf)
        assert plan.source.ocr_pages == [], pdf.name
        assert "low_text_page" not in codes(document_flags(plan, TODAY)), (pdf.name, plan.warnings)


def test_a_page_the_reader_could_not_read_is_flagged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A scanned page left unread (no OCR engine here, whatever the reason) names its page in the flag."""
    monkeypatch.setattr(ocr, "missing_engine", lambda language="vie": "Tesseract does not run (exit status 1)")
    writer = PdfWriter(clone_from=SAMPLE)
    writer.append(str(image_only_pdf(tmp_path)))
    mixed = tmp_path / "mixed.pdf"
    with mixed.open("wb") as handle:
        writer.write(handle)
    plan = extract_plan(mixed)
    last = plan.source.pages
    assert plan.warnings == [f"page {last}: scanned page not read: Tesseract does not run (exit status 1)"]
    assert [(f.code, f.detail) for f in document_flags(plan, TODAY)] == [("low_text_page", plan.warnings[0])]
