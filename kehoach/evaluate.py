"""Scores an extracted Plan against a gold Plan, and a folder of PDFs against the gold files beside them.

Tasks are paired by content similarity (one-to-one, greedy by best score); precision/recall/F1 count the
pairs, and the fields of each pair (agencies, deadline, targets, ref, output, note, group) are scored
for accuracy. Every count is kept as integers so per-document scores add up to micro-averaged totals.
The rules are written out in docs/evaluation.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, NamedTuple, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, computed_field

from extractor.errors import EvalError, KehoachError
from extractor.text import clean, new_tone_placement, squash
from schemas import Document, Plan, Target, Task
from schemas.plan import Origin

AGENCY_ABBREVIATIONS: dict[str, str] = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "VP": "Văn phòng",
    "TT&TT": "Thông tin và Truyền thông",
    "TTTT": "Thông tin và Truyền thông",
}
GOLD_SUFFIX = ".gold.json"

_BULLET = re.compile(r"(?:^|\s)[-–—+•·*▪●○◦](?=\s|$)|^[-–—+•·*▪●○◦]+")
_END_PUNCT = " .,;:!…"
_AGENCY_ENDS = " .,;:-–—()"
_LEADING_CAC = re.compile(r"^các\s+")
_SPACE = re.compile(r"\s+")


class EvalSettings(BaseModel):
    """How tasks are paired and agencies compared.

    `threshold`: the least content similarity (0-1) for a predicted task to count as finding a gold task.
    `abbreviations`: short forms spelled out in agency names before comparing ("UBND" → "Ủy ban nhân dân")."""

    threshold: float = Field(default=0.85, gt=0, le=1)
    abbreviations: dict[str, str] = Field(default_factory=lambda: dict(AGENCY_ABBREVIATIONS))


def _share(hits: int, total: int, other_side: int) -> float:
    """hits/total; with nothing to count, 1.0 when the other side is empty too (nothing to find, nothing found)."""
    if total:
        return hits / total
    return 1.0 if other_side == 0 else 0.0


def _harmonic(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


class Counts(BaseModel):
    """Integer counters that add up field by field, so document scores sum into micro-averaged totals."""

    model_config = ConfigDict(frozen=True)

    def __add__(self, other: Self) -> Self:
        return type(self)(**{name: getattr(self, name) + getattr(other, name) for name in type(self).model_fields})


class Accuracy(Counts):
    """How many compared values were equal; accuracy is None when nothing was compared."""

    correct: int = 0
    total: int = 0

    @computed_field
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


class ItemCounts(Counts):
    """Agency items over matched tasks: found in both (tp), only predicted (fp), only gold (fn)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @computed_field
    def precision(self) -> float:
        return _share(self.tp, self.tp + self.fp, self.fn)

    @computed_field
    def recall(self) -> float:
        return _share(self.tp, self.tp + self.fn, self.fp)

    @computed_field
    def f1(self) -> float:
        return _harmonic(self.precision, self.recall)


class TaskCounts(Counts):
    """Gold and predicted tasks, and how many of each were paired with a task of the other side."""

    gold: int = 0
    predicted: int = 0
    gold_matched: int = 0
    predicted_matched: int = 0

    @computed_field
    def precision(self) -> float:
        return _share(self.predicted_matched, self.predicted, self.gold)

    @computed_field
    def recall(self) -> float:
        return _share(self.gold_matched, self.gold, self.predicted)

    @computed_field
    def f1(self) -> float:
        return _harmonic(self.precision, self.recall)


class OriginCounts(Counts):
    """Task counts split by origin: recall by the gold task's origin, precision by the predicted one's."""

    table: TaskCounts = TaskCounts()
    text: TaskCounts = TaskCounts()


class AgencyScore(Counts):
    """A lead or support list over matched tasks: whole-set equality, and item-level precision/recall/F1."""

    exact: Accuracy = Accuracy()
    items: ItemCounts = ItemCounts()


class TaskFieldScores(Counts):
    """Accuracy of each field over the matched task pairs."""

    origin: Accuracy = Accuracy()
    lead: AgencyScore = AgencyScore()
    support: AgencyScore = AgencyScore()
    deadline_kind: Accuracy = Accuracy()
    deadline_due: Accuracy = Accuracy()
    targets: Accuracy = Accuracy()
    ref: Accuracy = Accuracy()
    output: Accuracy = Accuracy()
    note: Accuracy = Accuracy()
    group: Accuracy = Accuracy()


