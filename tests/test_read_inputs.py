"""Every plan a clerk receives, except scans (test_ocr.py): DOCX, DOC, legacy-encoded and garbled text layers,
and the bad inputs among them."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as new_docx

from extractor.pipeline import extract_plan
from extractor.read import ocr
from extractor.read.document import read_document
from extractor.read.text_layer import (
    TextLayerSettings,
    bad_glyph_share,
    encodings,
    is_syllable,
    judge_text_layer,
    recode,
)
from kehoach.cli import main
from kehoach.eval.folder import load_gold
from kehoach.eval.scoring import evaluate_pair
from tests.badpdfs import image_only_pdf
from tests.scankit import remapped_pdf, scramble, vni

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
SOC_TRANG = ROOT / "corpus" / "soc_trang_56-KH-UBND_2022.pdf"
sys.path.insert(0, str(LAYOUTS))
import build  # noqa: E402


def _render_docx(spec: str, layout: str, folder: Path) -> Path:
    path = folder / f"{spec}__{layout}.docx"
    build._render_docx(build.load_spec(spec), build.LAYOUTS[layout], path)
    return path


@pytest.fixture(scope="module")
def performer_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _render_docx("soc_trang_56_performer", "hrules", tmp_path_factory.mktemp("docx"))


# ---------------------------------------------------------------- DOCX


def test_docx_scores_as_its_pdf(performer_docx: Path) -> None:
    """The DOCX a fixture PDF was printed from gives the same scores as that PDF."""
    gold = load_gold(LAYOUTS / "soc_trang_56_performer__hrules.gold.json")
    from_docx = evaluate_pair(extract_plan(performer_docx), gold).scores
    from_pdf = evaluate_pair(extract_plan(LAYOUTS / "soc_trang_56_performer__hrules.pdf"), gold).scores
    assert from_docx.tasks.f1 == pytest.approx(from_pdf.tasks.f1) and from_docx.tasks.f1 >= 0.95
    assert from_docx.facts.f1 == pytest.approx(from_pdf.facts.f1)
    assert from_docx.document.accuracy == pytest.approx(from_pdf.document.accuracy)


def test_docx_tasks_have_no_page_but_a_part(performer_docx: Path) -> None:
    plan = extract_plan(performer_docx)
    assert plan.source.format == "docx" and plan.source.pages is None
    assert plan.tasks and all(task.page is None and task.provenance.reader == "docx" for task in plan.tasks)
    table_parts = [task.provenance.part for task in plan.tasks if task.origin == "table"]
    assert table_parts and all(part and part.startswith("table ") and ", row " in part for part in table_parts)
    assert table_parts == sorted(set(table_parts), key=table_parts.index)  # one row each, in order
    table_tasks = [task for task in plan.tasks if task.origin == "table"]
    assert all(t.provenance.table_strategy == "docx" and t.provenance.table_confidence for t in table_tasks)


def test_docx_table_without_a_header_is_read_by_its_cells(tmp_path: Path) -> None:
    """A Word table with no header row is a table of tasks when its columns read as one (labels, work, agencies,
    deadlines); it is not laid out as side-by-side text."""
    docx = _render_docx("lam_dong_khcn_2025", "grid", tmp_path)
    scores = evaluate_pair(extract_plan(docx), load_gold(LAYOUTS / "lam_dong_khcn_2025__grid.gold.json")).scores
    assert scores.tasks.recall == 1.0 and scores.tasks.precision == 1.0


def _numbered_docx(path: Path) -> Path:
    """Two numbered paragraphs and a task table with a vertically merged lead cell."""
    document = new_docx()
    document.add_paragraph("KẾ HOẠCH")
    for text in ("Sở Tư pháp chủ trì rà soát văn bản.", "Sở Nội vụ chủ trì kiểm tra."):
        document.add_paragraph(text, style="List Number")
    table = document.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ["STT", "Nội dung", "Cơ quan chủ trì"], strict=True):
        cell.text = text
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "Rà soát thủ tục"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "Sở Tư pháp"
    table.cell(2, 0).text = "2"
    table.cell(2, 1).text = "Công khai thủ tục"
    document.save(str(path))
    return path


def _check_numbered(path: Path) -> None:
    layout = read_document(path)
    texts = [line.text for line in layout.body_lines]
    assert "1. Sở Tư pháp chủ trì rà soát văn bản." in texts and "2. Sở Nội vụ chủ trì kiểm tra." in texts
    grid = layout.pages[0].tables[0]
    assert grid.rows[1] == ["1", "Rà soát thủ tục", "Sở Tư pháp"]
    assert grid.rows[2] == ["2", "Công khai thủ tục", None]


def test_docx_numbering_and_merged_cells(tmp_path: Path) -> None:
    """Word's automatic list numbers are printed before the text; a merged cell is None where it is covered."""
    _check_numbered(_numbered_docx(tmp_path / "numbered.docx"))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (make sysdeps)")
