"""Claims on files being extracted, on SQLite and PostgreSQL: one process holds a file at a time, a claim
of a dead process or past its time is taken over, and two batches over one inbox extract each file once."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from kehoach.store.claims import Claimant, release_claim, take_claim
from kehoach.store.db import read_session, write_session
from kehoach.store.models import ClaimRecord, utcnow
from tests.test_batch import SMALL, assert_whole, cli
from tests.variants import variant_inbox

HOUR = dt.timedelta(hours=1)


def _claimant(pid: int, host: str | None = None) -> Claimant:
    here = Claimant.this_process(60)
    return Claimant(host=host or here.host, pid=pid, lifetime=HOUR)


def _dead_pid() -> int:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(finished.stdout)


def _take(engine: Engine, claimant: Claimant, sha: str = "a" * 64) -> tuple[str, int] | None:
    with write_session(engine) as session:
        holder = take_claim(session, sha, claimant)
        return None if holder is None else (holder.host, holder.pid)


def test_one_live_process_holds_a_file_and_releases_it(engine: Engine) -> None:
    me, parent = _claimant(os.getpid()), _claimant(os.getppid())
    assert _take(engine, me) is None
    assert _take(engine, me) is None, "taking one's own claim again is fine"
    assert _take(engine, parent) == (me.host, me.pid)
    with write_session(engine) as session:
        release_claim(session, "a" * 64, parent)  # not its claim: left alone
    assert _take(engine, parent) == (me.host, me.pid)
    with write_session(engine) as session:
        release_claim(session, "a" * 64, me)
    assert _take(engine, parent) is None


def test_claims_of_dead_processes_or_past_their_time_are_taken_over(engine: Engine) -> None:
    me = _claimant(os.getpid())
    assert _take(engine, _claimant(_dead_pid())) is None
    assert _take(engine, me) is None, "its process is gone: the claim is stale"
    elsewhere = _claimant(os.getpid(), host="other-host")
    assert _take(engine, elsewhere, "b" * 64) is None
    assert _take(engine, me, "b" * 64) == ("other-host", os.getpid()), "another host's claim lives its time"
    with write_session(engine) as session:
        claim = session.get(ClaimRecord, "b" * 64)
        assert claim is not None
        claim.expires_at = utcnow() - dt.timedelta(seconds=1)
    assert _take(engine, me, "b" * 64) is None
    with read_session(engine) as session:
        assert session.scalar(select(func.count()).select_from(ClaimRecord)) == 2


@pytest.mark.slow
def test_two_batches_over_one_inbox_extract_each_file_once(db_url: str, engine: Engine, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    files = variant_inbox([SMALL], inbox, 4)
    reports = [tmp_path / "first.json", tmp_path / "second.json"]
    processes = [cli("batch", str(inbox), "--db", db_url, "--workers", "2", "--report", str(r)) for r in reports]
    outputs = [process.communicate(timeout=600) for process in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    runs = [json.loads(report.read_text(encoding="utf-8"))["files"] for report in reports]
    extracted = sorted(f["path"] for run in runs for f in run if f["extract_seconds"] is not None)
    assert extracted == sorted(map(str, files)), "every file extracted by exactly one of the two batches"
    assert all(f["outcome"] == "stored" for run in runs for f in run if f["extract_seconds"] is not None)
    assert_whole(engine, 4)
    with read_session(engine) as session:
        assert session.scalar(select(func.count()).select_from(ClaimRecord)) == 0, "every claim released"
