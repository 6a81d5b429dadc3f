"""Extracting the files of an import, in this process or in worker processes, each under a time limit.

Every file comes back as a WorkerResult (the Plan JSON, or a failure kind and one-line reason), so
one bad file never stops the others. Worker processes (spawned, so they inherit no database
connection) also isolate a file that crashes its process.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import FrameType

from pydantic import BaseModel

from extractor.errors import InputError
from extractor.layout.pdf import file_sha256
from extractor.pipeline import ExtractSettings, extract_plan
from kehoach.outcome import FailureKind
from schemas import Plan
from schemas.errors import KehoachError


class NoTasksError(InputError):
    """The file was read but no task was found in it (not a plan, or a layout the extractor misses)."""


class ExtractJob(BaseModel):
    """How each file is extracted: the extractor's settings, whether a plan without tasks fails, and
    the time limit per file (None: no limit)."""

    extract: ExtractSettings = ExtractSettings()
    require_tasks: bool = True
    timeout: float | None = None


class WorkerResult(BaseModel):
    """What extracting one file gave: the Plan JSON, or a failure kind and one-line reason."""

    plan_json: str | None = None
    kind: FailureKind | None = None
    reason: str | None = None
    seconds: float = 0.0
    pid: int | None = None
    peak_rss_mib: float | None = None


def hash_file(path: Path) -> str:
    """The file's SHA-256; an unreadable file raises InputError."""
    if not path.is_file():
        raise InputError("file not found" if not path.exists() else "not a file", path)
    try:
        return file_sha256(path)
    except OSError as err:
        raise InputError(f"cannot read file ({err.strerror or err})", path) from err


def extract_file(path: Path, settings: ExtractSettings, require_tasks: bool) -> Plan:
    """Extract one file's Plan; raises InputError when unreadable, NoTasksError when it has no task."""
    plan = extract_plan(path, settings)
    if require_tasks and not plan.tasks:
        raise NoTasksError("no tasks found", path)
    return plan


def failure_reason(err: BaseException, path: Path) -> str:
    """One line naming the file: our errors as they print, anything else as an extractor fault."""
    if isinstance(err, KehoachError):
        return str(err)
    return f"{path}: extractor error ({type(err).__name__}: {err})"


class _Timeout(BaseException):
    """The per-file alarm; a BaseException so that no `except Exception` inside the extractor swallows it."""


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _Timeout


def extract_one(path: Path, job: ExtractJob) -> WorkerResult:
    """Extract one file, stopped by an alarm after `job.timeout` seconds; never raises for the file's faults."""
    start = time.perf_counter()
    previous = signal.signal(signal.SIGALRM, _on_alarm) if job.timeout else None
    if job.timeout:
        signal.setitimer(signal.ITIMER_REAL, job.timeout)
    try:
        result = WorkerResult(plan_json=extract_file(path, job.extract, job.require_tasks).model_dump_json())
    except _Timeout:
        result = WorkerResult(kind="timeout", reason=f"{path}: timed out after {job.timeout:g} s")
    except NoTasksError as err:
        result = WorkerResult(kind="no_tasks", reason=str(err))
    except KehoachError as err:
        result = WorkerResult(kind="unreadable", reason=str(err))
    except Exception as err:  # an extractor fault on one file is that file's failure, not the run's
        result = WorkerResult(kind="error", reason=failure_reason(err, path))
    finally:
        if job.timeout:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    result.seconds = time.perf_counter() - start
    result.pid = os.getpid()
    result.peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _worker_init(parent: int) -> None:
    """Worker start-up: exit when the importing process dies (even by kill -9) instead of lingering."""
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _pool(workers: int) -> ProcessPoolExecutor:
    # spawn: workers must not inherit the parent's database connections
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_init,
        initargs=(os.getpid(),),
    )


def _result(future: Future[WorkerResult], path: Path) -> WorkerResult:
    try:
        return future.result()
    except BrokenProcessPool:
        raise
    except (Exception, _Timeout) as err:
        return WorkerResult(kind="error", reason=failure_reason(err, path))


def _in_workers(paths: list[Path], job: ExtractJob, workers: int) -> Iterator[tuple[Path, WorkerResult]]:
    """Extract in worker processes, yielding each file as it finishes. Files caught in a worker crash
    are run again one by one in a fresh worker, so only the file that kills its worker is blamed."""
    caught: list[Path] = []
    pool = _pool(min(workers, len(paths)))
    try:
        futures = {pool.submit(extract_one, path, job): path for path in paths}
        for future in as_completed(futures):
            path = futures[future]
            try:
                yield path, _result(future, path)
            except BrokenProcessPool:
                caught.append(path)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    for path in caught:
        alone = _pool(1)
        try:
            yield path, _result(alone.submit(extract_one, path, job), path)
        except BrokenProcessPool:
            yield path, WorkerResult(kind="crashed", reason=f"{path}: worker process died on this file")
        finally:
            alone.shutdown(wait=False, cancel_futures=True)


def extract_all(paths: Iterable[Path], job: ExtractJob, workers: int | None) -> Iterator[tuple[Path, WorkerResult]]:
    """Every file's result as it finishes: in `workers` worker processes, or here when workers is None."""
    todo = list(paths)
    if not todo:
        return
    if workers is None:
        yield from ((path, extract_one(path, job)) for path in todo)
    else:
        yield from _in_workers(todo, job, workers)
