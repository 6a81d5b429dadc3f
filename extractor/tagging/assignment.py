"""Roles of agencies from the words around them: who leads (chủ trì) and who coordinates (phối hợp).

An assignment text (a table cell, a "(Giao …)" clause) is cut into bullets, sentences and ";"
clauses; each clause is "AGENCIES VERB …", and the first role word after the agencies gives their
role (vocab/agencies.toml [verbs]): chủ trì → lead; phối hợp → support; thực hiện / triển khai →
lead, but support in a cell that names a chủ trì elsewhere; monitoring words (theo dõi, hướng dẫn,
đôn đốc …) → lead when nobody else leads, else support (in "Giao …" clauses: lead). Agencies after
"phối hợp (với)" are support (lead when "chủ trì" follows them); agencies after any other verb are
its objects ("báo cáo UBND tỉnh") and get no role. A role word right after "được giao" belongs to
the name ("Các sở, ban, ngành được giao chủ trì soạn thảo văn bản") unless nothing but "thực hiện"
follows it. Names are cut only where a new agency follows a separator, so "Sở Văn hóa, Thể thao và
Du lịch" and "Các sở, ban, ngành" stay whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal

from pydantic import BaseModel, Field

from extractor.tagging.agencies import (
    AgencyMention,
    expand_shared_heads,
    find_agencies,
    item_starts,
    name_end,
    separated,
    starts_agency,
    trim_item,
)
from extractor.text import UPPER, clean, match_text, nfc
from extractor.vocab.agencies import registry
from schemas import Role

_ClauseRole = Literal["lead", "perform", "support", "weak", "none"]
_BULLET = re.compile(r"(?:^|\n|(?<=[.;:])\s)\s*[-–+•*]\s+")
_SENTENCE_END = re.compile(rf"\.\s+(?=[{UPPER}])")
_JOINING = re.compile(r"(?:[\s,;.:()\-–]|\b(?:và|cùng|hoặc|với)\b)+", re.IGNORECASE)  # between two list items
_AGENCY_OPENERS = r"(?:trung tâm|văn phòng|sở|ban|phòng|bộ phận|ủy ban|ubnd|cục|chi cục|thanh tra|công an)"


class AssignSettings(BaseModel):
    """How role words count in one kind of assignment text.

    `weak_is_lead`: monitoring words lead even beside an explicit lead, and "thực hiện" always leads
    (body "Giao …" clauses, cells of a column headed "chủ trì"). `role_column`: the column itself
    names the role, so only chủ trì / phối hợp and parentheses cut a name; other verbs are part of it
    ("Các cơ quan được giao thực hiện theo Kế hoạch tuyên truyền"). `descriptive`: words before a role
    word that make it part of the name. `object_stops`: words that end a list of agencies after
    "phối hợp với". `predicate_words`: words that start what the agencies do, so they end a name
    ("các cơ quan, đơn vị nghiêm túc thực hiện", "UBND cấp xã không để …").
    """

    weak_is_lead: bool = False
    role_column: bool = False
    descriptive: list[str] = ["được giao", "được phân công", "có thẩm quyền", "được"]
    object_stops: list[str] = ["để", "nhằm", "trong", "về", "theo", "tại", "đối với", "khi", "trước", "cho"]
    predicate_words: list[str] = Field(default_factory=lambda: list(registry().verbs.predicate))


_DEFAULT = AssignSettings()


class Assignment(BaseModel):
    """Agencies of one task by role, as printed (as the gold writes them); the enrich step names them
    canonically."""

    lead: list[str] = []
    support: list[str] = []


@dataclass
class _Clause:
    names: list[str]
    role: _ClauseRole
    segment: int
    support_objects: list[str] = field(default_factory=list)
    lead_objects: list[str] = field(default_factory=list)


@dataclass
class _Piece:
    """One clause of squashed text with its lower-case matching form and the agencies in it."""

    text: str
    key: str
    mentions: list[AgencyMention]

    @classmethod
    def of(cls, text: str) -> _Piece:
        squashed = clean(text) or ""
        key = match_text(squashed).text.lower()
        if len(key) != len(squashed):  # cannot happen for squashed NFC text; keep offsets honest anyway
            key = squashed.lower()
        return cls(text=squashed, key=key, mentions=find_agencies(squashed))

    def inside_mention(self, position: int) -> bool:
        return any(m.start <= position < m.end for m in self.mentions)

    def mention_at(self, position: int) -> AgencyMention | None:
        return next((m for m in self.mentions if m.start == position), None)


@cache
def _verb_pattern() -> re.Pattern[str]:
    words = [re.escape(match_text(v).text.lower()).replace(r"\ ", r"\s+") for v in registry().verbs.all()]
    return re.compile(rf"(?<!\w)(?P<verb>{'|'.join(words)})(?!\w)|(?P<paren>\()")


@cache
def _role_table() -> dict[str, _ClauseRole]:
    verbs = registry().verbs
    table: dict[str, _ClauseRole] = {}
    for role, words in (
        ("lead", verbs.lead),
        ("perform", verbs.perform),
        ("support", verbs.support),
        ("weak", verbs.weak),
    ):
        table.update({match_text(w).text.lower(): role for w in words})  # type: ignore[misc]
    return table


def _role_of(verb: str) -> _ClauseRole:
    return _role_table().get(" ".join(verb.split()), "weak")


@cache
def _label_pattern() -> re.Pattern[str]:
    """A role label opening a clause: "Đơn vị chủ trì:", "Cơ quan phối hợp:", "Đơn vị thực hiện:"."""
    verbs = "|".join(re.escape(v) for v in ("chủ trì", "phối hợp", "thực hiện"))
    return re.compile(rf"^\s*(?:(?:đơn vị|cơ quan|bộ phận)\s+)?(?P<verb>{verbs})(?:\s+thực hiện)?\s*:\s*")


def _paren_role(piece: _Piece, position: int) -> _ClauseRole | None:
    """The role a parenthesis right after names gives them ("(chủ trì, theo dõi)"), if it opens with one."""
    match = _verb_pattern().match(piece.key, position + 1)
    if match is None:
        inner = re.match(r"\s*", piece.key[position + 1 :])
        match = _verb_pattern().match(piece.key, position + 1 + (inner.end() if inner else 0))
    return _role_of(match["verb"]) if match and match["verb"] else None


def _cue(piece: _Piece, start: int, settings: AssignSettings) -> tuple[int, int, _ClauseRole] | None:
    """(start, end, role) of the role word that ends the names of a clause, if any."""
    for match in _verb_pattern().finditer(piece.key, start):
        if piece.inside_mention(match.start()):
            continue
        if match["paren"]:
            role = _paren_role(piece, match.start())
            if role is None:
                continue
            close = piece.key.find(")", match.start())
            return match.start(), close + 1 if close >= 0 else len(piece.key), role
        role = _role_of(match["verb"])
        if settings.role_column and role not in ("lead", "support"):
            continue
        before = piece.key[start : match.start()].rstrip()
        if any(before.endswith(word) for word in settings.descriptive):
            after = piece.key[match.end() :].strip(" .;,")
            ends_clause = not after or after.startswith(("thực hiện", "("))
            if role != "lead" or not ends_clause:
                continue
        return match.start(), match.end(), role
    return None


def _items(piece: _Piece, start: int, end: int, stops: re.Pattern[str]) -> list[str]:
    """Agency items in [start, end): each runs to the next item or to the first of `stops` after its
    agency name. A name followed by what it does ends the list: names after that predicate are what it
    acts on ("Văn phòng UBND tỉnh theo dõi và báo cáo UBND tỉnh, Văn phòng Chính phủ")."""
    starts = item_starts(piece.text, piece.mentions, start, end)
    out: list[str] = []
    for first, stop in zip(starts, [*starts[1:], end], strict=True):
        if hit := stops.search(piece.key, _mention_end(piece, first), stop):
            stop = hit.start()
        predicate = False
        if mention := piece.mention_at(first):
            named_end = name_end(piece.text, piece.key, mention, stop)
            predicate = bool(_JOINING.sub("", piece.text[named_end:stop]))
            stop = named_end
        if item := trim_item(piece.text[first:stop]):
            out.append(item)
        if predicate:
            break
    return out


def _mention_end(piece: _Piece, start: int) -> int:
    mention = piece.mention_at(start)
    return mention.end if mention else start


@lru_cache(maxsize=64)
def _stops(words: tuple[str, ...], kept_after: tuple[str, ...] = ()) -> re.Pattern[str]:
    """Words (and ";", ".", ":" or a parenthesis not opening with an agency) where a name ends; none of
    the words ends it right after one of `kept_after` ("đơn vị được phân công thực hiện …" is one name)."""
    alternatives = "|".join(re.escape(match_text(w).text.lower()).replace(r"\ ", r"\s+") for w in words)
    guard = "".join(rf"(?<!{re.escape(match_text(w).text.lower())} )" for w in kept_after)
    return re.compile(rf"(?<=\s){guard}(?:{alternatives})(?!\w)|[;.:]|\((?!\s*{_AGENCY_OPENERS})")


def _name_stops(settings: AssignSettings) -> re.Pattern[str]:
    return _stops(tuple(settings.predicate_words))


def _object_stops(settings: AssignSettings) -> re.Pattern[str]:
    words = (*registry().verbs.all(), *settings.object_stops, *settings.predicate_words)
    return _stops(words, tuple(settings.descriptive))


@cache
def _objects_lead_in() -> re.Pattern[str]:
    """What may stand between "phối hợp" and its partners: a manner ("chặt chẽ"), "với"/"cùng", "các đơn vị:"."""
    words = registry().verbs.support_manner
    manner = "|".join(re.escape(match_text(w).text.lower()).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"\s*(?:(?:{manner})\s+)?(?:với\s+|cùng\s+)?(?:các\s+đơn\s+vị:\s*)?")


def _objects(piece: _Piece, start: int, settings: AssignSettings) -> tuple[list[str], int]:
    """Agencies listed right after "phối hợp (chặt chẽ) (với)" at `start`, and where the list ends."""
    lead_in = _objects_lead_in().match(piece.key[start:])
    begin = start + (lead_in.end() if lead_in else 0)
    first = piece.mention_at(begin)
    if first is None:
        return [], start
    stops = _object_stops(settings)
    end = begin
    for mention in (m for m in piece.mentions if m.start >= begin):
        if mention.start != begin and (
            stops.search(piece.key, end, mention.start) or not separated(piece.text[end : mention.start])
        ):
            break
        end = mention.end
    hit = stops.search(piece.key, end)
    end = hit.start() if hit else len(piece.key)
    return _items(piece, begin, end, stops), end


def _label(piece: _Piece, start: int) -> tuple[int, _ClauseRole | None]:
    """Where the names of a clause start (after "Giao" and a role label) and the label's role, if any."""
    giao = re.match(r"\s*giao\s+", piece.key[start:])
    start += giao.end() if giao else 0
    label = _label_pattern().match(piece.key[start:])
    if label is None:
        return start, None
    return start + label.end(), _role_of(label["verb"])


