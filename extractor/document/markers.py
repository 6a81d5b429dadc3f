"""The printed words and marks that delimit a document's parts: the type word ("KẾ HOẠCH"), the
deciding authority under a title, signature roles, "Nơi nhận", "PHỤ LỤC", separator rules, quotes.

The words are vocab/document.toml's; each pattern is compiled once, when first used. The `folded`
arguments are extractor.text.fold of a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from extractor.layout.model import TextLine
from extractor.text import fold
from extractor.vocab.document import document_vocabulary

SEPARATOR = re.compile(r"^[\s\-–—_*=.~]+$")
_QUOTES = "“”\"'‘’«»"


def _words(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in words)


@cache
def _authority() -> re.Pattern[str]:
    return re.compile(rf"^(?:{_words(document_vocabulary().markers.authority)})\b")


@cache
def _signature_role() -> re.Pattern[str]:
    markers = document_vocabulary().markers
    marks = "|".join(markers.signature_marks)
    return re.compile(rf"^(?:(?:{marks})\s*[./]\s*\S|(?:pho\s+)?(?:{_words(markers.signature_titles)})$)")


@cache
def _opening(kind: str) -> re.Pattern[str]:
    markers = document_vocabulary().markers
    return re.compile(rf"^(?:{_words(markers.closing if kind == 'closing' else markers.appendix)})\b")


def is_authority(folded: str) -> bool:
    """A line opening with a deciding or signing body ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X")."""
    return bool(_authority().match(folded))


def names_signature_role(folded: str) -> bool:
    """A signature role line's words: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC"."""
    return bool(_signature_role().match(folded))


def opens_closing(folded: str) -> bool:
    """The line opening the closing's list of recipients ("Nơi nhận:")."""
    return bool(_opening("closing").match(folded))


def opens_appendix(folded: str) -> bool:
    """An appendix heading ("PHỤ LỤC I")."""
    return bool(_opening("appendix").match(folded))


def strip_quotes(text: str) -> str:
    """Text without quote marks around it (quoted amendments print “1. … .”)."""
    return text.strip().strip(_QUOTES).strip()


def all_upper(text: str) -> bool:
    """Every letter of the text is upper case (and it has one)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def doc_type_of(line: TextLine) -> str | None:
    """The contract doc_type when the line is a document type word printed on its own ("KẾ HOẠCH")."""
    text = line.text.strip()
    return document_vocabulary().doc_types.get(fold(text)) if all_upper(text) else None


def is_signature_role(line: TextLine, center: float) -> bool:
    """A signature role line ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH") right of the text column's middle."""
    return (line.box.x0 + line.box.x1) / 2 > center and names_signature_role(fold(line.text))
