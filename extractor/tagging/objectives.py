"""Quantified objectives: every target a plan sets, as a record researchers can compare across plans.

Two places hold them: the items of the plan's objective sections (headings naming "mục tiêu" or
"chỉ tiêu", and everything under them) and the tasks (table rows and text items). Each number
found by the target taggers (percentages, counted quantities) becomes an Objective with:

- indicator: the clause it measures, whole — the words before the number ("Tỷ lệ hồ sơ … toàn
  trình đạt 80%"), or after it when the number opens the clause ("100% hợp tác xã … áp dụng …"),
  or the shared subject of an earlier number in the clause ("cấp tỉnh 100%, cấp huyện 90%");
- scope: the qualifier after the number ("dân số", "đối với kết quả thuộc thẩm quyền của cấp …");
- levels: the administrative levels it names (cấp tỉnh / huyện / xã);
- year and period: the clause's own "đến năm 2030" / "giai đoạn 2026 - 2030" / "hằng năm", else
  its headings' (or task's deadline and groups), else the plan title's, else the plan's year;
  years before the plan's are past results, never a target year;
- indicator_id: the canonical indicator (extractor/tagging/indicators.py), or None.

An objective-section item that is also a text task is read once, as the task's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pydantic import BaseModel

from extractor.document.sections import Section
from extractor.tagging.indicators import map_indicator
from extractor.tagging.targets import TargetSettings, find_quantities, find_targets
from extractor.text import clean, fold
from schemas import AdminLevel, Objective, Target, TargetOp, Task

_YEAR = re.compile(r"(?<!\w)nam (20\d\d)(?!\d)")
_PERIOD = re.compile(r"(?<![\d/])(20\d\d)\s*[-–—]\s*(20\d\d)(?!\d)")
_LEVEL = re.compile(r"(?<!\w)cap (tinh|huyen|xa)(?!\w)")
_CLAUSE_END = re.compile(r";|\.\s+(?=[A-ZÀ-ỸĐ(\-–+])|\n")
_LEAD_IN = re.compile(r"^[\s\-–—+•*·,;:.]*(?:\(?\d{1,2}[.)]|\(?[a-zđ]\)|[-–—+•*·])?\s*", re.IGNORECASE)


class ObjectiveSettings(BaseModel):
    """Words that shape an objective's indicator (folded, i.e. without accents, lower case).

    `section_words`: a heading naming one of these opens an objective section.
    `joiners`: words between the indicator and its number ("đạt", "chiếm") trimmed from the indicator.
    `goal_words`: opening words that carry no measure ("phấn đấu", "đảm bảo") — an indicator made of
    only these and fewer than `min_indicator_words` other words is too weak to stand.
    `purpose_words`: a scope ends where the clause turns to its purpose ("để", "nhằm").
    `yearly_words`: words that make the period "hằng năm".
    `goal_markers` / `detail_words`: a sentence naming an earlier year and no goal marker reports a past
    result, and so does a detail sentence ("Trong đó: …") right after one.
    """

    section_words: list[str] = ["muc tieu", "chi tieu"]
    joiners: list[str] = [
        "dat",
        "la",
        "chiem",
        "o muc",
        "phan dau",
        "muc tieu",
        "con",
        "xuong",
        "len",
        "trung binh",
        "bang",
        "toi thieu",
        "it nhat",
        "moi nam",
        "hang nam",
        "trong do",
        "dong thoi",
        "co",
        "tang",
        "them",
        "nang",
    ]
    goal_words: list[str] = ["phan dau", "dam bao", "bao dam", "hinh thanh", "co", "dat", "den nam", "nam", "trong do"]
    purpose_words: list[str] = ["de", "nham", "gop phan", "dam bao viec"]
    yearly_words: list[str] = ["hang nam", "moi nam"]
    goal_markers: list[str] = ["phan dau", "muc tieu", "chi tieu", "den nam", "vao nam", "den het"]
    detail_words: list[str] = ["trong do"]
    min_indicator_words: int = 3
    yearly_period: str = "hằng năm"
    targets: TargetSettings = TargetSettings()


class _Found(BaseModel):
    """A target located in its clause."""

    target: Target
    start: int
    end: int


class _Context(BaseModel):
    """Where an objective sits: texts to look for its year (innermost first), its heading, task and page;
    `head` the shared subject of a list ("Năng suất … tối thiểu: tỉnh 1.600 hồ sơ; vùng … 800 hồ sơ")."""

    year_texts: list[str]
    plan_year: int | None
    section: str | None = None
    task: int | None = None
    page: int | None = None
    head: str | None = None


_LIST = re.compile(r"^(?P<head>[^:;]{12,}?):\s*(?P<items>[^:]+;[^:]+)$")


def _reports_past(sentence: str, plan_year: int | None, settings: ObjectiveSettings, after_past: bool) -> bool:
    """True for a sentence reporting results: it names a year before the plan's and no goal word, or it
    details ("Trong đó: …") a sentence that did."""
    folded = fold(sentence)
    if after_past and folded.startswith(tuple(settings.detail_words)):
        return True
    goal = re.search(rf"(?<!\w)(?:{_words_re(settings.goal_markers)})(?!\w)", folded)
    years = [int(y) for y in re.findall(r"(?<![\d/])(20\d\d)(?!\d)", folded)]
    return plan_year is not None and not goal and any(year < plan_year for year in years)


def _lists(text: str, plan_year: int | None, settings: ObjectiveSettings) -> list[tuple[str, str | None]]:
    """Clauses of a unit, each with the subject its list shares (text before a colon opening ";" items);
    sentences that report past results are left out."""
    found: list[tuple[str, str | None]] = []
    past = False
    for sentence in re.split(r"\.\s+(?=[A-ZÀ-ỸĐ(\-–+])|\n", text):
        past = _reports_past(sentence, plan_year, settings, past)
        if past:
            continue
        listed = _LIST.match(sentence.strip())
        head = listed["head"] if listed else None
        found += [(clause, head) for clause in _clauses(listed["items"] if listed else sentence)]
    return found


def _head_op(head: str, settings: TargetSettings) -> TargetOp | None:
    """The comparator a list's subject ends with ("lên mức tối thiểu:" → >=), or None."""
    folded = fold(head)
    for words, op in settings.comparators:
        if re.search(rf"(?<!\w){re.escape(fold(words))}\s*$", folded):
            return op
    return None


