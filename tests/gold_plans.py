"""The corpus gold plans as the store receives them: source hash filled from the PDF beside each gold
file (gold files omit it) and enriched as the extractor enriches its plans; and a stored corpus for
the researchers' tests (exports, views, Datasette)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import Engine

from extractor.enrich import enrich_plan
from kehoach.store.repository import store_plan
from schemas import Plan
from tests.corpus_cache import CorpusCache

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOLD = sorted(CORPUS.glob("*.gold.json"))
SOC_TRANG = CORPUS / "soc_trang_56-KH-UBND_2022.pdf"


def gold_plan(path: Path) -> Plan:
    """A gold plan with its source hash and the derived fields (canonical agencies, target indicators)."""
    plan = Plan.model_validate_json(path.read_text(encoding="utf-8"))
    plan.source.sha256 = hashlib.sha256((path.parent / plan.source.file).read_bytes()).hexdigest()
    return enrich_plan(plan)


def store_corpus(engine: Engine, corpus: CorpusCache, extracted: tuple[Path, ...] = (SOC_TRANG,)) -> list[Plan]:
    """Store every corpus plan: the gold plans, and the `extracted` PDFs' plans as extracted (gold files
    carry no objectives); the plans stored, in order."""
    as_extracted = {pdf.stem: pdf for pdf in extracted}
    plans = [
        corpus.plan(as_extracted[stem])
        if (stem := path.name.removesuffix(".gold.json")) in as_extracted
        else gold_plan(path)
        for path in GOLD
    ]
    for plan in plans:
        store_plan(engine, plan)
    return plans
