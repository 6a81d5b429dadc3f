"""Task keys: stable across re-extraction, rewording, reordering and new versions; unique within a plan."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from kehoach.clerk.keys import KeyedTask, assign_task_keys, document_key
from schemas import Plan

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOLD = sorted(CORPUS.glob("*.gold.json"))


def tasks_of(path: Path) -> list[KeyedTask]:
    plan = Plan.model_validate_json(path.read_text(encoding="utf-8"))
    return [KeyedTask(key="", ref=t.ref, content=t.content) for t in plan.tasks]


def keyed(tasks: list[KeyedTask], keys: list[str]) -> list[KeyedTask]:
    return [task.model_copy(update={"key": key}) for task, key in zip(tasks, keys, strict=True)]


def test_document_key_from_identity_else_file_hash() -> None:
    day = dt.date(2024, 6, 13)
    sha = hashlib.sha256(b"x").hexdigest()
    assert document_key("Ủy ban nhân dân tỉnh Vĩnh Phúc", "152/KH-UBND", day, sha) == document_key(
        "UỶ BAN NHÂN DÂN TỈNH VĨNH PHÚC", "152/kh-ubnd", day, hashlib.sha256(b"y").hexdigest()
    ), "a new file of the same plan (case, tone placement aside) has the same key"
    assert document_key(None, "152/KH-UBND", day, sha) == "d" + sha[:10]


def test_corpus_keys_are_unique_and_repeatable() -> None:
    for path in GOLD:
        tasks = tasks_of(path)
        keys = assign_task_keys("dx", tasks)
        assert len(set(keys)) == len(keys), path.name
        assert assign_task_keys("dx", tasks) == keys
        assert assign_task_keys("dx", tasks, keyed(tasks, keys)) == keys, "re-extraction keeps every key"


def test_keys_survive_rewording_reordering_and_new_tasks() -> None:
    tasks = tasks_of(GOLD[0])
    keys = assign_task_keys("dx", tasks)
    old = keyed(tasks, keys)
    reread = [t.model_copy(update={"content": t.content.replace(",", "").upper()}) for t in tasks]
    assert assign_task_keys("dx", reread, old) == keys, "case and punctuation do not change a key"
    edited = list(tasks)
    edited[3] = edited[3].model_copy(update={"content": edited[3].content + " trong năm 2025"})
    edited[5] = edited[5].model_copy(update={"ref": "9.9"})
    assert assign_task_keys("dx", edited, old) == keys, "a few words more, or another ref, keep the key"
    new_task = KeyedTask(key="", ref="99", content="Tổ chức hội nghị sơ kết việc thực hiện kế hoạch")
    shuffled = [new_task, *reversed(tasks[1:])]
    new_keys = assign_task_keys("dx", shuffled, old)
    assert new_keys[1:] == list(reversed(keys[1:])), "moved tasks keep their keys"
    assert new_keys[0] not in keys, "a new task gets a key of its own"


def test_repeated_task_gets_numbered_keys_that_stay() -> None:
    same = KeyedTask(key="", ref=None, content="Báo cáo kết quả thực hiện về Sở Nội vụ")
    keys = assign_task_keys("dx", [same, same])
    assert keys[1] == f"{keys[0]}-2"
    assert assign_task_keys("dx", [same, same], keyed([same, same], keys)) == keys