class DocumentFieldScores(Counts):
    """Each document field right or wrong (per document 0 or 1 of 1; summed over documents in totals)."""

    doc_type: Accuracy = Accuracy()
    number: Accuracy = Accuracy()
    issuer: Accuracy = Accuracy()
    province: Accuracy = Accuracy()
    issued_on: Accuracy = Accuracy()
    title: Accuracy = Accuracy()
    signer: Accuracy = Accuracy()

    @computed_field
    def accuracy(self) -> float | None:
        fields = [getattr(self, name) for name in type(self).model_fields]
        total = sum(f.total for f in fields)
        return sum(f.correct for f in fields) / total if total else None


class Scores(Counts):
    """Everything counted for one document, or summed over many.

    `facts`: every task's facts (the task itself, each lead and support agency, its deadline, each target)
    as items: facts of paired tasks that agree are true positives, the rest (and every fact of a missed or
    spurious task) false negatives or positives. One number for "how much of the plan was read right"."""

    tasks: TaskCounts = TaskCounts()
    facts: ItemCounts = ItemCounts()
    by_origin: OriginCounts = OriginCounts()
    fields: TaskFieldScores = TaskFieldScores()
    document: DocumentFieldScores = DocumentFieldScores()


class TaskBrief(BaseModel):
    """A task as shown in reports: where it is and what it says."""

    index: int
    ref: str | None
    origin: Origin
    page: int | None
    content: str


class TaskMatch(BaseModel):
    """A gold task paired with a predicted one (indices into each plan's task list)."""

    gold: int
    predicted: int
    similarity: float


class Mismatch(BaseModel):
    """A field whose predicted value differs from gold; `task` is the gold task, None for document fields."""

    task: TaskBrief | None
    field: str
    gold: str
    predicted: str


class DocumentScore(BaseModel):
    """One document's scores with the evidence behind them; `error` is set when extraction failed."""

    name: str
    error: str | None = None
    scores: Scores
    matches: list[TaskMatch] = Field(default_factory=list)
    missed: list[TaskBrief] = Field(default_factory=list)
    spurious: list[TaskBrief] = Field(default_factory=list)
    mismatches: list[Mismatch] = Field(default_factory=list)


class SkippedFile(BaseModel):
    """A file of the folder that was not evaluated, and why."""

    file: str
    reason: str


class EvalReport(BaseModel):
    """A folder's evaluation: every document, files skipped, and the micro-averaged totals."""

    folder: str
    settings: EvalSettings
    documents: list[DocumentScore]
    skipped: list[SkippedFile] = Field(default_factory=list)

    @computed_field
    def total(self) -> Scores:
        return sum((d.scores for d in self.documents), Scores())


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


def agency_key(name: str, abbreviations: dict[str, str]) -> str:
    """An agency name as compared: abbreviations spelled out, tone placement and case folded, a leading
    "các" and punctuation at the ends dropped ("Các sở, ban, ngành." = "sở, ban, ngành"); đ stays apart from d."""
    text = text_key(name) or ""
    for short in sorted(abbreviations, key=len, reverse=True):
        text = re.sub(rf"(?<![\w&]){re.escape(short)}(?![\w&])", abbreviations[short], text, flags=re.IGNORECASE)
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


def _agency_keys(names: Iterable[str], abbreviations: dict[str, str]) -> frozenset[str]:
    return frozenset(agency_key(name, abbreviations) for name in names)


def _task_checks(settings: EvalSettings) -> dict[str, _Check]:
    def agencies(names: list[str]) -> Hashable:
        return _agency_keys(names, settings.abbreviations)

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
        "issuer": _Check(lambda d: d.issuer, lambda v: agency_key(v, settings.abbreviations) if v else None),
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


def _agency_items(gold: Iterable[str], predicted: Iterable[str], abbreviations: dict[str, str]) -> ItemCounts:
    gold_keys, predicted_keys = _agency_keys(gold, abbreviations), _agency_keys(predicted, abbreviations)
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


def task_facts(task: Task, abbreviations: dict[str, str]) -> frozenset[Hashable]:
    """A task's facts as comparable keys: that it exists, each lead and support agency, its deadline (kind
    and due, when it has one) and each target."""
    facts: set[Hashable] = {("task",)}
    facts |= {("lead", key) for key in _agency_keys(task.lead, abbreviations)}
    facts |= {("support", key) for key in _agency_keys(task.support, abbreviations)}
    if task.deadline.kind != "none":
        facts.add(("deadline", task.deadline.kind, task.deadline.due))
    facts |= {("target", *_target_key(target)) for target in task.targets}
    return frozenset(facts)


