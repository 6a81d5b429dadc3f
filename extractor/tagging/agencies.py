"""The agency registry: finds Vietnamese state bodies in text and names them canonically.

vocab/agencies.toml lists the kinds of bodies and how plans write them; the names are loaded once
into a spaCy SpanRuler (phrase patterns, case- and tone-placement-insensitive). Heads of open names
("Sở", "Trung tâm", "Ban" …) are extended by rule over the words that follow, so unseen bodies of a
known type are found too; a registry name wins where both start together, and an open name never
swallows a registry name that starts inside it ("Sở Nội vụ và Văn phòng UBND tỉnh" is two bodies).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel, Field
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

from extractor.tagging.canonical import canonical_agency, matching_form, named_entries, short_forms
from extractor.tagging.nlp import make_doc, pipeline
from extractor.text import UPPER, MatchText, match_text, nfc, squash, without_stutter
from extractor.vocab.agencies import AgencyKind, OpenHead, registry

_OPEN = "open:"
_LOWER_RUN = 3
_JOINERS = {"và", "các", "những", "cùng", "hoặc", "với"}


class AgencyMention(BaseModel):
    """An agency found in a text: as printed (NFC, spaces collapsed), canonical name, kind, and where.

    `start`/`end` are character offsets into the NFC form of the text that was searched.
    """

    printed: str
    canonical: str
    kind: AgencyKind
    start: int = Field(ge=0)
    end: int = Field(ge=0)


@cache
def _ruler() -> SpanRuler:
    """The SpanRuler loaded with every registry name (and abbreviation variant) and open head."""
    ruler = SpanRuler(pipeline(), name="agencies", spans_key=None, phrase_matcher_attr="LOWER")
    patterns: dict[str, dict[str, str | list[dict[str, Any]]]] = {}
    for canonical, kind, written in named_entries():
        for form in written:
            for variant in short_forms(form):
                patterns.setdefault(
                    matching_form(variant).lower(), {"label": kind, "pattern": matching_form(variant), "id": canonical}
                )
    for open_head in registry().open_head:
        for variant in short_forms(open_head.head):
            key = matching_form(variant).lower()
            if key not in patterns:
                patterns[key] = {
                    "label": open_head.kind,
                    "pattern": matching_form(variant),
                    "id": _OPEN + open_head.head,
                }
    ruler.add_patterns(list(patterns.values()))
    return ruler


@cache
def _open_heads() -> dict[str, OpenHead]:
    return {_OPEN + h.head: h for h in registry().open_head}


@cache
def _stop_words() -> tuple[tuple[str, ...], ...]:
    """Role verbs, predicate openers and clause words an open name ends before, as lower-case token tuples."""
    words = [
        *registry().verbs.all(),
        *registry().verbs.predicate,
        "để",
        "nhằm",
        "theo",
        "trong",
        "trên",
        "tại",
        "với",
        "về",
        "của",
        "đối với",
        "khi",
        "nếu",
        "thì",
        "là",
        "được",
        "có",
    ]
    return tuple(tuple(matching_form(w).lower().split()) for w in words)


def _starts_stop(doc: Doc, index: int) -> bool:
    lowered = [t.lower_ for t in doc[index : index + 6]]
    return doc[index].text.islower() and any(tuple(lowered[: len(s)]) == s for s in _stop_words())


def _is_cap(text: str) -> bool:
    return text[:1].isupper()


def _name_word(text: str) -> bool:
    """A capitalised word or an abbreviation ("Nội", "TT&TT")."""
    return _is_cap(text) and (text.isalpha() or text.isupper())


def _title_tail(doc: Doc, start: int, starts: set[int], not_next: set[str]) -> int:
    """End of a "title" open name: capitalised words, each followed by at most `_LOWER_RUN` lower-case
    words that are not a role verb ("An toàn thực phẩm"), joined by "và", "," or "-" (the first may
    follow "và": "Báo và Phát thanh, Truyền hình X"); `start` when no capitalised word follows the head."""
    if start + 1 < len(doc) and doc[start].lower_ == "và" and _name_word(doc[start + 1].text):
        end = _title_tail(doc, start + 1, starts, not_next)
        return end if end > start + 1 else start
    if (
        start >= len(doc)
        or not _name_word(doc[start].text)
        or doc[start].text in not_next
        or doc[start].lower_ in not_next
        or start in starts
    ):
        return start
    end, lowers = start + 1, 0
    while end < len(doc):
        token = doc[end]
        if (
            token.is_alpha
            and token.text.islower()
            and lowers < _LOWER_RUN
            and end not in starts
            and token.lower_ not in _JOINERS
            and not _starts_stop(doc, end)
        ):
            end, lowers = end + 1, lowers + 1
        elif _name_word(token.text) and end not in starts:
            end, lowers = end + 1, 0
        elif (
            token.lower_ in {"và", ",", "-", "&"}
            and end + 1 < len(doc)
            and _name_word(doc[end + 1].text)
            and end + 1 not in starts
        ):
            end, lowers = end + 2, 0
        else:
            break
    return end


def _words_tail(doc: Doc, start: int, starts: set[int]) -> int:
    """End of a "words" open name: any words up to punctuation, a role verb or another body."""
    limit = min(len(doc), start + registry().open_tail.max_words)
    end = start
    while end < limit:
        token = doc[end]
        punctuation = token.is_punct and token.text not in {"-", "&"}
        if punctuation or (end in starts and end > start) or _starts_stop(doc, end):
            break
        if token.lower_ == "và" and end + 1 in starts:
            break
        end += 1
    return end


@cache
def _places() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(matching_form(p).lower().split()) for p in registry().levels.places)


_NUMBERED_PLACE = re.compile(r"^(?:[IVXL]+|\d+)$")


def _place_tail(doc: Doc, end: int, starts: set[int]) -> int:
    """A place qualifier after a name: "tỉnh", "tỉnh Vĩnh Phúc", "huyện Châu Thành", "khu vực XII"."""
    if not any(place[-1] == doc[end - 1].lower_ for place in _places()):
        lowered = tuple(t.lower_ for t in doc[end : end + 2])
        size = max((len(p) for p in _places() if lowered[: len(p)] == p), default=0)
        if not size or not doc[end].text.islower():
            return end
        end += size
    if end < len(doc) and end not in starts and _NUMBERED_PLACE.match(doc[end].text):
        return end + 1  # "khu vực XII", "khu vực 2"
    names = 0
    while (
        end < len(doc)
        and names < 3
        and end not in starts
        and doc[end].is_alpha
        and _is_cap(doc[end].text)
        and not doc[end].is_upper
    ):
        end += 1
        names += 1
    return end


@cache
def _titles() -> tuple[list[str], ...]:
    titles = registry().titles
    return tuple(matching_form(t).lower().split() for t in sorted(titles.dropped + titles.kept, key=len, reverse=True))


def _title_head(doc: Doc, start: int) -> int:
    """Start of a head's title written before a body ("Thủ trưởng các sở …", "Chủ tịch UBND tỉnh")."""
    for words in _titles():
        first = start - len(words)
        if first >= 0 and [t.lower_ for t in doc[first:start]] == words:
            return first
    return start


