"""Deadlines: the printed wording normalised to a kind and the last day it allows (ANNOTATION.md).

"Quý III" in a 2025 plan → quarter, 2025-09-30; "Trước ngày 15/02/2024" → date, 2024-02-15;
"Thường xuyên" → recurring, no date; a missing year is the plan's year. When a text names several
periods of the same kind ("Tháng 6/2025, tháng 12/2025", "Quý II, III"), the latest one is the due
date; a range ("2023 – 2025", "Tháng 6 – 9/2025") is due at its end; a period that only starts
("Từ tháng 3/2025") or runs on ("… và những năm tiếp theo") is recurring, with no due date. A day
past the month's end ("31/02/2024") is read as the month's last day, the nearest date the wording
allows; with a month outside 1–12 the text stays a date but has no due date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from pydantic import BaseModel

from extractor.text import clean, fold
from schemas import Deadline, DeadlineKind

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Y = r"(?:19|20)\d\d"
_YEAR = rf"(?P<year>{_Y})"
_Q = r"(?:iv|iii|ii|i|[1-4])"
# All patterns run on folded text (no accents, lower case): "Quý", "QUÝ" and "Quy" alike.
_DATE_WORDS = re.compile(rf"\bngay\s+(?P<day>\d{{1,2}})\s+thang\s+(?P<month>\d{{1,2}})(?:\s+nam\s+{_YEAR})?")
_DATE_NUM = re.compile(
    rf"(?<!thang )(?<![\d/.])(?P<day>\d{{1,2}})\s*[/.-]\s*(?P<month>\d{{1,2}})(?:\s*[/.-]\s*{_YEAR})?(?![\d/])"
)
_MONTH_RANGE = re.compile(
    rf"\b(?:thang|t)\s*(?P<first>\d{{1,2}})\s*[-–]\s*(?P<month>\d{{1,2}})"
    rf"(?:\s*(?:/|nam)\s*{_YEAR})?\b"
)
_QUARTER = re.compile(
    rf"\bquy\s+(?P<q>{_Q})(?P<more>(?:\s*(?:,|va|-|–)\s*(?:quy\s+)?{_Q})*)\b"
    rf"(?:\s*(?:/|nam)\s*{_YEAR})?"
)
_HALF = re.compile(rf"\b(?:6|06|sau)\s+thang\s+(?P<which>dau|cuoi)\s+nam(?:\s+{_YEAR})?")
_MONTH = re.compile(rf"\b(?:thang|t)\s*(?P<month>\d{{1,2}})(?:\s*(?:/|-|nam)\s*{_YEAR})?\b")
_YEAR_RANGE = re.compile(rf"\b{_Y}\s*[-–—]\s*{_YEAR}\b")
_YEAR_ONLY = re.compile(rf"\b{_YEAR}\b")
_THIS_YEAR = re.compile(r"\b(?:trong|cuoi|het|ca) nam\b(?!\s*\d)")
_START_ONLY = re.compile(r"^\W*(?:bat dau\s+)?tu\b(?!.*\bden\b)")


class DeadlineSettings(BaseModel):
    """Deadline vocabulary (folded: no accents, lower case) and limits.

    `as_planned` words count anywhere, `as_planned_openers` only at the start ("Theo …", "Khi có …").
    `periodic_nouns` (accented, lower case): nouns that "hằng năm"/"thường xuyên" qualify instead of
    the work ("kinh phí thường xuyên", "Kế hoạch … hằng năm"), looked for `noun_window` words back.
    `document_words`: words after which a year names a document or period, not the time frame.
    """

    recurring: list[str] = [
        "thuong xuyen",
        "hang ngay",
        "hang tuan",
        "hang thang",
        "hang quy",
        "hang nam",
        "dinh ky",
        "lien tuc",
        "moi thang",
        "moi quy",
        "moi nam",
        "dot xuat",
        "thang cuoi quy",
        "cuoi moi quy",
        "hang ky",
        "nam tiep theo",
    ]
    as_planned: list[str] = [
        "theo ke hoach",
        "theo lo trinh",
        "theo yeu cau",
        "theo nghi quyet",
        "theo quy dinh",
        "theo tien do",
        "theo chi dao",
        "theo huong dan",
        "theo thoi gian",
        "theo de an",
        "theo chuong trinh",
    ]
    as_planned_openers: list[str] = ["theo", "khi", "sau khi", "tuy theo", "can cu"]
    immediate: list[str] = ["ngay sau khi", "trien khai ngay", "thuc hien ngay", "ngay lap tuc"]
    periodic_nouns: list[str] = [
        "kinh phí",
        "chi",
        "ngân sách",
        "kế hoạch",
        "dự toán",
        "vốn",
        "chỉ số",
        "chương trình",
        "biên chế",
        "số liệu",
    ]
    noun_window: int = 8
    document_words: list[str] = [
        "ke hoach",
        "chuong trinh",
        "de an",
        "nghi quyet",
        "quyet dinh",
        "so voi",
        "giai doan",
        "chi thi",
        "cong van",
        "thong tu",
        "nghi dinh",
        "bao cao",
        "chi so",
        "tu",
    ]


_DEFAULT = DeadlineSettings()


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int) -> dt.date:
    """The date, or the month's last day when the day is past it ("31/02" → end of February)."""
    return dt.date(year, month, min(max(day, 1), calendar.monthrange(year, month)[1]))


