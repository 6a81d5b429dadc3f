"""Converts an old Word .doc to DOCX with LibreOffice (headless) so the DOCX reader can read it."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from extractor.errors import InputError

INSTALL_HINT = "apt-get install libreoffice-writer-nogui"
TIMEOUT = 180.0


def soffice() -> str | None:
    """The LibreOffice binary, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@contextmanager
def converted_docx(path: Path) -> Iterator[Path]:
    """A DOCX copy of a .doc in a temporary folder (removed afterwards); InputError without LibreOffice."""
    binary = soffice()
    if binary is None:
        raise InputError(f".doc files need LibreOffice to be read ({INSTALL_HINT})", path)
    with tempfile.TemporaryDirectory(prefix="kehoach-doc-") as folder:
        work = Path(folder)
        source = work / "input.doc"
        shutil.copyfile(path, source)
        # a profile of its own: two conversions at once (batch workers) must not share LibreOffice's lock
        command = [
            binary,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            raise InputError(f"LibreOffice did not convert the .doc within {TIMEOUT:.0f} s", path) from exc
        except (subprocess.CalledProcessError, OSError) as exc:
            raise InputError(f"LibreOffice could not convert the .doc ({type(exc).__name__})", path) from exc
        target = work / "input.docx"
        if not target.is_file():
            raise InputError("corrupt DOC (LibreOffice could not convert it)", path)
        yield target
