"""The clerk's loop on SQLite and PostgreSQL: corrections kept over --force and new versions, orphans
reported, duplicates flagged, version conflicts refused, `docs delete` leaving nothing behind, the CLI."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select

from kehoach.batch import BatchSettings, run_batch
from kehoach.clerk.service import CorrectionRequest, EditConflict, correct, store_reviewed
from kehoach.cli import main
from kehoach.ingest import IngestSettings, ingest_paths
from kehoach.store.db import make_engine, read_session
from kehoach.store.models import Base, CorrectionRecord, DocumentRecord, FlagRecord, TaskRecord
from kehoach.store.repository import load_plan
from schemas import Plan
from schemas.review import CorrectionField

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SMALL = CORPUS / "soc_trang_56-KH-UBND_2022.pdf"


def gold_plan(name: str) -> Plan:
    path = CORPUS / f"{name}.gold.json"
    plan = Plan.model_validate_json(path.read_text(encoding="utf-8"))
    plan.source.sha256 = hashlib.sha256((CORPUS / plan.source.file).read_bytes()).hexdigest()
    return plan


def copy_of(plan: Plan, tag: str) -> Plan:
    other = plan.model_copy(deep=True)
    other.source.sha256 = hashlib.sha256(f"{tag} {plan.source.sha256}".encode()).hexdigest()
    other.source.file = f"{tag}_{plan.source.file}"
    return other


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def stored(engine: Engine, document_id: int) -> Plan:
    with read_session(engine) as session:
        return load_plan(session, document_id)


def flags(engine: Engine, document_id: int) -> list[tuple[str, str | None]]:
    with read_session(engine) as session:
        rows = session.execute(
            select(FlagRecord.code, FlagRecord.task_key).where(FlagRecord.document_id == document_id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def fix(engine: Engine, task_key: str, field: CorrectionField, value: object, version: int | None = None) -> int:
    request = CorrectionRequest(field=field, value=value, task_key=task_key, author="clerk", expected_version=version)
    return correct(engine, [request])[0].version


def test_correction_survives_force_and_is_kept_in_the_row(engine: Engine, db_url: str) -> None:
    first = ingest_paths([SMALL], db_url).files[0]
    assert first.outcome == "stored" and first.document_id is not None
    plan = stored(engine, first.document_id)
    task = plan.tasks[5]
    assert task.key and ("no_lead", plan.tasks[0].key) in flags(engine, first.document_id)
    fix(engine, task.key, "lead", ["Sở Tư pháp"])
    fix(engine, plan.tasks[0].key or "", "lead", ["Sở Tài chính"])
    assert stored(engine, first.document_id).tasks[5].lead == ["Sở Tư pháp"]
    assert ("no_lead", plan.tasks[0].key) not in flags(engine, first.document_id), "a fixed task leaves the queue"
    again = ingest_paths([SMALL], db_url, IngestSettings(force=True)).files[0]
    assert again.outcome == "replaced" and again.document_id == first.document_id
    after = stored(engine, first.document_id)
    assert [t.key for t in after.tasks] == [t.key for t in plan.tasks], "re-extraction keeps every key"
    assert after.tasks[5].lead == ["Sở Tư pháp"] and after.tasks[0].lead == ["Sở Tài chính"]
    with read_session(engine) as session:
        states = session.scalars(select(CorrectionRecord.state)).all()
    assert states == ["applied", "applied"]


def test_correction_survives_a_new_version_and_orphans_are_reported(engine: Engine) -> None:
    old = gold_plan("vinh_phuc_152-KH-UBND_2024")
    first = store_reviewed(engine, old)
    keys = [t.key or "" for t in stored(engine, first.document_id).tasks]
    fix(engine, keys[10], "deadline", {"text": "2024-12-31", "kind": "date", "due": "2024-12-31"})
    fix(engine, keys[20], "lead", ["Sở Nội vụ"])
    new = copy_of(old, "v2")
    new.tasks[10].content += " (sửa đổi)"
    del new.tasks[20]
    second = store_reviewed(engine, new)
    assert second.supersedes == first.document_id and second.orphaned
    after = stored(engine, second.document_id)
    assert after.tasks[10].key == keys[10] and str(after.tasks[10].deadline.due) == "2024-12-31"
    assert keys[20] not in [t.key for t in after.tasks]
    assert ("orphaned_correction", None) in flags(engine, second.document_id)
    with read_session(engine) as session:
        states = dict(session.execute(select(CorrectionRecord.task_key, CorrectionRecord.state)).all())
    assert states == {keys[10]: "applied", keys[20]: "orphaned"}
    result = CliRunner().invoke(main, ["docs", "diff", str(second.document_id), "--db", str(engine.url)])
    assert result.exit_code == 0, result.output
    assert "removed: 1, changed: 1" in result.output and keys[20] in result.output


def test_duplicate_copy_is_flagged_and_the_original_is_not(engine: Engine) -> None:
    for name in ("quang_ngai_ksthc_2025", "soc_trang_56-KH-UBND_2022", "vinh_phuc_152-KH-UBND_2024"):
        saved = store_reviewed(engine, gold_plan(name))
        assert "duplicate_document" not in [code for code, _ in flags(engine, saved.document_id)]
    copy = copy_of(gold_plan("soc_trang_56-KH-UBND_2022"), "resaved")
    copy.document.number = copy.document.issued_on = None
    duplicate = store_reviewed(engine, copy)
    assert [code for code, _ in flags(engine, duplicate.document_id)].count("duplicate_document") == 1


def test_concurrent_edit_of_one_task_is_refused(engine: Engine) -> None:
    saved = store_reviewed(engine, gold_plan("soc_trang_56-KH-UBND_2022"))
    key = stored(engine, saved.document_id).tasks[3].key or ""
    assert fix(engine, key, "lead", ["Sở Nội vụ"], version=0) == 1
    with pytest.raises(EditConflict):
        fix(engine, key, "lead", ["Sở Tư pháp"], version=0)
    assert stored(engine, saved.document_id).tasks[3].lead == ["Sở Nội vụ"], "the first edit is not lost"


def count_rows(engine: Engine) -> dict[str, int]:
    with read_session(engine) as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def test_docs_delete_leaves_nothing_behind(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    empty = count_rows(engine)
    old = gold_plan("soc_trang_56-KH-UBND_2022")
    first = store_reviewed(engine, old)
    fix(engine, stored(engine, first.document_id).tasks[0].key or "", "lead", ["Sở Nội vụ"])
    second = store_reviewed(engine, copy_of(old, "v2"))
    runner = CliRunner()
    assert runner.invoke(main, ["docs", "delete", str(second.document_id), "--yes", "--db", url]).exit_code == 0
    with read_session(engine) as session:
        older = session.get(DocumentRecord, first.document_id)
        assert older is not None and older.status == "current", "the older version is current again"
    result = runner.invoke(main, ["docs", "delete", str(first.document_id), "--yes", "--db", url])
    assert result.exit_code == 0, result.output
    assert count_rows(engine) == empty


def test_cli_review_fix_approve(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    saved = store_reviewed(engine, gold_plan("soc_trang_56-KH-UBND_2022"))
    with read_session(engine) as session:
        key = session.scalar(
            select(FlagRecord.task_key).where(FlagRecord.code == "no_lead").order_by(FlagRecord.id).limit(1)
        )
    assert key is not None
    runner = CliRunner()
    queue = runner.invoke(main, ["review", "--db", url, "--flag", "no_lead"])
    assert queue.exit_code == 0 and key in queue.output
    fixed = runner.invoke(main, ["fix", key, "--lead", "Sở Nội vụ", "--deadline", "Quý III/2022", "--db", url])
    assert fixed.exit_code == 0, fixed.output
    with read_session(engine) as session:
        row = session.scalar(select(TaskRecord).where(TaskRecord.task_key == key))
        assert row is not None and str(row.deadline_due) == "2022-09-30" and row.version == 2
    assert key not in runner.invoke(main, ["review", "--db", url]).output
    bad = runner.invoke(main, ["fix", key, "--status", "finished", "--db", url])
    assert bad.exit_code == 1 and bad.stderr.startswith("error: status:") and "Traceback" not in bad.output
    missing = runner.invoke(main, ["fix", "dnothere-123", "--lead", "X", "--db", url])
    assert missing.exit_code == 1 and "no task" in missing.stderr
    assert runner.invoke(main, ["approve", str(saved.document_id), "--db", url]).exit_code == 0
    assert "0 flags" in runner.invoke(main, ["review", "--db", url]).output
    shown = runner.invoke(main, ["docs", "show", str(saved.document_id), "--db", url])
    assert "approved" in shown.output and "corrections: 2" in shown.output
    tasks = runner.invoke(main, ["tasks", "--db", url, "--format", "json"])
    assert tasks.output.count('"task_key": "d') == len(gold_plan("soc_trang_56-KH-UBND_2022").tasks)


def test_batch_report_carries_metadata_warnings_and_flags(db_url: str, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SMALL, inbox / SMALL.name)
    report_path = tmp_path / "report.json"
    report = run_batch(inbox, db_url, BatchSettings(workers=1, report=report_path))
    stored = report.files[0]
    assert stored.outcome == "stored" and stored.document is not None and stored.document.number == "56/KH-UBND"
    assert stored.doc_key and "no_lead" in {flag.code for flag in stored.flags}
    written = json.loads(report_path.read_text(encoding="utf-8"))["files"][0]
    assert written["document"]["issued_on"] == "2022-04-12" and written["flags"] and "warnings" in written


def test_document_fields_are_corrected_and_kept(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    plan = gold_plan("quang_ngai_ksthc_2025")
    saved = store_reviewed(engine, plan)
    assert {"no_number", "no_date"} <= {code for code, _ in flags(engine, saved.document_id)}
    result = CliRunner().invoke(
        main,
        ["docs", "fix", str(saved.document_id), "--number", "1627/QĐ-UBND", "--issued-on", "2025-07-30", "--db", url],
    )
    assert result.exit_code == 0, result.output
    again = store_reviewed(engine, plan, force=True)
    after = stored(engine, again.document_id)
    assert (after.document.number, str(after.document.issued_on), after.document.year) == (
        "1627/QĐ-UBND",
        "2025-07-30",
        2025,
    )
    assert not {"no_number", "no_date"} & {code for code, _ in flags(engine, saved.document_id)}