def _year(match: re.Match[str], plan_year: int | None) -> int | None:
    found = match.groupdict().get("year")
    return int(found) if found else plan_year


def _latest(found: list[dt.date | None]) -> dt.date | None:
    dates = [d for d in found if d is not None]
    return max(dates) if dates else None


def _dated(key: str, plan_year: int | None) -> tuple[DeadlineKind, dt.date | None] | None:
    """The dated reading of folded text: its kind and the latest day any of its periods allows."""
    dates: list[dt.date | None] = []
    for pattern in (_DATE_WORDS, _DATE_NUM):
        for match in pattern.finditer(key):
            month, day = int(match["month"]), int(match["day"])
            year = _year(match, plan_year)
            dates.append(_day(year, month, day) if year and 1 <= month <= 12 else None)
        if dates:
            return "date", _latest(dates)
    quarters = list(_QUARTER.finditer(key))
    if quarters:
        dues = []
        for match in quarters:
            year = _year(match, plan_year)
            last = max(_ROMAN[q] for q in [match["q"], *re.findall(_Q, match["more"] or "")])
            dues.append(_last_day(year, last * 3) if year else None)
        return "quarter", _latest(dues)
    half = _HALF.search(key)
    if half:
        year = _year(half, plan_year)
        return "half_year", _last_day(year, 6 if half["which"] == "dau" else 12) if year else None
    months: list[dt.date | None] = []
    for pattern in (_MONTH_RANGE, _MONTH):
        for match in pattern.finditer(key):
            if 1 <= int(match["month"]) <= 12:
                year = _year(match, plan_year)
                months.append(_last_day(year, int(match["month"])) if year else None)
        if months:
            return "month", _latest(months)
    years = [int(m["year"]) for p in (_YEAR_RANGE, _YEAR_ONLY) for m in p.finditer(key)]
    if years:
        return "year", dt.date(max(years), 12, 31)
    if _THIS_YEAR.search(key):
        return "year", dt.date(plan_year, 12, 31) if plan_year else None
    return None


