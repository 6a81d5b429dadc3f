"""Claims on files being extracted: an import takes a file's claim before extracting it, so concurrent
imports (two batches, a batch and an ingest) never extract the same file twice, and releases it in the
transaction that records the file's outcome.

A claim held by a process that died is stale: on the same host when its process is gone, anywhere
once its time is up (the per-file time limit plus a margin for storing). Works the same on SQLite (the
claim's transaction takes the write lock) and PostgreSQL (the row is locked, a concurrent insert of
the same hash waits for the other transaction and then does nothing).
"""

from __future__ import annotations

import datetime as dt
import os
import socket

from pydantic import BaseModel
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kehoach.store.models import ClaimRecord, utcnow
from kehoach.store.repository import insert_on_conflict

#: time a claim outlives its file's time limit (storing the plan, a busy database)
MARGIN = dt.timedelta(minutes=10)
#: lifetime of a claim when files have no time limit
UNLIMITED = dt.timedelta(hours=24)


def process_alive(pid: int) -> bool:
    """True when a process of this host has this id (even one we may not signal)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Claimant(BaseModel):
    """The process taking claims, and how long one lasts."""

    host: str
    pid: int
    lifetime: dt.timedelta

    @classmethod
    def this_process(cls, timeout: float) -> Claimant:
        """This process, its claims lasting the per-file time limit (0: none) plus the margin."""
        lifetime = dt.timedelta(seconds=timeout) if timeout > 0 else UNLIMITED
        return cls(host=socket.gethostname(), pid=os.getpid(), lifetime=lifetime + MARGIN)

    def holds(self, claim: ClaimRecord) -> bool:
        return (claim.host, claim.pid) == (self.host, self.pid)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)  # SQLite keeps no zone


def stale(claim: ClaimRecord, now: dt.datetime) -> bool:
    """A claim whose time is up, or whose process on this host is gone."""
    if _utc(claim.expires_at) <= now:
        return True
    return claim.host == socket.gethostname() and not process_alive(claim.pid)


def take_claim(session: Session, sha256: str, claimant: Claimant) -> ClaimRecord | None:
    """Claim a file for the claimant inside the session's transaction: None when it is ours now, else
    the live claim of another process."""
    now = utcnow()
    held = session.scalar(select(ClaimRecord).where(ClaimRecord.sha256 == sha256).with_for_update())
    if held is not None and not (claimant.holds(held) or stale(held, now)):
        return held
    if held is not None:
        session.delete(held)
        session.flush()
    row = {
        "sha256": sha256,
        "host": claimant.host,
        "pid": claimant.pid,
        "claimed_at": now,
        "expires_at": now + claimant.lifetime,
    }
    if insert_on_conflict(session, ClaimRecord, [row], ["sha256"]):
        return None
    taken = session.scalar(select(ClaimRecord).where(ClaimRecord.sha256 == sha256))  # taken meanwhile
    return taken if taken is not None else take_claim(session, sha256, claimant)  # and released already


def release_claim(session: Session, sha256: str, claimant: Claimant) -> None:
    """Give up the claimant's claim on a file (another process's claim is left alone)."""
    session.execute(
        delete(ClaimRecord).where(
            ClaimRecord.sha256 == sha256, ClaimRecord.host == claimant.host, ClaimRecord.pid == claimant.pid
        )
    )
