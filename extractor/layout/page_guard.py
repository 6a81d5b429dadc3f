"""The per-page guard: a page with absurdly many characters or drawn objects, or whose streams
inflate to absurd sizes, is refused with a clean error before it can eat the machine's memory.

Inflation is measured before pdfminer decodes anything (it would hold the whole decoded stream in
memory); characters and objects are counted while the page is interpreted, which stops at the limit.
"""

from __future__ import annotations

import zlib
from typing import Any

import pdfplumber
from pdfminer.layout import LTPage
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFObjRef, PDFStream
from pdfminer.psparser import LIT
from pdfplumber.page import PDFPageAggregatorWithMarkedContent
from pdfplumber.pdf import PDF
from pydantic import BaseModel

from extractor.errors import InputError

_MIB = 1 << 20
_CHUNK = 1 << 16
_IMAGE = LIT("Image")
#: keys that lead out of a page's own resources (to the page tree, other pages, annotations)
_NOT_FOLLOWED = frozenset({"Parent", "P", "Annots", "B", "Dest", "Prev", "Next", "First", "Last"})


class PageLimits(BaseModel):
    """What one page may hold before it is refused (a real plan page holds a few thousand characters)."""

    max_chars: int = 20_000
    max_objects: int = 50_000
    max_inflated_mib: float = 128.0


class PageTooLarge(InputError):
    """A page beyond the guard's limits."""


def _flate_size(raw: bytes, limit: int) -> int:
    """Inflated size of a Flate stream, counting at most `limit` + 1 bytes and keeping none of them."""
    inflater = zlib.decompressobj()
    size = 0
    data = raw
    try:
        while data and size <= limit:
            size += len(inflater.decompress(data, _CHUNK))
            data = inflater.unconsumed_tail
    except zlib.error:
        pass  # pdfminer keeps what inflates before the damage; the size so far is what it would hold
    return size


def _stream_size(stream: PDFStream, limit: int) -> int:
    raw = stream.rawdata if stream.rawdata is not None else stream.data or b""
    if stream.rawdata is None:  # already decoded by pdfminer
        return len(raw)
    filters = [name for name, _params in stream.get_filters()]
    if filters and filters[0] in LITERALS_FLATE_DECODE and stream.decipher is None:
        return _flate_size(raw, limit)
    return len(raw)


class StreamBudget:
    """Measures the decoded size of the streams each page uses, each stream once per document."""

    def __init__(self, limits: PageLimits) -> None:
        self.limit = int(limits.max_inflated_mib * _MIB)
        self._sizes: dict[int, int] = {}

    def page_bytes(self, page: PDFPage) -> int:
        """Decoded bytes of the page's content streams and of every non-image stream its resources reach."""
        seen: set[int] = set()
        total = 0
        pending: list[Any] = [page.attrs.get("Contents"), page.resources]
        while pending and total <= self.limit:
            item = pending.pop()
            if isinstance(item, PDFObjRef):
                if item.objid in seen:
                    continue
                seen.add(item.objid)
                item = item.resolve()
            if isinstance(item, PDFStream):
                if item.get("Subtype") is _IMAGE:
                    continue
                key = item.objid if item.objid is not None else id(item)
                if key not in self._sizes:
                    self._sizes[key] = _stream_size(item, self.limit)
                total += self._sizes[key]
                pending.append(item.attrs)
            elif isinstance(item, dict):
                pending += [value for key, value in item.items() if key not in _NOT_FOLLOWED]
            elif isinstance(item, list):
                pending += item
        return total

    def check(self, page: PDFPage, number: int, file: str) -> None:
        """Refuse the page when its streams inflate beyond the limit."""
        if self.page_bytes(page) > self.limit:
            raise PageTooLarge(
                f"page streams inflate to more than {self.limit // _MIB} MiB (page guard; corrupt or hostile PDF)",
                file,
                number,
            )


class _CountingAggregator(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, stopping the interpretation once the page holds too much."""

    def __init__(self, *args: Any, limits: PageLimits, file: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits
        self.file = file
        self.chars = 0
        self.objects = 0

    def _refuse(self, what: str, limit: int) -> None:
        raise PageTooLarge(f"more than {limit} {what} on one page (page guard)", self.file, self.pageno)

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        self.chars += 1
        if self.chars > self.limits.max_chars:
            self._refuse("characters", self.limits.max_chars)
        return super().render_char(*args, **kwargs)

    def paint_path(self, *args: Any, **kwargs: Any) -> None:
        self._count_object()
        super().paint_path(*args, **kwargs)

    def render_image(self, *args: Any, **kwargs: Any) -> None:
        self._count_object()
        super().render_image(*args, **kwargs)

    def _count_object(self) -> None:
        self.objects += 1
        if self.objects > self.limits.max_objects:
            self._refuse("drawn objects", self.limits.max_objects)


class GuardedPage(pdfplumber.page.Page):
    """A pdfplumber page whose layout is built by the counting device (everything else as pdfplumber)."""

    def __init__(self, pdf: PDF, page_obj: PDFPage, number: int, limits: PageLimits, file: str) -> None:
        self.limits = limits
        self.file = file
        super().__init__(pdf, page_obj, page_number=number)

    @property
    def layout(self) -> LTPage:
        if hasattr(self, "_layout"):
            return self._layout
        device = _CountingAggregator(
            self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams, limits=self.limits, file=self.file
        )
        PDFPageInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
        self._layout: LTPage = device.get_result()
        return self._layout
