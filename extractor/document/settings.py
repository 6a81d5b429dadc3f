"""The thresholds for reading a document's body: page furniture, parts, paragraphs and sections."""

from __future__ import annotations

from pydantic import BaseModel


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
