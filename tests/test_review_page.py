"""The review page through Flask's test client on SQLite and PostgreSQL: what it shows, edits through
the corrections API, and its safety (CSRF, Origin, Host, token, non-local bind, escaping, version check)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from kehoach.ingest import ingest_paths
from kehoach.store.db import make_engine, read_session
from kehoach.store.models import DocumentRecord, TaskRecord
from kehoach.store.repository import load_plan
from kehoach.web.app import ServeSettings, create_app
from kehoach.web.security import UnsafeBind, check_bind
from schemas import Plan

SMALL = Path(__file__).resolve().parent.parent / "corpus" / "soc_trang_56-KH-UBND_2022.pdf"
PAGE = 5


@pytest.fixture
def stored(db_url: str) -> Iterator[tuple[Engine, int]]:
    outcome = ingest_paths([SMALL], db_url).files[0]
    assert outcome.document_id is not None
    engine = make_engine(db_url)
    yield engine, outcome.document_id
    engine.dispose()


def client_for(db_url: str, token: str | None = None, host: str = "127.0.0.1") -> FlaskClient:
    app = create_app(ServeSettings(db=db_url, author="thư ký", host=host, port=80, token=token))
    return app.test_client()


@pytest.fixture
def client(db_url: str, stored: tuple[Engine, int]) -> FlaskClient:
    return client_for(db_url)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def plan_of(stored: tuple[Engine, int]) -> Plan:
    engine, document_id = stored
    with read_session(engine) as session:
        return load_plan(session, document_id)


def task_form(plan: Plan, index: int, document_id: int, csrf: str, **changes: str) -> dict[str, str]:
    task = plan.tasks[index]
    form = {
        "csrf": csrf,
        "document_id": str(document_id),
        "version": "0",
        "ref": task.ref or "",
        "content": task.content,
        "lead": "; ".join(task.lead),
        "support": "; ".join(task.support),
        "deadline": task.deadline.text or (task.deadline.due.isoformat() if task.deadline.due else ""),
        "targets": "; ".join(t.text for t in task.targets),
        "status": "open",
        "status_on": "",
    }
    return {**form, **changes}


def test_list_and_document_view(client: FlaskClient, stored: tuple[Engine, int]) -> None:
    _engine, document_id = stored
    index = client.get("/").get_data(as_text=True)
    assert "Văn bản đã nhập" in index and "56/KH-UBND" in index and "Chờ duyệt" in index
    page = client.get(f"/doc/{document_id}?page={PAGE}")
    html = page.get_data(as_text=True)
    on_page = [t for t in plan_of(stored).tasks if t.page == PAGE]
    assert page.status_code == 200 and html.count('<article class="task"') == len(on_page) > 0
    assert html.count('<rect class="box"') == sum(t.bbox is not None for t in on_page) > 0
    assert "Không có cơ quan chủ trì" in client.get(f"/doc/{document_id}?page=2").get_data(as_text=True)
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    image = client.get(f"/doc/{document_id}/page/{PAGE}.png")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    assert client.get(f"/doc/{document_id}/page/99.png").status_code == 404


def test_edit_goes_through_the_corrections_api(client: FlaskClient, stored: tuple[Engine, int]) -> None:
    engine, document_id = stored
    plan = plan_of(stored)
    index = next(i for i, t in enumerate(plan.tasks) if t.page == PAGE)
    key = plan.tasks[index].key
    csrf = csrf_of(client.get(f"/doc/{document_id}?page={PAGE}").get_data(as_text=True))
    edited = client.post(f"/task/{key}", data=task_form(plan, index, document_id, csrf, lead="Sở Tư pháp"))
    assert edited.status_code == 302
    assert plan_of(stored).tasks[index].lead == ["Sở Tư pháp"]
    with read_session(engine) as session:
        assert session.scalar(select(TaskRecord.version).where(TaskRecord.task_key == key)) == 1
    stale = client.post(f"/task/{key}", data=task_form(plan, index, document_id, csrf, lead="Sở Nội vụ"))
    assert stale.status_code == 409 and "đã được người khác sửa" in stale.get_data(as_text=True)
    assert plan_of(stored).tasks[index].lead == ["Sở Tư pháp"], "the other edit is not lost"
    hostile = "<script>alert(1)</script> Sở <b>Nội vụ</b>"
    form = task_form(plan, index, document_id, csrf, content=hostile, version="1")
    assert client.post(f"/task/{key}", data=form).status_code == 302
    html = client.get(f"/doc/{document_id}?page={PAGE}").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    dropped = plan.tasks[index + 1].key
    form = {"csrf": csrf, "document_id": str(document_id), "version": "0", "page": str(PAGE)}
    assert client.post(f"/task/{dropped}/not-task", data=form).status_code == 302
    assert dropped not in [t.key for t in plan_of(stored).tasks]
    added = {"csrf": csrf, "page": "3", "content": "Tổ chức sơ kết", "lead": "Sở Nội vụ", "x0": "80", "top": "100"}
    added |= {"x1": "500", "bottom": "130"}
    assert client.post(f"/doc/{document_id}/add-task", data=added).status_code == 302
    manual = next(t for t in plan_of(stored).tasks if t.content == "Tổ chức sơ kết")
    assert manual.page == 3 and manual.bbox is not None and manual.bbox.x1 == 500
    assert client.post(f"/doc/{document_id}/approve", data={"csrf": csrf}).status_code == 302
    with read_session(engine) as session:
        doc = session.get(DocumentRecord, document_id)
        assert doc is not None and doc.review_status == "approved" and doc.reviewed_by == "thư ký"


def test_forms_need_the_csrf_token_and_a_same_origin(client: FlaskClient, stored: tuple[Engine, int]) -> None:
    _engine, document_id = stored
    assert client.post(f"/doc/{document_id}/approve", data={}).status_code == 403
    csrf = csrf_of(client.get(f"/doc/{document_id}").get_data(as_text=True))
    cross = client.post(f"/doc/{document_id}/approve", data={"csrf": csrf}, headers={"Origin": "http://evil.example"})
    assert cross.status_code == 403
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400, "DNS rebinding is refused"


def test_token_and_bind(db_url: str, stored: tuple[Engine, int]) -> None:
    with pytest.raises(UnsafeBind):
        check_bind("0.0.0.0", None)
    check_bind("0.0.0.0", "s3cret")
    check_bind("127.0.0.1", None)
    check_bind("::1", None)
    client = client_for(db_url, token="s3cret", host="0.0.0.0")
    assert client.get("/").status_code == 401
    assert client.get("/?token=wrong").status_code == 401
    entry = client.get("/?token=s3cret")
    assert entry.status_code == 302 and "HttpOnly" in entry.headers["Set-Cookie"]
    assert client.get("/").status_code == 200


def test_document_fields_and_history(client: FlaskClient, stored: tuple[Engine, int]) -> None:
    _engine, document_id = stored
    csrf = csrf_of(client.get(f"/doc/{document_id}").get_data(as_text=True))
    form = {"csrf": csrf, "version": "0", "page": "1", "number": "56/KH-UBND", "issued_on": "2022-04-13"}
    assert client.post(f"/doc/{document_id}", data=form | {"reason": "ngày ký"}).status_code == 302
    assert str(plan_of(stored).document.issued_on) == "2022-04-13"
    html = client.get(f"/doc/{document_id}").get_data(as_text=True)
    assert "Lịch sử sửa (1)" in html and "issued_on" in html and "ngày ký" in html
    stale = client.post(f"/doc/{document_id}", data=form | {"issued_on": "2022-04-14"})
    assert stale.status_code == 409, "the document's own version is checked too"
