"""`make fuzz`: extract many mutants of the corpus and the layout fixtures in worker processes under
per-file time and memory limits; count reads, clean errors, tracebacks, hangs and peak memory;
exit 1 on any traceback, hang or worker crash (the mutants behind them are kept for the bug report).

Usage: python -m fuzz.run [--count 1000] [--seed 1] [--workers 2] [--timeout 20] [--max-memory 1024]
"""

from __future__ import annotations

import argparse
import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from fuzz.mutate import mutate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = ["corpus/*.pdf", "tests/fixtures/layouts/*.pdf", "corpus/*.docx"]
#: no DOCX is committed: the layout fixtures rendered by python-docx are the DOCX seeds (made once, kept here)
DOCX_SEEDS = ROOT / ".cache" / "fuzz" / "docx"
#: a worker that answers this long after the time limit is stuck where the alarm cannot reach
_GRACE = 30.0
_FAILURES = ("traceback", "hang", "crash")


class Worker:
    """One long-lived worker process (imports and NLP set-up paid once), restarted after a hang."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.proc = self._start()

    def _start(self) -> subprocess.Popen[str]:
        command = [sys.executable, "-m", "fuzz.worker", "--timeout", str(self.args.timeout)]
        command += ["--max-memory", str(self.args.max_memory)]
        proc = subprocess.Popen(
            command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        self._answer(proc, 300.0)  # the ready line
        return proc

    @staticmethod
    def _answer(proc: subprocess.Popen[str], wait: float) -> dict[str, Any] | None:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], wait)
        line = proc.stdout.readline() if ready else ""
        return json.loads(line) if line else None

    def run(self, path: Path) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        answer = self._answer(self.proc, self.args.timeout + _GRACE)
        if answer is not None:
            return answer
        died = self.proc.poll() is not None
        self.proc.kill()
        self.proc.wait()
        self.proc = self._start()
        outcome, detail = ("crash", "worker process died") if died else ("hang", "no answer: worker killed")
        return {"path": str(path), "outcome": outcome, "detail": detail, "seconds": None}

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def sources(args: argparse.Namespace) -> list[Path]:
    """The files to mutate, in a stable order: the patterns' files and the DOCX seeds (unless --no-docx-seeds)."""
    found = {p for pattern in args.sources for p in ROOT.glob(pattern)}
    if args.docx_seeds:
        from tests.fixtures.layouts.build import docx_renders

        found |= {path for _stem, path in docx_renders(DOCX_SEEDS)}
    return sorted(found)


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Generate and extract every mutant; returns one result per mutant."""
    files = sources(args)
    originals = {f: f.read_bytes() for f in files}
    results: list[dict[str, Any]] = []
    lock = threading.Lock()
    counter = iter(range(args.count))

    def serve(folder: Path) -> None:
        worker = Worker(args)
        try:
            while True:
                with lock:
                    index = next(counter, None)
                if index is None:
                    return
                source = files[index % len(files)]
                seed = args.seed * 1_000_003 + index
                data, edits = mutate(originals[source], seed, source.suffix.lstrip(".").lower())
                path = folder / f"mutant_{index:05d}{source.suffix}"
                path.write_bytes(data)
                result = worker.run(path)
                result.update(index=index, source=source.name, seed=seed, edits=edits)
                if result["outcome"] in _FAILURES and args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / f"{source.stem}__seed{seed}{source.suffix}").write_bytes(data)
                path.unlink()
                with lock:
                    results.append(result)
                    if len(results) % 100 == 0:
                        print(f"  {len(results)} mutants …", file=sys.stderr, flush=True)
        finally:
            worker.close()

    with tempfile.TemporaryDirectory(prefix="kehoach-fuzz-") as tmp:
        threads = [threading.Thread(target=serve, args=(Path(tmp),)) for _ in range(args.workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return sorted(results, key=lambda r: r["index"])


def report(results: list[dict[str, Any]], args: argparse.Namespace, seconds: float) -> bool:
    """Print the counts and the failures; True when there was no traceback, hang or crash."""
    counts = Counter(r["outcome"] for r in results)
    peaks = [r["peak_mib"] for r in results if r.get("peak_mib")]
    times = [r["seconds"] for r in results if r.get("seconds") is not None]
    formats = Counter(Path(r["source"]).suffix.lstrip(".").upper() for r in results)
    print(
        f"fuzz: {len(results)} mutants ({', '.join(f'{k} {n}' for k, n in sorted(formats.items()))}) of "
        f"{len(sources(args))} files (seed {args.seed}), {args.workers} workers, limits {args.timeout:g} s and "
        f"{args.max_memory} MiB per file, {seconds:.0f} s in all"
    )
    print(
        "reads: {read}, clean errors: {clean}, refused at the memory cap: {memory}, tracebacks: {traceback}, "
        "hangs: {hang}, crashes: {crash}".format(
            **{k: counts.get(k, 0) for k in ("read", "clean", "memory", "traceback", "hang", "crash")}
        )
    )
    if peaks and times:
        print(
            f"per file: peak RSS median {statistics.median(peaks):.0f} MiB, max {max(peaks):.0f} MiB; "
            f"time median {statistics.median(times):.2f} s, max {max(times):.1f} s"
        )
    reasons = Counter(r["detail"].split(" (")[0] for r in results if r["outcome"] == "clean")
    print("clean errors: " + ", ".join(f"{reason}: {n}" for reason, n in reasons.most_common(8)))
    bad = [r for r in results if r["outcome"] in _FAILURES]
    for r in bad:
        print(f"{r['outcome'].upper()}: {r['source']} seed {r['seed']} ({r['edits']}): {r['detail']}")
    return not bad


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--timeout", type=float, default=20.0, help="per-file time limit, seconds")
    parser.add_argument("--max-memory", type=int, default=1024, help="per-worker memory cap, MiB")
    parser.add_argument("--keep", type=Path, default=ROOT / "fuzz" / "failures", help="where failing mutants go")
    parser.add_argument("--sources", nargs="+", default=DEFAULT_SOURCES, help="glob patterns under the repo")
    parser.add_argument(
        "--no-docx-seeds", dest="docx_seeds", action="store_false", help="leave out the rendered DOCX seeds"
    )
    args = parser.parse_args()
    start = time.perf_counter()
    results = run(args)
    return 0 if report(results, args, time.perf_counter() - start) else 1


if __name__ == "__main__":
    sys.exit(main())
