"""Writes output files atomically and safely: a failure never leaves a half-written file behind,
and an output path never replaces an input, a device, a folder or a file a link points out to.

Every refusal and every failed write is an OutputError naming the path and the reason.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from schemas.errors import KehoachError


class OutputError(KehoachError):
    """An output file (JSON, report, export) cannot be written: disk full, permission, missing folder."""


#: the output path that means standard output
STDOUT = Path("-")


def _reason(err: OSError) -> str:
    return err.strerror or type(err).__name__


def _target(path: Path) -> Path:
    """The file to replace: the path itself, or the file its symbolic link names within the link's folder."""
    if not path.is_symlink():
        return path
    target = path.resolve()
    if not target.is_relative_to(path.parent.resolve()):
        raise OutputError(f"is a symbolic link to a file outside its folder ({target}); name the file itself", path)
    return target


def _existing_mode(target: Path, path: Path) -> int | None:
    """The permission bits of the file to replace (None when there is none yet); refuses non-regular files."""
    try:
        info = target.stat()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise OutputError(f"cannot write ({_reason(err)})", path) from err
    if not stat.S_ISREG(info.st_mode):
        raise OutputError("not a regular file (a device, folder or pipe); use -o - for standard output", path)
    return stat.S_IMODE(info.st_mode)


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _temp_file(target: Path, path: Path) -> tuple[int, str]:
    """A new empty file beside the target (the write that proves the folder takes files)."""
    if not target.parent.is_dir():
        raise OutputError(f"cannot write (folder {target.parent} does not exist)", path)
    try:
        return tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as err:
        raise OutputError(f"cannot write ({_reason(err)})", path) from err


def check_writable(path: Path, inputs: Iterable[Path] = ()) -> None:
    """Refuse an output path before any work is done: an input file, a non-regular file, a link out of
    its folder, a missing or unwritable folder (tested by creating and removing a file there)."""
    target = _target(path)
    _existing_mode(target, path)
    for source in inputs:
        if source.exists() and target.exists() and os.path.samefile(source, target):
            raise OutputError(f"is the input file {source}; choose another output", path)
    fd, probe = _temp_file(target, path)
    os.close(fd)
    os.unlink(probe)


def write_text_atomic(path: Path, text: str) -> None:
    """Write text (UTF-8) atomically, as write_bytes_atomic."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write bytes to a temporary file beside the target, then rename it into place.

    A new file gets the usual mode (0666 less the umask); a replaced file keeps its mode."""
    target = _target(path)
    mode = _existing_mode(target, path)
    fd, tmp = _temp_file(target, path)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _umask_mode() if mode is None else mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write ({_reason(err)})", path) from err
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
