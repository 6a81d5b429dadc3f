"""The corpus gold plans as the store receives them: source hash filled from the PDF beside each gold
file (gold files omit it) and enriched as the extractor enriches its plans."""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractor.enrich import enrich_plan
from schemas import Plan

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOLD = sorted(CORPUS.glob("*.gold.json"))


def gold_plan(path: Path) -> Plan:
    """A gold plan with its source hash and the derived fields (canonical agencies, target indicators)."""
    plan = Plan.model_validate_json(path.read_text(encoding="utf-8"))
    plan.source.sha256 = hashlib.sha256((path.parent / plan.source.file).read_bytes()).hexdigest()
    return enrich_plan(plan)
