"""Judges whether a page's text layer is Vietnamese, and converts one written in a legacy 8-bit encoding
(TCVN3/ABC, VNI) to Unicode. A layer that is neither (fonts whose glyphs map to garbage) goes to OCR.

The test is the share of words that are well-formed Vietnamese syllables, plus the share of replacement,
private-use and unmapped (cid) glyphs; the encoding tables are data in vocab/encodings.toml.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from importlib.resources import files
from typing import Any

import pdfplumber
from pydantic import BaseModel

from extractor.read.page_view import PageView
from extractor.text import nfc

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx]"
_NUCLEUS = "[aăâeêioôơuưy]{1,3}"
_CODA = "ng|nh|ch|[cmnpt]"
_SYLLABLE = re.compile(rf"^(?:{_ONSET})?{_NUCLEUS}(?:{_CODA})?$")
#: all-capital letter runs with digits or dashes: abbreviations (UBND, KH-UBND, TTHC), neutral either way
_ABBREVIATION = re.compile(r"^[A-ZĐ0-9][A-ZĐ0-9/&.-]*$")
_EDGE_PUNCTUATION = "\"'“”‘’()[]{}.,;:!?…-–—/%*"
_CID = re.compile(r"\(cid:\d+\)")


class TextLayerSettings(BaseModel):
    """How Vietnamese a text layer must read to be used as it is."""

    #: at least this share of the letter words are Vietnamese syllables
    min_syllable_share: float = 0.6
    #: at most this share of the characters are replacement, private-use or unmapped glyphs
    max_bad_glyph_share: float = 0.02
    #: fewer letter words than this say nothing either way
    min_words: int = 25


class Verdict(BaseModel):
    """Whether a text layer can be used, and if not whether a legacy encoding explains it."""

    usable: bool
    encoding: str | None = None
    reason: str = ""


class Encoding(BaseModel):
    """A legacy encoding's letters (one or two characters each) and the font names that draw capitals."""

    letters: dict[str, str]
    capitals_font: str | None = None


@cache
def encodings() -> dict[str, Encoding]:
    """The legacy encodings shipped in extractor/vocab/encodings.toml, by name."""
    text = files("extractor.vocab").joinpath("encodings.toml").read_text(encoding="utf-8")
    return {name: Encoding.model_validate(table) for name, table in tomllib.loads(text).items()}


def is_syllable(word: str) -> bool:
    """A well-formed Vietnamese syllable (onset, vowels, coda; at most one tone mark), any case."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in decomposed if ch in _TONE_MARKS)
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return tones <= 1 and bool(_SYLLABLE.match(bare))


def syllable_share(text: str) -> tuple[float, int]:
    """Share of the letter words that are Vietnamese syllables, and how many letter words were counted."""
    counted = valid = 0
    for token in text.split():
        word = token.strip(_EDGE_PUNCTUATION)
        if not any(ch.isalpha() for ch in word) or _ABBREVIATION.match(word):
            continue
        counted += 1
        valid += is_syllable(word)
    return (valid / counted if counted else 1.0), counted


def bad_glyph_share(text: str) -> float:
    """Share of characters that are U+FFFD, private-use, or pdfminer's '(cid:N)' for unmapped glyphs."""
    cids = len(_CID.findall(text))
    rest = _CID.sub("", text)
    bad = sum(1 for ch in rest if ch == "\ufffd" or unicodedata.category(ch) == "Co")
    total = len(rest) + cids
    return (bad + cids) / total if total else 0.0


def recode(text: str, encoding: Encoding, capitals: bool = False) -> str:
    """Legacy-encoded text in Unicode NFC; `capitals` for a font that draws every letter as a capital."""
    letters = encoding.letters
    out: list[str] = []
    k = 0
    while k < len(text):
        pair = text[k : k + 2]
        if len(pair) == 2 and pair in letters:
            out.append(letters[pair])
            k += 2
            continue
        out.append(letters.get(text[k], text[k]))
        k += 1
    result = "".join(out)
    return nfc(result.upper() if capitals else result)


def judge_text_layer(text: str, settings: TextLayerSettings) -> Verdict:
    """Usable as is, legacy-encoded (with the encoding whose conversion reads as Vietnamese), or garbage."""
    share, counted = syllable_share(text)
    bad = bad_glyph_share(text)
    if bad <= settings.max_bad_glyph_share and (counted < settings.min_words or share >= settings.min_syllable_share):
        return Verdict(usable=True)
    if bad <= settings.max_bad_glyph_share:
        best = max(encodings().items(), key=lambda item: syllable_share(recode(text, item[1]))[0])
        if syllable_share(recode(text, best[1]))[0] >= settings.min_syllable_share:
            return Verdict(usable=False, encoding=best[0], reason=f"{best[0]} encoding")
    if bad > settings.max_bad_glyph_share:
        return Verdict(usable=False, reason=f"{bad:.0%} unmapped or private-use glyphs")
    return Verdict(usable=False, reason=f"{share:.0%} of words are Vietnamese syllables")


def recoded_page(page: pdfplumber.page.Page, name: str) -> PageView:
    """The page with its characters converted from a legacy encoding; a mark character joins the letter before it."""
    encoding = encodings()[name]
    capitals = re.compile(encoding.capitals_font) if encoding.capitals_font else None
    chars: list[dict[str, Any]] = []
    for char in page.chars:
        upper = bool(capitals and capitals.search(str(char.get("fontname", ""))))
        if chars and (chars[-1]["_raw"] + char["text"]) in encoding.letters and abs(chars[-1]["top"] - char["top"]) < 2:
            joined = chars[-1]["_raw"] + char["text"]
            chars[-1] = {**chars[-1], "text": recode(joined, encoding, upper), "_raw": joined}
            chars[-1]["x1"] = max(chars[-1]["x1"], char["x1"])
            continue
        chars.append({**char, "text": recode(char["text"], encoding, upper), "_raw": char["text"]})
    for char in chars:
        del char["_raw"]
    objects = {**page.objects, "char": chars}
    return PageView(float(page.width), float(page.height), objects)