def _words_re(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _fold_same_length(text: str) -> str:
    """Folded text that lines up character for character with the printed text (for cutting)."""
    return "".join((fold(ch) or ch)[:1] for ch in text)


def _trim(text: str, settings: ObjectiveSettings, head: bool = False) -> str:
    """A clause part without list labels, joiners and years at its end (and its start when `head`)."""
    joiners = _words_re(settings.joiners)
    tail = re.compile(rf"(?:^|\s+)(?:{joiners}|(?:den |vao )?nam 20\d\d)\s*$")
    start = re.compile(rf"^(?:{joiners}|tro len|tro xuong)(?!\w)")
    text = _LEAD_IN.sub("", text)
    while True:
        text = text.strip(" ,:;.-–")
        folded = _fold_same_length(text)
        cut = tail.search(folded)
        if cut and cut.start() < len(text):
            text = text[: cut.start()]
            continue
        lead = start.match(folded) if head else None
        if lead:
            text = text[lead.end() :]
            continue
        return text


def _weak(text: str, settings: ObjectiveSettings) -> bool:
    """True when a text names no measure: too few words once goal words and years are gone."""
    folded = re.sub(rf"(?<!\w)(?:{_words_re(settings.goal_words)})(?!\w)|\d+", " ", fold(text))
    return len(folded.split()) < settings.min_indicator_words


def _scope(text: str, settings: ObjectiveSettings) -> str | None:
    """The qualifier after a number, up to where the clause turns to its purpose."""
    folded = _fold_same_length(text)
    cut = re.search(rf"(?<!\w)(?:{_words_re(settings.purpose_words)})(?!\w)", folded)
    scope = _trim(text[: cut.start()] if cut else text, settings, head=True)
    return scope or None


def _clauses(text: str) -> list[str]:
    """A unit of text cut into clauses at ";" and sentence ends."""
    return [c.strip() for c in _CLAUSE_END.split(text) if c and c.strip()]


def _locate(clause: str, targets: Sequence[Target]) -> list[_Found]:
    """Each target with its span in the clause, in order, overlapping spans dropped."""
    found: list[_Found] = []
    for target in targets:
        start = clause.find(target.text)
        while start >= 0 and any(f.start <= start < f.end for f in found):
            start = clause.find(target.text, start + 1)
        if start >= 0 and not any(f.start < start + len(target.text) and start < f.end for f in found):
            found.append(_Found(target=target, start=start, end=start + len(target.text)))
    return sorted(found, key=lambda f: f.start)


def _levels(texts: Iterable[str]) -> list[AdminLevel]:
    """The administrative levels the first text naming any names, in tỉnh, huyện, xã order."""
    order: list[AdminLevel] = ["tinh", "huyen", "xa"]
    for text in texts:
        named = {m.group(1) for m in _LEVEL.finditer(fold(text))}
        if named:
            return [level for level in order if level in named]
    return []


def _when(texts: Iterable[str], plan_year: int | None, settings: ObjectiveSettings) -> tuple[int | None, str | None]:
    """(year, period) from the first text with a year not before the plan's; "hằng năm" is a period only."""
    period: str | None = None
    yearly = re.compile(rf"(?<!\w)(?:{_words_re(settings.yearly_words)})(?!\w)")
    for text in texts:
        folded = fold(text)
        if period is None and yearly.search(folded):
            period = settings.yearly_period
        span = _PERIOD.search(folded)
        if span and (plan_year is None or int(span.group(2)) >= plan_year):
            return int(span.group(2)), period or f"{span.group(1)}-{span.group(2)}"
        years = [int(y) for y in _YEAR.findall(folded) if plan_year is None or int(y) >= plan_year]
        if years:
            return years[-1], period
    return plan_year, period


def _continues(before: str, previous: str, unit: str) -> bool:
    """True when a later number of a clause measures the earlier one's indicator ("… thêm 20% … đến khi
    đạt tỷ lệ 100%"): its own words name no known indicator while the earlier ones do."""
    return map_indicator(before, unit) is None and map_indicator(previous, unit) is not None


def _objectives_of_clause(
    clause: str, targets: Sequence[Target], context: _Context, settings: ObjectiveSettings
) -> list[Objective]:
    """One Objective per target located in the clause."""
    found = _locate(clause, targets)
    objectives: list[Objective] = []
    previous: str | None = None
    for index, item in enumerate(found):
        segment_start = found[index - 1].end if index else 0
        segment_end = found[index + 1].start if index + 1 < len(found) else len(clause)
        before = _trim(clause[segment_start : item.start], settings)
        after = clause[item.end : segment_end]
        counted = item.target.unit != "%"
        head = _trim(context.head, settings) if context.head else ""
        if head and not _weak(head, settings):
            indicator, scope = head, before or _scope(after, settings)
        elif previous and _continues(before, previous, item.target.unit):
            indicator, scope = previous, before or None
        elif not _weak(before, settings):
            indicator, scope = before, _scope(after, settings)
        elif not _weak(after, settings):
            thing = f"{item.target.unit} " if counted else ""
            indicator, scope = thing + (_scope(after, settings) or ""), None
        elif previous:
            indicator, scope = previous, before or None
        else:
            indicator, scope = _trim(f"{clause[: item.start]} {after}", settings), None
        previous = indicator
        year, period = _when([clause, context.head or "", *context.year_texts], context.plan_year, settings)
        objectives.append(
            Objective(
                indicator=indicator or clause,
                indicator_id=map_indicator(f"{indicator} {scope or ''}", item.target.unit),
                text=item.target.text,
                value=item.target.value,
                op=(_head_op(context.head, settings.targets) if context.head and item.target.op == "=" else None)
                or item.target.op,
                unit=item.target.unit,
                year=year,
                period=period,
                levels=_levels([clause[segment_start : item.start], after, clause]),
                scope=scope,
                section=context.section,
                task=context.task,
                page=context.page,
            )
        )
    return objectives


def _targets(text: str, plan_year: int | None, settings: TargetSettings) -> list[Target]:
    return find_targets(text, plan_year, settings) + find_quantities(text, plan_year, settings)


def _task_objectives(
    task: Task, index: int, titles: Sequence[str], plan_year: int | None, settings: ObjectiveSettings
) -> list[Objective]:
    """Objectives of one task: targets in its content, and column targets measured by its first sentence."""
    content = clean(task.content) or ""
    due = [f"năm {task.deadline.due.year}"] if task.deadline.due else []
    context = _Context(
        year_texts=[*due, *reversed(task.group), *titles],
        plan_year=plan_year,
        section=task.group[-1] if task.group else None,
        task=index,
        page=task.page,
    )
    objectives: list[Objective] = []
    located: set[str] = set()
    for clause, head in _lists(content, plan_year, settings):
        listed = context.model_copy(update={"head": head})
        found = _objectives_of_clause(clause, _targets(clause, plan_year, settings.targets), listed, settings)
        objectives += found
        located |= {o.text for o in found}
    first = _clauses(content)[0] if content else ""
    column = [t for t in task.targets if t.text not in content and t.text not in located]
    for target in column:
        year, period = _when([first, *context.year_texts], plan_year, settings)
        indicator = _trim(first, settings)
        objectives.append(
            Objective(
                indicator=indicator,
                indicator_id=map_indicator(indicator, target.unit),
                text=target.text,
                value=target.value,
                op=target.op,
                unit=target.unit,
                year=year,
                period=period,
                levels=_levels([content]),
                section=context.section,
                task=index,
                page=task.page,
            )
        )
    return objectives


def _chain(section: Section, by_index: dict[int, Section]) -> list[Section]:
    """The section and its ancestors, innermost first."""
    chain = [section]
    while chain[-1].parent is not None and chain[-1].parent in by_index:
        chain.append(by_index[chain[-1].parent])
    return chain


def _is_objective_heading(section: Section, settings: ObjectiveSettings) -> bool:
    return bool(re.search(rf"(?<!\w)(?:{_words_re(settings.section_words)})(?!\w)", fold(section.title)))


def _section_objectives(
    sections: Sequence[Section],
    tasks: Sequence[Task],
    titles: Sequence[str],
    plan_year: int | None,
    settings: ObjectiveSettings,
) -> list[Objective]:
    """Objectives of the items under objective headings, leaving out items that are text tasks."""
    by_index = {s.index: s for s in sections}
    task_keys = [fold(t.content)[:60] for t in tasks if t.origin == "text"]
    objectives: list[Objective] = []
    for section in sections:
        chain = _chain(section, by_index)
        if not any(_is_objective_heading(s, settings) for s in chain):
            continue
        heading = next((s.title for s in chain if s.is_open and s.title), section.title)
        units = [(section.text, section.page), *((p.text, p.page) for p in section.paragraphs)]
        for text, page in units:
            unit = clean(text) or ""
            if not unit or any(key and (key in fold(unit) or fold(unit)[:60] in key) for key in task_keys):
                continue
            context = _Context(
                year_texts=[s.title for s in chain] + list(titles), plan_year=plan_year, section=heading, page=page
            )
            for clause, head in _lists(unit, plan_year, settings):
                listed = context.model_copy(update={"head": head})
                objectives += _objectives_of_clause(
                    clause, _targets(clause, plan_year, settings.targets), listed, settings
                )
    return objectives


def find_objectives(
    sections: Sequence[Section],
    tasks: Sequence[Task],
    title: str | None,
    plan_year: int | None,
    settings: ObjectiveSettings | None = None,
) -> list[Objective]:
    """Every quantified objective of a plan: objective-section items, then task targets, by page."""
    settings = settings or ObjectiveSettings()
    titles = [title] if title else []
    found = _section_objectives(sections, tasks, titles, plan_year, settings)
    for index, task in enumerate(tasks):
        found += _task_objectives(task, index, titles, plan_year, settings)
    return sorted(found, key=lambda o: o.page or 0)
