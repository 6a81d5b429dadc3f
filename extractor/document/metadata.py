"""Document identity read by position from the front matter and the closing of the main document.

A Vietnamese administrative document opens with two columns side by side: the issuing body and
"Số: …" on the left, the national motto and "Place, ngày … tháng … năm …" on the right; then the
type word (KẾ HOẠCH, CHỈ THỊ, QUYẾT ĐỊNH …) and the title, centred. Its closing carries the
signature (TM./KT./CHỦ TỊCH … then the signer's name) on the right. The parts themselves (front
matter, body, closing) are read once per document (extractor.document.parts) and passed in, so
metadata and the section tree read the same layout.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from pydantic import BaseModel

from extractor.document.markers import doc_type_of, is_authority, names_signature_role, strip_quotes
from extractor.document.parts import Part
from extractor.layout.model import PdfDocument, TextLine
from extractor.text import UPPER, clean, fold, join_lines, new_tone_placement, squash
from extractor.vocab.document import document_vocabulary
from schemas import DocType, Document, LegalReference

_NUMBER_LINE = re.compile(r"^số\s*[:.]?\s*(?P<number>.*)$", re.IGNORECASE)
_SUBJECT_LINE = re.compile(r"^v/v\b\s*[:.]?\s*", re.IGNORECASE)
_PLACE_DATE = re.compile(
    rf"(?P<place>(?:[{UPPER}][\w.]*\s+)*[{UPPER}][\w.]*)\s*,\s*ngày\s*(?P<day>\d{{1,2}})?\s*tháng\s*"
    r"(?P<month>\d{1,2})?\s*năm\s*(?P<year>\d{4})?"
)
_LOCALITY = re.compile(r"\b(?P<unit>tinh|thanh pho|tp\.?)\s+(?P<name>\S.*)$")
_ATTACHED_OF = re.compile(r"\bcủa\s+(?P<issuer>[^()]+?)\s*\)?\s*$")
_PROVINCE_IN_TEXT = re.compile(
    rf"\b(?:tỉnh|thành phố)\s+(?P<name>(?:[{UPPER}][^\s,;.()]*)(?:\s+[{UPPER}-][^\s,;.()]*)*)"
)
_LOCALITY_WORDS = {"tinh": "tỉnh", "thanh pho": "thành phố", "tp": "thành phố", "tp.": "thành phố"}


class MetadataSettings(BaseModel):
    """Name length limits (the parts themselves are read with the section stage's settings)."""

    max_signer_words: int = 6


# ---------------------------------------------------------------- upper-case header words


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def place_name(text: str) -> str:
    """A place printed in capitals, each syllable capitalised: "BÀ RỊA - VŨNG TÀU" → "Bà Rịa - Vũng Tàu"."""
    return new_tone_placement(" ".join(_capital(word) for word in squash(text).split()))


@cache
def _motto() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(word) for word in document_vocabulary().metadata.motto))


@cache
def _reference() -> re.Pattern[str]:
    """A cited legal document: its type, number and, when printed, its date ("Nghị định số 107/2021/NĐ-CP ngày …")."""
    types = "|".join(re.escape(name) for name in document_vocabulary().metadata.reference_types)
    return re.compile(
        rf"(?P<type>(?i:{types}))\s+(?:số\s*:?\s*)?"
        r"(?P<number>\d+(?:[-–][^\W_]+)*(?:\s?/\s?[^\W_]+(?:[-–][^\W_]+)*)+)"
        r"(?P<date>\s*,?\s*ngày\s+(?:(?P<d1>\d{1,2})\s*[/.-]\s*(?P<m1>\d{1,2})\s*[/.-]\s*(?P<y1>\d{4})"
        r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})))?"
    )


@cache
def _heads() -> list[tuple[list[str], str]]:
    """Header head words folded to word lists, longest first, with their printed case."""
    words = document_vocabulary().metadata
    heads = {fold(printed): printed for printed in words.organ_heads} | words.fixed_names
    return sorted(((key.split(), printed) for key, printed in heads.items()), key=lambda kv: -len(kv[0]))


