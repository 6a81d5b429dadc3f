"""The printed words and marks that delimit a document's parts: the type word ("KẾ HOẠCH"), the
deciding authority under a title, signature roles, "Nơi nhận", "PHỤ LỤC", separator rules, quotes."""

from __future__ import annotations

import re

from extractor.layout.model import TextLine
from extractor.text import fold

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
NOI_NHAN = re.compile(r"^noi nhan\b")  # folded: the recipients list that opens a closing
APPENDIX = re.compile(r"^phu luc\b")  # folded: an appendix heading
SEPARATOR = re.compile(r"^[\s\-–—_*=.~]+$")
_QUOTES = "“”\"'‘’«»"


def strip_quotes(text: str) -> str:
    """Text without quote marks around it (quoted amendments print “1. … .”)."""
    return text.strip().strip(_QUOTES).strip()


def doc_type_of(line: TextLine) -> str | None:
    """The contract doc_type when the line is a document type word printed on its own ("KẾ HOẠCH")."""
    text = line.text.strip()
    return DOC_TYPES.get(fold(text)) if all_upper(text) else None


def is_signature_role(line: TextLine, center: float) -> bool:
    """A signature role line ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH") right of the text column's middle."""
    return (line.box.x0 + line.box.x1) / 2 > center and bool(SIGNATURE_ROLE.match(fold(line.text)))


def all_upper(text: str) -> bool:
    """Every letter of the text is upper case (and it has one)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)
