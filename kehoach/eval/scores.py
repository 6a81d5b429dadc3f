"""The evaluation's settings and score models: integer counts that add up to micro-averaged totals."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, computed_field

from schemas.plan import Origin


class EvalSettings(BaseModel):
    """How tasks are paired: `threshold` is the least content similarity (0-1) for a predicted task to
    count as finding a gold task. (Agency names are compared by their canonical names, the store's.)"""

    threshold: float = Field(default=0.85, gt=0, le=1)


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
    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


class ItemCounts(Counts):
    """Agency items over matched tasks: found in both (tp), only predicted (fp), only gold (fn)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @computed_field
    @property
    def precision(self) -> float:
        return _share(self.tp, self.tp + self.fp, self.fn)

    @computed_field
    @property
    def recall(self) -> float:
        return _share(self.tp, self.tp + self.fn, self.fp)

    @computed_field
    @property
    def f1(self) -> float:
        return _harmonic(self.precision, self.recall)


class TaskCounts(Counts):
    """Gold and predicted tasks, and how many of each were paired with a task of the other side."""

    gold: int = 0
    predicted: int = 0
    gold_matched: int = 0
    predicted_matched: int = 0

    @computed_field
    @property
    def precision(self) -> float:
        return _share(self.predicted_matched, self.predicted, self.gold)

    @computed_field
    @property
    def recall(self) -> float:
        return _share(self.gold_matched, self.gold, self.predicted)

    @computed_field
    @property
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
    @property
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
    @property
    def total(self) -> Scores:
        return sum((d.scores for d in self.documents), Scores())