def _bare(span: Span) -> bool:
    """An open head standing alone ("Viện"), not a name."""
    return span.id_.startswith(_OPEN) and span.text.lower() == _open_heads()[span.id_].head.lower()


def _bare_head(doc: Doc, start: int, end: int) -> bool:
    """A head with no name after it that still names a kind of body: "Viện, Trường" as an item of a list
    or a cell (a separator or nothing on both sides; "… trực thuộc Sở" is the issuer, not an item)."""
    before = start == 0 or doc[start - 1].text in {",", ";", ":", "(", "-"} or doc[start - 1].lower_ == "và"
    return before and (end == len(doc) or doc[end].text in {",", ";", ".", ")"})


def _spans(doc: Doc) -> list[Span]:
    """Agency spans of a tokenised matching-form text, non-overlapping, in order."""
    candidates = _ruler().match(doc)
    registry_starts = {s.start for s in candidates if not s.id_.startswith(_OPEN)}
    starts = {s.start for s in candidates}
    chosen: list[Span] = []
    for span in candidates:
        if span.id_.startswith(_OPEN):
            if span.start in registry_starts or not _is_cap(span.text):
                continue
            head = _open_heads()[span.id_]
            tail = (
                _title_tail(doc, span.end, starts, set(head.not_next))
                if head.tail == "title"
                else _words_tail(doc, span.end, starts)
            )
            if tail <= span.end and not _bare_head(doc, span.start, span.end):
                continue
            span = Span(doc, span.start, max(tail, span.end), label=span.label_, span_id=span.id_)
        chosen.append(span)
    chosen.sort(key=lambda s: (s.start, -(s.end - s.start), s.id_.startswith(_OPEN)))
    kept: list[Span] = []
    for span in chosen:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    kept_starts = {s.start for s in kept}
    out: list[Span] = []
    for span in kept:
        end = _place_tail(doc, span.end, kept_starts)
        limit = next((s.start for s in kept if s.start >= span.end), len(doc))
        out.append(Span(doc, _title_head(doc, span.start), min(end, limit), label=span.label_, span_id=span.id_))
    return _group_lists(doc, out)


