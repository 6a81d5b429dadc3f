"""The reading edge under hostile input: parser exceptions become one clean "corrupt PDF" line with
the page, the page guard refuses absurd pages, pdfminer's quadratic routines are replaced by
linear ones that return the same results, and mutation property tests over a small sample (PDF and DOCX)."""

from __future__ import annotations

import io
import random
import tempfile
import zipfile
import zlib
from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfminer.psparser import PSEOF, PSBaseParser
from pypdf import PdfWriter

from extractor.errors import InputError
from extractor.layout import pdfminer_fixes
from extractor.layout.page_guard import GuardedPage, PageLimits, PageTooLarge
from extractor.layout.parser_errors import parser_errors, raised_by_parser
from extractor.layout.pdf import LayoutSettings, read_pdf
from extractor.read.document import read_document
from fuzz.hostile import dense_page, header_then_zeros, stream_bomb, text_page, write_pdf
from fuzz.mutate import DOCX_MUTATIONS, PDF_MUTATIONS, mutate
from kehoach.cli import main
from tests.badpdfs import SAMPLE
from tests.fixtures.layouts.build import docx_renders

MEDIABOX = b"/MediaBox[0 0 595.303937007874"
NOT_A_BOX: Any = ["x", 0, 1, 1]


def _mediabox_mutant(folder: Path) -> Path:
    """The issue's repro: a non-number in a MediaBox used to end in a traceback."""
    data = SAMPLE.read_bytes()
    assert MEDIABOX in data
    path = folder / "mediabox.pdf"
    path.write_bytes(data.replace(MEDIABOX, b"/MediaBox[0 0 595.30393700/x74", 1))
    return path


def test_mutant_that_used_to_traceback_is_a_clean_error_with_its_page(tmp_path: Path) -> None:
    path = _mediabox_mutant(tmp_path)
    with pytest.raises(InputError) as caught:
        read_pdf(path)
    assert caught.value.page == 1
    assert str(caught.value).startswith(f"{path}: page 1: corrupt PDF (Bounding box contains non-number")


def test_mutant_through_the_cli_is_one_line_and_exit_1(tmp_path: Path) -> None:
    path = _mediabox_mutant(tmp_path)
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "page 1: corrupt PDF" in result.stderr and "Traceback" not in result.output


def test_parser_exceptions_map_to_corrupt_and_our_bugs_propagate(tmp_path: Path) -> None:
    corrupt = r"x.pdf: page 4: corrupt PDF \(Bounding box contains non-number"
    with pytest.raises(InputError, match=corrupt), parser_errors(tmp_path / "x.pdf", page=4):
        pdfplumber.page._normalize_box(NOT_A_BOX)
    ours: dict[str, int] = {}
    with pytest.raises(KeyError), parser_errors(tmp_path / "x.pdf"):
        ours["missing"]  # a bug of ours is not the file's fault
    with pytest.raises(MemoryError), parser_errors(tmp_path / "x.pdf"):
        raise MemoryError


def test_raised_by_parser_looks_at_the_innermost_known_frame() -> None:
    try:
        pdfplumber.page._normalize_box(NOT_A_BOX)
    except Exception as exc:
        assert raised_by_parser(exc)
    try:
        int("x")
    except ValueError as exc:
        assert not raised_by_parser(exc)


def test_page_over_the_character_guard_is_refused_with_its_page(tmp_path: Path) -> None:
    layout = LayoutSettings(limits=PageLimits(max_chars=500))
    with pytest.raises(PageTooLarge, match=r"page 1: more than 500 characters on one page"):
        read_pdf(SAMPLE, layout)
    dense = dense_page(tmp_path / "dense.pdf", 4000)
    with pytest.raises(PageTooLarge, match="more than 3000 characters"):
        read_pdf(dense, LayoutSettings(limits=PageLimits(max_chars=3000)))
    assert read_pdf(dense).pages[0].lines, "under the default guard the same page is read"


def test_page_over_the_object_guard_is_refused(tmp_path: Path) -> None:
    rules = b"\n".join(b"%d 100 m %d 700 l S" % (x, x) for x in range(50, 550, 2))
    path = write_pdf(tmp_path / "rules.pdf", [text_page(["Ke hoach"]) + b"\n" + rules])
    with pytest.raises(PageTooLarge, match="more than 100 drawn objects"):
        read_pdf(path, LayoutSettings(limits=PageLimits(max_objects=100)))


def test_stream_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    bomb = stream_bomb(tmp_path / "bomb.pdf", 8)
    assert bomb.stat().st_size < 100_000
    with pytest.raises(PageTooLarge, match=r"page 1: page streams inflate to more than 2 MiB"):
        read_pdf(bomb, LayoutSettings(limits=PageLimits(max_inflated_mib=2)))


def test_second_page_error_names_that_page(tmp_path: Path) -> None:
    page = text_page(["Ke hoach so 1"])
    data = write_pdf(tmp_path / "two.pdf", [page, page]).read_bytes()
    second = data.index(b"/MediaBox [0 0 595 842]", data.index(b"/MediaBox") + 1)
    path = tmp_path / "two.pdf"
    path.write_bytes(data[:second] + b"/MediaBox [0 0 /x 842]" + data[second + 23 :])
    with pytest.raises(InputError, match="page 2: corrupt PDF"):
        read_pdf(path)


