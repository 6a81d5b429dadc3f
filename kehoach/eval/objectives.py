"""Scores extracted objectives against a NAME.objectives.json gold file.

Gold and extracted objectives are paired one to one, greedily by the similarity of their indicator
texts (folded, token-set ratio ≥ `min_similarity`), among pairs from the same place (an objectives
section or a task); a pair with the same value wins ties. On the pairs: indicator mapping accuracy
(same canonical id, both None counting as right) and value/comparator/year accuracy (all three equal).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel
from rapidfuzz import fuzz

from extractor.text import fold
from kehoach.render import render_table
from schemas import AdminLevel, Objective, Plan, TargetOp


class GoldObjective(BaseModel):
    """One annotated objective (see the `conventions` of a gold file)."""

    indicator_text: str
    indicator: str | None
    value: float
    op: TargetOp
    unit: str
    year: int | None
    period: str | None = None
    levels: list[AdminLevel] = []
    task: str | None = None


class ObjectivesGold(BaseModel):
    """A NAME.objectives.json file."""

    file: str
    conventions: str
    objectives: list[GoldObjective]


class ObjectiveScore(BaseModel):
    """Counts and accuracies of one plan (or a total)."""

    name: str
    gold: int
    predicted: int
    matched: int
    indicator_right: int
    values_right: int
    levels_right: int

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def indicator_accuracy(self) -> float:
        return self.indicator_right / self.matched if self.matched else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.values_right / self.matched if self.matched else 0.0

    @property
    def level_accuracy(self) -> float:
        return self.levels_right / self.matched if self.matched else 0.0

    def rates(self) -> dict[str, float]:
        """The derived rates, for JSON output."""
        return {
            "recall": self.recall,
            "precision": self.precision,
            "indicator_accuracy": self.indicator_accuracy,
            "value_accuracy": self.value_accuracy,
            "level_accuracy": self.level_accuracy,
        }


def load_gold(path: Path) -> ObjectivesGold:
    """Read and validate a gold file."""
    return ObjectivesGold.model_validate(json.loads(path.read_text(encoding="utf-8")))


def pair(
    gold: Sequence[GoldObjective], predicted: Sequence[Objective], min_similarity: float = 60.0
) -> list[tuple[GoldObjective, Objective]]:
    """Gold and predicted objectives paired one to one, best similarity first."""
    candidates: list[tuple[float, int, int]] = []
    for g_index, g in enumerate(gold):
        for p_index, p in enumerate(predicted):
            if (g.task is None) != (p.task is None) or (g.unit == "%") != (p.unit == "%"):
                continue
            similarity = fuzz.token_set_ratio(fold(g.indicator_text), fold(f"{p.indicator} {p.scope or ''}"))
            if similarity >= min_similarity:
                candidates.append((similarity + (10.0 if g.value == p.value else 0.0), g_index, p_index))
    pairs: list[tuple[GoldObjective, Objective]] = []
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    for _, g_index, p_index in sorted(candidates, reverse=True):
        if g_index not in used_gold and p_index not in used_predicted:
            used_gold.add(g_index)
            used_predicted.add(p_index)
            pairs.append((gold[g_index], predicted[p_index]))
    return pairs


def score(name: str, gold: Sequence[GoldObjective], predicted: Sequence[Objective]) -> ObjectiveScore:
    """The score of one plan's objectives."""
    pairs = pair(gold, predicted)
    return ObjectiveScore(
        name=name,
        gold=len(gold),
        predicted=len(predicted),
        matched=len(pairs),
        indicator_right=sum(g.indicator == p.indicator_id for g, p in pairs),
        values_right=sum((g.value, g.op, g.year) == (p.value, p.op, p.year) for g, p in pairs),
        levels_right=sum(g.levels == p.levels for g, p in pairs),
    )


def total(scores: Sequence[ObjectiveScore]) -> ObjectiveScore:
    """The sum of several plans' scores."""
    return ObjectiveScore(
        name="TOTAL",
        gold=sum(s.gold for s in scores),
        predicted=sum(s.predicted for s in scores),
        matched=sum(s.matched for s in scores),
        indicator_right=sum(s.indicator_right for s in scores),
        values_right=sum(s.values_right for s in scores),
        levels_right=sum(s.levels_right for s in scores),
    )


OBJECTIVES_SUFFIX = ".objectives.json"


def evaluate_objectives(
    folder: Path, extract: Callable[[Path], Plan], gold_folder: Path | None = None
) -> list[ObjectiveScore]:
    """Extracts every NAME.pdf of the folder that has a NAME.objectives.json (in `gold_folder`, by default
    beside it) and scores its objectives."""
    scores = []
    for gold_path in sorted((gold_folder or folder).glob(f"*{OBJECTIVES_SUFFIX}")):
        pdf = folder / (gold_path.name.removesuffix(OBJECTIVES_SUFFIX) + ".pdf")
        if pdf.is_file():
            scores.append(score(pdf.name, load_gold(gold_path).objectives, extract(pdf).objectives))
    return scores


def render_scores(scores: Sequence[ObjectiveScore]) -> str:
    """The scores as a table with a TOTAL line."""
    headers = ["document", "gold", "pred", "match", "recall", "prec", "indicator", "value/op/year", "levels"]
    rows = [
        [
            s.name,
            str(s.gold),
            str(s.predicted),
            str(s.matched),
            f"{s.recall:.3f}",
            f"{s.precision:.3f}",
            f"{s.indicator_accuracy:.3f}",
            f"{s.value_accuracy:.3f}",
            f"{s.level_accuracy:.3f}",
        ]
        for s in [*scores, total(scores)]
    ]
    return render_table(headers, rows, [max(len(r[0]) for r in rows), 5, 5, 5, 6, 6, 9, 13, 6])
