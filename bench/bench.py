"""Benchmark: extract speed and peak memory over the corpus, next to raw pdfplumber, plus the batch.

Each measurement runs in a fresh process so its peak RSS is its own. Usage:
    python bench/bench.py [--corpus corpus/] [--repeat 3] [--skip-batch]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import resource
import sys
import time
from pathlib import Path

from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent


class Measure(BaseModel):
    """One timed run over all files: wall seconds, pages read and the process's peak RSS."""

    name: str
    seconds: float
    pages: int
    peak_mib: float
    #: the largest peak RSS of its child processes (Tesseract), where it ran any
    child_peak_mib: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _raw(files: list[Path], repeat: int) -> Measure:
    import pdfplumber

    pages = 0
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        pages = 0
        for path in files:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.extract_tables()
                    pages += 1
        best = min(best, time.perf_counter() - start)
    return Measure(
        name="raw pdfplumber (extract_text + extract_tables)", seconds=best, pages=pages, peak_mib=_peak_mib()
    )


def _pipeline(files: list[Path], repeat: int) -> Measure:
    from extractor.pipeline import extract_plan

    extract_plan(files[0])  # build the tagging pipeline once, as a long-running batch would
    pages = 0
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        pages = sum(extract_plan(path).source.pages or 0 for path in files)
        best = min(best, time.perf_counter() - start)
    return Measure(name="kehoach extract (whole pipeline)", seconds=best, pages=pages, peak_mib=_peak_mib())


def _stages(files: list[Path], repeat: int) -> Measure:
    """Only the stages after reading (structure + tagging + metadata) on pre-read layouts."""
    from extractor.layout.pdf import read_pdf
    from extractor.pipeline import build_plan

    docs = [read_pdf(path) for path in files]
    build_plan(docs[0])
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for doc in docs:
            build_plan(doc)
        best = min(best, time.perf_counter() - start)
    return Measure(
        name="  of which structure + tagging",
        seconds=best,
        pages=sum(d.source.pages or 0 for d in docs),
        peak_mib=_peak_mib(),
    )


def _run(target: str, files: list[Path], repeat: int, queue: mp.Queue[dict[str, object]]) -> None:
    queue.put({"raw": _raw, "pipeline": _pipeline, "stages": _stages}[target](files, repeat).model_dump())


def measure_in_child(target: str, files: list[Path], repeat: int) -> Measure:
    """Run one measurement in a fresh spawned process and return its result."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_run, args=(target, files, repeat, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return Measure(**result)


def machine() -> str:
    """A one-line description of the machine the numbers were taken on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--skip-hostile", action="store_true", help="skip long and hostile files")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.pdf"))
    if not files:
        print(f"no PDFs in {args.corpus}", file=sys.stderr)
        return 1
    print(f"machine: {machine()}")
    print(f"files: {len(files)} from {args.corpus}, best of {args.repeat}")
    raw = measure_in_child("raw", files, args.repeat)
    full = measure_in_child("pipeline", files, args.repeat)
    stages = measure_in_child("stages", files, args.repeat)
    for m in (raw, full, stages):
        print(f"{m.name:50s} {m.seconds:7.2f} s  {m.pages_per_second:6.1f} pages/s  peak {m.peak_mib:6.0f} MiB")
    print(f"ratio pipeline / raw pdfplumber: {full.seconds / raw.seconds:.2f}x (target <= 1.5x)")
    print(f"structure + tagging share of extract time: {stages.seconds / full.seconds:.0%} (target <= 30%)")
    if not args.skip_hostile:
        from bench_hostile import run_hostile_bench

        run_hostile_bench(files)
    if not args.skip_batch:
        from bench_batch import run_batch_bench

        run_batch_bench(files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
