"""`kehoach browse` over loopback: Datasette started on a free port on the stored corpus answers the
researchers' canned queries as JSON and a faceted view page, and leaves the file untouched; a
non-SQLite URL, a missing Datasette or a taken port is one line."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from kehoach.cli import main
from kehoach.store import migrate
from kehoach.store.db import make_engine
from tests.corpus_cache import CorpusCache
from tests.gold_plans import CORPUS, SOC_TRANG, store_corpus

pytestmark = pytest.mark.slow
# Plans stored as extracted, for their objectives (Quảng Ngãi and Vĩnh Phúc set online-payment targets).
EXTRACTED = (SOC_TRANG, CORPUS / "quang_ngai_ksthc_2025.pdf", CORPUS / "vinh_phuc_152-KH-UBND_2024.pdf")

STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, corpus: CorpusCache) -> Path:
    path = tmp_path_factory.mktemp("browse") / "kehoach.db"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    engine = make_engine(url)
    store_corpus(engine, corpus, EXTRACTED)
    engine.dispose()
    return path


@pytest.fixture(scope="module")
def server(corpus_db: Path) -> Iterator[str]:
    """Base URL of `kehoach browse` running on the corpus database; stopped after the module."""
    port = free_port()
    command = [sys.executable, "-c", "from kehoach.cli import main; main()", "browse"]
    process = subprocess.Popen(
        [*command, "--db", f"sqlite:///{corpus_db}", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}/{corpus_db.stem}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline and process.poll() is None:
            try:
                fetch(f"http://127.0.0.1:{port}/-/versions.json")
                break
            except OSError:
                time.sleep(0.5)
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def query(base: str, name: str, **params: str) -> list[dict[str, Any]]:
    status, body = fetch(f"{base}/{name}.json?" + urllib.parse.urlencode({"_shape": "array", **params}))
    assert status == 200, body[:300]
    rows: list[dict[str, Any]] = json.loads(body)
    return rows


def sql(db: Path, statement: str, **params: object) -> list[tuple[Any, ...]]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.execute(text(statement), params)]
    finally:
        engine.dispose()


def test_overdue_by_agency(server: str, corpus_db: Path) -> None:
    rows = query(server, "overdue_by_agency", as_of="2025-01-01")
    expected = sql(
        corpus_db,
        "SELECT a.current, count(DISTINCT t.id) FROM tasks t JOIN task_agencies ta ON ta.task_id = t.id"
        " JOIN agencies a ON a.id = ta.agency_id WHERE ta.role = 'lead' AND t.status = 'open'"
        " AND t.deadline_due < '2025-01-01' GROUP BY a.current",
    )
    assert rows and {(r["agency"], r["overdue_tasks"]) for r in rows} == set(expected)
    counts = [r["overdue_tasks"] for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_online_payment_targets_by_province(server: str, corpus_db: Path) -> None:
    rows = query(server, "online_payment_by_province")
    expected = sql(
        corpus_db,
        "SELECT d.province, o.year, o.value FROM objectives o JOIN documents d ON d.id = o.document_id"
        " WHERE o.indicator_id = 'thanh_toan_truc_tuyen'",
    )
    assert rows and sorted((r["province"], r["year"], r["value"]) for r in rows) == sorted(expected)
    assert {"Quảng Ngãi", "Vĩnh Phúc"} <= {r["province"] for r in rows}
    digitised = query(server, "targets_by_indicator", indicator="so_hoa_ho_so")
    assert {"Sóc Trăng", "Quảng Ngãi"} <= {r["province"] for r in digitised}


def test_so_khcn_leads_through_the_merger(server: str) -> None:
    rows = query(server, "so_khcn_leads")
    printed = {r["lead_as_printed"] for r in rows}
    assert any("Thông tin và Truyền thông" in (p or "") for p in printed)


def test_faceted_view_page(server: str) -> None:
    status, body = fetch(f"{server}/v_targets.json?_facet=province&_facet=indicator_id&_size=0")
    assert status == 200
    facets = json.loads(body)["facet_results"]
    provinces = {f["value"] for f in facets["province"]["results"]}
    assert "Sóc Trăng" in provinces
    status, page = fetch(f"{server}/v_tasks?_facet=province")
    html = page.decode()
    assert status == 200 and "Tasks with agencies and deadlines" in html and "Sóc Trăng" in html


def test_agency_facet_counts_shared_tasks(server: str, corpus_db: Path) -> None:
    status, body = fetch(f"{server}/v_task_agencies.json?role=lead&_size=0")
    assert status == 200
    facet = {f["value"]: f["count"] for f in json.loads(body)["facet_results"]["agency_current"]["results"]}
    expected = dict(
        sql(
            corpus_db,
            "SELECT a.current, count(*) FROM task_agencies ta JOIN agencies a ON a.id = ta.agency_id"
            " WHERE ta.role = 'lead' GROUP BY a.current",
        )
    )
    assert facet and all(facet[name] == expected[name] for name in facet)
    shared = sql(corpus_db, "SELECT count(*) FROM v_tasks WHERE lead_current LIKE '%; %'")[0][0]
    assert shared, "some tasks have several leads, each counted in its own facet"


def test_phrase_search_on_the_tasks_view(server: str, corpus_db: Path) -> None:
    status, body = fetch(
        f"{server}/v_tasks.json?" + urllib.parse.urlencode({"_search": '"số hóa"', "_searchmode": "raw"})
    )
    assert status == 200
    found = json.loads(body)["filtered_table_rows_count"]
    expected = sql(corpus_db, """SELECT count(*) FROM tasks_fts WHERE tasks_fts MATCH '"so hoa"'""")[0][0]
    assert found == expected > 0


def test_the_file_is_never_written(server: str, corpus_db: Path) -> None:
    before = hashlib.sha256(corpus_db.read_bytes()).hexdigest()
    query(server, "overdue_by_agency")
    fetch(f"{server}/v_agency_workload?_facet=current")
    assert hashlib.sha256(corpus_db.read_bytes()).hexdigest() == before


def test_refusals_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus_db: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["browse", "--db", "postgresql+psycopg://postgres@127.0.0.1:5432/x"])
    assert result.exit_code == 1 and result.stderr.startswith("error: browse serves SQLite databases only")
    result = runner.invoke(main, ["browse", "--db", f"sqlite:///{tmp_path / 'none.db'}"])
    assert result.exit_code == 1 and "no such database file" in result.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(main, ["browse", "--db", f"sqlite:///{corpus_db}", "--port", str(port)])
    assert result.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in result.stderr
    monkeypatch.setitem(sys.modules, "datasette", None)
    result = runner.invoke(main, ["browse", "--db", f"sqlite:///{corpus_db}"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: browse needs Datasette: pip install 'kehoach[browse]'"
