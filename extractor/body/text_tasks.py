"""Tasks assigned in the body text: list items and paragraphs that give work to an agency or set a deadline.

An item is a task when it assigns work — by its own clause ("… (Giao Sở Tư pháp chủ trì, thực hiện)."),
by opening with "Giao X …", by naming its agencies as the subject ("Các sở, ban, ngành … báo cáo …",
"Các đơn vị truyền thông: Báo …, Đài …: Tiếp tục …"), or by sitting under a heading that names the
agency ("2. UBND các huyện, thành phố", "a) Giao Sở Nội vụ", "10. Sở X hoàn thành … những nhiệm vụ sau
đây:") — or when it carries a dated deadline. Prose sections (purposes, requirements, principles,
legal bases), the preamble, conditions ("Trường hợp …") and pointers to the appendix assign nothing.
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel

from extractor.body.labelled import Record, is_field_line, item_title, labelled_records
from extractor.document.markers import strip_quotes
from extractor.document.paragraphs import Paragraph
from extractor.document.sections import Section, opens_list
from extractor.layout.model import Box
from extractor.tables.rows import RowCells, TableItem
from extractor.tables.tasks import item_task
from extractor.tagging.agencies import agency_kind, find_agencies
from extractor.tagging.assignment import (
    Assignment,
    AssignSettings,
    Role,
    assign,
    assignment_clause,
    assignment_of,
    subject_lead,
)
from extractor.tagging.deadlines import DeadlineSettings, find_deadline
from extractor.tagging.targets import TargetSettings, find_quantities, find_targets
from extractor.text import UPPER, clean, fold, squash
from extractor.vocab.agencies import registry
from schemas import Deadline, Task

# Folded section titles whose content describes rather than assigns.
_PROSE = re.compile(
    r"^(muc dich|yeu cau|can cu|co so phap ly|nguyen tac|quan diem|pham vi|doi tuong|tinh hinh|thuc trang|"
    r"ket qua thuc hien|danh gia|su can thiet|giai thich)\b"
)
_PROHIBITION = re.compile(r"\b(?:khong duoc|nghiem cam|cam)\b[^.:]*:$")
_CONDITION = re.compile(r"^(truong hop|neu)\b")
_CLOSING = re.compile(r"^tren day la\b")  # "Trên đây là Kế hoạch …; yêu cầu …": the closing formula
_APPENDIX_POINTER = re.compile(r"\bphu luc\s+(?:[ivx\d]+\s+)?(?:gui|dinh|kem)|\b(?:theo|tai)\s+phu luc\b")
# Words that introduce the addressees of a heading or a paragraph ("Giao Sở Nội vụ", "Trách nhiệm của …",
# "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" over the items it asks of them).
_ADDRESS = re.compile(
    r"^(?:giao|trach nhiem cua|nhiem vu cua|doi voi|phan cong cho|phan cong|tat ca|toan the|de nghi|khuyen khich)\s+"
)
_DIRECTIVE = re.compile(r"\b(?:yeu cau|giao|de nghi)\s+")
_ROLE_START = re.compile(r"^(?:chu tri|phoi hop)\b")
_ISSUER_ITSELF = re.compile(r"^(?:(?:chu tich|pho chu tich)\s+)?(?:uy ban nhan dan|ubnd)(?:\s+(?:tinh|thanh pho))?$")
# Between two names: separators, optionally after a short qualifier of the first ("cấp tỉnh,").
_QUALIFIED_SEPARATOR = re.compile(
    r"^(?P<words>[^,;:()]*?)\s*(?:[,;]|\bvà\b|\bcùng\b)[\s,;]*(?:(?:và|cùng)\s+)?$", re.IGNORECASE
)
_APPOSITION = re.compile(r"^[-–—]\s+[^.;]{1,80}$")  # "… - Cơ quan thường trực Ban Chỉ đạo"
_OF = re.compile(r"^\s*(?:thuoc|truc thuoc|cua|tai)\s*$")  # "… thuộc UBND tỉnh": one name, not two
_QUALIFIER_START = re.compile(r"^(?:thuoc|truc thuoc|co lien quan|lien quan|duoc giao|cap|cua|tren|dong|tai|o)\b")
_DIRECTING = re.compile(r"^(?:yeu cau|de nghi)\b")
_ROLE_WORD = re.compile(r"\b(?:chu tri|phoi hop|thuc hien|trien khai|theo doi|huong dan|tham muu|bao cao|giao)\b")
# Deadline kinds that make an item a task on their own: a date, or a fixed rhythm or "ngay" for the work.
_TIMED = {"date", "month", "quarter", "half_year", "year", "recurring", "immediate"}


class TextTaskSettings(BaseModel):
    """Limits on what reads as a subject or an agency heading; how assignment clauses count roles
    (`clause`: "Giao …" and role clauses; `partners`: a heading's agencies with the partners an item
    names); the deadline and target vocabularies."""

    max_qualifier_words: int = 5
    bare_group_words: int = 2
    max_address_words: int = 20
    clause: AssignSettings = AssignSettings(weak_is_lead=True)
    partners: AssignSettings = AssignSettings()
    deadlines: DeadlineSettings = DeadlineSettings()
    targets: TargetSettings = TargetSettings()


class _Context(BaseModel):
    """What a heading above an item gives it: the agencies it names and a deadline it sets."""

    names: list[str] = []
    deadline: Deadline = Deadline()


class _Unit(BaseModel):
    """One candidate item: its text, label, group chain, where it starts and the heading context; a
    labelled item carries the fields its labels gave (`cells`)."""

    text: str
    ref: str | None
    group: list[str]
    page: int
    box: Box
    context: _Context
    cells: RowCells | None = None


# ---------------------------------------------------------------- agencies around a sentence


class _Name(BaseModel):
    """An agency as printed at the head of a sentence or heading, with its registry kind."""

    printed: str
    kind: str


def _agency_run(text: str, settings: TextTaskSettings) -> tuple[list[_Name], int]:
    """Agency names at the very start of a heading or an introducing line, and where they end.

    A short qualifier between two names belongs to the first ("các cơ quan Trung ương đóng trên địa bàn
    tỉnh; UBND …"), and a name joined by "thuộc"/"của" to the next is one name ("Thủ trưởng các Sở, ban,
    ngành thuộc UBND tỉnh").
    """
    spans: list[tuple[int, int, str]] = []
    for mention in find_agencies(text[:600]):
        between = text[spans[-1][1] if spans else 0 : mention.start]
        if not spans:
            if between.strip(" -–+•"):
                break
            spans.append((mention.start, mention.end, mention.kind))
            continue
        start, end, kind = spans[-1]
        if _OF.match(fold(between)):
            spans[-1] = (start, mention.end, kind)
            continue
        qualifier = _QUALIFIED_SEPARATOR.match(between)
        words = qualifier["words"] if qualifier else ""
        if qualifier is None or len(words.split()) > settings.max_qualifier_words or _ROLE_WORD.search(fold(words)):
            break
        spans[-1] = (start, end + len(words), kind)
        spans.append((mention.start, mention.end, mention.kind))
    if not spans:
        return [], 0
    return [_Name(printed=squash(text[a:b]), kind=k) for a, b, k in spans], spans[-1][1]


def _opening_subject(text: str, settings: TextTaskSettings) -> list[_Name]:
    """The agencies an introducing sentence opens with, when something follows them ("Sở X hoàn thành
    … những nhiệm vụ sau đây:"), unless they direct others ("Sở X yêu cầu …")."""
    names, end = _agency_run(strip_quotes(text), settings)
    predicate = fold(strip_quotes(text)[end:]).lstrip(" ,")
    if not names or not predicate.strip(" .;:") or _DIRECTING.match(predicate):
        return []
    return names


def _directs(text: str, settings: TextTaskSettings) -> bool:
    """A sentence in which the plan's author directs others ("Sở X yêu cầu các phòng …", "Yêu cầu Thủ
    trưởng các cơ quan …"): the closing formula, not a task, unless it carries its own "(Giao …)"."""
    key = fold(strip_quotes(text))
    if assignment_clause(text) is not None:
        return False
    if _DIRECTING.match(key):
        return True
    names, end = _agency_run(strip_quotes(text), settings)
    return bool(names) and bool(_DIRECTING.match(fold(strip_quotes(text)[end:]).lstrip(" ,")))


def _only_agencies(text: str, settings: TextTaskSettings, addressed: bool = False) -> list[_Name]:
    """The agencies of a text that is nothing but agency names, separators and a qualifier of the last
    name ("… thuộc và trực thuộc Sở", or any short description of a group: "Các cơ sở đào tạo đại học,
    sau đại học") or the role it is named in, after a dash; after an address word ("Đối với …", "Giao …")
    any short description of the addressees counts as that qualifier."""
    names, end = _agency_run(text, settings)
    rest = text[end:].strip(" .,;:")
    if not names or not rest or _APPOSITION.match(rest):  # "Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo"
        return names
    key = fold(rest)
    limit = settings.max_address_words if addressed else settings.max_qualifier_words
    last = names[-1]  # a named kind of body takes a description ("Các doanh nghiệp công nghệ số"), a bare
    describes = _QUALIFIER_START.match(key) or (  # "Các ngành" does not ("Các ngành, lĩnh vực khác")
        last.kind == "collective" and len(last.printed.split()) > settings.bare_group_words
    )
    if len(rest.split()) > limit or not (addressed or (describes and not _ROLE_WORD.search(key))):
        return []
    names[-1].printed = squash(f"{names[-1].printed} {rest}")
    return names


def _heading_agencies(section: Section, settings: TextTaskSettings) -> list[str]:
    """Agencies a heading gives to what it heads: a heading that is only agency names ("UBND các huyện,
    thành phố", "Giao Sở Nội vụ", "Trách nhiệm của …") or an opening sentence with them as subject
    ("Sở X hoàn thành … những nhiệm vụ sau đây:", "Giao Sở X là cơ quan đầu mối, …; tổ chức thực hiện các
    nhiệm vụ sau:")."""
    title = re.sub(r"\s*\([^()]*\)", "", section.title).strip(" :.")
    address = _ADDRESS.match(fold(title))
    names = _only_agencies(title[address.end() :] if address else title, settings, addressed=bool(address))
    if not names and opens_list(section.text):
        opening = _ADDRESS.match(fold(section.text))
        names = _opening_subject(section.text[opening.end() :] if opening else section.text, settings)
    return [name.printed for name in names]


def _paragraph_agencies(paragraph: Paragraph, settings: TextTaskSettings) -> list[str]:
    """Agencies an introducing paragraph ("Tất cả các phòng, ban …:", "Giao Văn phòng Sở:") addresses."""
    text = strip_quotes(paragraph.text).rstrip(" :")
    address = _ADDRESS.match(fold(text))
    names = _only_agencies(text[address.end() :] if address else text, settings, addressed=bool(address))
    names = names or _opening_subject(text, settings)
    return [name.printed for name in names]


def _addressees(text: str, settings: TextTaskSettings) -> list[str]:
    """Whom a preamble's closing request addresses ("… yêu cầu Thủ trưởng các Sở, … thực hiện … sau đây:")."""
    match = _DIRECTIVE.search(fold(text))
    names, _ = _agency_run(text[match.end() :], settings) if match else ([], 0)
    return [name.printed for name in names]


# ---------------------------------------------------------------- one item


def _content(text: str) -> str:
    """An item's content: whitespace squashed, quotes around it and the closing "./." mark removed."""
    text = clean(strip_quotes(text)) or ""
    return re.sub(r"\s*\./\.$", ".", text)


def _own_assignment(content: str, context: list[str], settings: TextTaskSettings) -> Assignment:
    """Agencies the item names itself: its assignment clause ("(Giao …)", "(Sở X theo dõi …)", a leading
    "Giao X …") or its subject — unless that subject is the issuing body speaking of itself, or only a
    generic group ("các cơ quan, đơn vị") standing for the agencies the heading above names."""
    clause = assignment_clause(content)
    if clause is not None:
        found = assign(clause, settings=settings.clause)
        if found.lead or found.support:
            return found
    found = subject_lead(content)
    kinds = {agency_kind(name) for name in found.lead}
    if all(_ISSUER_ITSELF.match(fold(name)) for name in found.lead) or (context and kinds <= {"collective"}):
        return Assignment()
    return _with_partners(found, content, settings)


def _with_partners(found: Assignment, content: str, settings: TextTaskSettings) -> Assignment:
    """A subject that leads "X chủ trì, phối hợp với Y …": Y supports (read from the first clause), and
    so do the partners a later sentence names ("… Phối hợp chặt chẽ với Sở Z …")."""
    first = re.split(r";|\.\s", content, maxsplit=1)[0]
    clause = assign(first, settings=settings.clause)
    if clause.support and clause.lead == found.lead:
        found = clause
    return _with_later_partners(found, content, settings)


@cache
def _partner_cue() -> re.Pattern[str]:
    """ "phối hợp", a manner ("chặt chẽ") and "với"/"cùng", folded: what names the partners after it."""
    manner = "|".join(re.escape(fold(word)) for word in registry().verbs.support_manner)
    return re.compile(rf"\bphoi hop(?:\s+(?:{manner}))?(?:\s+voi|\s+cung)?\s+")


def _partners(text: str, settings: TextTaskSettings) -> list[str]:
    """Agencies named right after "phối hợp (chặt chẽ) (với)" in a text, read up to the end of that clause."""
    names: list[str] = []
    for cue in _partner_cue().finditer(fold(text)):
        clause = re.split(r";|\.\s", text[cue.start() :], maxsplit=1)[0]
        names += [name for name in assign(clause, settings=settings.partners).support if name not in names]
    return names


@cache
def _generic_kinds() -> frozenset[str]:
    return frozenset(fold(kind) for kind in registry().collectives.generic)


def _generic(name: str) -> bool:
    """A partner that names no body in particular ("các đơn vị có liên quan", "các cơ quan, đơn vị liên
    quan"): only generic kinds, with "các" and a closing "(có) liên quan"."""
    key = re.sub(r"^cac\s+|\s+(?:co\s+)?lien quan$", "", fold(name).strip())
    parts = [p.strip() for p in re.split(r",|\bva\b", key) if p.strip()]
    return bool(parts) and all(re.sub(r"^cac\s+", "", p) in _generic_kinds() for p in parts)


def _with_later_partners(found: Assignment, content: str, settings: TextTaskSettings) -> Assignment:
    """Partners named after "phối hợp (với)" anywhere in an item its lead does ("Chủ động xây dựng Kế
    hoạch … Phối hợp chặt chẽ với Sở X và các đơn vị liên quan …") coordinate it."""
    if not found.lead:
        return found
    known = {fold(name) for name in [*found.lead, *found.support]}
    partners = [name for name in _partners(content, settings) if fold(name) not in known]
    if not partners:
        return found
    pairs: list[tuple[str, Role]] = [(name, "lead") for name in found.lead]
    pairs += [(name, "support") for name in [*found.support, *partners]]
    return assignment_of(pairs)


def _context_assignment(content: str, names: list[str], settings: TextTaskSettings) -> Assignment:
    """The heading's agencies for an item that names none: they lead, or coordinate when the item
    opens with "Phối hợp (với) Y …" (then Y leads, unless only generic "các đơn vị có liên quan");
    "Chủ trì, phối hợp với Y …" and "phối hợp (với) Y" anywhere else in the item add Y as support."""
    joined = ", ".join(names)
    if fold(content).startswith("phoi hop"):
        first = _SENTENCE_START.split(content, maxsplit=1)[0]
        own = {fold(n) for n in names}
        named = [name for name in _partners(first, settings) if fold(name) not in own and not _generic(name)]
        if named:
            leads = ", ".join(named)
            return assign(f"{leads} chủ trì; {joined} phối hợp", settings=settings.partners)
        return assign(joined, default_role="support", settings=settings.partners)
    if _ROLE_START.match(fold(content)):
        first = re.split(r";|\.\s", content, maxsplit=1)[0]
        found = assign(f"{joined} {first[:1].lower()}{first[1:]}", settings=settings.clause)
    else:
        found = assign(f"{joined} thực hiện", settings=settings.clause)
    return _with_later_partners(found, content, settings)


def _addressed_item(content: str, settings: TextTaskSettings) -> tuple[list[str], str] | None:
    """An item that names its addressees before a colon ("Đối với các phòng … được phân công …: cần …"):
    those names and the work after the colon."""
    head, colon, work = content.partition(":")
    address = _ADDRESS.match(fold(head))
    if not colon or address is None or not work.strip():
        return None
    names = _only_agencies(head[address.end() :], settings, addressed=True)
    return ([name.printed for name in names], work.strip()) if names else None


_SENTENCE_START = re.compile(rf"(?<=\.)\s+(?=[{UPPER}])")


def _level_key(name: str) -> str:
    """A name folded so that the ways of writing one level compare equal: "UBND các huyện, thị xã, thành
    phố" and "UBND cấp huyện" → "ubnd cap huyen"."""
    key = re.sub(r"^cac\s+", "", fold(name).split(",")[0].strip())
    return re.sub(r"\bcac\s+(?=(?:tinh|huyen|xa|phuong)\b)", "cap ", key)


def _with_later_subjects(found: Assignment, content: str) -> Assignment:
    """Agencies that open a later sentence of the item lead that part of the work too ("… Sở Tư pháp, Văn
    phòng UBND tỉnh kiểm soát chặt chẽ …"); the issuing body speaking of itself does not."""
    if not (found.lead or found.support):
        return found
    lead = list(found.lead)
    for sentence in _SENTENCE_START.split(content)[1:]:
        for name in subject_lead(sentence).lead:
            known = [_level_key(n) for n in [*lead, *found.support]]
            key = _level_key(name)
            if not any(key.endswith(k) or k.endswith(key) for k in known) and not _ISSUER_ITSELF.match(fold(name)):
                lead.append(name)
    return found.model_copy(update={"lead": lead})


def _record_task(unit: _Unit, cells: RowCells, plan_year: int | None, settings: TextTaskSettings) -> Task:
    """The task of a labelled item, read as a table row; the heading's agencies when it names none."""
    cells = cells.model_copy(update={"content": _content(cells.content)})
    item = TableItem(ref=unit.ref, group=unit.group, cells=cells, page=unit.page, box=unit.box)
    task = item_task(item, plan_year, origin="text")
    if not (task.lead or task.support) and unit.context.names:
        found = _context_assignment(task.content, unit.context.names, settings)
        task = task.model_copy(update={"lead": found.lead, "support": found.support})
    if task.deadline.kind == "none":
        task = task.model_copy(update={"deadline": unit.context.deadline})
    return task


def _task(unit: _Unit, plan_year: int | None, settings: TextTaskSettings) -> Task | None:
    if unit.cells is not None:
        return _record_task(unit, unit.cells, plan_year, settings)
    content = _content(unit.text)
    key = fold(content)
    if not content or _CONDITION.match(key) or _CLOSING.match(key):
        return None
    if _directs(content, settings):
        return None
    addressed = _addressed_item(content, settings)
    if addressed is not None:
        found = _context_assignment(addressed[1], addressed[0], settings)
    else:
        found = _own_assignment(content, unit.context.names, settings)
    deadline = find_deadline(content, plan_year, settings.deadlines)
    if not (found.lead or found.support):
        if unit.context.names:
            found = _context_assignment(content, unit.context.names, settings)
        elif deadline.kind not in _TIMED or _APPENDIX_POINTER.search(key):
            return None
    found = _with_later_subjects(found, content)
    if deadline.kind == "none":
        deadline = unit.context.deadline
    return Task(
        ref=unit.ref,
        group=unit.group,
        origin="text",
        content=content,
        lead=found.lead,
        support=found.support,
        deadline=deadline,
        targets=find_targets(content, plan_year, settings.targets),
        page=unit.page,
        quantities=find_quantities(content, plan_year, settings.targets),
        bbox=unit.box,
    )


# ---------------------------------------------------------------- walking the sections


def _units(sections: list[Section], plan_year: int | None, settings: TextTaskSettings) -> list[_Unit]:
    """Candidate items of every section outside the preamble and the prose sections, in order."""
    by_index = {section.index: section for section in sections}
    children: dict[int, list[Section]] = {}
    for section in sections:
        if section.parent is not None:
            children.setdefault(section.parent, []).append(section)
    contexts: dict[int, _Context] = {}
    prose: set[int] = set()
    read: set[int] = set()  # sections read as part of a labelled item above them
    units: list[_Unit] = []
    for section in sections:
        if section.parent in read:
            read.add(section.index)
            continue
        parent = by_index.get(section.parent) if section.parent is not None else None
        inherited = contexts.get(parent.index, _Context()) if parent else _Context()
        if section.kind == "preamble":
            last = next((p for p in reversed(section.paragraphs) if p.text.rstrip().endswith(":")), None)
            contexts[section.index] = _Context(names=_addressees(last.text, settings) if last else [])
            continue
        if (parent is not None and parent.index in prose) or _PROSE.match(fold(section.title)):
            prose.add(section.index)
            continue
        own = _heading_agencies(section, settings) if section.kind == "numbered" else []
        opening = opens_list(section.text)
        heading_deadline = find_deadline(section.text, plan_year, settings.deadlines) if opening else Deadline()
        context = _Context(
            names=own or inherited.names,
            deadline=heading_deadline if heading_deadline.kind != "none" else inherited.deadline,
        )
        contexts[section.index] = context
        records = labelled_records(section, children.get(section.index, [])) if section.kind == "numbered" else None
        if records is not None:  # a labelled item (none when its labels name no work: "Thời gian: …")
            read.add(section.index)
            units += _record_units(section, records, _group(section, by_index), context)
            continue
        units += _section_units(
            section, children.get(section.index, []), _group(section, by_index), inherited, context, bool(own), settings
        )
    return units


def _record_units(section: Section, records: list[Record], group: list[str], context: _Context) -> list[_Unit]:
    """A labelled item's records: one task with the item's label, or one per labelled block (no label,
    the item's title in their group)."""
    if len(records) == 1:
        ref, group = section.label, group[:-1]
    else:
        ref, group = None, [*group[:-1], item_title(section)]
    return [
        _Unit(text=r.cells.content, ref=ref, group=group, page=r.page, box=r.box, context=context, cells=r.cells)
        for r in records
    ]


def _group(section: Section, by_index: dict[int, Section]) -> list[str]:
    """Titles of the section and its ancestors, outermost first (the preamble has none)."""
    chain: list[str] = []
    current: Section | None = section
    while current is not None:
        if current.kind != "preamble" and current.title:
            chain.append(current.title)
        current = by_index.get(current.parent) if current.parent is not None else None
    return list(reversed(chain))


def _section_units(
    section: Section,
    children: list[Section],
    group: list[str],
    inherited: _Context,
    context: _Context,
    named: bool,
    settings: TextTaskSettings,
) -> list[_Unit]:
    """A leaf item is one unit (its own text, or the single paragraph under an agency-name heading);
    otherwise each paragraph it owns is a unit, introducing paragraphs ending in ":" giving context.
    Unmarked paragraphs under an agency-name heading (`named`) are that item's work: its label, and
    the groups above it."""
    outer = group[:-1] if section.kind == "numbered" else group
    ref = section.label
    if not children and not section.paragraphs and section.kind == "numbered":
        return [_Unit(text=section.text, ref=ref, group=outer, page=section.page, box=section.box, context=inherited)]
    if (
        not children
        and len(section.paragraphs) == 1
        and section.paragraphs[0].marker is None
        and section.kind == "numbered"
    ):
        only = section.paragraphs[0]
        return [_Unit(text=only.text, ref=ref, group=outer, page=only.page, box=only.box, context=context)]
    if not children and section.kind == "numbered" and _lists_prohibitions(section):
        listed = " ".join(f"{p.marker} {p.text}" if p.marker else p.text for p in section.paragraphs)
        return [
            _Unit(
                text=f"{section.text} {listed}",
                ref=ref,
                group=outer,
                page=section.page,
                box=section.box,
                context=inherited,
            )
        ]
    units: list[_Unit] = []
    local = context
    bullet_context: _Context | None = None
    for paragraph in section.paragraphs:
        if paragraph.text.rstrip().endswith(":"):  # an introducing line, not an item
            names = _paragraph_agencies(paragraph, settings)
            introduced = _Context(names=names or context.names, deadline=context.deadline)
            if paragraph.marker in (None, "-"):
                bullet_context = introduced if paragraph.marker == "-" else None
                local = introduced if paragraph.marker is None else local
            continue
        if is_field_line(paragraph.text):  # "Thời gian thực hiện: Quý IV năm 2025" is no task of its own
            continue
        if paragraph.marker != "+":
            bullet_context = None
        current = bullet_context if paragraph.marker == "+" and bullet_context else local
        own_work = named and paragraph.marker is None and not children
        units.append(
            _Unit(
                text=paragraph.text,
                ref=ref if own_work else None,
                group=outer if own_work else group,
                page=paragraph.page,
                box=paragraph.box,
                context=current,
            )
        )
    return units


def _lists_prohibitions(section: Section) -> bool:
    """An item that introduces a list of what must not be done ("… không được thực hiện các hành vi
    sau:"): the bullets are part of that one item, not tasks of their own."""
    return (
        bool(section.paragraphs)
        and all(p.marker for p in section.paragraphs)
        and bool(_PROHIBITION.search(fold(section.text)))
    )


def find_text_tasks(
    sections: list[Section], plan_year: int | None, settings: TextTaskSettings | None = None
) -> list[Task]:
    """Text tasks of the body, in reading order of the sections."""
    settings = settings or TextTaskSettings()
    tasks = [_task(unit, plan_year, settings) for unit in _units(sections, plan_year, settings)]
    return [task for task in tasks if task is not None]
