"""Ingest on real corpus PDFs, SQLite and PostgreSQL: stored once, re-ingest unchanged, --force, new
versions, failures that leave no rows, and the `ingest` command as a clerk runs it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select, update

from kehoach.cli.imports import ingest as ingest_command
from kehoach.ingest import IngestSettings, ingest_paths
from kehoach.query import TaskFilter, find_tasks
from kehoach.store.db import make_engine, read_session, write_session
from kehoach.store.models import DocumentRecord, TaskRecord
from kehoach.store.repository import load_plan
from tests.badpdfs import BAD_FILES
from tests.corpus_cache import CorpusCache
from tests.variants import text_pdf, variant_copy

pytestmark = pytest.mark.slow
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PDFS = sorted(CORPUS.glob("*.pdf"))
SMALL = CORPUS / "soc_trang_56-KH-UBND_2022.pdf"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def counts(engine: Engine) -> tuple[int, int]:
    with read_session(engine) as session:
        documents = session.scalar(select(func.count()).select_from(DocumentRecord)) or 0
        tasks = session.scalar(select(func.count()).select_from(TaskRecord)) or 0
    return documents, tasks


def test_corpus_is_stored_once_and_reads_back_as_extracted(db_url: str, engine: Engine, corpus: CorpusCache) -> None:
    report = ingest_paths([CORPUS], db_url)
    assert [f.outcome for f in report.files] == ["stored"] * len(PDFS)
    assert report.errors == 0 and report.tasks == counts(engine)[1] > 0
    extracted = corpus.plan(SMALL)
    stored = next(f for f in report.files if f.path == str(SMALL))
    assert stored.tasks == len(extracted.tasks)
    with read_session(engine) as session:
        assert stored.document_id is not None
        loaded = load_plan(session, stored.document_id)
    keys = [task.key for task in loaded.tasks]
    assert all(keys) and len(set(keys)) == len(keys), "every stored task has its own key"
    unkeyed = loaded.model_copy(update={"tasks": [t.model_copy(update={"key": None}) for t in loaded.tasks]})
    assert unkeyed.model_dump(mode="json") == extracted.model_dump(mode="json")
    before = counts(engine)
    again = ingest_paths([CORPUS], db_url)
    assert [f.outcome for f in again.files] == ["unchanged"] * len(PDFS)
    assert again.tasks == 0 and counts(engine) == before


def test_force_reextracts_and_replaces_the_tasks(db_url: str, engine: Engine, corpus: CorpusCache) -> None:
    first = ingest_paths([SMALL], db_url).files[0]
    with write_session(engine) as session:
        session.execute(update(TaskRecord).values(content="tampered"))
    assert ingest_paths([SMALL], db_url).files[0].outcome == "unchanged"
    forced = ingest_paths([SMALL], db_url, IngestSettings(force=True)).files[0]
    assert forced.outcome == "replaced" and forced.document_id == first.document_id
    assert counts(engine) == (1, first.tasks)
    with read_session(engine) as session:
        contents = list(session.scalars(select(TaskRecord.content).order_by(TaskRecord.position)))
    assert contents == [task.content for task in corpus.plan(SMALL).tasks]


def test_new_version_of_a_plan_supersedes_the_previous(db_url: str, engine: Engine, tmp_path: Path) -> None:
    first = ingest_paths([SMALL], db_url).files[0]
    newer = variant_copy(SMALL, tmp_path / "soc_trang_56_v2.pdf", 2)
    second = ingest_paths([newer], db_url).files[0]
    assert second.outcome == "stored" and second.supersedes == first.document_id
    assert counts(engine) == (2, first.tasks + second.tasks), "nothing stored is lost"
    with read_session(engine) as session:
        assert {row.document_id for row in find_tasks(session, TaskFilter())} == {second.document_id}
        old = session.get(DocumentRecord, first.document_id)
        assert old is not None and old.superseded_by == second.document_id


def test_failed_files_leave_no_rows_and_the_rest_is_stored(db_url: str, engine: Engine, tmp_path: Path) -> None:
    bad = {maker(tmp_path): reason for maker, reason in BAD_FILES.values()}
    notice = text_pdf(tmp_path / "notice.pdf", ["THONG BAO", "Lich hop giao ban thang 5 vao sang thu Hai."])
    bad[notice] = "no tasks found"
    shutil.copy(SMALL, tmp_path / SMALL.name)
    report = ingest_paths([tmp_path], db_url)
    outcomes = {Path(f.path): f for f in report.files}
    assert outcomes[tmp_path / SMALL.name].outcome == "stored"
    for path, reason in bad.items():
        failure = outcomes[path]
        assert failure.outcome == "failed" and failure.reason is not None
        assert failure.reason.startswith(f"{path}: ") and reason in failure.reason
    assert report.errors == len(bad)
    assert counts(engine) == (1, outcomes[tmp_path / SMALL.name].tasks)


def test_ingest_command_prints_failures_and_a_summary(db_url: str, tmp_path: Path, corpus: CorpusCache) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(SMALL.read_bytes()[:2000])
    runner = CliRunner()
    result = runner.invoke(ingest_command, [str(SMALL), str(broken), "--db", db_url])
    assert result.exit_code == 1
    failures = [line for line in result.stderr.splitlines() if line.startswith(str(broken))]
    assert len(failures) == 1 and failures[0].startswith(f"{broken}: corrupt PDF")
    tasks = len(corpus.plan(SMALL).tasks)
    assert result.stdout.strip() == f"files: 2, stored: 1, unchanged: 0, tasks: {tasks}, errors: 1"
    assert "Traceback" not in result.output
    again = runner.invoke(ingest_command, [str(SMALL), "--db", db_url])
    assert again.exit_code == 0
    assert again.stdout.strip() == "files: 1, stored: 0, unchanged: 1, tasks: 0, errors: 0"


def test_ingest_into_an_unmigrated_database_is_one_line(empty_db: str) -> None:
    result = CliRunner().invoke(ingest_command, [str(SMALL), "--db", empty_db])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "kehoach db upgrade" in result.stderr
