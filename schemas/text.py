"""The contract's text forms: NFC for every stored string, and the folded key text is compared by.

Kept beside the models so the store and the query compare text exactly as the extractor does
without importing it.
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Unicode NFC: the one form every stage works in."""
    return unicodedata.normalize("NFC", text)


def printable(text: str) -> str:
    """Text safe for a terminal or log line: control, format and separator characters escaped (\\n, \\x1b, \\u202e)."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def squash(text: str) -> str:
    """Collapse runs of whitespace (newlines included) to one space and strip the ends."""
    return _WS.sub(" ", text).strip()


def fold(text: str) -> str:
    """Accent-, case- and space-insensitive key: "Ủy ban" and "UY  BAN" fold alike; đ → d."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return squash(stripped.lower())
