"""Word's automatic list numbers ("1.", "a)", "II.", "-"), which python-docx leaves out of a paragraph's text:
read from the numbering part and counted through the document the way Word prints them.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl")]
_ROMAN += [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
_PLAIN_BULLETS = {"-", "+", "*", "–", "•", "o"}


def _roman(n: int) -> str:
    out = ""
    for value, digits in _ROMAN:
        while n >= value:
            out += digits
            n -= value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One level's number in Word's numFmt (decimal, lowerLetter, upperRoman …)."""
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "none":
        return ""
    return str(n)


class _Level:
    def __init__(self, start: int, fmt: str, text: str) -> None:
        self.start, self.fmt, self.text = start, fmt, text


def _val(element: Any, tag: str) -> str | None:
    found = element.find(qn(tag)) if element is not None else None
    return found.get(qn("w:val")) if found is not None else None


class Numbering:
    """List labels of one document's paragraphs, in reading order (call `label` on each paragraph in turn)."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for node in root.findall(qn("w:abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in node.findall(qn("w:lvl")):
                start = int(_val(lvl, "w:start") or 1)
                levels[int(lvl.get(qn("w:ilvl")) or 0)] = _Level(
                    start, _val(lvl, "w:numFmt") or "decimal", _val(lvl, "w:lvlText") or ""
                )
            abstract[node.get(qn("w:abstractNumId")) or ""] = levels
        for num in root.findall(qn("w:num")):
            base = abstract.get(_val(num, "w:abstractNumId") or "", {})
            levels = {k: _Level(v.start, v.fmt, v.text) for k, v in base.items()}
            for override in num.findall(qn("w:lvlOverride")):
                restart = _val(override, "w:startOverride")
                level = int(override.get(qn("w:ilvl")) or 0)
                if restart is not None and level in levels:
                    levels[level].start = int(restart)
            self.levels[num.get(qn("w:numId")) or ""] = levels

    def _num_pr(self, paragraph: Paragraph) -> tuple[str, int] | None:
        for owner in (paragraph._p.pPr, paragraph.style.element.pPr if paragraph.style is not None else None):
            num_pr = owner.find(qn("w:numPr")) if owner is not None else None
            if num_pr is not None:
                num_id = _val(num_pr, "w:numId")
                if num_id and num_id != "0":
                    return num_id, int(_val(num_pr, "w:ilvl") or 0)
        return None

    def label(self, paragraph: Paragraph) -> str | None:
        """The number Word prints before this paragraph ("2.", "b)", "-"), counting it; None if it has none."""
        found = self._num_pr(paragraph)
        if found is None or found[0] not in self.levels:
            return None
        num_id, level = found
        levels = self.levels[num_id]
        if level not in levels:
            return None
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        spec = levels[level]
        if spec.fmt == "bullet":
            return spec.text if spec.text in _PLAIN_BULLETS else "•"
        text = spec.text
        for k in range(level, -1, -1):
            value = counters.get(k, levels[k].start if k in levels else 1)
            fmt = levels[k].fmt if k in levels else "decimal"
            text = text.replace(f"%{k + 1}", format_number(value, fmt))
        return text.strip() or None
