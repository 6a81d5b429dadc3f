"""The clerk's commands: review (the flag queue), fix, approve, docs list|show|delete|diff|fix|add-task.

Registered on the main group by kehoach.cli; `serve` (the review page) is in kehoach.cli.serve.
Every edit goes through kehoach.clerk.service, the same corrections API the review page uses.
"""

from __future__ import annotations

import getpass
import json
from typing import Any

import click
from pydantic import TypeAdapter
from sqlalchemy import Engine, select

from kehoach.clerk.messages import flag_text
from kehoach.clerk.service import CorrectionRequest, correct, delete, diff
from kehoach.clerk.service import approve as approve_document
from kehoach.clerk.values import missed_task, parse_value
from kehoach.cli.common import DB_OPTION, migrated_engine, reading, reports_errors
from kehoach.render import render_table
from kehoach.store.db import read_session
from kehoach.store.models import DocumentRecord
from kehoach.store.review import (
    corrections_for,
    document_of_task,
    find_document,
    flag_counts,
    review_queue,
    task_counts,
)
from schemas.review import DOCUMENT_FIELDS, CorrectionField
from schemas.text import printable

AUTHOR_OPTION = click.option("--author", default=getpass.getuser, show_default="your login", help="Who made the edit.")
REASON_OPTION = click.option("--reason", help="Why (kept with the correction).")


def _flag_line(code: str, task_key: str | None, detail: str) -> str:

    where = task_key or "(document)"
    return f"  {code:<20} {where:<26} {flag_text(code)}{': ' + detail if detail else ''}"


@click.command()
@DB_OPTION
@click.option("--flag", "code", help="Only this flag (e.g. no_lead, unknown_agency, duplicate_document).")
@click.option("--all", "include_approved", is_flag=True, help="Approved documents too.")
@reports_errors
def review(db: str | None, code: str | None, include_approved: bool) -> None:
    """List what needs a look: the flags of current documents not yet approved, by document."""
    with reading(db) as session:
        queue = review_queue(session, code, include_approved=include_approved)
        shown: int | None = None
        for flag, doc in queue:
            if doc.id != shown:
                shown = doc.id
                name = printable(doc.file_name)
                click.echo(f"#{doc.id} {doc.doc_key} {doc.number or '(no number)'} · {name} [{doc.review_status}]")
            click.echo(_flag_line(flag.code, flag.task_key, flag.detail))
    click.echo(f"{len(queue)} flags")


def _changes(options: dict[str, str | None], plan_year: int | None) -> list[tuple[CorrectionField, Any]]:
    """The corrections asked for by the options given (option names are the fields' names)."""
    fields = TypeAdapter(CorrectionField)
    return [
        (fields.validate_python(field), parse_value(field, text, plan_year))
        for field, text in options.items()
        if text is not None
    ]


def _apply(engine: Engine, requests: list[Any]) -> None:

    for result in correct(engine, requests):
        c = result.correction
        target = c.task_key or f"document #{result.document_id}"
        click.echo(f"correction #{c.id}: {target} {c.field} = {json.dumps(c.new_value, ensure_ascii=False)}")


