"""Benchmark of memory and time on long and hostile files: peak RSS of `extract` on plans of 50, 150
and 300 pages, a page with 40,000 characters, a 1 MB file whose stream inflates to 1 GiB, and a
"%PDF-" header followed by 200 MB of zero bytes. Each case runs in a fresh process (its own peak RSS,
read by wait4); the files are built in a temporary folder and removed afterwards.

Usage: python bench/bench_hostile.py [--corpus corpus/]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for fuzz.hostile, the builders shared with the tests

from fuzz.hostile import dense_page, header_then_zeros, long_plan, stream_bomb  # noqa: E402

#: the child: extract one file the way `kehoach extract` does and say how long reading it took
_CHILD = """
import json, sys, time
from pathlib import Path
from extractor.errors import KehoachError
from extractor.pipeline import extract_plan
from kehoach.limits import RunLimits, cap_memory, file_limits
limits = RunLimits()
cap_memory(limits.max_memory_mib)
start = time.perf_counter()
try:
    with file_limits(Path(sys.argv[1]), limits):
        plan = extract_plan(Path(sys.argv[1]))
    outcome = f"{len(plan.tasks)} tasks"
except KehoachError as err:
    outcome = "refused: " + err.reason
print(json.dumps({"seconds": time.perf_counter() - start, "outcome": outcome}))
"""


def measure(path: Path) -> tuple[float, float, str]:
    """Seconds inside extract, peak RSS (MiB) of the whole process, and what came out."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(path)], cwd=ROOT, stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = json.loads(out)
    return result["seconds"], usage.ru_maxrss / 1024, result["outcome"]


def run_hostile_bench(files: list[Path]) -> None:
    """Print one line per case."""
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        folder = Path(tmp)
        cases: list[tuple[str, Path, int]] = [
            (f"plan of {n} pages", long_plan(folder / f"plan_{n}.pdf", n, files), n) for n in (50, 150, 300)
        ]
        cases += [
            ("one page with 40,000 characters", dense_page(folder / "dense.pdf", 40_000), 1),
            ("one page with 19,800 characters", dense_page(folder / "dense_under.pdf", 19_800), 1),
            ("1 MB stream inflating to 1 GiB", stream_bomb(folder / "bomb.pdf", 1024), 1),
            ('"%PDF-" and 200 MB of zero bytes', header_then_zeros(folder / "zeros.pdf", 200), 0),
        ]
        for name, path, pages in cases:
            start = time.perf_counter()
            seconds, peak, outcome = measure(path)
            rate = f"{pages / seconds:6.1f} pages/s" if pages > 1 else " " * 13
            print(
                f"{name:34s} {path.stat().st_size / 1e6:7.1f} MB  {seconds:6.1f} s  {rate}  peak {peak:6.0f} MiB  "
                f"({outcome}; process {time.perf_counter() - start:.1f} s)"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()
    run_hostile_bench(sorted(args.corpus.glob("*.pdf")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
