"""`ingest` and `batch` on hostile inputs and an unlucky night: a file over the memory limit or raising
something unexpected is that file's failure (quarantined, one line, never a traceback) and the others go
on; the report and the database fail with one line naming the path; names are printed escaped."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select

import kehoach.engine
import kehoach.extraction
from fuzz.hostile import stream_bomb
from kehoach.batch import BatchSettings, run_batch
from kehoach.cli import main
from kehoach.engine import ImportSettings, import_files
from kehoach.limits import RunLimits
from kehoach.store.db import read_session
from kehoach.store.models import BatchRunRecord, DocumentRecord, QuarantineRecord
from tests.badpdfs import SAMPLE, not_a_pdf
from tests.variants import variant_copy

pytestmark = pytest.mark.slow


def _quarantined(engine: Engine) -> dict[str, str]:
    with read_session(engine) as session:
        return {row.path: row.reason for row in session.scalars(select(QuarantineRecord))}


def _documents(engine: Engine) -> int:
    with read_session(engine) as session:
        return session.scalar(select(func.count()).select_from(DocumentRecord)) or 0


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 300 KiB tmpfs: a real full disk (needs root; skipped elsewhere)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (not root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def _fill(path: Path) -> None:
    """Fill the disk under `path` to the last byte."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, bytes(4096)):
            pass
    except OSError as err:
        assert err.errno == errno.ENOSPC
    finally:
        os.close(fd)


def test_a_worker_over_its_memory_limit_quarantines_the_file_and_the_batch_goes_on(
    db_url: str, engine: Engine, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = variant_copy(SAMPLE, inbox / "a_plan.pdf", 1)
    bomb = stream_bomb(inbox / "b_bomb.pdf", 120)  # under the page guard's 128 MiB, over the worker's memory
    after = variant_copy(SAMPLE, inbox / "c_plan.pdf", 2)
    report = run_batch(inbox, db_url, BatchSettings(workers=1, limits=RunLimits(max_memory_mib=480)))
    by_path = {Path(f.path): f for f in report.files}
    assert (by_path[bomb].outcome, by_path[bomb].kind) == ("quarantined", "memory")
    assert by_path[bomb].reason == f"{bomb}: needs more than 480 MiB of memory (see --max-memory)"
    assert by_path[good].outcome == by_path[after].outcome == "stored", "the worker lives on after the file"
    assert _quarantined(engine) == {str(bomb): by_path[bomb].reason}


def _explode_on(name: str, error: Exception, monkeypatch: pytest.MonkeyPatch) -> None:
    """The extractor raises `error` (a bug of ours, not an input error) on the file called `name`."""
    real = kehoach.extraction.extract_plan

    def extract_plan(path: Path, *args: object, **kwargs: object) -> object:
        if path.name == name:
            raise error
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kehoach.extraction, "extract_plan", extract_plan)


