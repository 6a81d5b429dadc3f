"""List labels and their order: "PHẦN I", "Điều 2", "II.", "A.", "1.2.", "3.", "(4)", "b)", "(c)".

Which style a label has, and whether one label follows another in its style, is what nests the
section tree (extractor.document.sections).
"""

from __future__ import annotations

import re

from extractor.text import fold

# Labels, tried in order on the start of a paragraph (quotes already stripped).
_LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(r"^(?P<label>(?:PHẦN|Phần)\s+(?:[IVXLC]+|\d+|thứ\s+\w+))\s*[.:]?\s+(?=\S)")),
    ("article", re.compile(r"^(?P<label>Điều\s+\d+)\s*[.:]\s*")),
    ("roman", re.compile(r"^(?P<label>[IVXL]{1,5})\s*[.)]\s+(?=\S)")),
    ("upper", re.compile(r"^(?P<label>[A-H])\s*[.)]\s+(?=\S)")),
    ("decimal", re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\S)")),
    ("arabic", re.compile(r"^(?P<label>\d{1,2})\s*[.)]\s+(?=\S)")),
    ("paren", re.compile(r"^\((?P<label>\d{1,2})\)\s+(?=\S)")),
    ("letter", re.compile(r"^(?P<label>[a-zđ])\s*\)\s*(?=\S)")),
    ("paren_letter", re.compile(r"^\((?P<label>[a-zđ])\)\s+(?=\S)")),
]
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_LETTERS = "abcdđefghijklmnopqrstuvwxyz"
_VN_LETTERS = "abcdđeghiklmnopqrstuvxy"


def label_of(text: str) -> tuple[str, str, str] | None:
    """(style, label, rest) when the text starts with a list label."""
    for style, pattern in _LABELS:
        match = pattern.match(text)
        if not match:
            continue
        label = match["label"]
        if style == "roman" and not _ROMAN.match(label):
            continue
        return style, label, text[match.end() :]
    return None


def is_successor(style: str, before: str | None, label: str) -> bool:
    """True when `label` follows `before` in the same numbering style (2 after 1, b after a, II after I)."""
    if before is None:
        return False
    if style in ("arabic", "paren") and before.isdigit() and label.isdigit():
        return int(label) == int(before) + 1
    if style in ("letter", "paren_letter", "upper"):
        alphabet = _LETTERS if style == "upper" else _VN_LETTERS
        b, n = before.lower(), label.lower()
        return (
            b in alphabet
            and n in alphabet
            and (alphabet.index(n) == alphabet.index(b) + 1 or _LETTERS.index(n) == _LETTERS.index(b) + 1)
        )
    if style == "roman":
        return _roman_value(label) == _roman_value(before) + 1
    return False


def _roman_value(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for ch, nxt in zip(text, [*text[1:], ""], strict=True):
        value = values.get(ch, 0)
        total += -value if nxt and values.get(nxt, 0) > value else value
    return total


def is_first_label(style: str, label: str) -> bool:
    """The label that opens a list in its style ("1", "a", "A", "I", "Phần thứ nhất")."""
    return label in ("1", "a", "A", "I") or (style == "part" and fold(label).endswith((" i", " 1", "nhat")))
