"""The body text of a plan as a tree of numbered sections holding paragraphs.

Each part of the file (extractor.document.parts) opens a root section (the main document's
preamble, or an appendix or attached document titled by its heading); its body's paragraphs
follow, and labelled ones ("I.", "1.", "1.1.", "a)") become sections nested by their numbering
style (extractor.document.numbering).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from extractor.document.markers import strip_quotes
from extractor.document.numbering import is_first_label, is_successor, label_of
from extractor.document.paragraphs import Paragraph, paragraphs
from extractor.document.parts import DocumentParts
from extractor.document.settings import SectionSettings
from extractor.layout.model import Box
from extractor.text import fold
from schemas import SectionSummary

SectionKind = Literal["preamble", "numbered", "appendix", "part"]
_OPENING = re.compile(r"(?::|\b(?:nhu sau|sau day|cu the|gom|bao gom)\s*[:.]?)$")


class Section(BaseModel):
    """A labelled heading or item ("II.", "1.2.", "a)") with the paragraphs it owns.

    `text` is the whole labelled paragraph after its label; `title` the short form used in task
    groups ("1. Công tác chỉ đạo, điều hành: Năm 2023 …" → "Công tác chỉ đạo, điều hành").
    `is_open` tells a heading, which owns the unlabelled paragraphs after it, from a closed
    list item (a full sentence), after which they return to the enclosing heading.
    """

    index: int
    parent: int | None = None
    level: int = 0
    kind: SectionKind = "numbered"
    label: str | None = None
    style: str | None = None
    title: str = ""
    text: str = ""
    page: int
    box: Box
    bold: bool = False
    is_open: bool = True
    paragraphs: list[Paragraph] = Field(default_factory=list)

    def summary(self) -> SectionSummary:
        """The section's place and title, for the Plan JSON."""
        return SectionSummary(
            index=self.index,
            parent=self.parent,
            level=self.level,
            label=self.label,
            title=self.title,
            page=self.page,
            paragraphs=len(self.paragraphs),
        )


def heading_title(text: str, settings: SectionSettings | None = None) -> str:
    """The short title of a heading: up to a colon that has more text after it, without end marks."""
    settings = settings or SectionSettings()
    text = strip_quotes(text)
    depth = 0
    for index, ch in enumerate(text[: settings.title_colon_chars]):
        depth += (ch == "(") - (ch == ")")
        if ch == ":" and depth == 0 and text[index + 1 :].strip():
            text = text[:index]
            break
    return strip_quotes(text.rstrip().removesuffix("./.").rstrip(" .:;,"))


def opens_list(text: str) -> bool:
    """True when a text introduces what follows: it ends with ":" or "như sau", "sau đây", "cụ thể" …"""
    return bool(_OPENING.search(fold(strip_quotes(text)).rstrip()))


def _is_open(text: str, bold: bool, settings: SectionSettings) -> bool:
    """A heading owns the paragraphs after it; a non-bold full sentence is a closed list item."""
    text = strip_quotes(text)
    if bold or opens_list(text):
        return True
    return not (text.endswith((".", ";")) and len(text.split()) >= settings.closed_item_words)


class _Builder:
    """Turns paragraphs into sections with a stack keyed by numbering style and weight."""

    def __init__(self, settings: SectionSettings) -> None:
        self.settings = settings
        self.sections: list[Section] = []
        self.stack: list[tuple[tuple[str, bool], int]] = []
        self.root = 0  # build_sections opens a root section before adding any paragraph

    def new_root(self, kind: SectionKind, title: str, paragraph_page: int, box: Box) -> None:
        """Start a part: preamble of the main document, or an appendix/attached part heading."""
        self.stack = []
        section = Section(
            index=len(self.sections),
            kind=kind,
            title=title,
            page=paragraph_page,
            box=box,
            level=0 if kind == "preamble" else 1,
        )
        self.sections.append(section)
        self.root = section.index

    def add(self, paragraph: Paragraph) -> None:
        labelled = label_of(strip_quotes(paragraph.text)) if paragraph.marker is None else None
        if labelled is None:
            self._owner().paragraphs.append(paragraph)
            return
        style, label, rest = labelled
        first_words = paragraph.lines[0].words if paragraph.lines else []
        label_bold = first_words[0].bold if first_words else paragraph.bold
        key = (style, label_bold)
        parent_position = self._parent_position(key, label)
        self.stack = self.stack[:parent_position]
        parent = self.stack[-1][1] if self.stack else self.root
        level = self.sections[parent].level + 1
        section = Section(
            index=len(self.sections),
            parent=parent,
            level=level,
            label=label,
            style=style,
            title=heading_title(rest, self.settings),
            text=strip_quotes(rest),
            page=paragraph.page,
            box=paragraph.box,
            bold=paragraph.bold,
            is_open=_is_open(rest, paragraph.bold, self.settings),
        )
        self.sections.append(section)
        self.stack.append((key, section.index))

    def _parent_position(self, key: tuple[str, bool], label: str) -> int:
        """How much of the stack stays: up to (not including) the entry this label is a sibling of."""
        style, bold = key
        for position in range(len(self.stack) - 1, -1, -1):
            (entry_style, entry_bold), index = self.stack[position]
            if entry_style != style:
                continue
            before = self.sections[index].label
            is_top = position == len(self.stack) - 1
            if entry_bold == bold:
                if is_first_label(style, label) and not is_top and not is_successor(style, before, label):
                    return len(self.stack)  # a new list nested deeper, not a sibling
                return position
            if is_successor(style, before, label):
                return position
        return len(self.stack)

    def _owner(self) -> Section:
        """The section that owns an unlabelled paragraph: the innermost open heading, else the part's root."""
        for _, index in reversed(self.stack):
            if self.sections[index].is_open:
                return self.sections[index]
        return self.sections[self.root]


def build_sections(body: DocumentParts, settings: SectionSettings | None = None) -> list[Section]:
    """The section tree of the body text: one preamble root per document, then numbered sections.

    Each appendix or attached document starts a new root section titled by its heading lines.
    """
    settings = settings or SectionSettings()
    builder = _Builder(settings)
    for part in body.parts:
        lines_of_part = part.title_lines or part.body or part.front or part.closing
        if not lines_of_part:
            continue
        anchor = lines_of_part[0]
        if part.kind == "main":
            builder.new_root("preamble", "", anchor.page, anchor.box)
        else:
            builder.new_root("appendix" if part.kind == "appendix" else "part", part.title, anchor.page, anchor.box)
        for paragraph in paragraphs(part.body, body.geometry, settings):
            builder.add(paragraph)
    return builder.sections
