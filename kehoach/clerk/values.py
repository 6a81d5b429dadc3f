"""A correction's value from what a person typed (CLI option or web form), validated per field."""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

from extractor.errors import InputError
from extractor.tagging.deadlines import parse_deadline
from extractor.tagging.targets import find_targets
from extractor.text import squash
from schemas import DocType
from schemas.review import TaskState

LIST_SEPARATOR = ";"


def _date(text: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as err:
        raise InputError(f"{field}: {text!r} is not a date YYYY-MM-DD") from err


def _deadline(text: str, plan_year: int | None) -> dict[str, Any]:
    """A typed deadline: an ISO day is that day; anything else is read as a plan would print it."""
    stripped = text.strip()
    if not stripped:
        return {"text": None, "kind": "none", "due": None}
    try:
        day = dt.date.fromisoformat(stripped)
    except ValueError:
        return parse_deadline(stripped, plan_year).model_dump(mode="json")
    return {"text": stripped, "kind": "date", "due": day.isoformat()}


def _status(text: str) -> dict[str, Any]:
    """ "done", "cancelled@2025-05-01", "open": a state and the day it changed (today by default)."""
    state, _, on = text.strip().partition("@")
    if state not in get_args(TaskState):
        raise InputError(f"status: {state!r} is not one of {', '.join(get_args(TaskState))}")
    day = _date(on, "status") if on else (None if state == "open" else dt.date.today())
    return {"state": state, "on": day.isoformat() if day else None}


def parse_value(field: str, text: str, plan_year: int | None = None) -> Any:
    """The JSON value of a correction of `field` typed as `text`; InputError when it cannot be one."""
    if field in ("lead", "support"):
        return [squash(name) for name in text.split(LIST_SEPARATOR) if name.strip()]
    if field == "deadline":
        return _deadline(text, plan_year)
    if field == "targets":
        return [target.model_dump(mode="json") for target in find_targets(text)] if text.strip() else []
    if field == "status":
        return _status(text)
    if field == "issued_on":
        return _date(text, field).isoformat() if text.strip() else None
    if field == "doc_type":
        if text not in get_args(DocType):
            raise InputError(f"doc_type: {text!r} is not one of {', '.join(get_args(DocType))}")
        return text
    if field in ("content", "ref", "number", "issuer", "province", "title", "signer"):
        return squash(text) or None
    raise InputError(f"{field} cannot be corrected")


def missed_task(*, page: int, content: str, lead: str, support: str, deadline: str, ref: str | None) -> dict[str, Any]:
    """The JSON of a task added by hand (origin "text": it was read off the page by a person)."""
    if not content.strip():
        raise InputError("a missed task needs its content")
    return {
        "ref": squash(ref) if ref else None,
        "origin": "text",
        "content": squash(content),
        "lead": parse_value("lead", lead),
        "support": parse_value("support", support),
        "deadline": _deadline(deadline, None),
        "page": page,
    }
