"""Flag rules: pure functions that say what in a plan a clerk should look at, and why.

Task flags: no lead where the plan assigns agencies, an agency the registry does not know, a
deadline whose text did not parse, a body abolished or merged before the plan's date
(extractor/tagging/lineage.py) or written "A (nay là B)".
Document flags: implausible metadata (number pattern, missing or future date, unknown issuer),
tables the extractor refused, pages without a text layer, a probable duplicate of a stored
document, corrections whose task is gone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from extractor.tagging.agencies import known_agency
from extractor.tagging.canonical import canonical_agency
from extractor.tagging.lineage import current_agency, now_named
from schemas import Plan, Task
from schemas.review import Correction, Flag, Overlap

# "56/KH-UBND", "14/2025/QĐ-UBND", "123a/KH-SXD", "06/CT-UBND": a number, an optional year, a symbol.
NUMBER_PATTERN = re.compile(r"^\d+[a-z]?(?:/\d{4})?/[A-ZĐ][A-ZĐ0-9&]*(?:[-.][A-ZĐ0-9&]+)*$")
# A plan is a probable duplicate of a stored one when at least this share of its tasks are the other's.
DUPLICATE_SHARE = 0.6
_REFUSED_TABLE = re.compile(r"\btable not read\b")
# a page with nothing read ("no text layer"), one the reader could not read ("scanned page not read: …", "text
# layer is not Vietnamese (…) not read: …") or read by OCR with little confidence (extractor/read/pdf_pages.py)
_NO_TEXT_PAGE = re.compile(r"\bno text\b|\bnot read: |\blow OCR confidence\b")


def _names(task: Task) -> list[str]:
    return [*task.lead, *task.support]


def task_flags(plan: Plan) -> list[Flag]:
    """Flags of each keyed task of the plan."""
    assigns = any(_names(task) for task in plan.tasks)
    province, issued = plan.document.province, plan.document.issued_on
    flags: list[Flag] = []
    for task in plan.tasks:
        key = task.key
        if assigns and not task.lead:
            flags.append(Flag(code="no_lead", task_key=key))
        for name in dict.fromkeys(_names(task)):
            if not known_agency(name):
                flags.append(Flag(code="unknown_agency", task_key=key, detail=name))
            printed, successor = now_named(name)
            if successor is not None:
                flags.append(Flag(code="renamed_agency", task_key=key, detail=name))
            now = current_agency(canonical_agency(printed, province))
            if issued and now.changed and now.effective and issued >= now.effective:
                detail = f"{name} → {now.name} ({now.effective.isoformat()})"
                flags.append(Flag(code="abolished_agency", task_key=key, detail=detail))
        if task.deadline.text and task.deadline.kind == "none":
            flags.append(Flag(code="deadline_unparsed", task_key=key, detail=task.deadline.text))
    return flags


def document_flags(plan: Plan, today: dt.date) -> list[Flag]:
    """Flags of the document's metadata and of the extractor's warnings."""
    document = plan.document
    flags: list[Flag] = []
    if document.number is None:
        flags.append(Flag(code="no_number"))
    elif not NUMBER_PATTERN.match(document.number):
        flags.append(Flag(code="bad_number", detail=document.number))
    if document.issued_on is None:
        flags.append(Flag(code="no_date"))
    elif document.issued_on > today:
        flags.append(Flag(code="future_date", detail=document.issued_on.isoformat()))
    if document.issuer is None or not known_agency(document.issuer):
        flags.append(Flag(code="unknown_issuer", detail=document.issuer or ""))
    for warning in plan.warnings:
        if _REFUSED_TABLE.search(warning):
            flags.append(Flag(code="refused_table", detail=warning))
        elif _NO_TEXT_PAGE.search(warning):
            flags.append(Flag(code="low_text_page", detail=warning))
    return flags


def duplicate_flags(plan: Plan, overlaps: Iterable[Overlap]) -> list[Flag]:
    """A flag for each stored document holding most of this plan's tasks."""
    total = len(plan.tasks)
    return [
        Flag(code="duplicate_document", detail=f"{overlap.label} ({overlap.shared}/{total})")
        for overlap in overlaps
        if total and overlap.shared >= DUPLICATE_SHARE * total
    ]


def orphan_flags(orphaned: Sequence[Correction]) -> list[Flag]:
    """A document flag for each correction whose task is no longer in the plan."""
    return [
        Flag(code="orphaned_correction", detail=f"#{c.id} {c.field} of {c.task_key}: {c.new_value!r}") for c in orphaned
    ]


def plan_flags(
    plan: Plan, today: dt.date, overlaps: Iterable[Overlap] = (), orphaned: Sequence[Correction] = ()
) -> list[Flag]:
    """Every flag of a corrected, keyed plan."""
    return [
        *document_flags(plan, today),
        *duplicate_flags(plan, overlaps),
        *orphan_flags(orphaned),
        *task_flags(plan),
    ]