def _phrase(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b")


def _kind_of(key: str, plan_year: int | None, settings: DeadlineSettings) -> tuple[DeadlineKind, dt.date | None]:
    """Kind and due date of a deadline's folded wording (recurring, immediate, dated, as planned).

    Wording that opens with a plan it follows is as planned even when the plan is yearly ("Theo Kế
    hoạch bồi dưỡng … hằng năm"); a period that only starts ("Từ 01/7/2025") or runs on ("2026-2030
    và những năm tiếp theo") is recurring."""
    if re.match(r"^\W*" + _phrase(settings.as_planned).pattern, key):
        return "as_planned", None
    if _phrase(settings.recurring).search(key):
        return "recurring", None
    if re.match(r"^\W*ngay\b(?!\s+\d)", key) or _phrase(settings.immediate).search(key):
        return "immediate", None
    dated = _dated(key, plan_year)
    if dated is not None:
        kind, due = dated
        return ("recurring", None) if _START_ONLY.search(key) else (kind, due)
    if _phrase(settings.as_planned).search(key) or re.match(
        r"^\W*" + _phrase(settings.as_planned_openers).pattern, key
    ):
        return "as_planned", None
    return "none", None


def parse_deadline(text: str | None, plan_year: int | None, settings: DeadlineSettings | None = None) -> Deadline:
    """A deadline cell's text → kind and due date; the printed text is kept, whitespace collapsed."""
    settings = settings or _DEFAULT
    printed = clean(text)
    if printed is None:
        return Deadline()
    key = fold(printed)
    kind, due = _kind_of(_rejoined_numbers(key), plan_year, settings)
    if kind == "none":
        kind = _unspaced_kind(key, settings)
    return Deadline(text=printed, kind=kind, due=due)


def _rejoined_numbers(key: str) -> str:
    """A date a narrow column broke across lines rejoined ("31/1 2/20 24" → "31/12/2024")."""
    return re.sub(r"\d[\d/\s]*\d", lambda m: re.sub(r"\s+", "", m[0]) if "/" in m[0] else m[0], key)


def _unspaced_kind(key: str, settings: DeadlineSettings) -> DeadlineKind:
    """The undated kind of a cell whose words a narrow column broke ("Thườn g xuyên"), else none."""
    squeezed = re.sub(r"\s+", "", key)
    for kind, words in (("recurring", settings.recurring), ("as_planned", settings.as_planned)):
        if any(word.replace(" ", "") in squeezed for word in words):
            return kind  # type: ignore[return-value]
    return "none"


# Phrases that carry a deadline inside a content sentence (folded). A date needs a deadline word before
# it ("trước ngày"); "số 04/NQ-CP ngày 10/01/2022" cites a document and "từ ngày 01/6/2022" is a start.
_PREP = r"(?:truoc|cham nhat|han chot|den|vao|trong)"
_DAY_MONTH = rf"\d{{1,2}}\s*/\s*\d{{1,2}}(?:\s*/\s*{_Y})?"
_LABELLED = re.compile(r"(?:^|[.;(]\s*)thoi (?:gian|han)(?:\s+(?:bat dau|thuc hien|hoan thanh))*\s*:?\s+")
_IN_SENTENCE = re.compile(
    rf"{_PREP}\s+(?:ngay\s+)?{_DAY_MONTH}(?!\s*/)"
    rf"|{_PREP}\s+ngay\s+\d{{1,2}}\s+thang\s+\d{{1,2}}(?:\s+nam\s+{_Y})?"
    rf"|(?:{_PREP}\s+)?(?:quy\s+{_Q}(?:\s*(?:,|va)\s*(?:quy\s+)?{_Q})*(?:\s*(?:/|nam)\s*{_Y})?"
    rf"|(?:6|06|sau)\s+thang\s+(?:dau|cuoi)\s+nam(?:\s+{_Y})?"
    rf"|thang\s+\d{{1,2}}\s*(?:/|nam)\s*{_Y})"
)
_DAY_BEFORE = re.compile(r"\bngay\s+\d{1,2}\s+$")
_IN_SENTENCE_RECURRING = re.compile(
    r"\b(thuong xuyen|hang (?:ngay|tuan|thang|quy|nam)|dinh ky(?: (?:\d+|hang) (?:thang|quy|nam))?"
    r"|moi (?:thang|quy|nam))\b"
)
_IN_SENTENCE_IMMEDIATE = re.compile(r"\bngay sau khi\b[^,;.()]*")
_IN_SENTENCE_YEAR = re.compile(rf"(?P<prep>(?:vao|trong|den|truoc)\s+(?:het\s+)?)?nam\s+{_Y}\b")
# a bare year sets the time frame only where a clause starts ("Phấn đấu, năm 2024 có …");
# after a noun it qualifies the noun ("Kế hoạch năm 2024", "nhà nước năm 2024")
_CLAUSE_START = re.compile(r"(^|[,;:.(]\s*|\bphan dau\s+)$")


def _qualifies_noun(low: str, position: int, settings: DeadlineSettings) -> bool:
    """True when a periodic word at `position` qualifies a budget or document noun before it in its clause."""
    clause = re.split(r"[,;:.()]", low[:position])[-1]
    words = [w for w in clause.split() if any(c.isalpha() for c in w)]
    window = " " + " ".join(words[-settings.noun_window :]) + " "
    return any(f" {noun} " in window for noun in settings.periodic_nouns)


def find_deadline(sentence: str | None, plan_year: int | None, settings: DeadlineSettings | None = None) -> Deadline:
    """A deadline phrase inside a content sentence ("… phải trước ngày 31/12/2024"), or kind none.

    Tried in order: the phrase after a sentence opening "Thời gian/Thời hạn (bắt đầu/thực hiện/hoàn
    thành)", a dated phrase ("trước ngày …", "trong Quý III năm 2025", "6 tháng đầu năm"),
    a recurring one ("thường xuyên", "hằng năm" — not when it qualifies a noun like "kinh phí" or
    "Kế hoạch … hằng năm", nor when a number follows it: "mỗi năm thêm 20%" is a rate), "ngay sau
    khi …", then a year ("vào năm 2025", "đến hết năm 2025") that does not name a document or period.
    The phrase is returned as printed.
    """
    settings = settings or _DEFAULT
    printed = clean(sentence) or ""
    key = fold(printed)
    if len(key) != len(printed):  # folding changed the length: spans would not line up
        return Deadline()
    low = printed.lower()
    labelled = _LABELLED.search(key)
    if labelled:  # "Thời hạn hoàn thành: …" says which of the times in the item is the deadline
        rest = re.split(r"[.;]\s", printed[labelled.end() :] + " ", maxsplit=1)[0].strip(" .;")
        found = parse_deadline(rest, plan_year, settings)
        if found.kind != "none":
            return found
    for match in _IN_SENTENCE.finditer(key):
        if _DAY_BEFORE.search(key, 0, match.start()):  # "ngày 14 tháng 12 năm 2020": a cited document's date
            continue
        span = printed[match.start() : match.end()]
        kind, due = _kind_of(fold(span), plan_year, settings)
        if kind != "none":
            return Deadline(text=span, kind=kind, due=due)
    for match in _IN_SENTENCE_RECURRING.finditer(key):
        rate = re.match(r"\s+(?:\S+\s+){0,2}?\d", key[match.end() :])  # "mỗi năm thêm 20%": a rate, not a time
        if not rate and not _qualifies_noun(low, match.start(), settings):
            return Deadline(text=printed[match.start() : match.end()], kind="recurring")
    immediate = _IN_SENTENCE_IMMEDIATE.search(key)
    if immediate:
        return Deadline(text=printed[immediate.start() : immediate.end()].strip(), kind="immediate")
    document = _phrase(settings.document_words)
    for match in _IN_SENTENCE_YEAR.finditer(key):
        before = key[: match.start()]
        if re.search(document.pattern + r"\s+$", before) or not (match["prep"] or _CLAUSE_START.search(before)):
            continue
        span = printed[match.start() : match.end()]
        kind, due = _kind_of(fold(span), plan_year, settings)
        return Deadline(text=span, kind=kind, due=due)
    return Deadline()
