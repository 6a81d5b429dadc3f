"""A fuzz worker process: reads file paths on stdin, extracts each the way `kehoach extract` does
(under the memory cap and time limit) and answers one JSON line per file on its original stdout.

Outcomes: "read" (a Plan), "clean" (one of our errors), "memory" (refused at the memory cap),
"hang" (over the time limit), "traceback" (any other exception: a bug).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from extractor.errors import KehoachError
from extractor.pipeline import extract_plan
from kehoach.limits import LimitExceeded, RunLimits, cap_memory, file_limits


def _reset_peak() -> None:
    """Start a new peak-RSS measurement (Linux: writing 5 to clear_refs resets VmHWM)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_one(path: Path, limits: RunLimits) -> dict[str, Any]:
    """Extract one file and say how it went."""
    _reset_peak()
    start = time.perf_counter()
    result: dict[str, Any] = {"path": str(path)}
    try:
        with file_limits(path, limits):
            plan = extract_plan(path)
        result.update(outcome="read", detail=f"{len(plan.tasks)} tasks")
    except LimitExceeded as err:
        result.update(outcome="hang" if err.kind == "timeout" else "memory", detail=str(err))
    except KehoachError as err:
        result.update(outcome="clean", detail=err.reason)
    except Exception as err:  # the point of fuzzing: any other exception is a bug to report
        frames = traceback.extract_tb(err.__traceback__)[-3:]
        where = " < ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames))
        result.update(outcome="traceback", detail=f"{type(err).__name__}: {err} at {where}"[:400])
    result.update(seconds=round(time.perf_counter() - start, 3), peak_mib=round(_peak_mib(), 1))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--max-memory", type=int, default=1024)
    args = parser.parse_args()
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything a library prints goes to stderr, not into the answers
    limits = RunLimits(timeout=args.timeout, max_memory_mib=args.max_memory)
    cap_memory(limits.max_memory_mib)
    answers.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        answers.write(json.dumps(run_one(Path(line.rstrip("\n")), limits)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
