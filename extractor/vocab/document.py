"""The document vocabulary (vocab/document.toml) as typed models, read once: type words, the markers
of a document's parts (authority, signature, closing, appendix) and the words metadata reads.

This module imports nothing of kehoach's own: it is data a linguist reviews, loaded and checked.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel

from extractor.vocab import load_vocabulary


class Markers(BaseModel):
    """Folded words that mark a document's parts (signature_marks are regular expressions)."""

    authority: list[str]
    signature_marks: list[str]
    signature_titles: list[str]
    closing: list[str]
    appendix: list[str]


class MetadataWords(BaseModel):
    """Words metadata reads: the motto (folded), cited document types and organ heads (printed), and
    upper-case header words with their proper case."""

    motto: list[str]
    reference_types: list[str]
    organ_heads: list[str]
    fixed_names: dict[str, str]


class DocumentVocabulary(BaseModel):
    """The whole document vocabulary."""

    doc_types: dict[str, str]
    markers: Markers
    metadata: MetadataWords


@cache
def document_vocabulary() -> DocumentVocabulary:
    """The document vocabulary, loaded and checked once per process."""
    return load_vocabulary("document.toml", DocumentVocabulary)
