"""Benchmark of the nightly batch: N distinct plan PDFs (corpus copies with new hashes) imported by
`run_batch` with 2 workers, on SQLite and on PostgreSQL; prints files/second and each worker's peak RSS.

PostgreSQL runs when KEHOACH_TEST_PG names a server URL; a throw-away database is created and dropped.
Usage: python bench/bench_batch.py [--corpus corpus/] [--count 200] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for tests.variants, the copier shared with the tests

from sqlalchemy import create_engine, make_url, text  # noqa: E402

from kehoach.batch import BatchReport, BatchSettings, run_batch  # noqa: E402
from kehoach.store import migrate  # noqa: E402
from tests.variants import variant_inbox  # noqa: E402

PG_ENV = "KEHOACH_TEST_PG"


def _print(backend: str, report: BatchReport) -> None:
    totals = report.totals
    rate = totals["files"] / report.seconds if report.seconds else 0.0
    print(
        f"batch on {backend:10s} {totals['files']} files ({totals['stored']} stored, {totals['quarantined']} "
        f"quarantined), {report.workers} workers: {report.seconds:7.1f} s, {rate:5.2f} files/s"
    )
    for pid, peak in sorted(report.worker_peak_rss_mib.items()):
        print(f"  worker {pid}: peak RSS {peak:6.0f} MiB (its own getrusage, reported with each file)")


def _run(inbox: Path, url: str, workers: int) -> BatchReport:
    migrate.upgrade(url)
    return run_batch(inbox, url, BatchSettings(workers=workers))


def run_batch_bench(files: list[Path], count: int = 200, workers: int = 2) -> dict[str, BatchReport]:
    """Import `count` distinct copies of `files` with `workers` processes on SQLite, then PostgreSQL if
    KEHOACH_TEST_PG is set; prints and returns each backend's report."""
    reports: dict[str, BatchReport] = {}
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        inbox = Path(tmp) / "inbox"
        variant_inbox(files, inbox, count)
        reports["SQLite"] = _run(inbox, f"sqlite:///{Path(tmp) / 'bench.db'}", workers)
        _print("SQLite", reports["SQLite"])
        server = os.environ.get(PG_ENV)
        if not server:
            print(f"batch on PostgreSQL: skipped (set {PG_ENV}=postgresql+psycopg://USER@HOST:PORT/postgres)")
            return reports
        name = f"kehoach_bench_{secrets.token_hex(4)}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(server).set(database=name).render_as_string(hide_password=False)
            reports["PostgreSQL"] = _run(inbox, url, workers)
            _print("PostgreSQL", reports["PostgreSQL"])
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    return reports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.pdf"))
    if not files:
        print(f"no PDFs in {args.corpus}", file=sys.stderr)
        return 1
    run_batch_bench(files, args.count, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
