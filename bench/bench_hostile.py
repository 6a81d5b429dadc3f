"""Benchmark of memory and time on long and hostile files: peak RSS of `extract` on plans of 50, 150
and 300 pages, a page with 40,000 characters, a 1 MB file whose stream inflates to 1 GiB, and a
"%PDF-" header followed by 200 MB of zero bytes; then reading speed page at a time (each page reduced to
our layout types and closed, the page guard on) against the loop before it (pdfplumber's `pdf.pages`,
every parsed page kept, no guard), same code otherwise, on the 50-page plan. Each case runs in a fresh
process (its own peak RSS, read by wait4); the files are built in a temporary folder and removed afterwards.

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
import extractor.layout.pdf as reading
def kept(pdf, path, limits):  # the loop before page-at-a-time reading: every page parsed and kept, no guard
    for page in pdf.pages:
        page.close = lambda: None
        yield page
if sys.argv[2] == "kept":
    reading.iter_pages = kept
# no time limit (a loaded machine must not turn a measurement into a refusal); the memory cap as extract has it
limits = RunLimits(timeout=0, max_memory_mib=0 if sys.argv[2] == "kept" else RunLimits().max_memory_mib)
cap_memory(limits.max_memory_mib)
start, cpu = time.perf_counter(), time.process_time()
try:
    with file_limits(Path(sys.argv[1]), limits):
        plan = extract_plan(Path(sys.argv[1]))
    outcome = f"{len(plan.tasks)} tasks"
except KehoachError as err:
    outcome = "refused: " + err.reason
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "outcome": outcome}))
"""


def measure(path: Path, mode: str = "paged") -> tuple[float, float, float, str]:
    """Seconds inside extract (wall clock and CPU: on a loaded machine CPU time is the fair comparison),
    peak RSS (MiB) of the whole process, and what came out; `mode` "kept" reads the way it was done
    before page-at-a-time reading."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-c", _CHILD, str(path), mode]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = json.loads(out)
    return result["seconds"], result["cpu"], usage.ru_maxrss / 1024, result["outcome"]


def run_hostile_bench(files: list[Path], repeat: int = 2, lengths: tuple[int, ...] = (50, 150, 300)) -> None:
    """Print one line per case; `repeat` 0 leaves out the reading comparison."""
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        folder = Path(tmp)
        cases: list[tuple[str, Path, int]] = [
            (f"plan of {n} pages", long_plan(folder / f"plan_{n}.pdf", n, files), n) for n in lengths
        ]
        cases += [
            ("one page with 40,000 characters", dense_page(folder / "dense.pdf", 40_000), 1),
            ("one page with 19,800 characters", dense_page(folder / "dense_under.pdf", 19_800), 1),
            ("1 MB stream inflating to 1 GiB", stream_bomb(folder / "bomb.pdf", 1024), 1),
            ('"%PDF-" and 200 MB of zero bytes', header_then_zeros(folder / "zeros.pdf", 200), 0),
        ]
        for name, path, pages in cases:
            start = time.perf_counter()
            seconds, cpu, peak, outcome = measure(path)
            rate = f"{pages / cpu:6.1f} pages/s" if pages > 1 else " " * 13
            print(
                f"{name:34s} {path.stat().st_size / 1e6:7.1f} MB  {seconds:6.1f} s (CPU {cpu:6.1f} s)  {rate}  "
                f"peak {peak:6.0f} MiB  ({outcome}; process {time.perf_counter() - start:.1f} s)"
            )
        if repeat:
            compare_reading(cases[0][1], cases[0][2], repeat)


def compare_reading(path: Path, pages: int, repeat: int) -> None:
    """Extract speed (CPU time) and peak memory page at a time against every page kept, alternating, best of
    `repeat`."""
    best: dict[str, tuple[float, float]] = {}
    for _ in range(repeat):
        for mode in ("kept", "paged"):
            _seconds, cpu, peak, _outcome = measure(path, mode)
            if mode not in best or cpu < best[mode][0]:
                best[mode] = (cpu, max(peak, best.get(mode, (0.0, 0.0))[1]))
    for mode, label in (("kept", "every page kept (before)"), ("paged", "page at a time (now)")):
        seconds, peak = best[mode]
        print(f"{pages} pages, {label:26s} CPU {seconds:6.1f} s  {pages / seconds:6.1f} pages/s  peak {peak:6.0f} MiB")
    print(f"page at a time / every page kept: {best['kept'][0] / best['paged'][0]:.2f}x the pages/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each reading mode (the best is kept; 0: none)")
    parser.add_argument("--pages", type=int, nargs="+", default=[50, 150, 300], help="lengths of the long plans")
    args = parser.parse_args()
    run_hostile_bench(sorted(args.corpus.glob("*.pdf")), args.repeat, tuple(args.pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
