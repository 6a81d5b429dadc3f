"""Builds synthetic page layouts (TextLines with word boxes) the way read_pdf lays out a portrait A4 plan:
body text from x=85 to x=552, first lines indented to x=113, 13 pt Times, 17 pt line pitch."""

from __future__ import annotations

from pydantic import BaseModel

from extractor.layout.model import Box, PageLayout, PdfDocument, TextLine, Word
from schemas import Source

WIDTH, HEIGHT = 595.0, 842.0
LEFT, INDENT, RIGHT = 85.0, 113.5, 552.0
CHAR = 6.0  # average glyph width at 13 pt, enough for layout decisions


def text_line(
    page: int,
    x0: float,
    top: float,
    text: str,
    *,
    bold: bool = False,
    size: float = 13.0,
    x1: float | None = None,
    italic: bool = False,
) -> TextLine:
    """One line; words are spread evenly between x0 and x1 (default: natural width)."""
    words = text.split()
    natural = x0 + CHAR * len(text)
    right = x1 if x1 is not None else min(natural, RIGHT)
    step = (right - x0) / max(len(text), 1)
    out: list[Word] = []
    cursor = x0
    for word in words:
        end = cursor + step * len(word)
        out.append(
            Word(text=word, box=Box(x0=cursor, top=top, x1=end, bottom=top + size), size=size, bold=bold, italic=italic)
        )
        cursor = end + step
    return TextLine(
        page=page,
        box=Box(x0=x0, top=top, x1=right, bottom=top + size),
        text=text,
        size=size,
        bold=bold,
        italic=italic,
        words=out,
    )


class Writer(BaseModel):
    """Appends lines top to bottom, turning pages when full."""

    lines: list[TextLine] = []
    page: int = 1
    top: float = 56.0
    pitch: float = 17.0

    def newline(self, extra: float = 3.0) -> None:
        self.top += self.pitch + extra
        if self.top > HEIGHT - 80:
            self.new_page()

    def new_page(self) -> None:
        self.page += 1
        self.top = 56.0

    def add(self, line: TextLine) -> None:
        self.lines.append(line)

    def row(self, *cells: tuple[float, str, bool], extra: float = 3.0) -> None:
        """Side-by-side blocks on one row: (x0, text, bold) each."""
        for x0, text, bold in cells:
            self.add(text_line(self.page, x0, self.top, text, bold=bold))
        self.newline(extra)

    def centered(self, text: str, bold: bool = True, size: float = 13.0) -> None:
        width = CHAR * len(text) * 0.8
        x0 = (LEFT + RIGHT) / 2 - width / 2
        self.add(text_line(self.page, x0, self.top, text, bold=bold, size=size, x1=x0 + width))
        self.newline()

    def paragraph(self, text: str, *, bold: bool = False, per_line: int = 80, indent: bool = True) -> None:
        """A justified paragraph: first line indented, full lines to the right edge, the last one short."""
        words = text.split()
        chunks: list[str] = []
        current: list[str] = []
        for word in words:
            if current and len(" ".join([*current, word])) > per_line:
                chunks.append(" ".join(current))
                current = []
            current.append(word)
        chunks.append(" ".join(current))
        for index, chunk in enumerate(chunks):
            x0 = INDENT if index == 0 and indent else LEFT
            last = index == len(chunks) - 1
            x1 = min(x0 + CHAR * len(chunk) * 0.7, RIGHT - 40) if last else RIGHT
            self.add(text_line(self.page, x0, self.top, chunk, bold=bold, x1=x1))
            self.newline(0.0 if not last else 3.0)

    def page_number(self, number: int) -> None:
        """A page number at the top of the current page (drawn above the first text line)."""
        self.add(text_line(self.page, 316.0, 35.0, str(number), x1=322.0))

    def document(self, name: str = "synthetic.pdf") -> PdfDocument:
        pages = [
            PageLayout(
                number=n,
                width=WIDTH,
                height=HEIGHT,
                lines=sorted(
                    (line for line in self.lines if line.page == n), key=lambda line: (line.box.top, line.box.x0)
                ),
            )
            for n in range(1, self.page + 1)
        ]
        return PdfDocument(source=Source(file=name, pages=len(pages)), pages=pages)


def header(writer: Writer, left: list[str], number: str, place_date: str) -> None:
    """The two-column header: issuing body left, motto right, then "Số" left and place/date right."""
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    for index in range(max(len(left), len(right))):
        cells = []
        if index < len(left):
            cells.append((135.0, left[index], True))
        if index < len(right):
            cells.append((330.0, right[index], True))
        writer.row(*cells, extra=0.0)
    writer.row((140.0, number, False), (330.0, place_date, False), extra=25.0)


def signature(writer: Writer, roles: list[str], name: str, recipients: list[str]) -> None:
    """ "Nơi nhận" on the left, roles and the signer's name on the right."""
    writer.add(text_line(writer.page, LEFT, writer.top, "Nơi nhận:", size=11.0))
    for role in roles:
        writer.add(text_line(writer.page, 370.0, writer.top, role, bold=True))
        writer.newline(0.0)
    for recipient in recipients:
        writer.add(text_line(writer.page, LEFT, writer.top, recipient, size=11.0))
        writer.newline(0.0)
    writer.add(text_line(writer.page, 380.0, writer.top + 40, name, bold=True))
    writer.top += 60
