"""Scanned pages: OCR'd with Tesseract into the same layout as text pages, tables found from the image's rules.

Scans are made from a corpus plan (tests/scankit.py) and cached under .cache/inputs/. Without Tesseract these
tests skip, except in CI (CI=true), where a missing OCR engine fails them."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.pipeline import extract_plan
from extractor.read import ocr
from extractor.read.ocr import missing_engine
from kehoach.clerk.flags import document_flags
from kehoach.cli import main
from tests.scankit import ScanStyle, mixed_pdf, scan_pdf

ROOT = Path(__file__).resolve().parents[1]
SOC_TRANG = ROOT / "corpus" / "soc_trang_56-KH-UBND_2022.pdf"
CACHE = ROOT / ".cache" / "inputs"
TABLE_PAGE = 7


@pytest.fixture(scope="module", autouse=True)
def engine() -> None:
    reason = missing_engine()
    if reason and os.environ.get("CI") == "true":
        pytest.fail(f"OCR engine missing in CI: {reason}")
    if reason:
        pytest.skip(reason)


def _cached(name: str, make: object) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / name
    if not path.exists():
        make(path)  # type: ignore[operator]
    return path


@pytest.fixture(scope="module")
def mixed() -> Path:
    """Sóc Trăng with its first table page scanned at 200 dpi, skewed, noisy."""
    return _cached("soc_trang_p7_scanned.pdf", lambda p: mixed_pdf(SOC_TRANG, p, [TABLE_PAGE], ScanStyle(dpi=200)))


@pytest.fixture(scope="module")
def first_page_scan() -> Path:
    """Sóc Trăng's first page alone as an image-only PDF at 300 dpi."""
    return _cached("soc_trang_p1_scan.pdf", lambda p: scan_pdf(SOC_TRANG, p, ScanStyle(dpi=300, pages=[1])))


def test_mixed_document_is_read_page_by_page(mixed: Path) -> None:
    plan, original = extract_plan(mixed), extract_plan(SOC_TRANG)
    assert plan.source.ocr_pages == [TABLE_PAGE]
    assert plan.source.ocr_confidence is not None and plan.source.ocr_confidence > 0.8
    # pages before the scan read exactly as the born-digital copy
    before = [(t.content, t.lead) for t in plan.tasks if (t.page or 0) < TABLE_PAGE]
    assert before == [(t.content, t.lead) for t in original.tasks if (t.page or 0) < TABLE_PAGE]
    scanned = [t for t in plan.tasks if t.page == TABLE_PAGE]
    expected = [t for t in original.tasks if t.page == TABLE_PAGE]
    assert all(t.provenance.ocr_confidence == plan.source.ocr_confidence for t in scanned)
    assert all(t.provenance.reader == "ocr" for t in scanned)
    assert all(t.provenance.ocr_confidence is None for t in plan.tasks if t.page != TABLE_PAGE)
    # the ruled table keeps its cells: one task per row, nearly every row with exactly the lead of its row
    assert len(scanned) == len(expected)
    same = sum(a.lead == b.lead for a, b in zip(scanned, expected, strict=True))
    assert same >= 0.8 * len(expected)
    # the STT cells ("1", "2" alone in a narrow column) are read by the second look at missed cells
    refs = sum(a.ref == b.ref for a, b in zip(scanned, expected, strict=True))
    assert refs >= 0.8 * len(expected)
    assert all(t.origin == "table" for t in scanned)


def test_scanned_first_page_gives_the_document(first_page_scan: Path) -> None:
    plan = extract_plan(first_page_scan)
    document = extract_plan(SOC_TRANG).document
    assert plan.source.ocr_pages == [1]
    assert "low_text_page" not in [f.code for f in document_flags(plan, dt.date.today())], "read with confidence"
    assert (plan.document.number, plan.document.issued_on, plan.document.doc_type) == (
        document.number,
        document.issued_on,
        document.doc_type,
    )


def test_low_confidence_page_warns_naming_it(first_page_scan: Path) -> None:
    from extractor.pipeline import ExtractSettings
    from extractor.read.pdf_pages import ReadSettings

    strict = ExtractSettings(read=ReadSettings(ocr=ocr.OcrSettings(warn_below=99.5)))
    plan = extract_plan(first_page_scan, strict)
    low = [w for w in plan.warnings if w.startswith("page 1: low OCR confidence")]
    assert low, plan.warnings
    # the review queue names the page (kehoach/clerk/flags.py: low_text_page)
    assert [f.detail for f in document_flags(plan, dt.date.today()) if f.code == "low_text_page"] == low


def test_scan_without_ocr_engine_is_one_clear_line(first_page_scan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "missing_engine", lambda language="vie": "Tesseract is not installed (apt-get …)")
    result = CliRunner().invoke(main, ["extract", str(first_page_scan)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"error: {first_page_scan}: PDF has no text layer "
        "(scanned page not read: Tesseract is not installed (apt-get …))"
    )


def test_specks_go_and_diacritics_stay() -> None:
    """Lone dust is removed; a dot next to a letter (a diacritic, a full stop), a colon's other dot or a dash is not."""
    import numpy as np

    from extractor.read.scan import ScanSettings, remove_specks

    page = np.full((200, 200), 255, dtype=np.uint8)
    page[50:80, 50:56] = 0  # a letter stroke
    page[84:88, 51:55] = 0  # its dot below, 4 px away
    page[150:154, 150:154] = 0  # dust, far from anything
    page[68:81, 110:130] = 0  # a letter, then a colon: its lower dot 8 px to the right of the letter,
    page[75:79, 138:142] = 0
    page[58:62, 138:142] = 0  # its upper dot over 10 px from the letter, 13 px above the lower dot
    page[100:104, 138:142] = 0  # dust under the colon, 21 px below its lower dot
    page[170:172, 20:29] = 0  # a thin dash far from anything: a stroke, not dust
    cleaned = remove_specks(page, ScanSettings())
    assert (cleaned[84:88, 51:55] == 0).all() and (cleaned[50:80, 50:56] == 0).all()
    assert (cleaned[150:154, 150:154] == 255).all()
    assert (cleaned[58:62, 138:142] == 0).all() and (cleaned[75:79, 138:142] == 0).all()
    assert (cleaned[100:104, 138:142] == 255).all()
    assert (cleaned[170:172, 20:29] == 0).all()


def test_a_doubtful_lone_short_word_is_dropped() -> None:
    """'S' for a page number '5', alone on its line at confidence 0, goes; a sure one or one inside a line stays."""

    def word(text: str, line: int, confidence: float) -> ocr.OcrWord:
        return ocr.OcrWord(
            text=text,
            x0=0,
            top=0,
            x1=10,
            bottom=10,
            line=(1, 1, line),
            line_top=0,
            line_bottom=10,
            confidence=confidence,
        )

    words = [word("S", 1, 0.0), word("5", 2, 96.0), word("a", 3, 20.0), word("Sở", 3, 95.0), word("Nội", 4, 10.0)]
    assert [w.text for w in ocr.without_doubtful(words, ocr.OcrSettings())] == ["5", "a", "Sở", "Nội"]