@click.command()
@click.argument("task_key")
@click.option("--lead", help="Lead agencies, separated by ';'.")
@click.option("--support", help="Supporting agencies, separated by ';'.")
@click.option("--deadline", help="A day YYYY-MM-DD, or the deadline as a plan writes it ('Quý II/2025').")
@click.option("--targets", help="Targets as written ('tối thiểu 95%'); empty to clear.")
@click.option("--content", help="The task's text.")
@click.option("--ref", help="The task's number in the plan.")
@click.option("--status", help="open, done or cancelled, optionally @YYYY-MM-DD (default today).")
@click.option("--not-a-task", is_flag=True, help="This is not a task: leave it out of the data.")
@click.option("--is-a-task", is_flag=True, help="Undo --not-a-task.")
@click.option("--expect-version", type=int, help="Refuse if the task's edit version is not this one.")
@AUTHOR_OPTION
@REASON_OPTION
@DB_OPTION
@reports_errors
def fix(
    task_key: str,
    not_a_task: bool,
    is_a_task: bool,
    expect_version: int | None,
    author: str,
    reason: str | None,
    db: str | None,
    **fields: str | None,
) -> None:
    """Correct a task by its key; the correction is kept and re-applied over every later extraction."""
    with migrated_engine(db) as engine:
        with read_session(engine) as session:
            doc = document_of_task(session, task_key)
            year = doc.issued_on.year if doc.issued_on else None
        changes = _changes(fields, year)
        if not_a_task or is_a_task:
            changes.append(("not_task", not_a_task))
        if not changes:
            raise click.UsageError("nothing to fix: give at least one of --lead, --deadline, … (see --help)")
        _apply(
            engine,
            [
                CorrectionRequest(
                    field=field,
                    value=value,
                    task_key=task_key,
                    author=author,
                    reason=reason,
                    expected_version=expect_version,
                )
                for field, value in changes
            ],
        )


@click.command()
@click.argument("document")
@AUTHOR_OPTION
@DB_OPTION
@reports_errors
def approve(document: str, author: str, db: str | None) -> None:
    """Mark a document (id or key) as reviewed: it leaves the review queue."""
    with migrated_engine(db) as engine:
        doc = approve_document(engine, document, author)
    click.echo(f"approved: #{doc.id} {printable(doc.number or doc.file_name)} by {author}")


@click.group("docs")
def docs_group() -> None:
    """Stored documents: list, show, delete, diff two versions, fix document fields, add a missed task."""


@docs_group.command("list")
@DB_OPTION
@click.option("--all-versions", is_flag=True, help="Superseded versions too.")
@reports_errors
def docs_list(db: str | None, all_versions: bool) -> None:
    """Every stored document with its key, version status, review status, task and flag counts."""
    with reading(db) as session:
        counts, flags = task_counts(session), flag_counts(session)
        query = select(DocumentRecord).order_by(DocumentRecord.id)
        if not all_versions:
            query = query.where(DocumentRecord.superseded_at.is_(None))
        rows = [
            [
                str(d.id),
                d.doc_key,
                d.number or "",
                d.province or "",
                d.issued_on.isoformat() if d.issued_on else "",
                d.status,
                d.review_status,
                str(counts.get(d.id, 0)),
                str(flags.get(d.id, 0)),
                printable(d.file_name),
            ]
            for d in session.scalars(query)
        ]
    headers = ["id", "key", "number", "province", "issued", "version", "review", "tasks", "flags", "file"]
    click.echo(render_table(headers, rows, [5, 12, 14, 12, 10, 10, 8, 5, 5, 40]))


@docs_group.command("show")
@click.argument("document")
@DB_OPTION
@reports_errors
def docs_show(document: str, db: str | None) -> None:
    """A document's metadata, review state, flags and corrections."""
    with reading(db) as session:
        doc = find_document(session, document)
        name = printable(doc.file_name)
        click.echo(f"#{doc.id} key {doc.doc_key} · {name} ({doc.pages} pages) · {doc.status}, {doc.review_status}")
        for field in DOCUMENT_FIELDS:
            click.echo(f"  {field:<10} {getattr(doc, field) or ''}")
        click.echo(f"  tasks      {len(doc.tasks)}")
        if doc.reviewed_by:
            click.echo(f"  reviewed   {doc.reviewed_by} {doc.reviewed_at:%Y-%m-%d %H:%M}")
        click.echo(f"flags: {len(doc.flags)}")
        for flag in doc.flags:
            click.echo(_flag_line(flag.code, flag.task_key, flag.detail))
        corrections = corrections_for(session, doc.doc_key)
        click.echo(f"corrections: {len(corrections)}")
        for c in corrections:
            value = json.dumps(c.new_value, ensure_ascii=False)
            why = f" — {c.reason}" if c.reason else ""
            click.echo(f"  #{c.id} [{c.state}] {c.task_key or '(document)'} {c.field} = {value} by {c.author}{why}")


