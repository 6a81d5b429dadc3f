"""Extracting the files of an import, in this process or in worker processes, each under time and memory limits.

Every file comes back as a WorkerResult (the Plan JSON, or a failure kind and one-line reason), so
one bad file never stops the others. Worker processes (spawned, so they inherit no database
connection) also isolate a file that crashes its process.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path

from pydantic import BaseModel

from extractor.errors import InputError
from extractor.layout.pdf import file_sha256
from extractor.pipeline import ExtractSettings, extract_plan
from kehoach.limits import LimitExceeded, RunLimits, cap_memory, file_limits
from kehoach.outcome import FailureKind
from schemas import Plan
from schemas.errors import KehoachError


class NoTasksError(InputError):
    """The file was read but no task was found in it (not a plan, or a layout the extractor misses)."""


class ExtractJob(BaseModel):
    """How each file is extracted: the extractor's settings, whether a plan without tasks fails, and
    the time and memory limits per file (worker processes are capped at the memory limit)."""

    extract: ExtractSettings = ExtractSettings()
    require_tasks: bool = True
    limits: RunLimits = RunLimits()


class WorkerResult(BaseModel):
    """What extracting one file gave: the Plan JSON, or a failure kind and one-line reason."""

    plan_json: str | None = None
    kind: FailureKind | None = None
    reason: str | None = None
    seconds: float = 0.0
    pid: int | None = None
    peak_rss_mib: float | None = None


Running = dict[Future[WorkerResult], Path]


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
    """One line naming the file: our errors as they print, anything else as an internal error (a bug
    to report, named by its class only: its message may carry anything from the file)."""
    if isinstance(err, KehoachError):
        return str(err)
    return str(InputError(f"internal error, please report ({type(err).__name__})", path))


def extract_one(path: Path, job: ExtractJob) -> WorkerResult:
    """Extract one file under the job's time limit (and this process's memory cap); never raises for
    the file's faults, whatever the extractor raises."""
    start = time.perf_counter()
    try:
        with file_limits(path, job.limits):
            result = WorkerResult(plan_json=extract_file(path, job.extract, job.require_tasks).model_dump_json())
    except LimitExceeded as err:
        result = WorkerResult(kind=err.kind, reason=str(err))
    except NoTasksError as err:
        result = WorkerResult(kind="no_tasks", reason=str(err))
    except KehoachError as err:
        result = WorkerResult(kind="unreadable", reason=str(err))
    except Exception as err:  # an extractor fault on one file is that file's failure, not the run's
        result = WorkerResult(kind="error", reason=failure_reason(err, path))
    result.seconds = time.perf_counter() - start
    result.pid = os.getpid()
    result.peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _worker_init(parent: int, max_memory_mib: int) -> None:
    """Worker start-up: cap its memory, and exit when the importing process dies (even by kill -9)
    instead of lingering."""
    cap_memory(max_memory_mib)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _pool(workers: int, limits: RunLimits) -> ProcessPoolExecutor:
    # spawn: workers must not inherit the parent's database connections
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_init,
        initargs=(os.getpid(), limits.max_memory_mib),
    )


def _result(future: Future[WorkerResult], path: Path) -> WorkerResult:
    try:
        return future.result()
    except BrokenProcessPool:
        raise
    except Exception as err:
        return WorkerResult(kind="error", reason=failure_reason(err, path))


def _submit(pool: ProcessPoolExecutor, paths: Iterator[Path], job: ExtractJob, running: Running) -> Path | None:
    """Hand the next file to the pool (None when it is taken; the file when the pool is already broken)."""
    for path in islice(paths, 1):
        try:
            running[pool.submit(extract_one, path, job)] = path
        except BrokenProcessPool:
            return path
    return None


def _one_pool(
    paths: Iterator[Path], job: ExtractJob, workers: int, caught: list[Path]
) -> Iterator[tuple[Path, WorkerResult]]:
    """Run files through one pool until they are all done or the pool breaks (its files go to `caught`)."""
    pool = _pool(workers, job.limits)
    running: Running = {}
    try:
        for _ in range(workers):
            if (lost := _submit(pool, paths, job, running)) is not None:
                caught.append(lost)
        while running and not caught:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                path = running.pop(future)
                try:
                    result = _result(future, path)
                except BrokenProcessPool:
                    caught.append(path)
                    continue
                if not caught and (lost := _submit(pool, paths, job, running)) is not None:
                    caught.append(lost)
                yield path, result
        caught.extend(running.values())
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _in_workers(paths: Iterator[Path], job: ExtractJob, workers: int) -> Iterator[tuple[Path, WorkerResult]]:
    """Extract in worker processes, yielding each file as it finishes. The next file is taken from
    `paths` only when a worker is free (the import claims it then). Files caught in a worker crash are
    run again one by one in a fresh worker, so only the file that kills its worker is blamed; the
    others go on in a fresh pool."""
    while True:
        caught: list[Path] = []
        yield from _one_pool(paths, job, workers, caught)
        for path in caught:
            alone = _pool(1, job.limits)
            try:
                yield path, _result(alone.submit(extract_one, path, job), path)
            except BrokenProcessPool:
                died = InputError(
                    "worker process died on this file (a crash, or a limit the process could not catch)", path
                )
                yield path, WorkerResult(kind="crashed", reason=str(died))
            finally:
                alone.shutdown(wait=False, cancel_futures=True)
        if not caught:
            return


def extract_all(paths: Iterable[Path], job: ExtractJob, workers: int | None) -> Iterator[tuple[Path, WorkerResult]]:
    """Every file's result as it finishes: in `workers` worker processes, or here when workers is None.
    Files are taken from `paths` one at a time, as a worker is free to extract them."""
    todo = iter(paths)
    if workers is None:
        yield from ((path, extract_one(path, job)) for path in todo)
    else:
        yield from _in_workers(todo, job, workers)
