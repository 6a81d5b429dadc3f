"""The batch on SQLite and PostgreSQL with real PDFs: new files stored, bad ones quarantined and skipped
until they change, timeouts, a run killed with kill -9 and resumed, and concurrent writers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select

from kehoach.batch import BatchSettings, run_batch
from kehoach.cli.imports import batch as batch_command
from kehoach.limits import RunLimits
from kehoach.store.db import make_engine, read_session
from kehoach.store.models import BatchRunRecord, DocumentRecord, QuarantineRecord, TaskRecord
from tests.badpdfs import encrypted_pdf, image_only_pdf, truncated_pdf
from tests.variants import text_pdf, variant_copy, variant_inbox

pytestmark = pytest.mark.slow
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SMALL = CORPUS / "soc_trang_56-KH-UBND_2022.pdf"
ROOT = CORPUS.parent


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def documents(engine: Engine) -> int:
    with read_session(engine) as session:
        return session.scalar(select(func.count()).select_from(DocumentRecord)) or 0


def assert_whole(engine: Engine, expected_documents: int) -> None:
    """Every file stored once, every document with all the tasks of its extracted plan, one current version."""
    with read_session(engine) as session:
        docs = session.scalars(select(DocumentRecord)).all()
        assert len(docs) == expected_documents
        assert len({d.sha256 for d in docs}) == expected_documents
        for doc in docs:
            stored = session.scalar(select(func.count()).where(TaskRecord.document_id == doc.id))
            assert stored == len(doc.plan_json["tasks"]) > 0, doc.file_name
        identities = [(d.issuer, d.number, d.issued_on) for d in docs if d.superseded_at is None]
        assert len(identities) == len(set(identities)), "one current version per plan"


def cli(command: str, *args: str) -> subprocess.Popen[str]:
    """A kehoach store command in its own process, as cron or a clerk would start it."""
    code = f"from kehoach.cli.imports import {command}; {command}()"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT.parent,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def children(pid: int) -> list[int]:
    """Ids of the child processes of a process (Linux /proc)."""
    return [
        int(p.name) for p in Path("/proc").glob("[0-9]*") if (fields := _stat(int(p.name))) and int(fields[1]) == pid
    ]


def running(pid: int) -> bool:
    """True while a process exists and is not a zombie."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def test_new_files_stored_bad_ones_quarantined_then_skipped(db_url: str, engine: Engine, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    good = variant_inbox([SMALL], inbox, 2)
    bad = {
        truncated_pdf(inbox): "unreadable",
        encrypted_pdf(inbox): "unreadable",
        image_only_pdf(inbox): "unreadable",
        text_pdf(inbox / "notice.pdf", ["THONG BAO", "Lich hop giao ban thang 5."]): "no_tasks",
    }
    (inbox / "ghi_chu.txt").write_text("Danh sách kế hoạch nhận trong tuần.\n", encoding="utf-8")
    bad[inbox / "ghi_chu.txt"] = "unreadable"  # whatever arrives is reported, not silently left
    (inbox / ".DS_Store").write_bytes(b"\0")  # hidden files are not plans
    report_path = tmp_path / "report.json"
    result = CliRunner().invoke(
        batch_command, [str(inbox), "--db", db_url, "--workers", "2", "--report", str(report_path)]
    )
    assert result.exit_code == 1, result.output
    report = json.loads(report_path.read_text(encoding="utf-8"))
    by_path = {Path(f["path"]): f for f in report["files"]}
    assert set(by_path) == set(good) | set(bad), "the report lists every file"
    assert all(by_path[p]["outcome"] == "stored" and by_path[p]["tasks"] > 0 for p in good)
    for path, kind in bad.items():
        assert (by_path[path]["outcome"], by_path[path]["kind"]) == ("quarantined", kind)
        assert by_path[path]["reason"].startswith(f"{path}: ")
        assert by_path[path]["reason"] in result.stderr
    assert all(f["seconds"] >= 0 and f["extract_seconds"] is not None for f in report["files"])
    assert report["totals"]["stored"] == 2 and report["totals"]["quarantined"] == 5
    assert_whole(engine, 2)
    with read_session(engine) as session:
        assert session.scalar(select(func.count()).select_from(QuarantineRecord)) == 5

    again = run_batch(inbox, db_url, BatchSettings(workers=2))
    assert again.ok
    assert {f.outcome for f in again.files if Path(f.path) in bad} == {"skipped"}
    assert {f.outcome for f in again.files if Path(f.path) in good} == {"unchanged"}

    variant_copy(SMALL, next(iter(bad)), 99)  # the broken download arrives again, complete
    third = run_batch(inbox, db_url, BatchSettings(workers=2))
    assert [f.outcome for f in third.files if f.outcome == "stored"] == ["stored"]
    assert_whole(engine, 3)


def test_a_file_over_the_time_limit_is_quarantined_until_retried(db_url: str, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    variant_inbox([SMALL], inbox, 1)
    report = run_batch(inbox, db_url, BatchSettings(workers=1, limits=RunLimits(timeout=0.01)))
    [file] = report.files
    assert (file.outcome, file.kind) == ("quarantined", "timeout")
    assert file.reason is not None and "timed out after 0.01 s" in file.reason
    assert run_batch(inbox, db_url, BatchSettings(workers=1)).files[0].outcome == "skipped"
    retried = run_batch(inbox, db_url, BatchSettings(workers=1, retry_quarantined=True))
    assert retried.files[0].outcome == "stored"
    engine = make_engine(db_url)
    with read_session(engine) as session:
        assert session.scalar(select(func.count()).select_from(QuarantineRecord)) == 0
    engine.dispose()


def test_batch_killed_half_way_resumes_without_duplicates(db_url: str, engine: Engine, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    variant_inbox([SMALL], inbox, 5)
    process = cli("batch", str(inbox), "--db", db_url, "--workers", "1")
    deadline = time.monotonic() + 180
    while documents(engine) == 0:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the batch stored nothing in time"
        time.sleep(0.05)
    workers = children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored = documents(engine)
    assert 1 <= stored < 5
    assert_whole(engine, stored)
    deadline = time.monotonic() + 10
    assert workers, "the batch had started its worker processes"
    while any(running(pid) for pid in workers):
        assert time.monotonic() < deadline, "worker processes outlived the killed batch"
        time.sleep(0.1)

    report = run_batch(inbox, db_url, BatchSettings(workers=2))
    assert report.totals["stored"] == 5 - stored and report.totals["unchanged"] == stored
    assert_whole(engine, 5)
    with read_session(engine) as session:
        assert list(session.scalars(select(BatchRunRecord.status).order_by(BatchRunRecord.id))) == [
            "interrupted",
            "finished",
        ]


@pytest.mark.parametrize("other", ["batch", "ingest"])
def test_concurrent_writers_store_each_file_once(db_url: str, engine: Engine, tmp_path: Path, other: str) -> None:
    inbox = tmp_path / "inbox"
    variant_inbox([SMALL], inbox, 3)
    processes = [cli("batch", str(inbox), "--db", db_url, "--workers", "2"), cli(other, str(inbox), "--db", db_url)]
    outputs = [process.communicate(timeout=300) for process in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert_whole(engine, 3)
    stored = sum(int(out.strip().splitlines()[-1].split("stored: ")[1].split(",")[0]) for out, _ in outputs)
    assert stored == 3, outputs
