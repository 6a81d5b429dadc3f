"""Agency names an OCR page misspells, snapped to the registry's spelling: a run of words of one OCR paragraph that
spells a registry name once accents and case are set aside ("Sở Thông tin và Truyện thông", "Uy ban nhân dân cấp
xã"), or comes within a letter a word of exactly one name (rapidfuzz's Levenshtein), takes the registry's words in
the case it was printed in. Vietnamese OCR errors are mostly tone marks; a name the registry spells out is a strong
clue.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel
from rapidfuzz.distance import Levenshtein

from extractor.read.ocr import OcrWord
from extractor.tagging.canonical import named_entries, short_forms
from schemas.text import fold

_EDGE = "\"'“”‘’(),.;:"


class SnapSettings(BaseModel):
    """How close a run of OCR words must come to a registry name to take its spelling."""

    #: shortest name snapped, in words (one word spelled like a name is too weak a clue)
    min_words: int = 2
    #: a run within this many letter edits of exactly one registry name (accents aside), and at most
    #: `max_word_edits` in any word, is that name ("Sở Tài chinh"; never "xã phối" for "xã phường")
    max_edits: int = 2
    max_word_edits: int = 1
    #: edits are only allowed in runs at least this long (in letters): a letter off in a short name is another word
    fuzzy_min_chars: int = 14


@cache
def _names() -> dict[tuple[int, str], dict[str, str | None]]:
    """(words, first folded word) → folded name → its registry spelling, words without their punctuation (None
    when two spellings fold alike)."""
    table: dict[tuple[int, str], dict[str, str | None]] = {}
    for _canonical, _kind, written in named_entries():
        for form in written:
            for variant in short_forms(form):
                words = [w.strip(_EDGE) for w in variant.split() if w.strip(_EDGE)]
                names = table.setdefault((len(words), fold(words[0])), {})
                spelling, folded = " ".join(words), fold(" ".join(words))
                names[folded] = spelling if names.get(folded, spelling) == spelling else None
    return table


def _in_case_of(printed: str, spelling: str) -> str:
    """A registry word in the case it was printed in (all capitals, capitalised, or as the registry writes it)."""
    if printed.isupper() and len(printed) > 1:
        return spelling.upper()
    if printed[:1].isupper():
        return spelling[:1].upper() + spelling[1:]
    return spelling


def _match(run: list[str], settings: SnapSettings) -> str | None:
    """The registry spelling a run of words stands for, if any."""
    names = _names().get((len(run), fold(run[0])))
    if not names:
        return None
    folded = fold(" ".join(run))
    if folded in names:
        return names[folded]
    if len(folded) < settings.fuzzy_min_chars:
        return None
    words = folded.split()
    close = []
    for name, spelling in names.items():
        edits = [Levenshtein.distance(a, b) for a, b in zip(words, name.split(), strict=True)]
        if max(edits) <= settings.max_word_edits and sum(edits) <= settings.max_edits:
            close.append(spelling)
    return close[0] if len(close) == 1 else None


def _snap_run(words: list[OcrWord], settings: SnapSettings, longest: int) -> list[OcrWord]:
    cores = [w.text.strip(_EDGE) for w in words]
    out = list(words)
    start = 0
    while start < len(words):
        for size in range(min(longest, len(words) - start), settings.min_words - 1, -1):
            run = cores[start : start + size]
            inner = words[start + 1 : start + size]
            if not all(run) or any(w.text.strip(_EDGE) != w.text.rstrip(_EDGE) for w in inner):
                continue  # an opening bracket or quote inside the run: not one name
            spelling = _match(run, settings)
            if spelling is None:
                continue
            for offset, word in enumerate(spelling.split()):
                original, core = words[start + offset], cores[start + offset]
                head, tail = original.text.split(core, 1)
                respelled = head + _in_case_of(core, word) + tail
                if respelled != original.text:
                    out[start + offset] = original.model_copy(update={"text": respelled})
            start += size - 1
            break
        start += 1
    return out


def snap_agency_names(words: list[OcrWord], settings: SnapSettings) -> list[OcrWord]:
    """The page's OCR words with the registry names they misspell respelled; boxes and order unchanged. Runs are
    taken within a Tesseract paragraph, so a name broken over two lines (of a text or a table cell) counts."""
    longest = max(size for size, _ in _names())
    paragraphs: dict[tuple[int, int], list[int]] = {}
    for index, word in enumerate(words):
        paragraphs.setdefault(word.line[:2], []).append(index)
    out = list(words)
    for indices in paragraphs.values():
        for index, word in zip(indices, _snap_run([words[i] for i in indices], settings, longest), strict=True):
            out[index] = word
    return out