@docs_group.command("delete")
@click.argument("document")
@DB_OPTION
@click.confirmation_option(prompt="This deletes the document, its tasks, flags and corrections. Continue?")
@reports_errors
def docs_delete(document: str, db: str | None) -> None:
    """Delete a document with everything that is only its (the version it superseded becomes current)."""
    with migrated_engine(db) as engine:
        doc = delete(engine, document)
    click.echo(f"deleted: #{doc.id} {printable(doc.number or doc.file_name)}")


@docs_group.command("diff")
@click.argument("old")
@click.argument("new", required=False)
@DB_OPTION
@reports_errors
def docs_diff(old: str, new: str | None, db: str | None) -> None:
    """Tasks added, removed and changed between two documents (one: against the version it superseded)."""
    with migrated_engine(db) as engine:
        result = diff(engine, old, new)
    click.echo(f"#{result.old_id} → #{result.new_id}")
    for task in result.added:
        click.echo(f"+ {task.key} {task.ref or ''} {task.content[:80]}")
    for task in result.removed:
        click.echo(f"- {task.key} {task.ref or ''} {task.content[:80]}")
    for change in result.changed:
        click.echo(f"~ {change.key} {change.content[:60]}")
        for field, (was, now) in change.fields.items():
            click.echo(f"    {field}: {json.dumps(was, ensure_ascii=False)} → {json.dumps(now, ensure_ascii=False)}")
    click.echo(f"added: {len(result.added)}, removed: {len(result.removed)}, changed: {len(result.changed)}")


@docs_group.command("fix")
@click.argument("document")
@click.option("--doc-type", help="ke_hoach, chi_thi, quyet_dinh, cong_van or other.")
@click.option("--number", help="Document number (56/KH-UBND).")
@click.option("--issuer", help="Issuing body.")
@click.option("--province", help="Province.")
@click.option("--issued-on", help="Date of issue YYYY-MM-DD.")
@click.option("--title", help="Title.")
@click.option("--signer", help="Who signed.")
@AUTHOR_OPTION
@REASON_OPTION
@DB_OPTION
@reports_errors
def docs_fix(document: str, author: str, reason: str | None, db: str | None, **fields: str | None) -> None:
    """Correct a document's fields; kept and re-applied over every later extraction."""
    changes = _changes(fields, None)
    if not changes:
        raise click.UsageError("nothing to fix: give at least one of --number, --issued-on, … (see --help)")
    with migrated_engine(db) as engine:
        _apply(
            engine,
            [
                CorrectionRequest(field=field, value=value, document=document, author=author, reason=reason)
                for field, value in changes
            ],
        )


@docs_group.command("add-task")
@click.argument("document")
@click.option("--page", type=click.IntRange(min=1), required=True, help="Page the task is printed on.")
@click.option("--content", required=True, help="The task's text.")
@click.option("--lead", default="", help="Lead agencies, separated by ';'.")
@click.option("--support", default="", help="Supporting agencies, separated by ';'.")
@click.option("--deadline", default="", help="A day YYYY-MM-DD or the deadline as written.")
@click.option("--ref", help="The task's number in the plan.")
@AUTHOR_OPTION
@REASON_OPTION
@DB_OPTION
@reports_errors
def docs_add_task(
    document: str,
    page: int,
    content: str,
    lead: str,
    support: str,
    deadline: str,
    ref: str | None,
    author: str,
    reason: str | None,
    db: str | None,
) -> None:
    """Add a task the extractor missed (kept over every later extraction)."""
    with migrated_engine(db) as engine:
        _apply(
            engine,
            [
                CorrectionRequest(
                    field="add_task",
                    value=missed_task(
                        page=page, content=content, lead=lead, support=support, deadline=deadline, ref=ref
                    ),
                    document=document,
                    author=author,
                    reason=reason,
                )
            ],
        )
