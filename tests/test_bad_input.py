"""Bad input: one clear line naming the file and the reason, exit status 1, no traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.errors import InputError
from extractor.layout.pdf import read_pdf
from kehoach.cli import main
from tests.badpdfs import BAD_FILES


@pytest.mark.parametrize(("maker", "reason"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_read_pdf_refuses_with_reason(tmp_path: Path, maker: Callable[[Path], Path], reason: str) -> None:
    path = maker(tmp_path)
    with pytest.raises(InputError) as caught:
        read_pdf(path)
    assert reason in str(caught.value)
    assert str(path) in str(caught.value)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_pdf(tmp_path / "nope.pdf")


@pytest.mark.parametrize(("maker", "reason"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_extract_cli_prints_one_line_and_exits_1(tmp_path: Path, maker: Callable[[Path], Path], reason: str) -> None:
    path = maker(tmp_path)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["extract", str(path), "-o", str(out)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert path.name in lines[0] and reason in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists(), "no half-written output"


def test_extract_cli_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "absent.pdf")])
    assert result.exit_code == 1
    assert "absent.pdf: file not found" in result.stderr
