"""The Plan contract: validation rules, NFC, and the committed JSON Schema."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from schemas import Deadline, Plan, Target, Task
from schemas.__main__ import SCHEMA_FILE, schema_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_committed_json_schema_matches_models() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), "run `python -m schemas` and commit"


@pytest.mark.parametrize("gold", sorted(CORPUS.glob("*.gold.json")), ids=lambda p: p.name)
def test_gold_files_validate(gold: Path) -> None:
    data = json.loads(gold.read_text(encoding="utf-8"))
    plan = Plan.model_validate(data)
    assert plan.tasks
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def test_text_is_normalised_to_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Sở Tư pháp chủ trì")
    task = Task(content=nfd, lead=[nfd])
    assert task.content == "Sở Tư pháp chủ trì"
    assert unicodedata.is_normalized("NFC", task.lead[0])


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "weekly"},
        {"kind": "date", "due": "2025-13-01"},
        {"kind": "date", "due": "15/12/2025"},
        {"kind": "recurring", "due": "2025-12-31"},
    ],
)
def test_bad_deadlines_are_rejected(bad: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        Deadline.model_validate(bad)


def test_iso_due_date_is_parsed() -> None:
    due = Deadline.model_validate({"text": "Quý III", "kind": "quarter", "due": "2025-09-30"}).due
    assert due is not None and due.month == 9


@pytest.mark.parametrize("op", ["≥", "=>", "about"])
def test_target_ops_come_from_the_closed_list(op: str) -> None:
    with pytest.raises(ValidationError):
        Target.model_validate({"text": "80%", "value": 80, "op": op})


def test_schema_version_is_fixed() -> None:
    with pytest.raises(ValidationError):
        Plan.model_validate({"schema_version": "2", "source": {"file": "x.pdf"}})


def test_origin_is_table_or_text() -> None:
    with pytest.raises(ValidationError):
        Task.model_validate({"content": "x", "origin": "email"})
