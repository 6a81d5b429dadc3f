"""Runs Tesseract (Vietnamese model) on a cleaned page image: words with pixel boxes, line numbers and confidences.

pytesseract drives the `tesseract` binary of the system (Debian: tesseract-ocr, tesseract-ocr-vie).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import cache

import pytesseract
from pydantic import BaseModel

from extractor.read.scan import Image

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
#: short rules and dotted leaders read as text ("__", "-----", "……")
_RULE_MARK = re.compile(r"[_\-–—.…]{2,}")


class OcrSettings(BaseModel):
    """Which model and page segmentation Tesseract uses, and which of its words are kept."""

    language: str = "vie"
    page_segmentation: int = 3
    #: resolution pages are rendered at for OCR
    dpi: int = 300
    #: a word without a letter or digit is kept only at this confidence (speckles read as '.', ':', '˜')
    min_mark_confidence: float = 60.0
    #: a word of at most `doubt_chars` characters alone on its line is dropped below this confidence (a page
    #: number or an STT cell's "5" read as "S"); the second look at empty ruled cells reads it again
    doubt_below: float = 50.0
    doubt_chars: int = 2
    #: a page whose mean word confidence is below this gets a warning naming it
    warn_below: float = 80.0
    #: seconds one page may take
    timeout: float = 120.0


class OcrWord(BaseModel):
    """A word as Tesseract read it: text, box in pixels, its line's box, confidence 0-100."""

    text: str
    x0: int
    top: int
    x1: int
    bottom: int
    line: tuple[int, int, int]
    line_top: int
    line_bottom: int
    confidence: float


class OcrUnavailable(Exception):
    """Tesseract or its Vietnamese model is not installed."""


@cache
def missing_engine(language: str = "vie") -> str | None:
    """Why OCR cannot run here (binary or language model missing), or None when it can."""
    if shutil.which("tesseract") is None:
        return f"Tesseract is not installed ({INSTALL_HINT})"
    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractError, OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract does not run ({exc})"
    if language not in languages:
        return f"Tesseract has no '{language}' model ({INSTALL_HINT})"
    return None


def read_words(image: Image, settings: OcrSettings) -> list[OcrWord]:
    """The words Tesseract finds on the page, in its reading order; raises OcrUnavailable without an engine."""
    reason = missing_engine(settings.language)
    if reason:
        raise OcrUnavailable(reason)
    # Tesseract's OpenMP threads fight other workers for the cores: one thread per page is several times faster.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(
        image,
        lang=settings.language,
        config=f"--psm {settings.page_segmentation}",
        output_type=pytesseract.Output.DICT,
        timeout=settings.timeout,
    )
    lines: dict[tuple[int, int, int], tuple[int, int]] = {}
    words: list[OcrWord] = []
    for k, text in enumerate(data["text"]):
        key = (data["block_num"][k], data["par_num"][k], data["line_num"][k])
        top, height = data["top"][k], data["height"][k]
        if data["level"][k] == 4:
            lines[key] = (top, top + height)
            continue
        text = text.strip()
        confidence = float(data["conf"][k])
        if data["level"][k] != 5 or not text or confidence < 0:
            continue
        if not any(ch.isalnum() for ch in text) and (
            confidence < settings.min_mark_confidence or _RULE_MARK.fullmatch(text)
        ):
            continue
        line_top, line_bottom = lines.get(key, (top, top + height))
        words.append(
            OcrWord(
                text=text,
                x0=data["left"][k],
                top=top,
                x1=data["left"][k] + data["width"][k],
                bottom=top + height,
                line=key,
                line_top=line_top,
                line_bottom=line_bottom,
                confidence=confidence,
            )
        )
    return words


def without_doubtful(words: list[OcrWord], settings: OcrSettings) -> list[OcrWord]:
    """The page's words less the short ones alone on their line that Tesseract is unsure of."""
    per_line: dict[tuple[int, int, int], int] = {}
    for word in words:
        per_line[word.line] = per_line.get(word.line, 0) + 1
    return [
        w
        for w in words
        if not (per_line[w.line] == 1 and len(w.text) <= settings.doubt_chars and w.confidence < settings.doubt_below)
    ]
