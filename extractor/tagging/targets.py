"""Numeric targets: every percentage a task sets, with its comparator, and counted targets apart.

"tối thiểu 80%" → >= 80 %; "Trên 90%" → > 90 %; "27,74%" → 27.74; "từ 30% trở lên" → >= 30 %.
The text kept is the comparator and the number ("tối thiểu 95%" out of "đạt tối thiểu 95%"), a
change word right before the number ("giảm 10%", "thêm 20%"), and "trở lên" when it closes the
phrase. Ranges ("từ 70% đến dưới 100%", "70 - 80%") set no single target and are left out. Past
results are left out too: a number whose clause reports what was done — a perfective or report word
before it (đã, đạt được, kết quả, năm trước, hiện nay …) with no goal word (phấn đấu, mục tiêu …)
after that — or "năm 2023 đạt …" for a year before the plan's.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from extractor.text import clean, new_tone_placement
from schemas import Target, TargetOp

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?!\d)|\d+(?:,\d+)?|\d+(?:\.\d+)?"
# Patterns run on the lower-case, new-tone-placement form of the NFC, whitespace-collapsed text,
# which lines up char for char with the printed text.
_RANGE_BEFORE = re.compile(r"(?:\d\s*%?\s*(?:-|–|đến|tới)\s*(?:dưới\s+|trên\s+)?)$")
_RANGE_AFTER = re.compile(r"^\s*(?:-|–|đến|tới)\s*(?:dưới\s+|trên\s+)?\d")
_TRO_LEN = re.compile(r"^(?:\s+[^\s%;.]+){0,6}?\s+trở (?P<dir>lên|xuống)(?!\w)")
_YEAR_DAT = re.compile(r"(?<!\w)năm (?P<year>(?:19|20)\d\d)\s*:?\s*(?:đã\s+)?đạt(?!\w)")


class TargetSettings(BaseModel):
    """Target vocabulary (lower case, new tone placement); the plan's year is an argument of each call.

    `comparators`: words before a number, longest first per comparator, and the op they give.
    `changes`: words kept with the number but no comparator ("giảm 10%" → = 10).
    `past_words` / `goal_words`: see the module doc. `units`: units of counted targets.
    """

    max_percent: float = 1000.0
    comparators: list[tuple[str, TargetOp]] = [
        ("không thấp hơn", ">="),
        ("không ít hơn", ">="),
        ("tối thiểu", ">="),
        ("ít nhất", ">="),
        ("tối đa", "<="),
        ("không vượt quá", "<="),
        ("không quá", "<="),
        ("trên", ">"),
        ("hơn", ">"),
        ("vượt", ">"),
        ("dưới", "<"),
        (">=", ">="),
        ("≥", ">="),
        ("<=", "<="),
        ("≤", "<="),
        (">", ">"),
        ("<", "<"),
    ]
    changes: list[str] = ["giảm", "tăng", "thêm"]
    past_words: list[str] = [
        "đã",
        "đạt được",
        "kết quả năm",
        "kết quả đạt",
        "kết quả thực hiện năm",
        "năm trước",
        "năm qua",
        "hiện nay",
        "hiện tại",
        "hiện đạt",
        "tính đến",
        "lũy kế",
        "trước đó",
        "cùng kỳ",
    ]
    goal_words: list[str] = [
        "phấn đấu",
        "mục tiêu",
        "chỉ tiêu",
        "phải",
        "bảo đảm",
        "đảm bảo",
        "đến năm",
        "đến hết",
        "tối thiểu",
        "ít nhất",
        "cần",
    ]
    units: list[str] = [
        "sáng kiến",
        "giải pháp",
        "thủ tục hành chính",
        "nhóm thủ tục hành chính",
        "thủ tục",
        "tthc",
        "hồ sơ",
        "phút",
        "giờ",
        "ngày làm việc",
        "ngày",
        "điểm",
        "văn bản",
        "lớp",
        "dịch vụ công",
        "đơn vị",
        "cơ quan",
        "mô hình",
        "cuộc",
        "đợt",
        "buổi",
        "lượt",
        "người",
        "học viên",
        "bài",
        "tin bài",
        "chuyên mục",
        "tỷ đồng",
        "triệu đồng",
    ]


_DEFAULT = TargetSettings()


def _value(number: str) -> float:
    """A printed number as a float: "27,74" → 27.74, "1.600" → 1600, "03" → 3."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", number):
        return float(number.replace(".", ""))
    return float(number.replace(",", "."))


def _words(words: list[str]) -> str:
    """A regex alternation of words, longest first, each standing as whole words."""
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return rf"(?<!\w)(?:{alternatives})(?!\w)"


def _lower(printed: str) -> str:
    """The matching form of printed text: lower case, new tone placement ("luỹ kế" → "lũy kế")."""
    low = new_tone_placement(printed).lower()
    return low if len(low) == len(printed) else printed.lower()