def _subject_items(piece: _Piece, start: int, end: int, settings: AssignSettings) -> list[str]:
    """The agencies a clause opens with (its subject); none when other words come first ("Công chức cử
    làm việc tại Trung tâm …" names where people work, not who does the task)."""
    opening = re.match(r"[\s\-–+•*(]*", piece.text[start:end])
    first = start + (opening.end() if opening else 0)
    if not any(m.start == first for m in piece.mentions):
        return []
    return _items(piece, first, end, _name_stops(settings))


def _clause(
    piece: _Piece, start: int, segment: int, settings: AssignSettings, inherited: _ClauseRole | None = None
) -> list[_Clause]:
    """The clause(s) of a piece from `start`: names, role, and agencies named after its verb. A role
    label ("Đơn vị chủ trì:"), or one heading the bullets above (`inherited`), outranks the verb."""
    start, labelled = _label(piece, start)
    labelled = labelled or inherited
    cue = _cue(piece, start, settings)
    if cue is None:
        return [
            _Clause(
                names=_subject_items(piece, start, len(piece.key), settings), role=labelled or "none", segment=segment
            )
        ]
    cue_start, cue_end, role = cue
    clause = _Clause(names=_subject_items(piece, start, cue_start, settings), role=labelled or role, segment=segment)
    objects: list[str] = []
    rest_start = cue_end
    cooperate = role == "support" and not piece.key[cue_start:cue_end].startswith("(")
    if not cooperate:
        found = re.compile(r"(?<!\w)phối\s+hợp(?!\w)").search(piece.key, cue_end)
        if found and not piece.inside_mention(found.start()) and ";" not in piece.key[cue_end : found.start()]:
            cooperate, rest_start = True, found.end()
    if cooperate:
        objects, objects_end = _objects(piece, rest_start, settings)
        rest_start = objects_end if objects else cue_end
        if role == "support" and re.search(r"(?<!\w)chủ\s+trì(?!\w)", piece.key[rest_start:]):
            clause.role = "lead"
            clause.lead_objects = objects
        else:
            clause.support_objects = objects
    performer = re.compile(r"(?<!\w)(?:thực hiện|triển khai)\s+của\s+").search(piece.key, cue_end)
    if performer and piece.mention_at(performer.end()):
        clause.lead_objects += _items(piece, performer.end(), len(piece.key), _object_stops(settings))
    second = _second_subject(piece, rest_start, objects, segment, settings)
    return [clause, *second]


