"""Scores an extracted Plan against its gold Plan.

Tasks are paired by content similarity (one-to-one, greedy by best score); precision/recall/F1 count the
pairs, and the fields of each pair (agencies, deadline, targets, ref, output, note, group) are scored
for accuracy. Every count is kept as integers so per-document scores add up to micro-averaged totals.
The rules are written out in docs/evaluation.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from difflib import SequenceMatcher
from typing import Any, NamedTuple

from extractor.tagging.canonical import canonical_agency
from extractor.text import clean, new_tone_placement, squash
from kehoach.eval.scores import (
    Accuracy,
    AgencyScore,
    DocumentFieldScores,
    DocumentScore,
    EvalSettings,
    ItemCounts,
    Mismatch,
    OriginCounts,
    Scores,
    TaskBrief,
    TaskCounts,
    TaskFieldScores,
    TaskMatch,
)
from schemas import Document, Plan, Target, Task
from schemas.plan import Origin

_BULLET = re.compile(r"(?:^|\s)[-–—+•·*▪●○◦](?=\s|$)|^[-–—+•·*▪●○◦]+")
_END_PUNCT = " .,;:!…"
_AGENCY_ENDS = " .,;:-–—()"
_LEADING_CAC = re.compile(r"^các\s+")
_SPACE = re.compile(r"\s+")


# --- normalisation -------------------------------------------------------------------------------------------


def text_key(text: str | None) -> str | None:
    """Text as compared in fields: NFC, new tone placement, whitespace squashed; empty is None."""
    cleaned = clean(text)
    return new_tone_placement(cleaned) if cleaned else None


def _trim_end(text: str) -> str:
    return text.rstrip(_END_PUNCT)


def content_key(content: str) -> str:
    """Task content as matched: text key, casefolded, list dashes/bullets dropped, trailing punctuation cut."""
    key = (text_key(content) or "").casefold()
    return _trim_end(squash(_BULLET.sub(" ", key)))


def _assignment_start(key: str) -> int | None:
    """Where a trailing "(giao …)" parenthesis starts in a content key, None if the key has none."""
    if not key.endswith(")"):
        return None
    depth = 0
    for index in range(len(key) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(key[index], 0)
        if depth == 0:
            return index if re.match(r"\(\s*giao\b", key[index:]) else None
    return None


def content_variants(content: str) -> tuple[str, ...]:
    """The content key, and the key without its trailing assignment parenthesis when it has one."""
    key = content_key(content)
    start = _assignment_start(key)
    return (key,) if start is None else (key, _trim_end(key[:start].rstrip()))


def agency_key(name: str) -> str:
    """An agency name as compared: its canonical name as the store keeps it (the registry's
    abbreviations and spellings, extractor.tagging.canonical), case folded, a leading "các" and
    punctuation at the ends dropped ("Các sở, ban, ngành." = "sở, ban, ngành"); đ stays apart from d."""
    text = canonical_agency(text_key(name) or "")
    text = squash(text.casefold()).strip(_AGENCY_ENDS)
    return _LEADING_CAC.sub("", text)


def _ref_key(ref: str | None) -> str | None:
    key = text_key(ref)
    if key is None:
        return None
    return key.rstrip(".").casefold() or None


def _target_key(target: Target) -> tuple[float, str, str]:
    return round(target.value, 6), target.op, (text_key(target.unit) or "").casefold()


def _title_key(title: str | None) -> str | None:
    key = text_key(title)
    return _SPACE.sub("", key) if key else None


# --- matching ------------------------------------------------------------------------------------------------


def content_similarities(
    gold_keys: Sequence[tuple[str, ...]], predicted_keys: Sequence[tuple[str, ...]], floor: float
) -> dict[tuple[int, int], float]:
    """difflib's ratio (2·matched characters / all characters) of every (gold, predicted) pair reaching
    `floor`, the best over both tasks' content variants. Pairs whose cheap upper bounds (length, then
    character counts) fall below the floor are never aligned; each predicted key is indexed once.
    autojunk is off: it would ignore common letters and spaces in texts over 200 characters."""
    best: dict[tuple[int, int], float] = {}
    matcher = SequenceMatcher(None, autojunk=False)
    for p, p_variants in enumerate(predicted_keys):
        for b in p_variants:
            matcher.set_seq2(b)
            for g, g_variants in enumerate(gold_keys):
                for a in g_variants:
                    matcher.set_seq1(a)
                    bar = max(floor, best.get((g, p), 0.0))
                    if matcher.real_quick_ratio() >= bar and matcher.quick_ratio() >= bar:
                        best[(g, p)] = max(best.get((g, p), 0.0), matcher.ratio())
    return {pair: score for pair, score in best.items() if score >= floor}


def _tie_break(gold: Task, predicted: Task) -> tuple[bool, bool, bool, int]:
    """Prefers, among pairs of equal content similarity, the one that agrees on ref, output, origin, page."""
    distance = abs(gold.page - predicted.page) if gold.page and predicted.page else 0
    return (
        _ref_key(gold.ref) == _ref_key(predicted.ref),
        text_key(gold.output) == text_key(predicted.output),
        gold.origin == predicted.origin,
        -distance,
    )


def match_tasks(gold: Sequence[Task], predicted: Sequence[Task], threshold: float) -> list[TaskMatch]:
    """One-to-one pairs of gold and predicted tasks whose content similarity reaches the threshold, taken
    greedily from the most similar; equal similarities (tasks with the same content) go to the pair that
    agrees on ref, then output, origin and page. A trailing "(Giao …)" counts or not, whichever fits better."""
    scores = content_similarities(
        [content_variants(t.content) for t in gold], [content_variants(t.content) for t in predicted], threshold
    )
    candidates = sorted(
        ((score, _tie_break(gold[g], predicted[p]), -g, -p) for (g, p), score in scores.items()), reverse=True
    )
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    matches: list[TaskMatch] = []
    for score, _, neg_g, neg_p in candidates:
        g, p = -neg_g, -neg_p
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            matches.append(TaskMatch(gold=g, predicted=p, similarity=round(score, 4)))
    return sorted(matches, key=lambda m: m.gold)


# --- field scoring -------------------------------------------------------------------------------------------


class _Check(NamedTuple):
    """A field: how to read it from its owner and the key its values are compared by."""

    read: Callable[[Any], Any]
    key: Callable[[Any], Hashable]


def _show(value: Any) -> str:
    """A field value as shown in mismatch listings."""
    if value is None:
        return "(none)"
    if isinstance(value, list | tuple):
        return " | ".join(_show(v) for v in value) if value else "(none)"
    if isinstance(value, Target):
        return f"{value.op}{value.value:g}{value.unit}"
    return str(value)


def _same(value: Any) -> Hashable:
    return value


def _agency_keys(names: Iterable[str]) -> frozenset[str]:
    return frozenset(agency_key(name) for name in names)


def _task_checks(settings: EvalSettings) -> dict[str, _Check]:
    def agencies(names: list[str]) -> Hashable:
        return _agency_keys(names)

    return {
        "origin": _Check(lambda t: t.origin, _same),
        "lead": _Check(lambda t: t.lead, agencies),
        "support": _Check(lambda t: t.support, agencies),
        "deadline_kind": _Check(lambda t: t.deadline.kind, _same),
        "deadline_due": _Check(lambda t: t.deadline.due, _same),
        "targets": _Check(lambda t: t.targets, lambda targets: frozenset(map(_target_key, targets))),
        "ref": _Check(lambda t: t.ref, _ref_key),
        "output": _Check(lambda t: t.output, text_key),
        "note": _Check(lambda t: t.note, text_key),
        "group": _Check(lambda t: t.group, lambda group: tuple(map(text_key, group))),
    }


def _document_checks(settings: EvalSettings) -> dict[str, _Check]:
    return {
        "doc_type": _Check(lambda d: d.doc_type, _same),
        "number": _Check(lambda d: d.number, text_key),
        "issuer": _Check(lambda d: d.issuer, lambda v: agency_key(v) if v else None),
        "province": _Check(lambda d: d.province, text_key),
        "issued_on": _Check(lambda d: d.issued_on, _same),
        "title": _Check(lambda d: d.title, _title_key),
        "signer": _Check(lambda d: d.signer, text_key),
    }


def _brief(index: int, task: Task) -> TaskBrief:
    return TaskBrief(index=index, ref=task.ref, origin=task.origin, page=task.page, content=task.content)


class _FieldTally:
    """Counts equal values per field over compared pairs and keeps the mismatches."""

    def __init__(self, checks: dict[str, _Check]) -> None:
        self.checks = checks
        self.correct = dict.fromkeys(checks, 0)
        self.total = dict.fromkeys(checks, 0)
        self.mismatches: list[Mismatch] = []

    def compare(self, gold: Any, predicted: Any, where: TaskBrief | None) -> None:
        for name, check in self.checks.items():
            gold_value, predicted_value = check.read(gold), check.read(predicted)
            same = check.key(gold_value) == check.key(predicted_value)
            self.correct[name] += same
            self.total[name] += 1
            if not same:
                self.mismatches.append(
                    Mismatch(task=where, field=name, gold=_show(gold_value), predicted=_show(predicted_value))
                )

    def accuracy(self, name: str) -> Accuracy:
        return Accuracy(correct=self.correct[name], total=self.total[name])


def _agency_items(gold: Iterable[str], predicted: Iterable[str]) -> ItemCounts:
    gold_keys, predicted_keys = _agency_keys(gold), _agency_keys(predicted)
    both = len(gold_keys & predicted_keys)
    return ItemCounts(tp=both, fp=len(predicted_keys) - both, fn=len(gold_keys) - both)


def _origin_counts(gold: Sequence[Task], predicted: Sequence[Task], matches: Sequence[TaskMatch]) -> OriginCounts:
    def counts(origin: Origin) -> TaskCounts:
        return TaskCounts(
            gold=sum(t.origin == origin for t in gold),
            predicted=sum(t.origin == origin for t in predicted),
            gold_matched=sum(gold[m.gold].origin == origin for m in matches),
            predicted_matched=sum(predicted[m.predicted].origin == origin for m in matches),
        )

    return OriginCounts(table=counts("table"), text=counts("text"))


def _document_fields(
    gold: Document, predicted: Document, settings: EvalSettings
) -> tuple[DocumentFieldScores, list[Mismatch]]:
    tally = _FieldTally(_document_checks(settings))
    tally.compare(gold, predicted, None)
    scores = DocumentFieldScores(**{name: tally.accuracy(name) for name in DocumentFieldScores.model_fields})
    return scores, tally.mismatches


def task_facts(task: Task) -> frozenset[Hashable]:
    """A task's facts as comparable keys: that it exists, each lead and support agency, its deadline (kind
    and due, when it has one) and each target."""
    facts: set[Hashable] = {("task",)}
    facts |= {("lead", key) for key in _agency_keys(task.lead)}
    facts |= {("support", key) for key in _agency_keys(task.support)}
    if task.deadline.kind != "none":
        facts.add(("deadline", task.deadline.kind, task.deadline.due))
    facts |= {("target", *_target_key(target)) for target in task.targets}
    return frozenset(facts)


def _fact_counts(gold: Sequence[Task], predicted: Sequence[Task], matches: Sequence[TaskMatch]) -> ItemCounts:
    gold_facts = [task_facts(t) for t in gold]
    predicted_facts = [task_facts(t) for t in predicted]
    agreed = sum(len(gold_facts[m.gold] & predicted_facts[m.predicted]) for m in matches)
    return ItemCounts(
        tp=agreed,
        fp=sum(map(len, predicted_facts)) - agreed,
        fn=sum(map(len, gold_facts)) - agreed,
    )


def evaluate_pair(
    predicted: Plan, gold: Plan, settings: EvalSettings | None = None, name: str | None = None
) -> DocumentScore:
    """Scores one predicted plan against its gold plan: task pairing, field accuracy, document fields."""
    settings = settings or EvalSettings()
    matches = match_tasks(gold.tasks, predicted.tasks, settings.threshold)
    checks = _task_checks(settings)
    tally = _FieldTally(checks)
    items = {"lead": ItemCounts(), "support": ItemCounts()}
    for m in matches:
        g, p = gold.tasks[m.gold], predicted.tasks[m.predicted]
        tally.compare(g, p, _brief(m.gold, g))
        for role in items:
            items[role] += _agency_items(getattr(g, role), getattr(p, role))
    agencies = {role: AgencyScore(exact=tally.accuracy(role), items=counts) for role, counts in items.items()}
    fields = TaskFieldScores.model_validate(
        {**agencies, **{name: tally.accuracy(name) for name in checks if name not in items}}
    )
    document, document_mismatches = _document_fields(gold.document, predicted.document, settings)
    matched_gold = {m.gold for m in matches}
    matched_predicted = {m.predicted for m in matches}
    return DocumentScore(
        name=name or gold.source.file,
        scores=Scores(
            tasks=TaskCounts(
                gold=len(gold.tasks),
                predicted=len(predicted.tasks),
                gold_matched=len(matches),
                predicted_matched=len(matches),
            ),
            facts=_fact_counts(gold.tasks, predicted.tasks, matches),
            by_origin=_origin_counts(gold.tasks, predicted.tasks, matches),
            fields=fields,
            document=document,
        ),
        matches=matches,
        missed=[_brief(i, t) for i, t in enumerate(gold.tasks) if i not in matched_gold],
        spurious=[_brief(i, t) for i, t in enumerate(predicted.tasks) if i not in matched_predicted],
        mismatches=document_mismatches + tally.mismatches,
    )


def failed_document(gold: Plan, name: str, error: str) -> DocumentScore:
    """A document whose extraction failed: every gold task missed, every document field wrong."""
    wrong = Accuracy(correct=0, total=1)
    return DocumentScore(
        name=name,
        error=error,
        scores=Scores(
            tasks=TaskCounts(gold=len(gold.tasks)),
            facts=_fact_counts(gold.tasks, [], []),
            by_origin=_origin_counts(gold.tasks, [], []),
            document=DocumentFieldScores(**dict.fromkeys(DocumentFieldScores.model_fields, wrong)),
        ),
        missed=[_brief(i, t) for i, t in enumerate(gold.tasks)],
    )