def _group_lists(doc: Doc, spans: list[Span]) -> list[Span]:
    """A group followed by ", " and one lower-case kind of body is one list of kinds: "Các Sở, ngành, đơn
    vị" is one name, as "Các cơ quan, đơn vị, địa phương" is ("…, UBND cấp xã" stays apart). A kind that
    is itself a list ("…, cơ quan, đơn vị liên quan") or that another group follows ("…, địa phương và
    đơn vị có liên quan") stays an item of its own. Bare heads listed together are one kind ("Viện,
    Trường")."""
    out: list[Span] = []
    for position, span in enumerate(spans):
        last = out[-1] if out else None
        after = spans[position + 1] if position + 1 < len(spans) else None
        if (
            last is not None
            and _bare(last)
            and _bare(span)
            and span.start == last.end + 1
            and doc[last.end].text == ","
        ):
            out[-1] = Span(doc, last.start, span.end, label=last.label_, span_id=last.id_)  # "Viện, Trường"
        elif (
            last is not None
            and last.label_ == span.label_ == "collective"
            and span.start == last.end + 1
            and doc[last.end].text == ","
            and doc[span.start].text.islower()
            and doc[span.start].lower_ not in _JOINERS
            and "," not in span.text
            and not (after is not None and after.label_ == "collective" and after.start - span.end <= 2)
        ):
            out[-1] = Span(doc, last.start, span.end, label=last.label_, span_id=last.id_)
        else:
            out.append(span)
    return out