def _second_subject(
    piece: _Piece, start: int, objects: list[str], segment: int, settings: AssignSettings
) -> list[_Clause]:
    """A second "AGENCIES VERB" after a comma in the same clause ("X chủ trì theo dõi, các cơ quan …
    phối hợp thực hiện"); agencies listed after "phối hợp với" are objects, not a new subject."""
    for mention in piece.mentions:
        if mention.start < start or mention.printed in objects:
            continue
        if not re.search(r",\s*$", piece.text[: mention.start]):
            continue
        tail = _clause(piece, mention.start, segment, settings)
        if tail[0].names and tail[0].role != "none":
            return tail
    return []


def _segments(text: str) -> list[str]:
    """Bullets and sentences of an assignment text."""
    parts = [p for p in _BULLET.split(nfc(text)) if p.strip()]
    return [s for p in parts for s in _SENTENCE_END.split(clean(p) or "") if s.strip()]


def _pieces(segment: str) -> list[str]:
    """A segment cut at the semicolons outside parentheses."""
    pieces: list[str] = []
    current: list[str] = []
    depth = 0
    for char in segment:
        depth += (char == "(") - (char == ")" and depth > 0)
        if char == ";" and not depth:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return [p for p in pieces if p.strip()]


def _clauses(text: str, settings: AssignSettings) -> list[_Clause]:
    """Clauses of every bullet, sentence and ";" piece; a label standing alone ("Đơn vị thực hiện:")
    gives its role to the bullets after it."""
    clauses: list[_Clause] = []
    inherited: _ClauseRole | None = None
    for index, segment in enumerate(_segments(text)):
        segment_label: _ClauseRole | None = None  # "Đơn vị phối hợp: A; B": the label covers B too
        for text_piece in _pieces(segment):
            piece = _Piece.of(text_piece)
            names_start, labelled = _label(piece, 0)
            if labelled and not piece.key[names_start:].strip(" .:;,"):
                inherited = labelled
                continue
            segment_label = labelled or segment_label
            clauses += _clause(piece, 0, index, settings, segment_label or inherited)
    return clauses


