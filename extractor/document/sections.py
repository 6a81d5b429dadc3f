"""The body text of a plan as a tree of numbered sections holding paragraphs.

A document is read as parts: the main document (its front matter — header, type word, title —
then its body, then the closing: "Nơi nhận", signature), and later parts such as an appendix
("PHỤ LỤC") or a plan attached to a Quyết định. Page furniture (page numbers, running heads,
footnotes) is dropped. Body lines become paragraphs (an indented first line, a short previous
line or a wider gap starts one; a paragraph runs on across a page break), and labelled paragraphs
("I.", "1.", "1.1.", "a)") become sections nested by their numbering style.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from statistics import median
from typing import Literal

from pydantic import BaseModel, Field

from extractor.layout.model import Box, TextLine
from extractor.text import fold, join_lines
from schemas import SectionSummary

PartKind = Literal["main", "attached", "appendix"]
SectionKind = Literal["preamble", "numbered", "appendix", "part"]

# Document type words as printed on their own line under the header (folded) → contract doc_type.
DOC_TYPES: dict[str, str] = {
    "ke hoach": "ke_hoach",
    "chi thi": "chi_thi",
    "quyet dinh": "quyet_dinh",
    "cong van": "cong_van",
    "thong bao": "other",
    "bao cao": "other",
    "chuong trinh": "other",
    "huong dan": "other",
    "nghi quyet": "other",
    "to trinh": "other",
    "de an": "other",
    "phuong an": "other",
    "cong dien": "other",
}
# The deciding authority printed under a Quyết định's title ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X").
AUTHORITY = re.compile(r"^(chu tich|uy ban nhan dan|hoi dong nhan dan|giam doc|bo truong|truong ban)\b")
# Signature roles: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC" …
SIGNATURE_ROLE = re.compile(
    r"^(?:(?:tm|t/m|kt|q|tl|tuq|tm\s*/)\s*[./]\s*\S|(?:pho\s+)?(?:chu tich|giam doc|truong ban|bo truong|"
    r"chanh van phong|thu truong|truong phong|cuc truong|chi cuc truong)$)"
)
_NOI_NHAN = re.compile(r"^noi nhan\b")
_APPENDIX = re.compile(r"^phu luc\b")
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?[-–—\s]*$")
_SEPARATOR = re.compile(r"^[\s\-–—_*=.~]+$")
_QUOTES = "“”\"'‘’«»"
_FOOTNOTE_MARK = re.compile(r"^(?:\[\d+\]|\(\*+\)|\*+|\d{1,2}\s)")

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
_BULLET = re.compile(r"^(?P<marker>[-–—+•*∙·])\s*(?=\S)")
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_LETTERS = "abcdđefghijklmnopqrstuvwxyz"
_VN_LETTERS = "abcdđeghiklmnopqrstuvxy"
_OPENING = re.compile(r"(?::|\b(?:nhu sau|sau day|cu the|gom|bao gom)\s*[:.]?)$")


class SectionSettings(BaseModel):
    """Geometry thresholds for reading body lines, in ems of the body font unless stated."""

    indent_ems: float = 0.8
    short_line_ems: float = 2.5
    gap_factor: float = 1.12
    margin_band: float = 0.1
    running_head_pages: int = 3
    footnote_size_ratio: float = 0.9
    title_gap_lines: float = 2.2
    closed_item_words: int = 8
    title_colon_chars: int = 200
    preamble_openers: list[str] = ["can cu "]  # folded: a line opening the legal bases ends the title


class Paragraph(BaseModel):
    """Body lines joined into one paragraph; a bullet's marker is kept apart from its text."""

    text: str
    marker: str | None = None
    page: int
    box: Box
    bold: bool = False
    lines: list[TextLine] = Field(default_factory=list, repr=False)


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


class Part(BaseModel):
    """One document inside the file: its front matter, body lines and closing lines."""

    kind: PartKind
    front: list[TextLine] = Field(default_factory=list)
    type_line: TextLine | None = None
    title_lines: list[TextLine] = Field(default_factory=list)
    body: list[TextLine] = Field(default_factory=list)
    closing: list[TextLine] = Field(default_factory=list)

    @property
    def title(self) -> str:
        """The part's title lines joined with single spaces."""
        return join_lines("\n".join(line.text for line in self.title_lines)) or ""


class _Metrics(BaseModel):
    """Typical geometry of body text on a page: left margin, right edge, font size, line pitch."""

    left: float
    right: float
    size: float
    pitch: float

    @property
    def center(self) -> float:
        """The middle of the text column (pages are rarely centred on the paper)."""
        return (self.left + self.right) / 2


class _Geometry(BaseModel):
    """Body geometry per page (portrait text pages and landscape table pages differ), with a default."""

    pages: dict[int, _Metrics]
    default: _Metrics

    def at(self, page: int) -> _Metrics:
        """The metrics of one page, the document's when the page has too few lines to tell."""
        return self.pages.get(page, self.default)


