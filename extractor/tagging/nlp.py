"""The shared spaCy pipeline for plan text, built once per process.

spaCy's Vietnamese tokenizer without pyvi splits on spaces only ("trì," "(chủ" "100%" stay one
token), so the pipeline uses spaCy's rule tokenizer with the default punctuation rules instead.
It tokenises texts in matching form (extractor.text.match_text).
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractor.text import MatchText

_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}}


@cache
def pipeline() -> Language:
    """A blank Vietnamese pipeline with spaCy's rule tokenizer (punctuation split off words)."""
    return spacy.blank("vi", config=_CONFIG)


def make_doc(text: MatchText) -> Doc:
    """Tokens of a matching-form text (tokenizer only; components are run by their owners)."""
    return pipeline().make_doc(text.text)
