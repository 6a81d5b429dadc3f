"""`kehoach debug FILE --page N`: a PNG of the page as the table finder read it, and one clear line for bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from PIL import Image

from kehoach.cli import main
from kehoach.page_debug import COLUMN, RULE, draw_page
from tests.corpus_cache import CorpusCache

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
QUANG_NGAI = CORPUS / "quang_ngai_ksthc_2025.pdf"  # page 3: a lattice table
DONG_THAP = CORPUS / "dong_thap_552-KH-UBND_2025.pdf"  # page 10: horizontal rules only


def _near(image: Image.Image, x: float, y: float, colour: tuple[int, ...], scale: float) -> bool:
    """Whether a pixel within one pixel of the point (in PDF points) has this colour."""
    cx, cy = round(x * scale), round(y * scale)
    pixels = {image.getpixel((cx + dx, cy + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1)}  # RGB: 3-tuples
    return colour[:3] in pixels


def test_debug_writes_the_page_with_its_rules(tmp_path: Path) -> None:
    out = tmp_path / "p3.png"
    result = CliRunner().invoke(main, ["debug", str(QUANG_NGAI), "--page", "3", "-o", str(out), "--resolution", "72"])
    assert result.exit_code == 0, result.output
    assert "page 3: lattice" in result.output
    image = Image.open(out).convert("RGB")
    with pdfplumber.open(QUANG_NGAI) as pdf:
        page = pdf.pages[2]
        assert abs(image.size[0] - page.width) < 1 and abs(image.size[1] - page.height) < 1  # 72 dpi: 1 px a point
        rule = next(e for e in page.edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 30)
    assert _near(image, rule["x0"], (rule["top"] + rule["bottom"]) / 2, RULE, 1.0)
    assert not _near(image, 5.0, 5.0, RULE, 1.0)  # the margin is left as printed


def test_column_edges_found_from_words_are_drawn(tmp_path: Path) -> None:
    drawing = draw_page(DONG_THAP, 10, resolution=144)
    assert drawing.tables == ["rules 1.00"]
    image = Image.open(io.BytesIO(drawing.png)).convert("RGB")

    (grid,) = CorpusCache().layout(DONG_THAP).pages[9].tables
    row = grid.row_boxes[2]
    for x in grid.column_edges[1:-1]:
        assert _near(image, x, (row.top + row.bottom) / 2, COLUMN, 2.0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([str(QUANG_NGAI), "--page", "15"], "quang_ngai_ksthc_2025.pdf: no page 15 (the PDF has 14 pages)"),
        ([str(QUANG_NGAI), "--page", "0"], "no page 0"),
        (["missing.pdf", "--page", "1"], "missing.pdf: file not found"),
    ],
)
def test_bad_page_or_file_is_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["debug", *args, "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: ") and message in line
    assert not (tmp_path / "x.png").exists()


def test_not_a_pdf_is_one_line(tmp_path: Path) -> None:
    text = tmp_path / "plan.pdf"
    text.write_text("not a pdf", encoding="utf-8")
    result = CliRunner().invoke(main, ["debug", str(text), "--page", "1", "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 1 and result.output.strip() == f"error: {text}: not a PDF file"
