"""Finds the tables on one page: chooses a strategy by the page's rules and runs it (table_strategies/).

A page ruled both ways is read as a lattice, a page with only horizontal rules by its rules, a page
without rules by the alignment of its words under a header row. Each table found records its strategy
and a confidence (table_strategies/confidence.py).
"""

from __future__ import annotations

import pdfplumber

from extractor.layout.model import TableGrid
from extractor.layout.table_strategies.aligned import aligned_table
from extractor.layout.table_strategies.lattice import lattice_tables
from extractor.layout.table_strategies.rules import ruled_rows_table
from extractor.layout.table_strategies.settings import TableSettings
from schemas import TableStrategy


def page_strategy(page: pdfplumber.page.Page, settings: TableSettings) -> TableStrategy:
    """ "lattice" for a page ruled both ways, "rules" for horizontal rules only, "aligned" for none."""
    horizontal = sum(1 for e in page.edges if e.get("orientation") == "h")
    vertical = sum(1 for e in page.edges if e.get("orientation") == "v")
    if horizontal >= 2 and vertical >= settings.min_rules:  # two rules: a row that fills the page
        return "lattice"
    if horizontal >= settings.min_rules:
        return "rules"
    return "aligned"


def find_tables(
    page: pdfplumber.page.Page, number: int, settings: TableSettings, previous: TableGrid | None = None
) -> list[TableGrid]:
    """Every table on the page, top to bottom, with cell text in NFC.

    `previous` is the last table of the page before: a table read from word positions that goes on
    without repeating its header keeps that table's columns.
    """
    strategy = page_strategy(page, settings)
    if strategy == "lattice":
        return lattice_tables(page, number, settings)
    if strategy == "rules":
        return ruled_rows_table(page, number, settings, previous)
    return aligned_table(page, number, settings, previous)
