"""Per-file time limit and per-process memory cap: each ends the file with one clean line."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach.cli import main
from kehoach.limits import LimitExceeded, RunLimits, file_limits
from tests.badpdfs import SAMPLE


def test_time_limit_stops_the_file(tmp_path: Path) -> None:
    with pytest.raises(LimitExceeded) as caught, file_limits(tmp_path / "slow.pdf", RunLimits(timeout=0.2)):
        while True:
            time.sleep(0.01)
    assert caught.value.kind == "timeout"
    assert str(caught.value) == f"{tmp_path / 'slow.pdf'}: timed out after 0.2 s (see --timeout)"


def test_extract_timeout_is_one_line() -> None:
    result = CliRunner().invoke(main, ["extract", str(SAMPLE), "--timeout", "0.001"])
    assert result.exit_code == 1
    assert result.stderr == f"error: {SAMPLE}: timed out after 0.001 s (see --timeout)\n"


def test_memory_cap_turns_a_huge_allocation_into_a_clean_error() -> None:
    code = (
        "from pathlib import Path\n"
        "from kehoach.limits import LimitExceeded, RunLimits, cap_memory, file_limits\n"
        "limits = RunLimits(max_memory_mib=512)\n"
        "cap_memory(limits.max_memory_mib)\n"
        "try:\n"
        "    with file_limits(Path('big.pdf'), limits):\n"
        "        blob = bytearray(1 << 30)\n"
        "except LimitExceeded as err:\n"
        "    print(err.kind, err)\n"
        "after = bytearray(64 << 20)\n"  # the process goes on once the file's memory is released
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.splitlines() == [
        "memory big.pdf: needs more than 512 MiB of memory (see --max-memory)",
        "ok",
    ], result.stderr