def _resolve(clauses: list[_Clause], default_role: Role, settings: AssignSettings) -> list[tuple[str, Role]]:
    """Each name's role: verbless list parts take the next verb's role in their segment, then the
    cell-wide rules (an explicit chủ trì makes other performers support; monitoring words support)."""
    for position, clause in enumerate(clauses):
        if clause.role == "none":
            nxt = next((c for c in clauses[position + 1 :] if c.segment == clause.segment and c.role != "none"), None)
            if nxt is not None:
                clause.role = nxt.role
    explicit = any(c.role == "lead" for c in clauses)
    has_lead = explicit or any(c.role == "perform" for c in clauses)
    first_role = clauses[0].role if clauses else "none"
    out: list[tuple[str, Role]] = []
    for position, clause in enumerate(clauses):
        role: Role
        if clause.role == "lead" or clause.role == "support":
            role = clause.role
        elif clause.role == "perform":
            role = "support" if explicit and not (settings.weak_is_lead or settings.role_column) else "lead"
        elif settings.weak_is_lead or default_role == "support":
            role = default_role if clause.role == "none" else ("lead" if settings.weak_is_lead else "support")
        elif clause.role == "weak":
            role = "support" if has_lead or position > 0 else "lead"
        else:  # a bare list in a lead or performer cell
            role = "lead" if has_lead or position == 0 or first_role == "none" else "support"
        out += [(name, role) for name in clause.names]
        out += [(name, "lead") for name in clause.lead_objects]
        out += [(name, "support") for name in clause.support_objects]
    return out


def assign(text: str | None, settings: AssignSettings | None = None, default_role: Role = "lead") -> Assignment:
    """Lead and support agencies of an assignment text (a table cell or a "Giao …" clause).

    `default_role` is the role of agencies no role word attaches to: "lead" for a "chủ trì" or
    "thực hiện" column, "support" for a "phối hợp" column.
    """
    settings = settings or _DEFAULT
    if not text or not text.strip():
        return Assignment()
    return assignment_of(_resolve(_clauses(text, settings), default_role, settings))


