"""Thresholds of the table strategies and of the choice between them."""

from __future__ import annotations

from pydantic import BaseModel

from extractor.tagging.column_roles import RoleSettings


class TableSettings(BaseModel):
    """Thresholds for deciding which table strategy a page gets, and for each strategy's reading."""

    min_rules: int = 3
    snap_tolerance: float = 3.0
    join_tolerance: float = 3.0
    intersection_tolerance: float = 3.0
    min_rows: int = 2
    #: a ruled table may be one row: a long row that fills a whole page between two page breaks
    min_lattice_rows: int = 1
    min_columns: int = 2
    text_x_tolerance: float = 1.5
    min_rule_share: float = 0.5
    min_column_gap: float = 4.0
    gap_free_share: float = 0.8
    header_word_gap_ems: float = 0.5
    #: a borderless table needs a header of at least this many cells
    min_aligned_columns: int = 3
    #: a header's second line lies within its cells, give or take this many points
    header_slack: float = 6.0
    #: a blank gap of this many line heights ends a borderless row even without a first-column label
    row_gap_lines: float = 1.2
    #: a headerless table keeps the previous table's columns when this share of its rows fits them
    min_fitting_rows: float = 0.5
    roles: RoleSettings = RoleSettings()