def test_doc_is_converted_by_libreoffice(tmp_path: Path) -> None:
    docx = _numbered_docx(tmp_path / "numbered.docx")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path / "doc"),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    doc = tmp_path / "doc" / "numbered.doc"
    assert doc.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    layout = read_document(doc)
    # (LibreOffice's own .doc export of this table flattens it to one paragraph, so only the text is compared)
    texts = [line.text for line in layout.body_lines]
    assert texts[:3] == ["KẾ HOẠCH", "1. Sở Tư pháp chủ trì rà soát văn bản.", "2. Sở Nội vụ chủ trì kiểm tra."]
    assert layout.source.format == "doc" and layout.source.file == "numbered.doc"


def _locked_docx(source: Path, target: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    with source.open("rb") as handle:
        OOXMLFile(handle).encrypt("secret", out)
    target.write_bytes(out.getvalue())
    return target


UNREADABLE = {
    "scan-without-tesseract": (
        lambda docx, folder: image_only_pdf(folder),
        "PDF has no text layer (scanned page not read: Tesseract is not installed (apt-get install tesseract-ocr "
        "tesseract-ocr-vie))",
    ),
    "corrupt-docx": (
        lambda docx, folder: _write(folder / "broken.docx", docx.read_bytes()[:3000]),
        "corrupt DOCX",
    ),
    "password-docx": (lambda docx, folder: _locked_docx(docx, folder / "locked.docx"), "password-protected DOCX"),
    "doc-without-libreoffice": (
        lambda docx, folder: _write(folder / "plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
        ".doc files need LibreOffice to be read (apt-get install libreoffice-writer-nogui)",
    ),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("maker", "reason"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_unreadable_input_is_one_line_quarantined_and_not_stored(
    maker: Callable[[Path, Path], Path],
    reason: str,
    performer_docx: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Neither Tesseract nor LibreOffice on PATH (the batch's worker processes inherit it): `extract` prints one
    line naming the file, `batch` quarantines it with that reason and stores only the good file beside it."""
    bare = tmp_path / "bin"
    bare.mkdir()
    monkeypatch.setenv("PATH", str(bare))
    ocr.missing_engine.cache_clear()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    bad = maker(performer_docx, inbox)
    shutil.copyfile(performer_docx, inbox / "good.docx")
    runner = CliRunner()
    try:
        extracted = runner.invoke(main, ["extract", str(bad)])
        db = f"sqlite:///{tmp_path / 'k.db'}"
        assert runner.invoke(main, ["db", "upgrade", "--db", db]).exit_code == 0
        report = tmp_path / "report.json"
        batch = runner.invoke(main, ["batch", str(inbox), "--db", db, "--workers", "1", "--report", str(report)])
        tasks = runner.invoke(main, ["tasks", "--db", db, "--format", "json"])
    finally:
        ocr.missing_engine.cache_clear()
    assert extracted.exit_code == 1
    lines = extracted.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {bad}: {reason}"), extracted.output
    assert batch.exit_code == 1
    files = {Path(f["path"]).name: f for f in json.loads(report.read_text(encoding="utf-8"))["files"]}
    assert files[bad.name]["outcome"] == "quarantined" and files[bad.name]["reason"].startswith(f"{bad}: {reason}")
    assert files["good.docx"]["outcome"] == "stored"
    stored = json.loads(tasks.output)
    assert stored and {task["file_name"] for task in stored} == {"good.docx"}


# ---------------------------------------------------------------- text layers


def test_vietnamese_syllables() -> None:
    assert all(is_syllable(w) for w in ["nghiệp", "Trường", "khuyến", "quyết", "hòa", "hoà", "giữ", "ĐỒNG", "ưu"])
    assert not any(is_syllable(w) for w in ["TØnh", "ho¹ch", "Ҥ&+", "hiÖn", "Bqx", "nghiêpj"])


def test_legacy_encodings_convert() -> None:
    tables = encodings()
    assert recode("KÕ ho¹ch thùc hiÖn nhiÖm vô", tables["tcvn3"]) == "Kế hoạch thực hiện nhiệm vụ"
    assert recode("kÕ ho¹ch", tables["tcvn3"], capitals=True) == "KẾ HOẠCH"
    assert recode("Keá hoaïch thöïc hieän nhieäm vuï Ñoàng Thaùp", tables["vni"]) == (
        "Kế hoạch thực hiện nhiệm vụ Đồng Tháp"
    )


def test_text_layer_verdicts() -> None:
    settings = TextLayerSettings()
    real = "Sở Tư pháp chủ trì, phối hợp với các cơ quan, đơn vị liên quan rà soát thủ tục hành chính " * 3
    assert judge_text_layer(real, settings).usable
    tcvn = "KÕ ho¹ch thùc hiÖn c¸c nhiÖm vô träng t©m cña Uû ban nh©n d©n tØnh " * 3
    assert judge_text_layer(tcvn, settings).encoding == "tcvn3"
    garbage = ".ӂ +2Ҥ&+ 6Ӕ 12/.+-8%1' ӂ +2Ҥ&+ 7+ӵ& +,ӊ1 " * 6
    verdict = judge_text_layer(garbage, settings)
    assert not verdict.usable and verdict.encoding is None
    assert bad_glyph_share("(cid:12)(cid:13)ab\ue000") == pytest.approx(3 / 5)


def test_vni_text_layer_reads_as_unicode(tmp_path: Path) -> None:
    """A PDF whose fonts map to VNI gives exactly the plan of the Unicode original, and says which pages it recoded."""
    legacy = remapped_pdf(SOC_TRANG, tmp_path / "vni.pdf", vni)
    plan, original = extract_plan(legacy), extract_plan(SOC_TRANG)
    assert plan.source.recoded_pages == list(range(1, 10))
    assert [t.content for t in plan.tasks] == [t.content for t in original.tasks]
    assert [t.lead for t in plan.tasks] == [t.lead for t in original.tasks]
    assert plan.document == original.document


def test_garbled_text_layer_is_detected_on_every_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without an OCR engine, a scrambled font map is refused with the reason, not read as garbage."""
    from extractor.read import pdf_pages

    garbled = remapped_pdf(SOC_TRANG, tmp_path / "garbled.pdf", scramble)
    seen: list[int] = []

    def no_ocr(self: object, page: object, number: int, why: str) -> tuple[object, object]:
        seen.append(number)
        assert why.startswith("text layer is not Vietnamese")
        return page, pdf_pages.PageFacts(warnings=[f"{why} not read: no OCR in this test"])

    monkeypatch.setattr(pdf_pages.PageSourcer, "_ocr", no_ocr)
    plan = extract_plan(garbled)
    assert seen == list(range(1, 10))
    assert all(
        w.startswith(f"page {n}: text layer is not Vietnamese") for n, w in zip(seen, plan.warnings, strict=False)
    )
