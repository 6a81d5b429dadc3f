"""Resource limits for reading untrusted files: a memory cap for the process and a wall-clock limit
per file, each turned into a clean one-line error for the file that hit it.

The memory cap is RLIMIT_DATA (private memory actually allocated, not address space merely reserved
by libraries), so an allocation beyond it raises MemoryError instead of taking the machine down.
"""

from __future__ import annotations

import resource
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Literal

from pydantic import BaseModel, Field

from extractor.errors import InputError

_MIB = 1 << 20


class RunLimits(BaseModel):
    """Per-process memory cap (MiB) and per-file time limit (seconds); 0 turns a limit off."""

    max_memory_mib: int = Field(default=2048, ge=0)
    timeout: float = Field(default=300.0, ge=0)


class LimitExceeded(InputError):
    """A file needed more time or memory than the limits allow."""

    def __init__(self, kind: Literal["timeout", "memory"], reason: str, file: str | Path) -> None:
        super().__init__(reason, file)
        self.kind = kind


class _Alarm(BaseException):
    """The per-file alarm; a BaseException so that no `except Exception` on the way swallows it."""


#: after the limit, the alarm repeats this often: an alarm raised inside a destructor or a garbage
#: collector callback is swallowed by Python, and the next one must still stop the file
_REPEAT = 0.5


class _Clock:
    """The alarm of one file: raises while the file runs, does nothing once it is over."""

    def __init__(self) -> None:
        self.running = True

    def ring(self, _signum: int, _frame: FrameType | None) -> None:
        if self.running:
            raise _Alarm


def cap_memory(mib: int) -> None:
    """Cap this process's private memory at `mib` MiB (the soft limit; 0 leaves it as it is)."""
    if mib <= 0:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    wanted = mib * _MIB
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (wanted, hard))


@contextmanager
def file_limits(path: Path, limits: RunLimits) -> Iterator[None]:
    """Run one file's work under the time limit; running out of time or memory becomes LimitExceeded.

    The alarm needs the main thread; elsewhere only the memory cap applies."""
    timed = limits.timeout > 0 and threading.current_thread() is threading.main_thread()
    clock = _Clock()
    if timed:
        previous = signal.signal(signal.SIGALRM, clock.ring)
        signal.setitimer(signal.ITIMER_REAL, limits.timeout, _REPEAT)
    try:
        yield
    except _Alarm:
        clock.running = False
        raise LimitExceeded("timeout", f"timed out after {limits.timeout:g} s (see --timeout)", path) from None
    except MemoryError:
        raise LimitExceeded(
            "memory", f"needs more than {limits.max_memory_mib} MiB of memory (see --max-memory)", path
        ) from None
    finally:
        clock.running = False
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
