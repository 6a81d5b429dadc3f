"""Stable identity for documents and tasks, so corrections, flags and links survive re-extraction.

A document's key comes from its identity (issuer, number, date) when the plan prints all three, else
from the first file's hash; a later version of the plan inherits the key of the one it supersedes.
A task's key is the document key plus a hash of its ref and folded content. When a plan is extracted
again (or a new version arrives), each new task first takes the key of an old task with the same
hash, then of the most similar remaining old task, so a corrected word or a moved row keeps its key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from pydantic import BaseModel, ConfigDict

from extractor.text import fold

KEY_HASH_CHARS = 10
# Two contents at least this similar (difflib ratio over folded words) are one task re-read.
SAME_TASK_RATIO = 0.8
# With the same printed ref, a looser match still counts (a cell re-read with a line more or less).
SAME_REF_RATIO = 0.6
_NOT_WORD = re.compile(r"[^\w]+")


class KeyedTask(BaseModel):
    """What re-matching needs of a task that already has a key: its key, ref and content."""

    model_config = ConfigDict(frozen=True)

    key: str
    ref: str | None
    content: str


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:KEY_HASH_CHARS]


def content_words(text: str) -> str:
    """Content folded to bare words: case, accents, punctuation and spacing do not change a key."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def document_key(issuer: str | None, number: str | None, issued_on: dt.date | None, sha256: str) -> str:
    """A new document's key: from its printed identity when complete, else from its file hash."""
    if issuer and number and issued_on:
        return "d" + _digest(fold(issuer), fold(number), issued_on.isoformat())
    return "d" + sha256[:KEY_HASH_CHARS]


def _base_key(doc_key: str, ref: str | None, content: str) -> str:
    return f"{doc_key}-{_digest(fold(ref or ''), content_words(content))}"


def _similarity(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SAME_REF_RATIO or matcher.quick_ratio() < SAME_REF_RATIO:
        return 0.0
    return matcher.ratio()


def _fuzzy_pairs(new: dict[int, KeyedTask], old: list[KeyedTask]) -> dict[int, str]:
    """Greedy best-first pairing of unmatched new tasks with unmatched old ones above the thresholds."""
    candidates: list[tuple[float, int, int]] = []
    old_words = [content_words(task.content) for task in old]
    for index, task in new.items():
        words = content_words(task.content)
        for position, previous in enumerate(old):
            ratio = _similarity(words, old_words[position])
            same_ref = bool(task.ref) and fold(task.ref or "") == fold(previous.ref or "")
            if ratio >= SAME_TASK_RATIO or (same_ref and ratio >= SAME_REF_RATIO):
                candidates.append((ratio + (0.01 if same_ref else 0.0), index, position))
    pairs: dict[int, str] = {}
    used: set[int] = set()
    for _score, index, position in sorted(candidates, reverse=True):
        if index not in pairs and position not in used:
            pairs[index] = old[position].key
            used.add(position)
    return pairs


def assign_task_keys(doc_key: str, tasks: Sequence[KeyedTask], previous: Sequence[KeyedTask] = ()) -> list[str]:
    """Keys for `tasks` (their `key` field is ignored) given the keyed tasks of the earlier extraction.

    Same hash first, then similar content; a task that matches nothing gets its own hash key,
    numbered when the plan repeats a task word for word. Keys are unique within the result."""
    old_by_key = {task.key: task for task in previous}
    keys: dict[int, str] = {}
    unmatched: dict[int, KeyedTask] = {}
    for index, task in enumerate(tasks):
        base = _base_key(doc_key, task.ref, task.content)
        if base in old_by_key and base not in keys.values():
            keys[index] = base
        else:
            unmatched[index] = task
    left = [task for key, task in old_by_key.items() if key not in keys.values()]
    keys.update(_fuzzy_pairs(unmatched, left))
    taken = set(keys.values()) | set(old_by_key)
    for index, task in enumerate(tasks):
        if index in keys:
            continue
        base = _base_key(doc_key, task.ref, task.content)
        key, count = base, 1
        while key in taken:
            count += 1
            key = f"{base}-{count}"
        keys[index] = key
        taken.add(key)
    return [keys[index] for index in range(len(tasks))]