@cache
def _words_pattern(words: tuple[str, ...]) -> str:
    return "|".join(
        re.escape(matching_form(w).lower()).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


def name_end(text: str, key: str, mention: AgencyMention, stop: int) -> int:
    """Where the name that `mention` opens ends, at most at `stop`: `text` is the source and `key` its
    lower-case matching form (same offsets). A named body keeps only a qualifier after it ("… có liên
    quan", "… thuộc UBND tỉnh", "… (Bộ phận Văn thư)", "…, cấp xã", "…, phường") or a word of its own
    name coordinated with it ("Ban Quản lý các Khu công nghiệp, khu kinh tế"); any name ends after
    "liên quan";
    a group ends before a clause word ("Các cơ quan, đơn vị theo quy định")."""
    tail = registry().name_tail
    rest = text[mention.end : stop]
    qualified = re.match(
        rf"\s*,?\s*(?:các\s+)?(?:{_words_pattern(tuple(tail.qualifiers))})(?!\w)", key[mention.end : stop]
    )
    first = rest.strip(" ,").split(" ", 1)[0].lower()
    repeats = first in set(mention.printed.lower().split()) - _JOINERS  # "… Khu công nghiệp, khu kinh tế"
    if (
        mention.kind != "collective"
        and rest.strip(" ,;.")
        and not (qualified or repeats or re.match(rf"\s*[({UPPER}]", rest))
    ):
        return mention.end
    closer = re.compile(rf"(?<!\w)(?:{_words_pattern(tuple(tail.closers))})(?!\w)").search(key, mention.end, stop)
    if closer:
        stop = closer.end()
    if mention.kind == "collective":
        group_stop = re.compile(rf"(?<!\w)(?:{_words_pattern(tuple(tail.group_stops))})(?!\w)")
        if hit := group_stop.search(key, mention.end, stop):
            stop = hit.start()
    return stop


@lru_cache(maxsize=4096)
def _cached_mentions(text: str, province: str | None) -> tuple[AgencyMention, ...]:
    """Mentions of a text, cached: plan cells repeat the same agency lists row after row."""
    return tuple(_mentions(match_text(text), province))


def _mentions(text: MatchText, province: str | None) -> list[AgencyMention]:
    doc = make_doc(text)
    mentions = []
    for span in _spans(doc):
        start, end = text.source_span(span.start_char, span.end_char)
        printed = text.printed(span.start_char, span.end_char)
        mentions.append(
            AgencyMention.model_validate(
                {
                    "printed": printed,
                    "canonical": canonical_agency(printed, province),
                    "kind": span.label_,
                    "start": start,
                    "end": end,
                }
            )
        )
    return mentions


def find_agencies(text: str, province: str | None = None) -> list[AgencyMention]:
    """Every agency named in a text, in order: registry names, open names of known types, collectives."""
    return [m.model_copy() for m in _cached_mentions(text, province)]


def _leading_agency(printed: str) -> AgencyMention | None:
    """The registry name or head a printed name starts with (a word typed twice read once), if any."""
    name = without_stutter(printed)
    found = find_agencies(name)
    return found[0] if found and not name[: found[0].start].strip() else None


def agency_kind(printed: str) -> AgencyKind:
    """The kind of body a printed name names ("other" when no registry name or head starts it)."""
    mention = _leading_agency(printed)
    return mention.kind if mention else "other"


@cache
def _spelled_out() -> frozenset[str]:
    """The canonical names the registry spells out (named bodies, field departments, heads with a level)."""
    return frozenset(canonical for canonical, _, _ in named_entries())


def known_agency(printed: str) -> bool:
    """True when the name starts with a body the registry knows: of a kind of its own, or spelled out in
    the registry (Bộ Chỉ huy Quân sự tỉnh, Bảo hiểm xã hội tỉnh); a bare open head of kind "other"
    ("Công ty …") is not. A place after a spelled-out name ("… tỉnh Đồng Nai") keeps it known."""
    mention = _leading_agency(printed)
    if mention is None or mention.kind != "other":
        return mention is not None
    words = mention.canonical.split()
    return any(" ".join(words[:size]) in _spelled_out() for size in range(len(words), 0, -1))


def starts_agency(text: str) -> bool:
    """True when a text begins with an agency name (an optional leading "Giao" aside)."""
    stripped = re.sub(r"^\s*giao\s+", "", text, flags=re.IGNORECASE)
    found = find_agencies(stripped[:200])
    return bool(found) and not stripped[: found[0].start].strip(" -–+•\t\n")


_SEPARATOR_END = re.compile(r"(?:^|[,;/&:]|\s-|(?<!\w)(?:và|cùng|gồm))\s*$", re.IGNORECASE)


def separated(between: str) -> bool:
    """True when the text between two agency names ends in a separator, so the second starts an item."""
    return bool(_SEPARATOR_END.search(between))


def item_starts(text: str, mentions: list[AgencyMention], start: int = 0, end: int | None = None) -> list[int]:
    """Where list items start among the agencies found in text[start:end]: at the first agency, and at
    each agency that follows a separator (",", ";", "và", "-", ":"); an agency after other words is part
    of the item before it ("Các cơ quan được giao thực hiện theo Kế hoạch … của UBND tỉnh")."""
    end = len(text) if end is None else end
    starts: list[int] = []
    last_end = start
    for mention in mentions:
        if start <= mention.start < end:
            if not starts or separated(text[last_end : mention.start]):
                starts.append(mention.start)
            last_end = mention.end
    return starts


def trim_item(item: str) -> str:
    """A list item without the separators, "được (giao)" and stray punctuation at its ends."""
    item = re.sub(r"\s+(?:được giao|được)\s*$", "", squash(item), flags=re.IGNORECASE)
    item = re.sub(r"(?:\s*(?:[,;.:]|\s-|(?<!\w)(?:và|cùng)))+$", "", item, flags=re.IGNORECASE)
    return item.strip(" ,;:-–")


def split_agencies(text: str) -> list[str]:
    """A printed list of agencies as one item per agency or named group, as printed (NFC, spaces
    collapsed); an item runs from its agency to the next item."""
    source = squash(nfc(text))
    starts = item_starts(source, find_agencies(source))
    bounds = [*starts[1:], len(source)]
    return [item for first, stop in zip(starts, bounds, strict=True) if (item := trim_item(source[first:stop]))]


_SHARED_HEAD = re.compile(r"\b(?:các|những)\s+(?P<head>sở|bộ)\s*:\s*", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r"\s*(?:,|;|\bvà\b)\s*")
_ETC = re.compile(r"\s*(?:…|\.{2,})")


def expand_shared_heads(text: str) -> str:
    """Write out a head word that a list of fields shares: "các Sở: Tư pháp, Nội vụ và Y tế …" →
    "Sở Tư pháp, Sở Nội vụ và Sở Y tế …"; each field must make a known agency with the head."""
    pieces: list[str] = []
    cursor = 0
    for match in _SHARED_HEAD.finditer(text):
        if match.start() < cursor:
            continue
        expanded, end = _shared_list(text, match)
        if expanded:
            pieces += [text[cursor : match.start()], expanded]
            cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _shared_list(text: str, match: re.Match[str]) -> tuple[str, int]:
    """The fields after "các Sở:" written out with their head, and where the list ends in `text`."""
    head = match["head"][:1].upper() + match["head"][1:].lower()
    parts: list[str] = []
    position = end = match.end()
    while True:
        candidate = f"{head} {text[position : position + 200]}"
        found = find_agencies(candidate)
        if not found or found[0].start != 0 or found[0].end <= len(head) + 1:
            break
        parts.append(candidate[: found[0].end])
        end = position + found[0].end - len(head) - 1
        separator = _LIST_SEPARATOR.match(text, end)
        if separator is None or not text[separator.end() : separator.end() + 1].isupper():
            break
        parts.append(separator.group(0))
        position = separator.end()
    if len(parts) % 2 == 0 and parts:  # a separator that no field followed
        parts.pop()
    etc = _ETC.match(text, end) if parts else None  # "Y tế… rà soát": the list's "etc." is no part of a name
    return "".join(parts), etc.end() if etc else end
