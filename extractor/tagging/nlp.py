"""The shared spaCy pipeline for plan text, built once per process, and the text form it matches on.

spaCy's Vietnamese tokenizer without pyvi splits on spaces only ("trì," "(chủ" "100%" stay one
token), so the pipeline uses spaCy's rule tokenizer with the default punctuation rules instead.
Matching runs on one normal form of the text — NFC, new tone placement (hoà → hòa, Uỷ → Ủy), one
kind of dash, single spaces — whose characters map back to the caller's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractor.text import new_tone_placement, nfc

_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}}
_UNEVEN_SPACE = re.compile(r"\s\s|[^\S ]|^\s|\s$")
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})


@cache
def pipeline() -> Language:
    """A blank Vietnamese pipeline with spaCy's rule tokenizer (punctuation split off words)."""
    return spacy.blank("vi", config=_CONFIG)


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


def make_doc(text: MatchText) -> Doc:
    """Tokens of a matching-form text (tokenizer only; components are run by their owners)."""
    return pipeline().make_doc(text.text)
