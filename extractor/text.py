"""Vietnamese text helpers: NFC, whitespace, tone-placement and accent-insensitive keys."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from schemas.text import fold as fold
from schemas.text import nfc, squash

#: Vietnamese capital and small letters for character classes (a range such as À-Ỹ takes in both cases).
UPPER = "A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĨŨƠƯ" + "".join(chr(c) for c in range(0x1EA0, 0x1EFA, 2))
LOWER = "a-zđàáâãèéêìíòóôõùúýăĩũơư" + "".join(chr(c) for c in range(0x1EA1, 0x1EFA, 2))
# Old-style tone placement on the last vowel of a final "oa/oe/uy" → new style on the first
# (hoà → hòa, Uỷ → Ủy); only at the end of a syllable ("hoàng" is alike in both) and not after q ("quý").
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD_TONE = re.compile(rf"(?<![qQ])([oOuU])([aAeEyY])([{_TONES}])(?![^\W\d_])")


def clean(text: str | None) -> str | None:
    """NFC + squashed whitespace; empty text becomes None."""
    if text is None:
        return None
    out = squash(nfc(text))
    return out or None


_STUTTER = re.compile(r"(?<!\w)(\w+)(?:\s+\1)+(?!\w)", re.IGNORECASE)


def without_stutter(text: str) -> str:
    """A word typed twice in a row kept once ("Sở Sở Công thương" → "Sở Công thương"): a slip of the
    typist that no agency name contains."""
    return _STUTTER.sub(r"\1", text)


def new_tone_placement(text: str) -> str:
    """Rewrite old-style tone marks (hoà, thuỷ, Uỷ) to the new style (hòa, thủy, Ủy), NFC."""
    decomposed = unicodedata.normalize("NFD", text)
    return nfc(_OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed))


def same_words(a: str, b: str) -> bool:
    """True when two strings differ only by case, spacing and tone placement."""
    return squash(new_tone_placement(a)).casefold() == squash(new_tone_placement(b)).casefold()


# Matching runs on one normal form of the text — NFC, new tone placement (hoà → hòa, Uỷ → Ủy), one
# kind of dash, single spaces — whose characters map back to the caller's text.
_UNEVEN_SPACE = re.compile(r"\s\s|[^\S ]|^\s|\s$")
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})


@dataclass(frozen=True, slots=True)
class MatchText:
    """Text in matching form with, for each of its characters, the index of the source character
    (a plain dataclass: built for every cell, it stays inside the taggers)."""

    text: str
    source: str
    offsets: list[int]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source (NFC) character span of a span of the matching text."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def printed(self, start: int, end: int) -> str:
        """The source text of a span of the matching text, whitespace collapsed (as the plan printed it)."""
        first, last = self.source_span(start, end)
        return " ".join(self.source[first:last].split())


def match_text(text: str) -> MatchText:
    """The matching form of a text: NFC, new tone placement, '-' for every dash, runs of spaces as one.

    New tone placement and the dash swap keep the NFC length, so only the collapsed spaces need the
    offset map.
    """
    source = nfc(text)
    normal = new_tone_placement(source).translate(_DASHES)
    if len(normal) != len(source):  # a combining sequence NFC cannot compose: match on the source as is
        normal = source
    if not _UNEVEN_SPACE.search(normal):
        return MatchText(text=normal, source=source, offsets=list(range(len(normal))))
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(normal):
        if char.isspace():
            if not chars or chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        offsets.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return MatchText(text="".join(chars), source=source, offsets=offsets)


_BROKEN_TOKEN = re.compile(r"(?<=\S[-/])\n(?=\S)|(?<=\S)\n(?=[,.;:!?)%])")  # no line opens with "," or "%"
# Every Vietnamese syllable has a vowel, so a line that opens with a lone final consonant ("thán⏎g",
# "Chậ⏎m") holds the end of a word a narrow column broke; lower case only (abbreviations are upper case).
_WORD_TAIL = re.compile(r"(?<=[^\W\d_])\n(?=(?:ch|c|g|h|m|ng|nh|n|p|t)(?![^\W\d_]))")
_DATE_BREAK = re.compile(r"(?<![\d/])(?P<left>\d[\d/]*)\n(?P<right>\d[\d/]*)(?![\d/])")
_DATE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{1,4})?")


def _rejoin_dates(text: str) -> str:
    """A date a narrow column broke between digits ("31/1⏎2/20⏎24") rejoined; "15/3⏎2025" stays two tokens."""
    while True:
        match = next(
            (m for m in _DATE_BREAK.finditer(text) if "/" in m["left"] and _DATE.fullmatch(m["left"] + m["right"])),
            None,
        )
        if match is None:
            return text
        text = text[: match.start()] + match["left"] + match["right"] + text[match.end() :]


def mend_breaks(text: str) -> str:
    """Line breaks a narrow column forced inside a word or date removed; other line breaks kept."""
    return _rejoin_dates(_WORD_TAIL.sub("", _BROKEN_TOKEN.sub("", nfc(text))))


def join_lines(text: str | None) -> str | None:
    """Cell or paragraph text on one line: wraps become spaces, but a token broken after "-" or "/"
    ("960/QĐ-⏎UBND"), a date broken between digits ("31/1⏎2/2024") and a word broken before its final
    consonant ("thán⏎g") are rejoined; NFC; empty becomes None."""
    if text is None:
        return None
    return clean(mend_breaks(text))