def test_an_unexpected_exception_is_an_internal_error_of_that_file_only(
    db_url: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = variant_copy(SAMPLE, tmp_path / "a.pdf", 1)
    second = variant_copy(SAMPLE, tmp_path / "b.pdf", 2)
    _explode_on("a.pdf", KeyError("a secret from the file\nstored: forged"), monkeypatch)
    files = import_files(engine, [first, second], ImportSettings(quarantine=True))
    assert [(f.outcome, f.kind) for f in files] == [("quarantined", "error"), ("stored", None)]
    assert files[0].reason == f"{first}: internal error, please report (KeyError)"
    assert _quarantined(engine) == {str(first): files[0].reason}

    result = CliRunner().invoke(main, ["ingest", "--db", db_url, "--force", str(first), str(second)])
    assert result.exit_code == 1
    assert f"{first}: internal error, please report (KeyError)\n" in result.stderr
    assert "Traceback" not in result.output and "secret" not in result.output


def test_a_fault_while_storing_one_plan_is_that_files_failure(
    db_url: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = variant_copy(SAMPLE, tmp_path / "a.pdf", 1)
    second = variant_copy(SAMPLE, tmp_path / "b.pdf", 2)
    real = kehoach.engine.store_reviewed

    def store_reviewed(*args: object, source_path: str, **kwargs: object) -> object:
        if source_path.endswith("a.pdf"):
            raise AttributeError("bug")
        return real(*args, source_path=source_path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kehoach.engine, "store_reviewed", store_reviewed)
    files = import_files(engine, [first, second], ImportSettings(quarantine=True))
    assert [f.outcome for f in files] == ["quarantined", "stored"]
    assert files[0].reason == f"{first}: internal error, please report (AttributeError)"
    assert _documents(engine) == 1


def _batch(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["batch", *args])
    return result.exit_code, result.stderr


def test_an_unwritable_report_path_stops_the_batch_before_it_starts(
    db_url: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    variant_copy(SAMPLE, inbox / "plan.pdf", 1)
    report = tmp_path / "missing" / "report.json"
    code, err = _batch(str(inbox), "--db", db_url, "--report", str(report))
    assert (code, err) == (1, f"error: {report}: cannot write (folder {report.parent} does not exist)\n")

    def denied(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    code, err = _batch(str(inbox), "--db", db_url, "--report", str(tmp_path / "report.json"))
    assert (code, err) == (1, f"error: {tmp_path / 'report.json'}: cannot write (Permission denied)\n")
    with read_session(engine) as session:
        assert session.scalar(select(func.count()).select_from(BatchRunRecord)) == 0, "no run was started"


def test_a_full_disk_under_the_report_is_one_line_and_no_partial_file(
    db_url: str, tmp_path: Path, tiny_tmpfs: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    variant_copy(SAMPLE, inbox / "plan.pdf", 1)
    _fill(tiny_tmpfs / "ballast")  # the check's empty probe file still fits
    report = tiny_tmpfs / "report.json"
    code, err = _batch(str(inbox), "--db", db_url, "--workers", "1", "--report", str(report))
    assert (code, err.splitlines()[-1]) == (1, f"error: {report}: cannot write (No space left on device)")
    assert [p.name for p in tiny_tmpfs.iterdir()] == ["ballast"]


def test_a_full_disk_under_an_sqlite_database_is_one_line(tmp_path: Path, tiny_tmpfs: Path) -> None:
    url = f"sqlite:///{tiny_tmpfs / 'kehoach.db'}"
    lines = []
    for command in (["db", "upgrade"], ["ingest", str(SAMPLE)], ["ingest", str(SAMPLE.parent)]):
        result = CliRunner().invoke(main, [*command, "--db", url])
        if result.exit_code:
            lines = result.stderr.splitlines()
            break
    assert lines[-1] == f"error: database {url}: database or disk is full"
    assert "Traceback" not in "\n".join(lines)


def test_a_database_in_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nope' / 'kehoach.db'}"
    for command in (["ingest", str(SAMPLE)], ["batch", str(tmp_path)]):
        result = CliRunner().invoke(main, [*command, "--db", url])
        assert result.exit_code == 1
        assert result.stderr == (
            f"error: database {url}: cannot create the file (folder {tmp_path / 'nope'} does not exist)\n"
        )


FORGED = "stored: forged.pdf (99 tasks, 0.1 s)"


def test_a_file_name_with_a_newline_cannot_forge_a_stored_line(db_url: str, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = variant_copy(SAMPLE, inbox / f"plan.pdf\n{FORGED}\n.pdf", 1)
    bad = not_a_pdf(inbox).rename(inbox / f"bad.pdf\n{FORGED}\r.pdf")
    ingested = CliRunner().invoke(main, ["ingest", "--db", db_url, str(good), str(bad)])
    report = tmp_path / "report.json"
    batched = CliRunner().invoke(main, ["batch", str(inbox), "--db", db_url, "--workers", "1", "--report", str(report)])
    for result in (ingested, batched):
        assert result.exit_code == 1
        lines = result.stderr.splitlines()
        assert not any(line.startswith(FORGED) for line in lines), lines
        assert any(line.startswith("bad.pdf\\n" + FORGED) or "/bad.pdf\\n" + FORGED in line for line in lines)
    assert "stored: " + str(inbox / "plan.pdf") + "\\n" + FORGED + "\\n.pdf (" in ingested.stderr
    for command in (["docs", "list"], ["review"], ["docs", "show", "1"]):
        listed = CliRunner().invoke(main, [*command, "--db", db_url])
        assert listed.exit_code == 0 and FORGED not in listed.stdout.splitlines(), listed.stdout
        assert "plan.pdf\\nstored: forged" in listed.stdout
    files = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert {f["path"] for f in files} == {str(good), str(bad)}, "the report keeps the names as they are"