def assignment_of(pairs: list[tuple[str, Role]]) -> Assignment:
    """Agencies given with their roles, each once (a lead is not also support)."""
    result = Assignment()
    for name, role in pairs:
        bucket = result.lead if role == "lead" else result.support
        if name not in bucket and name not in result.lead:
            bucket.append(name)
    return result


_OPENER = re.compile(r"^(?:riêng|còn|đặc biệt là|khuyến khích)\s+", re.IGNORECASE)
_TOPIC = re.compile(r"^đối với\b", re.IGNORECASE)
_TOPIC_CHARS = 200
_LEAD_IN = re.compile(
    r"^(?:(?:trên cơ sở|căn cứ|để|nhằm|theo đó|đồng thời)\b[^,:;]{0,80},|[^:;()]{1,60}:)\s*", re.IGNORECASE
)


def _subject_start(text: str) -> str:
    """The sentence from where its subject may begin: after a lead-in ("Căn cứ …,", "Chế độ báo cáo:"),
    an opener ("Riêng …") or a topic ("Đối với thủ tục hành chính nội bộ, các Sở …") that ends
    right before agencies."""
    opener = _OPENER.match(text)
    if opener and starts_agency(text[opener.end() :]):
        return text[opener.end() :]
    if _TOPIC.match(text):
        for comma in re.finditer(",", text[:_TOPIC_CHARS]):
            rest = text[comma.end() :].lstrip()
            if starts_agency(rest):
                return rest
    lead_in = _LEAD_IN.match(text)
    if (
        lead_in
        and starts_agency(text[lead_in.end() :])
        and (lead_in.group(0).rstrip().endswith(":") or not find_agencies(lead_in.group(0)))
    ):
        return text[lead_in.end() :]
    return text


def subject_lead(sentence: str, max_name_words: int = 16) -> Assignment:
    """The agencies a sentence opens with when they are its subject ("Các cơ quan, đơn vị, địa phương
    thực hiện …", "Chế độ báo cáo: Các sở, ban, ngành; UBND các huyện báo cáo …"), as leads; empty
    when the sentence does not open with agencies followed by what they do."""
    text = _subject_start(expand_shared_heads(clean(sentence) or ""))
    if not starts_agency(text):
        return Assignment()
    names: list[str] = []
    for piece in _pieces(_segments(text)[0]):
        clause = _clause(_Piece.of(piece), 0, 0, _DEFAULT)[0]
        if not clause.names:
            return Assignment()
        names += clause.names
        if clause.role != "none" or len(" ".join(piece.split())) > len(", ".join(clause.names)) + 3:
            break  # a role word, or words after the names that say what they do
    else:
        return Assignment()
    if any(len(name.split()) > max_name_words for name in names):  # a phrase taken for a name
        return Assignment()
    return assignment_of([(name, "lead") for name in names])


def assignment_clause(sentence: str) -> str | None:
    """The assignment part of a body sentence: a trailing "(Giao …)" or "(AGENCY … role word …)",
    a leading "Giao AGENCY …" up to its colon (or the first ";" / end when it has none), or a later
    "; giao AGENCY …" clause to the end."""
    text = clean(sentence)
    if not text:
        return None
    trailing = _trailing_parenthesis(text)
    if trailing is not None:
        inner = trailing.strip()
        key = match_text(inner).text.lower()
        if key.startswith("giao ") and starts_agency(inner):
            return inner
        assigns = _cue(_Piece.of(inner), 0, _DEFAULT) or re.search(r"(?<!\w)giao(?!\w)", key)
        if assigns and starts_agency(inner):
            return inner
    if re.match(r"giao\s", text, re.IGNORECASE) and starts_agency(text):
        colon = text.find(":")
        end = colon if colon > 0 else len(text)
        semicolon = text.find(";")
        if colon < 0 and semicolon > 0:
            end = semicolon
        return text[:end].rstrip(" .;") or None
    later = re.search(r"[;.]\s+(?=giao\s)", text, re.IGNORECASE)  # "…; giao Sở Tài chính chủ trì, …"
    if later and starts_agency(text[later.end() :]):
        return text[later.end() :].rstrip(" .;") or None
    return None


def _trailing_parenthesis(text: str) -> str | None:
    """The text of a parenthesis that ends a sentence ("… thực hiện (Giao Sở Tư pháp chủ trì)."), nested
    parentheses inside it kept."""
    body = text.rstrip(" .;,")
    if not body.endswith(")"):
        return None
    depth = 0
    for index in range(len(body) - 1, -1, -1):
        depth += (body[index] == ")") - (body[index] == "(")
        if depth == 0:
            return body[index + 1 : -1]
    return None
