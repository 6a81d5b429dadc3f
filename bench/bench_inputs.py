"""Benchmark of the readers: OCR pages per second and peak memory next to the text-layer path and DOCX, and a
200-page scan (one scanned page repeated) to show memory stays flat as pages go by (pages are read one at a time).

Each measurement runs in a fresh process (its peak RSS is its own; Tesseract runs as a child process per page, whose
largest peak is reported beside it). Inputs are made from the corpus and cached under .cache/inputs/. The long scan
takes ~10 min on the shared 2-core machine. Usage:
    python bench/bench_inputs.py [--plan corpus/soc_trang_56-KH-UBND_2022.pdf] [--long-pages 200]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after bench/ itself: bench.py, then tests/

from bench import Measure, _peak_mib, machine

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "inputs"


def _extract(name: str, path: Path, queue: mp.Queue) -> None:
    from extractor.pipeline import extract_plan

    start = time.perf_counter()
    plan = extract_plan(path)
    seconds = time.perf_counter() - start
    pages = plan.source.pages or 1  # a DOCX has no pages: counted as one file
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    measure = Measure(name=name, seconds=seconds, pages=pages, peak_mib=_peak_mib(), child_peak_mib=children)
    queue.put(measure.model_dump())


def measure(name: str, path: Path) -> Measure:
    """Extract one file in a fresh spawned process: wall time (cold start included), pages, peak RSS."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_extract, args=(name, path, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return Measure(**result)


def inputs(plan: Path, long_pages: int) -> dict[str, Path]:
    """The scanned copy (200 dpi), a DOCX render of a fixture spec, and a long scan, made once."""
    from pypdf import PdfReader, PdfWriter

    from tests.scankit import ScanStyle, scan_pdf

    CACHE.mkdir(parents=True, exist_ok=True)
    scan = CACHE / f"{plan.stem}__scan200.pdf"
    if not scan.exists():
        scan_pdf(plan, scan, ScanStyle(dpi=200))
    long_scan = CACHE / f"{plan.stem}__scan_x{long_pages}.pdf"
    if not long_scan.exists():
        page = PdfReader(scan).pages[1]
        writer = PdfWriter()
        for _ in range(long_pages):
            writer.add_page(page)
        with long_scan.open("wb") as handle:
            writer.write(handle)
    docx = CACHE / "vinh_phuc_152_split__hrules.docx"
    if not docx.exists():
        sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "layouts"))
        import build

        build._render_docx(build.load_spec("vinh_phuc_152_split"), build.LAYOUTS["hrules"], docx)
    return {"scan": scan, "long": long_scan, "docx": docx}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plan", type=Path, default=ROOT / "corpus" / "soc_trang_56-KH-UBND_2022.pdf")
    parser.add_argument("--long-pages", type=int, default=200)
    args = parser.parse_args()
    made = inputs(args.plan, args.long_pages)
    print(f"machine: {machine()}; load average at start {os.getloadavg()[0]:.1f}")
    rows = [
        measure(f"text layer: {args.plan.name}", args.plan),
        measure(f"OCR, scanned at 200 dpi: {made['scan'].name}", made["scan"]),
        measure(f"OCR, {args.long_pages} scanned pages", made["long"]),
        measure(f"DOCX: {made['docx'].name}", made["docx"]),
    ]
    for m in rows:
        child = f" (Tesseract {m.child_peak_mib:4.0f} MiB)" if m.child_peak_mib else ""
        print(f"{m.name:60s} {m.seconds:7.1f} s  {m.pages_per_second:5.2f} pages/s  peak {m.peak_mib:6.0f} MiB{child}")
    print(f"load average at end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