def _fact_counts(
    gold: Sequence[Task], predicted: Sequence[Task], matches: Sequence[TaskMatch], abbreviations: dict[str, str]
) -> ItemCounts:
    gold_facts = [task_facts(t, abbreviations) for t in gold]
    predicted_facts = [task_facts(t, abbreviations) for t in predicted]
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
            items[role] += _agency_items(getattr(g, role), getattr(p, role), settings.abbreviations)
    agencies = {role: AgencyScore(exact=tally.accuracy(role), items=counts) for role, counts in items.items()}
    fields = TaskFieldScores(**agencies, **{name: tally.accuracy(name) for name in checks if name not in items})
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
            facts=_fact_counts(gold.tasks, predicted.tasks, matches, settings.abbreviations),
            by_origin=_origin_counts(gold.tasks, predicted.tasks, matches),
            fields=fields,
            document=document,
        ),
        matches=matches,
        missed=[_brief(i, t) for i, t in enumerate(gold.tasks) if i not in matched_gold],
        spurious=[_brief(i, t) for i, t in enumerate(predicted.tasks) if i not in matched_predicted],
        mismatches=document_mismatches + tally.mismatches,
    )


def failed_document(gold: Plan, name: str, error: str, settings: EvalSettings | None = None) -> DocumentScore:
    """A document whose extraction failed: every gold task missed, every document field wrong."""
    wrong = Accuracy(correct=0, total=1)
    abbreviations = (settings or EvalSettings()).abbreviations
    return DocumentScore(
        name=name,
        error=error,
        scores=Scores(
            tasks=TaskCounts(gold=len(gold.tasks)),
            facts=_fact_counts(gold.tasks, [], [], abbreviations),
            by_origin=_origin_counts(gold.tasks, [], []),
            document=DocumentFieldScores(**dict.fromkeys(DocumentFieldScores.model_fields, wrong)),
        ),
        missed=[_brief(i, t) for i, t in enumerate(gold.tasks)],
    )


# --- folders -------------------------------------------------------------------------------------------------


def load_gold(path: Path) -> Plan:
    """A gold file as a Plan; EvalError naming the file when it cannot be read or breaks the contract."""
    try:
        return Plan.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise EvalError(f"gold file unreadable: {err}", file=path) from err
    except ValidationError as err:
        raise EvalError(
            f"gold file breaks the Plan contract: {err.error_count()} errors, first: "
            f"{err.errors()[0]['loc']}: {err.errors()[0]['msg']}",
            file=path,
        ) from err


def error_text(err: Exception) -> str:
    """An extraction failure as one line: our own errors as they read, others with their class name."""
    return str(err) if isinstance(err, KehoachError) else f"{type(err).__name__}: {err}"


def evaluate_folder(folder: Path, extract: Callable[[Path], Plan], settings: EvalSettings | None = None) -> EvalReport:
    """Extracts every NAME.pdf that has NAME.gold.json beside it and scores it. A PDF without gold (or gold
    without PDF) is listed as skipped; an extraction that raises is a failed document, not a crash, so one
    bad file cannot hide the scores of the others."""
    settings = settings or EvalSettings()
    if not folder.is_dir():
        raise EvalError("not a folder", file=folder)
    files = sorted(folder.iterdir())
    pdfs = [f for f in files if f.is_file() and f.suffix.lower() == ".pdf"]
    stems = {pdf.stem for pdf in pdfs}
    skipped = [
        SkippedFile(file=pdf.name, reason=f"no {pdf.stem}{GOLD_SUFFIX} beside it")
        for pdf in pdfs
        if not (folder / f"{pdf.stem}{GOLD_SUFFIX}").is_file()
    ]
    skipped += [
        SkippedFile(file=f.name, reason="gold file without a PDF beside it")
        for f in files
        if f.name.endswith(GOLD_SUFFIX) and f.name.removesuffix(GOLD_SUFFIX) not in stems
    ]
    pairs = [
        (pdf, folder / f"{pdf.stem}{GOLD_SUFFIX}") for pdf in pdfs if (folder / f"{pdf.stem}{GOLD_SUFFIX}").is_file()
    ]
    if not pairs:
        raise EvalError(f"no PDF with a NAME{GOLD_SUFFIX} beside it", file=folder)
    documents: list[DocumentScore] = []
    for pdf, gold_path in pairs:
        gold = load_gold(gold_path)
        try:
            predicted = extract(pdf)
        except Exception as err:  # any extractor failure is scored as a failed document, not a crash
            documents.append(failed_document(gold, pdf.name, error_text(err), settings))
            continue
        documents.append(evaluate_pair(predicted, gold, settings, name=pdf.name))
    return EvalReport(folder=str(folder), settings=settings, documents=documents, skipped=skipped)