def organ_name(text: str) -> str:
    """An agency name printed in capitals, in its usual case: the head word, then the name proper with a
    capital on its first syllable and after "và"/"-"/"," ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG" → "Sở Thông tin
    và Truyền thông"; "CHỦ TỊCH ỦY BAN NHÂN DÂN" → "Chủ tịch Ủy ban nhân dân")."""
    vocabulary = document_vocabulary().metadata
    words = squash(text).split()
    keys = [fold(word) for word in words]
    out: list[str] = []
    capitalise = True
    after_head = True
    position = 0
    while position < len(words):
        head = next(
            (
                (size, printed)
                for parts, printed in _heads()
                if keys[position : position + (size := len(parts))] == parts
                and (after_head or printed not in vocabulary.organ_heads)
            ),
            None,
        )
        if head is not None:
            size, printed = head
            out.append(printed)
            position += size
            capitalise = after_head = printed in vocabulary.organ_heads or printed in vocabulary.fixed_names.values()
            continue
        word = words[position]
        out.append(_capital(word) if capitalise else word.lower())
        capitalise = keys[position] in ("va", "-", "–", ",") or word.endswith(",")
        after_head = False
        position += 1
    return new_tone_placement(" ".join(out))


def _issuer_from_header(lines: list[str]) -> tuple[str | None, str | None]:
    """(issuer, province) from the left header block: the locality line names the province; a body
    printed under it ("UBND TỈNH X" / "SỞ Y") is the issuer, "of" that province."""
    lines = [squash(line) for line in lines if line.strip()]
    if not lines:
        return None, None
    for index, line in enumerate(lines):
        match = _LOCALITY.search(fold(line))
        if not match:
            continue
        words = line.split()
        unit_words = len(match["unit"].split())
        before_words = len(fold(line)[: match.start()].split())
        unit = _LOCALITY_WORDS.get(match["unit"].rstrip("."), match["unit"])
        name_words = words[before_words + unit_words :]
        last = index
        if last + 1 < len(lines) and line.rstrip().endswith(("-", "–")):
            last += 1
            name_words += lines[last].split()
        province = place_name(" ".join(name_words))
        parent = " ".join([*lines[:index], *words[:before_words]])
        child = " ".join(lines[last + 1 :])
        organ = organ_name(child) if child else organ_name(parent)
        return squash(f"{organ} {unit} {province}"), province
    return organ_name(" ".join(lines)), None


def _date(year: str | None, month: str | None, day: str | None) -> dt.date | None:
    if not (year and month and day):
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


# ---------------------------------------------------------------- reading the parts


def _page_center(doc: PdfDocument, line: TextLine) -> float:
    page = doc.pages[line.page - 1] if 0 < line.page <= len(doc.pages) else None
    return page.width / 2 if page else line.box.x1


def _is_left(doc: PdfDocument, line: TextLine) -> bool:
    return (line.box.x0 + line.box.x1) / 2 < _page_center(doc, line)


class _Header(BaseModel):
    """What the header block says, each field None when not printed."""

    issuer_lines: list[str] = []
    number: str | None = None
    place: str | None = None
    issued_on: dt.date | None = None
    subject: str | None = None


def _header(doc: PdfDocument, part: Part) -> _Header:
    header = _Header()
    above = [
        line
        for line in part.front
        if part.type_line is None or line.box.top < part.type_line.box.top or line.page < part.type_line.page
    ]
    number_line = next((line for line in above if _NUMBER_LINE.match(line.text.strip())), None)
    if number_line is not None:
        raw = re.sub(r"\s+", "", _NUMBER_LINE.match(number_line.text.strip())["number"])  # type: ignore[index]
        header.number = raw if raw[:1].isdigit() else None
    limit = number_line.box.top if number_line is not None else float("inf")
    header.issuer_lines = [
        line.text
        for line in above
        if _is_left(doc, line)
        and line.box.top < limit
        and not _motto().search(fold(line.text))
        and any(ch.isalpha() for ch in line.text)
    ]
    right = " ".join(line.text for line in above if not _is_left(doc, line))
    if match := _PLACE_DATE.search(squash(right)):
        header.place = match["place"]
        header.issued_on = _date(match["year"], match["month"], match["day"])
    subject = [line.text for line in above if _is_left(doc, line) and line.box.top > limit]
    if subject and _SUBJECT_LINE.match(subject[0].strip()):
        header.subject = clean(_SUBJECT_LINE.sub("", " ".join(subject).strip()))
    return header


