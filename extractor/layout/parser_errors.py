"""Maps what a parser dependency raises on hostile input to our one-line "corrupt …" InputError.

Parsers (pdfminer, pdfplumber, pypdfium2, python-docx, the OCR engine) raise anything from
ValueError to RecursionError on broken files. An exception is the file's fault when the innermost
frame of ours-or-theirs code that raised it belongs to a parser; one raised in our own code is a bug
and is left to propagate (the CLI reports it as an internal error).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from extractor.errors import InputError, KehoachError
from schemas.text import printable

#: top-level packages whose exceptions on a file mean the file is broken, not our code
PARSER_PACKAGES = frozenset({"pdfminer", "pdfplumber", "pypdfium2", "docx", "PIL", "rapidocr", "pytesseract"})
_OUR_PACKAGES = frozenset({"extractor", "kehoach", "schemas"})
_MAX_DETAIL = 160


def _frames(tb: TracebackType | None) -> list[str]:
    names: list[str] = []
    while tb is not None:
        names.append(str(tb.tb_frame.f_globals.get("__name__", "")).split(".")[0])
        tb = tb.tb_next
    return names


def raised_by_parser(exc: BaseException) -> bool:
    """True when the innermost frame of a parser or of ours in the exception's traceback is a parser's."""
    for package in reversed(_frames(exc.__traceback__)):
        if package in PARSER_PACKAGES:
            return True
        if package in _OUR_PACKAGES:
            return False
    return False


def root_cause(exc: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's exceptions in PdfminerException(original)."""
    while type(exc).__name__ == "PdfminerException" and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    return exc


def describe(exc: BaseException) -> str:
    """A short printable detail for an error line: the message, else the exception's class."""
    cause = root_cause(exc)
    text = printable(str(cause)).strip()
    if len(text) > _MAX_DETAIL:
        text = text[: _MAX_DETAIL - 1] + "…"
    return text or type(cause).__name__


def corrupt_error(exc: BaseException, path: Path, kind: str, page: int | None = None) -> InputError:
    """The InputError for a file (page) a parser could not read."""
    return InputError(f"corrupt {kind} ({describe(exc)})", path, page)


@contextmanager
def parser_errors(path: Path, kind: str = "PDF", page: int | None = None) -> Iterator[None]:
    """Turn a parser's exception inside the block into "corrupt KIND (detail)" for this file and page.

    Our own errors pass through unchanged, running out of memory stays a MemoryError (the memory
    limit reports it), and exceptions raised by our own code propagate (bugs)."""
    try:
        yield
    except KehoachError:
        raise
    except Exception as exc:
        cause = root_cause(exc)
        if isinstance(cause, MemoryError):
            raise cause from None
        # RecursionError: deeply nested objects; its frames are the parser's but may be cut off
        if isinstance(cause, RecursionError) or raised_by_parser(exc):
            raise corrupt_error(exc, path, kind, page) from exc
        raise
