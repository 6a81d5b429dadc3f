"""Corrections applied over a keyed plan: every field, not-a-task, missed tasks, orphans, versions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from kehoach.clerk.corrections import apply_corrections
from kehoach.clerk.keys import KeyedTask, assign_task_keys
from kehoach.clerk.values import missed_task, parse_value
from schemas import Plan
from schemas.review import Correction

GOLD = Path(__file__).resolve().parent.parent / "corpus" / "soc_trang_56-KH-UBND_2022.gold.json"


@pytest.fixture
def plan() -> Plan:
    plan = Plan.model_validate_json(GOLD.read_text(encoding="utf-8"))
    keys = assign_task_keys("dst", [KeyedTask(key="", ref=t.ref, content=t.content) for t in plan.tasks])
    for task, key in zip(plan.tasks, keys, strict=True):
        task.key = key
    return plan


def fix(number: int, task_key: str | None, field: str, value: object) -> Correction:
    return Correction.model_validate(
        {"id": number, "doc_key": "dst", "task_key": task_key, "field": field, "new_value": value, "author": "t"}
    )


def test_each_task_field_is_set(plan: Plan) -> None:
    key = plan.tasks[2].key
    corrections = [
        fix(1, key, "lead", parse_value("lead", "Sở Tài chính; Sở Nội vụ")),
        fix(2, key, "support", parse_value("support", "")),
        fix(3, key, "deadline", parse_value("deadline", "Quý II/2025", 2022)),
        fix(4, key, "targets", parse_value("targets", "tối thiểu 95%")),
        fix(5, key, "content", parse_value("content", "Nội dung  đã sửa")),
        fix(6, key, "ref", "1a"),
        fix(7, key, "status", parse_value("status", "done@2025-05-02")),
        fix(8, None, "issued_on", parse_value("issued_on", "2022-04-13")),
    ]
    result = apply_corrections(plan, corrections)
    task = next(t for t in result.plan.tasks if t.key == key)
    assert task.lead == ["Sở Tài chính", "Sở Nội vụ"] and task.support == []
    assert (task.deadline.kind, task.deadline.due) == ("quarter", dt.date(2025, 6, 30))
    assert [(t.op, t.value) for t in task.targets] == [(">=", 95.0)]
    assert (task.content, task.ref) == ("Nội dung đã sửa", "1a")
    review = next(r for r in result.tasks if r.key == key)
    assert (review.status.state, review.status.on, review.version) == ("done", dt.date(2025, 5, 2), 7)
    assert result.plan.document.issued_on == dt.date(2022, 4, 13) and result.document_version == 1
    assert result.applied == list(range(1, 9)) and result.orphaned == []
    assert plan.tasks[2].lead == ["Văn phòng UBND tỉnh"], "the extraction itself is left as it was"


def test_not_a_task_missed_task_and_orphans(plan: Plan) -> None:
    gone, dropped = plan.tasks[0].key, plan.tasks[1].key
    added = missed_task(page=7, content="Tổ chức sơ kết", lead="Sở Nội vụ", support="", deadline="", ref=None)
    corrections = [
        fix(1, dropped, "not_task", True),
        fix(2, "dst-m1", "add_task", added),
        fix(3, "dst-m1", "deadline", parse_value("deadline", "2025-12-31")),
        fix(4, gone, "lead", ["Sở Tư pháp"]),
    ]
    shorter = plan.model_copy(update={"tasks": plan.tasks[1:]})
    result = apply_corrections(shorter, corrections)
    keys = [t.key for t in result.plan.tasks]
    assert dropped not in keys and len(keys) == len(plan.tasks) - 1
    manual = result.plan.tasks[keys.index("dst-m1")]
    assert manual.lead == ["Sở Nội vụ"] and manual.deadline.due == dt.date(2025, 12, 31)
    assert all((t.page or 0) <= 7 for t in result.plan.tasks[: keys.index("dst-m1")])
    assert result.orphaned == [4], "a correction whose task is gone is kept as orphaned"
    undone = apply_corrections(shorter, [*corrections, fix(5, dropped, "not_task", False)])
    assert dropped in [t.key for t in undone.plan.tasks]


def test_bad_value_is_refused(plan: Plan) -> None:
    with pytest.raises(ValidationError):
        apply_corrections(plan, [fix(1, plan.tasks[0].key, "deadline", {"kind": "someday"})])