def _authority_issuer(part: Part) -> str | None:
    """The deciding authority printed under a Quyết định's title, as a name."""
    after_title = part.front[part.front.index(part.title_lines[-1]) + 1 :] if part.title_lines else []
    lines = [line.text for line in after_title if is_authority(fold(line.text))]
    if not lines:
        return None
    issuer, _ = _issuer_from_header(lines)
    return issuer


def _attached_issuer(part: Part) -> str | None:
    """The issuer named by "(Kèm theo Quyết định số … của Chủ tịch Ủy ban nhân dân tỉnh X)"."""
    note = squash(
        " ".join(
            line.text
            for line in part.front
            if part.title_lines and line not in part.title_lines and line is not part.type_line
        )
    )
    if not fold(note).startswith(("(kem theo", "(ban hanh kem theo")):
        return None
    match = _ATTACHED_OF.search(note)
    return new_tone_placement(match["issuer"]) if match else None


def _signature(doc: PdfDocument, part: Part, max_words: int) -> tuple[list[str], str | None]:
    """Role lines (folded) and the signer's name from the closing's right-hand block."""
    right = [line for line in part.closing if not _is_left(doc, line)]
    roles: list[str] = []
    for line in right:
        text = line.text.strip()
        key = fold(text)
        if names_signature_role(key) or (roles and is_authority(key) and text.isupper()):
            roles.append(key)
            continue
        if not roles or text.startswith(("(", "[")) or "ky" in key.split()[:2]:
            continue
        words = text.split()
        if len(words) <= max_words and all(word[:1].isupper() for word in words):
            return roles, text
    return roles, None


def _references(parts: list[Part], own_number: str | None) -> list[LegalReference]:
    """Legal bases cited in the titles and bodies, one per number (the first dated mention wins)."""
    texts = [part.title for part in parts] + [
        join_lines("\n".join(line.text for line in part.body)) or "" for part in parts
    ]
    found: dict[str, LegalReference] = {}
    for text in texts:
        for match in _reference().finditer(text):
            number = re.sub(r"\s+", "", match["number"]).replace("–", "-")
            if number == own_number:
                continue
            issued = _date(match["y1"] or match["y2"], match["m1"] or match["m2"], match["d1"] or match["d2"])
            kind = match["type"][:1].upper() + match["type"][1:].lower()
            reference = LegalReference(text=squash(match.group(0)), doc_type=kind, number=number, issued_on=issued)
            known = found.get(number)
            if known is None or (known.issued_on is None and issued is not None):
                found[number] = reference
    return list(found.values())


def _province(
    header_province: str | None, place: str | None, issuer: str | None, title: str | None, has_header: bool
) -> str | None:
    if header_province:
        return header_province
    if place and not has_header:
        return new_tone_placement(place)
    for text in (issuer, title):
        if text and (match := _PROVINCE_IN_TEXT.search(text)):
            return new_tone_placement(match["name"])
    return None


def read_metadata(doc: PdfDocument, parts: list[Part], settings: MetadataSettings | None = None) -> Document:
    """Type, number, issuer, province, date, title, signer and cited legal bases of the main document.

    `parts` are the file's documents (extractor.document.parts.read_parts), the main one first.
    """
    settings = settings or MetadataSettings()
    main = parts[0]
    header = _header(doc, main)
    doc_type: DocType = "other"
    if main.type_line is not None:
        doc_type = doc_type_of(main.type_line) or "other"  # type: ignore[assignment]
    elif header.subject:
        doc_type = "cong_van"
    issuer, header_province = _issuer_from_header(header.issuer_lines)
    issuer = _authority_issuer(main) or issuer or _attached_issuer(main)
    roles, signer = _signature(doc, main, settings.max_signer_words)
    if (
        issuer
        and fold(issuer).startswith("uy ban nhan dan")
        and roles
        and not any(role.startswith(("tm", "t/m")) for role in roles)
        and any("chu tich" in role for role in roles)
    ):
        issuer = f"Chủ tịch {issuer}"  # signed by the Chairman in his own name (Chỉ thị, Quyết định)
    title = clean(strip_quotes(main.title)) or header.subject
    return Document(
        doc_type=doc_type,
        number=header.number,
        issuer=issuer,
        province=_province(header_province, header.place, issuer, title, bool(header.issuer_lines)),
        issued_on=header.issued_on,
        title=title,
        signer=signer,
        references=_references(parts, header.number),
    )
