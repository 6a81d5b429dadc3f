"""The review web app (Flask): document list, document view with page images and task boxes, edits.

Every edit goes through kehoach.clerk.service.correct, the same corrections API as `kehoach fix`.
Pages are Vietnamese; every value from a PDF reaches the HTML through Jinja's autoescaping.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from pydantic import BaseModel
from sqlalchemy import Engine, select
from werkzeug.exceptions import HTTPException

from extractor.errors import KehoachError
from kehoach.clerk.messages import flag_text
from kehoach.clerk.service import CorrectionRequest, EditConflict, approve, correct
from kehoach.clerk.values import missed_task, parse_value
from kehoach.store.db import make_engine, read_session
from kehoach.store.models import DocumentRecord
from kehoach.store.repository import load_plan
from kehoach.store.review import corrections_for, flag_counts, task_counts
from kehoach.web import pages
from kehoach.web.security import TOKEN_COOKIE, host_allowed, new_secret, same
from schemas import Box, Task
from schemas.review import CorrectionField

EDITABLE: tuple[CorrectionField, ...] = ("ref", "content", "lead", "support", "deadline", "targets")
DOCUMENT_EDITABLE: tuple[CorrectionField, ...] = ("number", "issued_on", "issuer", "title", "signer")
STATES = {"open": "Đang thực hiện", "done": "Hoàn thành", "cancelled": "Hủy bỏ"}
CSP = "default-src 'self'; img-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'"


class ServeSettings(BaseModel):
    """How the review server runs: database, who edits, where PDFs may be found, bind and token."""

    db: str | None = None
    author: str
    pdf_folders: list[Path] = []
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None


class TaskView(BaseModel):
    """A task as the page shows and edits it."""

    key: str
    position: int
    ref: str
    content: str
    lead: str
    support: str
    deadline: str
    targets: str
    page: int
    box: Box | None
    status: str
    status_on: str
    version: int
    flags: list[str]


def _field_text(task: Task, field: str) -> str:
    """The text a form shows for a field, and compares the submitted text with."""
    if field in ("lead", "support"):
        return "; ".join(getattr(task, field))
    if field == "deadline":
        return task.deadline.text or (task.deadline.due.isoformat() if task.deadline.due else "")
    if field == "targets":
        return "; ".join(target.text for target in task.targets)
    return getattr(task, field) or ""


def _task_views(engine: Engine, document_id: int) -> tuple[DocumentRecord, list[TaskView]]:
    with read_session(engine) as session:
        doc = session.get(DocumentRecord, document_id)
        if doc is None:
            abort(404)
        plan = load_plan(session, document_id)
        rows = {row.task_key: row for row in doc.tasks}
        task_flags: dict[str, list[str]] = {}
        for flag in doc.flags:
            if flag.task_key:
                label = flag_text(flag.code, vietnamese=True)
                task_flags.setdefault(flag.task_key, []).append(f"{label}{': ' + flag.detail if flag.detail else ''}")
        session.expunge(doc)
    views = []
    for position, task in enumerate(plan.tasks):
        row = rows.get(task.key)
        views.append(
            TaskView(
                key=task.key or "",
                position=position,
                page=task.page or 1,
                box=task.bbox,
                status=row.status if row else "open",
                status_on=row.status_on.isoformat() if row and row.status_on else "",
                version=row.version if row else 0,
                flags=task_flags.get(task.key or "", []),
                **{field: _field_text(task, field) for field in EDITABLE},
            )
        )
    return doc, views


def create_app(settings: ServeSettings) -> Flask:
    """The review app over one database; see the module docstring."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 1_000_000
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Vietnamese stays readable in |tojson
    engine = make_engine(settings.db)
    csrf = new_secret()
    folders = tuple(settings.pdf_folders)

    @app.before_request
    def guard() -> ResponseReturnValue | None:
        if not host_allowed(request.host, settings.host, settings.port):
            abort(400)
        if settings.token is not None:
            given = request.args.get("token")
            if same(given, settings.token):
                response = redirect(request.path)
                response.set_cookie(TOKEN_COOKIE, settings.token, httponly=True, samesite="Strict")
                return response
            if not same(request.cookies.get(TOKEN_COOKIE), settings.token):
                return render_template("error.html", message="Cần mã truy cập (thêm ?token=… vào địa chỉ)."), 401
        if request.method == "POST":
            origin = request.headers.get("Origin")
            if origin is not None and origin != request.host_url.rstrip("/"):
                abort(403)
            if not same(request.form.get("csrf"), csrf):
                return render_template("error.html", message="Biểu mẫu đã hết hạn: tải lại trang và thử lại."), 403
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    def _back_link() -> str:
        referrer = request.referrer or ""
        return referrer if referrer.startswith(request.host_url) else url_for("index")

    @app.errorhandler(KehoachError)
    def our_error(err: KehoachError) -> ResponseReturnValue:
        if isinstance(err, EditConflict):
            message = "Trong lúc bạn sửa, nhiệm vụ này đã được lưu bởi người khác; không có gì bị ghi đè."
            page = render_template("error.html", message=message, detail=str(err), back=_back_link(), conflict=True)
            return page, 409
        message = "Giá trị không hợp lệ, chưa lưu gì."
        return render_template("error.html", message=message, detail=str(err), back=_back_link()), 400

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException) -> ResponseReturnValue:
        messages = {400: "Yêu cầu không hợp lệ.", 403: "Không được phép.", 404: "Không tìm thấy trang này."}
        message = messages.get(err.code or 500, "Có lỗi xảy ra.")
        return render_template("error.html", message=message, back=url_for("index")), err.code or 500

    @app.context_processor
    def common() -> dict[str, Any]:
        return {"csrf": csrf, "states": STATES}

    @app.get("/")
    def index() -> ResponseReturnValue:
        everything = request.args.get("all") == "1"
        with read_session(engine) as session:
            query = select(DocumentRecord).order_by(DocumentRecord.id)
            if not everything:
                query = query.where(DocumentRecord.superseded_at.is_(None))
            docs = list(session.scalars(query))
            counts, flags = task_counts(session), flag_counts(session)
        return render_template("index.html", docs=docs, counts=counts, flags=flags, everything=everything)

    @app.get("/doc/<int:document_id>")
    def document(document_id: int) -> ResponseReturnValue:
        doc, tasks = _task_views(engine, document_id)
        pdf = pages.find_pdf(doc.source_path, doc.file_name, doc.sha256, folders)
        sizes = pages.page_sizes(pdf, doc.sha256) if pdf else []
        count = len(sizes) or doc.pages or max((t.page for t in tasks), default=1)
        page = min(max(request.args.get("page", type=int) or 1, 1), count)
        size = sizes[page - 1] if sizes else pages.PageSize(width=595, height=842)
        document_flags = [
            f"{flag_text(f.code, vietnamese=True)}{': ' + f.detail if f.detail else ''}"
            for f in doc.flags
            if f.task_key is None
        ]
        per_page = {n: sum(t.page == n for t in tasks) for n in range(1, count + 1)}
        with read_session(engine) as session:
            corrections = corrections_for(session, doc.doc_key)
        return render_template(
            "document.html",
            doc=doc,
            tasks=[t for t in tasks if t.page == page],
            page=page,
            pages=per_page,
            size=size,
            has_pdf=pdf is not None,
            document_flags=document_flags,
            corrections=corrections,
            document_fields={field: getattr(doc, field) or "" for field in DOCUMENT_EDITABLE},
        )

    @app.get("/doc/<int:document_id>/page/<int:page>.png")
    def page_image(document_id: int, page: int) -> ResponseReturnValue:
        with read_session(engine) as session:
            doc = session.get(DocumentRecord, document_id)
            if doc is None:
                abort(404)
            pdf = pages.find_pdf(doc.source_path, doc.file_name, doc.sha256, folders)
            sha = doc.sha256
        if pdf is None or not 1 <= page <= len(pages.page_sizes(pdf, sha)):
            abort(404)
        response = make_response(pages.page_png(pdf, sha, page))
        response.headers["Content-Type"] = "image/png"
        response.headers["Cache-Control"] = "private, max-age=3600"
        return response

    def _back(document_id: int, page: int | None) -> ResponseReturnValue:
        return redirect(url_for("document", document_id=document_id, page=page or 1))

    @app.post("/task/<task_key>")
    def edit_task(task_key: str) -> ResponseReturnValue:
        document_id = request.form.get("document_id", type=int) or 0
        doc, tasks = _task_views(engine, document_id)
        task = next((t for t in tasks if t.key == task_key), None)
        if task is None:
            abort(404)
        year = doc.issued_on.year if doc.issued_on else None
        requests = [
            CorrectionRequest(
                field=field,
                value=parse_value(field, request.form[field], year),
                task_key=task_key,
                author=settings.author,
            )
            for field in EDITABLE
            if field in request.form and " ".join(request.form[field].split()) != " ".join(getattr(task, field).split())
        ]
        state, on = request.form.get("status", task.status), request.form.get("status_on", task.status_on)
        if (state, on) != (task.status, task.status_on):
            value = parse_value("status", f"{state}@{on}" if on else state)
            requests.append(CorrectionRequest(field="status", value=value, task_key=task_key, author=settings.author))
        if requests:
            reason = request.form.get("reason") or None
            version = request.form.get("version", type=int)
            requests[0] = requests[0].model_copy(update={"expected_version": version})
            correct(engine, [r.model_copy(update={"reason": reason}) for r in requests])
        return _back(document_id, task.page)

    @app.post("/task/<task_key>/not-task")
    def not_task(task_key: str) -> ResponseReturnValue:
        document_id = request.form.get("document_id", type=int) or 0
        request_ = CorrectionRequest(
            field="not_task",
            value=True,
            task_key=task_key,
            author=settings.author,
            reason=request.form.get("reason") or None,
            expected_version=request.form.get("version", type=int),
        )
        correct(engine, [request_])
        return _back(document_id, request.form.get("page", type=int))

    @app.post("/doc/<int:document_id>/add-task")
    def add_task(document_id: int) -> ResponseReturnValue:
        form = request.form
        page = form.get("page", type=int) or 1
        value = missed_task(
            page=page,
            content=form.get("content", ""),
            lead=form.get("lead", ""),
            support=form.get("support", ""),
            deadline=form.get("deadline", ""),
            ref=form.get("ref") or None,
        )
        box = [form.get(side, type=float) for side in ("x0", "top", "x1", "bottom")]
        if all(v is not None for v in box):
            value["bbox"] = dict(zip(("x0", "top", "x1", "bottom"), box, strict=True))
        request_ = CorrectionRequest(
            field="add_task", value=value, document=str(document_id), author=settings.author, reason=form.get("reason")
        )
        correct(engine, [request_])
        return _back(document_id, page)

    @app.post("/doc/<int:document_id>")
    def edit_document(document_id: int) -> ResponseReturnValue:
        with read_session(engine) as session:
            doc = session.get(DocumentRecord, document_id)
            if doc is None:
                abort(404)
            current = {field: str(getattr(doc, field) or "") for field in DOCUMENT_EDITABLE}
        requests = [
            CorrectionRequest(
                field=field,
                value=parse_value(field, request.form[field]),
                document=str(document_id),
                author=settings.author,
                reason=request.form.get("reason") or None,
            )
            for field in DOCUMENT_EDITABLE
            if field in request.form and " ".join(request.form[field].split()) != " ".join(current[field].split())
        ]
        if requests:
            version = request.form.get("version", type=int)
            requests[0] = requests[0].model_copy(update={"expected_version": version})
            correct(engine, requests)
        return _back(document_id, request.form.get("page", type=int))

    @app.post("/doc/<int:document_id>/approve")
    def approve_document(document_id: int) -> ResponseReturnValue:
        approve(engine, str(document_id), settings.author)
        return redirect(url_for("index"))

    @app.template_filter("day")
    def day(value: dt.date | None) -> str:
        return value.strftime("%d/%m/%Y") if value else ""

    return app