def _prefix(low: str, start: int, settings: TargetSettings) -> tuple[int, TargetOp, bool]:
    """Where the target's text starts before its number, its op, and whether "từ" opens it.

    The text starts at the first comparator of the words right before the number ("tối thiểu từ 80%"),
    else at the first change word ("tăng thêm 5%"), else at the number; "đạt" and "là" are left out.
    """
    comparators = _words([w for w, _ in settings.comparators])
    changes = _words(settings.changes)
    chain = re.compile(rf"(?:(?:{comparators}|{changes}|{_words(['đạt', 'từ', 'là'])})\s*)+$")
    found = chain.search(low[:start])
    if not found:
        return start, "=", False
    words = low[found.start() : start]
    op: TargetOp = next((o for w, o in settings.comparators if re.search(_words([w]), words)), "=")
    first = re.search(comparators, words) or re.search(changes, words)
    opened_by_tu = bool(re.search(r"(?<!\w)từ\s*$", words))
    begin = found.start() + first.start() if first else start
    return begin, op, opened_by_tu


def _past(low: str, start: int, plan_year: int | None, settings: TargetSettings) -> bool:
    """True when the clause before a number reports a past result rather than setting a goal."""
    sentence = re.split(r"[.;!?]\s|\n", low[:start])[-1]
    goals = [m.end() for m in re.finditer(_words(settings.goal_words), sentence)]
    last_goal = max(goals, default=-1)
    for match in re.finditer(_words(settings.past_words), sentence):
        if match.group(0) == "đã" and re.match(r"\s+được(?!\w)", sentence[match.end() :]):
            continue  # "đã được" is passive ("hồ sơ đã được số hóa đạt 100%"), not a report
        if match.group(0).startswith("đạt") and any(end <= match.start() for end in goals):
            continue  # "phấn đấu đạt được 95%" is the goal itself
        if match.start() > last_goal:
            return True
    for match in _YEAR_DAT.finditer(sentence):
        year = int(match["year"])
        if (year < plan_year) if plan_year else match.start() > last_goal:
            return True
    return False


def find_targets(
    text: str | None, plan_year: int | None = None, settings: TargetSettings | None = None
) -> list[Target]:
    """Every percentage target in a sentence or cell, in order, with the printed span as text
    ("năm 2023 đạt 80%" in a plan for 2024 is a past result, not a target)."""
    settings = settings or _DEFAULT
    printed = clean(text)
    if not printed:
        return []
    low = _lower(printed)
    targets: list[Target] = []
    for match in re.finditer(rf"(?<![\d.,])(?P<num>{_NUMBER})\s?%", low):
        before, after = low[: match.start()], low[match.end() :]
        if _RANGE_BEFORE.search(before) or _RANGE_AFTER.match(after) or _past(low, match.start(), plan_year, settings):
            continue
        value = _value(match["num"])
        if value > settings.max_percent:
            continue
        start, op, opened_by_tu = _prefix(low, match.start(), settings)
        end = match.end()
        tail = _TRO_LEN.match(after)
        if tail and (opened_by_tu or tail.end() <= len(" trở lên")):
            end += tail.end()
            op = ">=" if tail["dir"] == "lên" else "<="
            if opened_by_tu and start == match.start():
                start = low.rindex("từ", 0, match.start())
        targets.append(Target(text=printed[start:end], value=value, op=op, unit="%"))
    return targets


def column_target(
    cell: str | None, header_percent: bool, plan_year: int | None = None, settings: TargetSettings | None = None
) -> list[Target]:
    """The target of a target-column cell: "80" under "Chỉ tiêu năm 2025 (%)" or beside a "%" unit
    cell, "Tối thiểu 50" → >= 50; a cell with its own "%" is read like content."""
    settings = settings or _DEFAULT
    printed = clean(cell)
    if not printed:
        return []
    if "%" in printed:
        return find_targets(printed, plan_year, settings)
    low = _lower(printed)
    match = re.fullmatch(rf"(?P<pre>.*?)\s*(?P<num>{_NUMBER})\s*\.?", low)
    if not header_percent or match is None or _RANGE_BEFORE.search(match["pre"]):
        return []
    _, op, _ = _prefix(low, match.start("num"), settings)
    return [Target(text=printed, value=_value(match["num"]), op=op, unit="%")]


def find_quantities(
    text: str | None, plan_year: int | None = None, settings: TargetSettings | None = None
) -> list[Target]:
    """Counted, non-percentage targets with their unit ("ít nhất 03 sáng kiến", "tối đa 15 phút"),
    kept apart from percentage targets; rates' denominators ("/01 hồ sơ") and past results are not."""
    settings = settings or _DEFAULT
    printed = clean(text)
    if not printed:
        return []
    low = _lower(printed)
    pattern = re.compile(rf"(?<![\w.,/])(?P<num>{_NUMBER})\s+(?P<unit>{_words(settings.units)})")
    found: list[Target] = []
    for match in pattern.finditer(low):
        if _RANGE_BEFORE.search(low[: match.start()]) or _past(low, match.start(), plan_year, settings):
            continue
        start, op, _ = _prefix(low, match.start(), settings)
        found.append(
            Target(
                text=printed[start : match.end()],
                value=_value(match["num"]),
                op=op,
                unit=printed[match.start("unit") : match.end("unit")],
            )
        )
    return found