# ---------------------------------------------------------------- small line predicates


def strip_quotes(text: str) -> str:
    """Text without quote marks around it (quoted amendments print “1. … .”)."""
    return text.strip().strip(_QUOTES).strip()


def doc_type_of(line: TextLine) -> str | None:
    """The contract doc_type when the line is a document type word printed on its own ("KẾ HOẠCH")."""
    text = line.text.strip()
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or not all(ch.isupper() for ch in letters):
        return None
    return DOC_TYPES.get(fold(text))


def is_signature_role(line: TextLine, center: float) -> bool:
    """A signature role line ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH") right of the text column's middle."""
    return (line.box.x0 + line.box.x1) / 2 > center and bool(SIGNATURE_ROLE.match(fold(line.text)))


def _is_appendix_start(line: TextLine, metrics: _Metrics, first_on_page: bool) -> bool:
    if not _APPENDIX.match(fold(strip_quotes(line.text))) or not line.bold:
        return False
    return first_on_page or _centered(line, metrics)


def _centered(line: TextLine, metrics: _Metrics) -> bool:
    """Clear of both column edges by about the same amount (a centred title or header line)."""
    left_gap = line.box.x0 - metrics.left
    right_gap = metrics.right - line.box.x1
    if min(left_gap, right_gap) < metrics.size:
        return False
    return abs(left_gap - right_gap) < max(2 * metrics.size, 0.15 * (left_gap + right_gap))


def _column(lines: list[TextLine], size: float, pitch: float) -> _Metrics:
    """Left margin (commonest start) and right edge (justified end) of a set of lines."""
    lefts = Counter(round(line.box.x0) for line in lines)
    left = float(lefts.most_common(1)[0][0]) if lefts else 0.0
    rights = sorted(line.box.x1 for line in lines)
    right = rights[int(len(rights) * 0.9)] if rights else left + 40 * size
    return _Metrics(left=left, right=right, size=size, pitch=pitch)


def _geometry(lines: list[TextLine], min_page_lines: int = 6) -> _Geometry:
    """Body geometry from the commonest values (robust to headings, centred titles, page furniture)."""
    size = median(line.size for line in lines) if lines else 12.0
    normal = [line for line in lines if abs(line.size - size) < 0.6] or lines
    pitches = Counter(
        round(b.box.top - a.box.top)
        for a, b in pairwise(normal)
        if a.page == b.page and 0 < b.box.top - a.box.top < 3 * size
    )
    pitch = float(pitches.most_common(1)[0][0]) if pitches else size * 1.3
    by_page: dict[int, list[TextLine]] = {}
    for line in normal:
        by_page.setdefault(line.page, []).append(line)
    pages = {
        page: _column(page_lines, size, pitch)
        for page, page_lines in by_page.items()
        if len(page_lines) >= min_page_lines
    }
    return _Geometry(pages=pages, default=_column(normal, size, pitch))


# ---------------------------------------------------------------- page furniture