def test_pages_are_released_after_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[int] = []
    original = GuardedPage.close

    def close(self: GuardedPage) -> None:
        closed.append(self.page_number)
        original(self)

    monkeypatch.setattr(GuardedPage, "close", close)
    doc = read_pdf(SAMPLE)
    assert closed == list(range(1, len(doc.pages) + 1))


# --- pdfminer's quadratic routines, replaced: same results --------------------------------------


def _lines(data: bytes, method: str, use_fix: bool) -> list[tuple[int, bytes]] | list[bytes]:
    parser = PSBaseParser(io.BytesIO(data))
    if method == "revreadlines":
        fn = pdfminer_fixes.revreadlines if use_fix else pdfminer_fixes.ORIGINAL_REVREADLINES
        return list(fn(parser))
    fn_next = pdfminer_fixes.nextline if use_fix else pdfminer_fixes.ORIGINAL_NEXTLINE
    out: list[tuple[int, bytes]] = []
    while True:
        try:
            out.append(fn_next(parser))
        except PSEOF:
            return out


@pytest.mark.parametrize("method", ["nextline", "revreadlines"])
def test_linear_line_readers_match_pdfminer(method: str) -> None:
    rng = random.Random(3)
    samples = [SAMPLE.read_bytes()[:200_000], b"a\r\nb\rc\nd\r\r\n\n" * 900, b"x" * 10_000 + b"\r", b"", b"\r"]
    samples += [bytes(rng.choice(b"ab\r\n") for _ in range(9000)) for _ in range(3)]
    for data in samples:
        assert _lines(data, method, True) == _lines(data, method, False)


def test_linear_flate_recovery_matches_pdfminer() -> None:
    good = zlib.compress(b"BT /F1 12 Tf (Ke hoach) Tj ET\n" * 400)
    for damaged in (good[:-1] + bytes([good[-1] ^ 1]), good[:-2], good[:40] + b"\x00" + good[41:], good, b"xy"):
        try:
            expected: bytes | type[Exception] = pdfminer_fixes.ORIGINAL_DECOMPRESS_CORRUPTED(damaged)
        except zlib.error:
            expected = zlib.error
        if expected is zlib.error:
            with pytest.raises(zlib.error):
                pdfminer_fixes.decompress_corrupted(damaged)
        else:
            assert pdfminer_fixes.decompress_corrupted(damaged) == expected


def test_junk_after_a_pdf_header_is_refused_quickly(tmp_path: Path) -> None:
    path = header_then_zeros(tmp_path / "zeros.pdf", 4)
    with pytest.raises(InputError, match="corrupt PDF"):
        read_pdf(path)


# --- property: no mutant of a real plan escapes as anything but our error ------------------------


def _first_pages(path: Path, count: int) -> bytes:
    """The first pages of a real plan (a table included), small enough to read a dozen times in seconds."""
    writer = PdfWriter(clone_from=path)
    while len(writer.pages) > count:
        writer.remove_page(len(writer.pages) - 1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_SMALL = _first_pages(SAMPLE, 2)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**32), edit=st.sampled_from(sorted(PDF_MUTATIONS)))
def test_mutants_of_a_plan_read_or_fail_cleanly(tmp_path: Path, seed: int, edit: str) -> None:
    data = PDF_MUTATIONS[edit](_SMALL, random.Random(seed))
    path = tmp_path / f"mutant_{seed}.pdf"
    path.write_bytes(data)
    try:
        doc = read_pdf(path)
    except InputError as err:
        assert str(err).startswith(str(path)) and "\n" not in str(err)
    else:
        assert doc.pages


@cache
def _docx_seed() -> bytes:
    """A layout fixture as the DOCX python-docx writes (the fuzz suite's DOCX seeds are made the same way)."""
    with tempfile.TemporaryDirectory() as tmp:
        _stem, path = docx_renders(Path(tmp))[0]
        return path.read_bytes()


def test_docx_mutant_that_used_to_traceback_is_corrupt_docx(tmp_path: Path) -> None:
    path = tmp_path / "inflates_badly.docx"
    path.write_bytes(DOCX_MUTATIONS["overwrite_bytes"](_docx_seed(), random.Random(0)))  # a part's deflate data hit
    with pytest.raises(InputError, match=r"corrupt DOCX \(error: Error -3 while decompressing data"):
        read_document(path)


def test_docx_whose_relationships_part_has_another_root_is_corrupt_docx(tmp_path: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(_docx_seed()))
    path = tmp_path / "wrong_rels.docx"
    with zipfile.ZipFile(path, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            out.writestr(item, b"<x/>" if item.filename == "_rels/.rels" else data)
    with pytest.raises(InputError, match=r"corrupt DOCX \(AttributeError"):
        read_document(path)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**32), edit=st.sampled_from(sorted(DOCX_MUTATIONS)))
def test_docx_mutants_read_or_fail_cleanly(tmp_path: Path, seed: int, edit: str) -> None:
    path = tmp_path / f"mutant_{seed}.docx"
    path.write_bytes(DOCX_MUTATIONS[edit](_docx_seed(), random.Random(seed)))
    try:
        doc = read_document(path)
    except InputError as err:
        assert str(err).startswith(str(path)) and "\n" not in str(err)
    else:
        assert doc.pages is not None


def test_mutate_is_reproducible_from_its_seed() -> None:
    assert mutate(_SMALL, 42) == mutate(_SMALL, 42)
    assert mutate(_SMALL, 42)[0] != _SMALL