def drop_furniture(lines: list[TextLine], settings: SectionSettings) -> list[TextLine]:
    """Lines without page numbers, running heads and trailing footnotes."""
    by_page: dict[int, list[TextLine]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    heights = {page: max(line.box.bottom for line in page_lines) for page, page_lines in by_page.items()}
    repeated = Counter((fold(line.text), round(line.box.top / 3)) for line in lines)
    size = median(line.size for line in lines) if lines else 12.0
    kept: list[TextLine] = []
    for page, page_lines in by_page.items():
        height = max(heights[page], 1.0)
        band_top = min(line.box.top for line in page_lines) + settings.margin_band * height
        band_bottom = height * (1 - settings.margin_band)
        edge = {id(page_lines[0]), id(page_lines[-1])}
        footnotes = _footnotes(page_lines, size, height, settings)
        for line in page_lines:
            in_band = line.box.top < band_top or line.box.top > band_bottom
            if id(line) in edge and in_band and _PAGE_NUMBER.match(fold(line.text)):
                continue
            key = (fold(line.text), round(line.box.top / 3))
            if in_band and page > 1 and repeated[key] >= max(settings.running_head_pages, len(by_page) / 2):
                continue
            if id(line) in footnotes:
                continue
            kept.append(line)
    return kept


def _footnotes(page_lines: list[TextLine], size: float, height: float, settings: SectionSettings) -> set[int]:
    """The trailing run of small-print lines at a page's foot that starts with a footnote mark."""
    run: list[TextLine] = []
    for line in reversed(page_lines):
        if line.size >= size * settings.footnote_size_ratio or line.box.top < height * 0.6:
            break
        run.append(line)
    if not run or any(_NOI_NHAN.match(fold(line.text)) for line in run):
        return set()
    first = run[-1]
    return {id(line) for line in run} if _FOOTNOTE_MARK.match(first.text.strip()) else set()


# ---------------------------------------------------------------- parts: front, body, closing


def split_parts(lines: list[TextLine], settings: SectionSettings | None = None) -> list[Part]:
    """The file's documents in order: main first, then attached plans and appendices."""
    settings = settings or SectionSettings()
    lines = drop_furniture(lines, settings)
    if not lines:
        return [Part(kind="main")]
    geometry = _geometry(lines)
    parts: list[Part] = []
    position = 0
    kind: PartKind = "main"
    while position < len(lines):
        part, after = _read_part(lines, position, kind, geometry, settings)
        parts.append(part)
        position = max(after, position + 1)
        if position < len(lines):
            kind = "appendix" if _APPENDIX.match(fold(strip_quotes(lines[position].text))) else "attached"
    return parts


def _read_part(
    lines: list[TextLine], start: int, kind: PartKind, geometry: _Geometry, settings: SectionSettings
) -> tuple[Part, int]:
    """One part from `start`: front matter, body up to the closing, closing up to the next part."""
    part = Part(kind=kind)
    body_start = _front_end(lines, start, part, geometry, settings)
    position = body_start
    while (
        position < len(lines)
        and not _closes(lines[position], geometry)
        and not (position > start and _starts_part(lines, position, geometry))
    ):
        position += 1
    part.body = lines[body_start:position]
    closing_start = position
    while position < len(lines) and not _starts_part(lines, position, geometry):
        position += 1
    part.closing = lines[closing_start:position]
    return part, position


def _first_on_page(lines: list[TextLine], position: int) -> bool:
    return position == 0 or lines[position - 1].page != lines[position].page


def _starts_part(lines: list[TextLine], position: int, geometry: _Geometry) -> bool:
    line = lines[position]
    metrics = geometry.at(line.page)
    return _is_appendix_start(line, metrics, _first_on_page(lines, position)) or _is_type_line(lines, position, metrics)


def _is_type_line(lines: list[TextLine], position: int, metrics: _Metrics) -> bool:
    """A type word ("KẾ HOẠCH") alone on its row, bold or centred: the start of a document."""
    line = lines[position]
    if doc_type_of(line) is None or not (line.bold or _centered(line, metrics)):
        return False
    neighbours = lines[max(position - 3, 0) : position + 4]
    return not any(
        other is not line and other.page == line.page and abs(other.box.top - line.box.top) < 3 for other in neighbours
    )


def _closes(line: TextLine, geometry: _Geometry) -> bool:
    return bool(_NOI_NHAN.match(fold(line.text))) or (
        line.bold and is_signature_role(line, geometry.at(line.page).center)
    )


def _front_end(lines: list[TextLine], start: int, part: Part, geometry: _Geometry, settings: SectionSettings) -> int:
    """Index of the first body line of the part starting at `start`; fills the part's front fields."""
    first_page = lines[start].page
    if part.kind == "appendix":
        type_at: int | None = start
    else:
        type_at = next(
            (
                i
                for i in range(start, len(lines))
                if lines[i].page == first_page and _is_type_line(lines, i, geometry.at(first_page))
            ),
            None,
        )
    if type_at is None:
        end = _header_end(lines, start, geometry)
        part.front = lines[start:end]
        return end
    if part.kind != "appendix":
        part.type_line = lines[type_at]
    position = type_at + 1
    title: list[TextLine] = [lines[type_at]] if part.kind == "appendix" else []
    previous = lines[type_at]
    while position < len(lines):
        line = lines[position]
        metrics = geometry.at(line.page)
        if line.page != previous.page:
            break
        text = line.text.strip()
        if line.box.top - previous.box.bottom > metrics.pitch * settings.title_gap_lines:
            break
        if _SEPARATOR.match(text) or text.startswith("(") or _authority(line, title) or _label_of(text):
            break
        if fold(text).startswith(tuple(settings.preamble_openers)):
            break
        if not (line.bold or _centered(line, metrics)):
            break
        title.append(line)
        previous = line
        position += 1
    part.title_lines = title
    position = _after_title(lines, position, geometry)
    part.front = lines[start:position]
    return position


def _all_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _authority(line: TextLine, title: list[TextLine]) -> bool:
    """An uppercase authority line under a Quyết định's title (not the first title line)."""
    return bool(title) and _all_upper(line.text) and bool(AUTHORITY.match(fold(line.text)))


def _after_title(lines: list[TextLine], position: int, geometry: _Geometry) -> int:
    """Skip what follows a title before the body: separators, "(Kèm theo …)", the authority line."""
    depth = 0
    while position < len(lines):
        line = lines[position]
        text = line.text.strip()
        if depth > 0 or text.startswith("("):
            depth = max(depth + text.count("(") - text.count(")"), 0)
        elif not (
            _SEPARATOR.match(text)
            or (_all_upper(text) and AUTHORITY.match(fold(text)) and _centered(line, geometry.at(line.page)))
        ):
            break
        position += 1
    return position


def _header_end(lines: list[TextLine], start: int, geometry: _Geometry) -> int:
    """Without a type word (Công văn): the header ends at the first full-width body line of its page."""
    page = lines[start].page
    metrics = geometry.at(page)
    width = metrics.right - metrics.left
    for position in range(start, len(lines)):
        line = lines[position]
        if line.page != page:
            return position
        full = line.box.x1 - line.box.x0 > 0.6 * width and line.box.x0 < metrics.left + 3 * metrics.size
        if full and not line.bold and not is_signature_role(line, metrics.center):
            return position
    return len(lines)


# ---------------------------------------------------------------- paragraphs


def _label_of(text: str) -> tuple[str, str, str] | None:
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


def _paragraph_starts(
    line: TextLine, previous: TextLine | None, geometry: _Geometry, settings: SectionSettings
) -> bool:
    if previous is None:
        return True
    metrics = geometry.at(line.page)
    em = metrics.size
    if line.box.x0 > metrics.left + settings.indent_ems * em:
        return True
    if previous.box.x1 < geometry.at(previous.page).right - settings.short_line_ems * em:
        return True
    if line.page == previous.page and line.box.top - previous.box.top > metrics.pitch * settings.gap_factor:
        return True
    opens_item = _label_of(strip_quotes(line.text)) is not None or _BULLET.match(line.text.strip()) is not None
    return opens_item and previous.text.rstrip().endswith((".", ";", ":", "!", "?"))


def paragraphs(
    lines: list[TextLine], settings: SectionSettings | None = None, geometry: _Geometry | None = None
) -> list[Paragraph]:
    """Body lines joined into paragraphs; tokens broken across lines ("40-⏎CT/TU") are rejoined."""
    settings = settings or SectionSettings()
    geometry = geometry or _geometry(lines)
    groups: list[list[TextLine]] = []
    previous: TextLine | None = None
    for line in lines:
        if _paragraph_starts(line, previous, geometry, settings) or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
        previous = line
    return [_paragraph(group) for group in groups]


def _paragraph(group: list[TextLine]) -> Paragraph:
    text = join_lines("\n".join(line.text for line in group)) or ""
    marker = None
    bullet = _BULLET.match(text)
    if bullet and _label_of(strip_quotes(text)) is None:
        marker = "-" if bullet["marker"] in "-–—" else bullet["marker"]
        text = text[bullet.end() :]
    first = group[0]
    words = [word for line in group for word in line.words]
    bold_letters = sum(len(word.text) for word in words if word.bold)
    letters = sum(len(word.text) for word in words) or 1
    return Paragraph(
        text=text, marker=marker, page=first.page, box=first.box, bold=bold_letters * 2 > letters, lines=group
    )


# ---------------------------------------------------------------- sections


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


def _successor(style: str, before: str | None, label: str) -> bool:
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


def _first_label(style: str, label: str) -> bool:
    return label in ("1", "a", "A", "I") or (style == "part" and fold(label).endswith((" i", " 1", "nhat")))


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
        labelled = _label_of(strip_quotes(paragraph.text)) if paragraph.marker is None else None
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
                if _first_label(style, label) and not is_top and not _successor(style, before, label):
                    return len(self.stack)  # a new list nested deeper, not a sibling
                return position
            if _successor(style, before, label):
                return position
        return len(self.stack)

    def _owner(self) -> Section:
        """The section that owns an unlabelled paragraph: the innermost open heading, else the part's root."""
        for _, index in reversed(self.stack):
            if self.sections[index].is_open:
                return self.sections[index]
        return self.sections[self.root]


def build_sections(lines: list[TextLine], settings: SectionSettings | None = None) -> list[Section]:
    """The section tree of the body text: one preamble root per document, then numbered sections.

    Each appendix or attached document starts a new root section titled by its heading lines.
    """
    settings = settings or SectionSettings()
    kept = drop_furniture(lines, settings)
    if not kept:
        return []
    geometry = _geometry(kept)
    builder = _Builder(settings)
    for part in split_parts(lines, settings):
        lines_of_part = part.title_lines or part.body or part.front or part.closing
        if not lines_of_part:
            continue
        anchor = lines_of_part[0]
        if part.kind == "main":
            builder.new_root("preamble", "", anchor.page, anchor.box)
        else:
            builder.new_root("appendix" if part.kind == "appendix" else "part", part.title, anchor.page, anchor.box)
        for paragraph in paragraphs(part.body, settings, geometry):
            builder.add(paragraph)
    return builder.sections
