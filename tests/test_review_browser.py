"""The review page in a real browser (Playwright driving Debian's Chromium, installed by .ci/run):
open a plan, see its page image with the task boxes, change a lead, reload and see the correction,
re-ingest with --force and see it kept; draw the box of a missed task and add it. Screenshots are
saved under the test's tmp path."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from kehoach.ingest import IngestSettings, ingest_paths
from kehoach.store import migrate
from kehoach.web.app import ServeSettings, create_app

SMALL = Path(__file__).resolve().parent.parent / "corpus" / "soc_trang_56-KH-UBND_2022.pdf"
CHROMIUM = os.environ.get("KEHOACH_CHROMIUM", "/usr/bin/chromium")
PAGE = 5

playwright_api = pytest.importorskip("playwright.sync_api")


def _chromium() -> str:
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing under CI: .ci/run installs Debian's chromium")
        pytest.skip(f"browser test skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str, int]]:
    """A SQLite database with the Sóc Trăng plan, and the review page serving it on a local port."""
    url = f"sqlite:///{tmp_path / 'kehoach.db'}"
    migrate.upgrade(url)
    document_id = ingest_paths([SMALL], url).files[0].document_id
    assert document_id is not None
    port = _free_port()
    app = create_app(ServeSettings(db=url, author="thư ký", port=port))
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url, f"http://127.0.0.1:{port}/doc/{document_id}?page={PAGE}", document_id
    server.shutdown()
    thread.join()


def test_clerk_corrects_a_lead_and_it_survives_force(served: tuple[str, str, int], tmp_path: Path) -> None:
    url, address, _document_id = served
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1500, "height": 1000}, locale="vi-VN")
        page.goto(address)
        page.wait_for_function("() => document.getElementById('page-image').naturalWidth > 0")
        assert page.locator("rect.box").count() >= 3, "each task's box is drawn on the page image"
        page.keyboard.press("j")
        first = page.locator("article.task").first
        assert "current" in (first.get_attribute("class") or "")
        assert page.locator("rect.box.current").count() == 1, "the selected task's box is highlighted"
        page.screenshot(path=str(tmp_path / "review_page.png"))
        key = first.get_attribute("data-key")
        page.keyboard.press("e")
        lead = first.locator("input[name=lead]")
        lead.fill("Sở Tư pháp")
        with page.expect_navigation():
            lead.press("Control+Enter")
        page.reload()
        card = page.locator(f"article.task[data-key='{key}']")
        assert card.locator("input[name=lead]").input_value() == "Sở Tư pháp"
        assert "đã sửa 1 lần" in card.inner_text()
        forced = ingest_paths([SMALL], url, IngestSettings(force=True)).files[0]
        assert forced.outcome == "replaced"
        page.reload()
        card = page.locator(f"article.task[data-key='{key}']")
        assert card.locator("input[name=lead]").input_value() == "Sở Tư pháp", "the correction outlives --force"
        page.wait_for_function("() => document.getElementById('page-image').naturalWidth > 0")
        page.screenshot(path=str(tmp_path / "review_page_after_force.png"))
        boxes = page.locator("rect.box").count()
        area = page.locator("#boxes").bounding_box()
        assert area is not None
        page.mouse.move(area["x"] + area["width"] * 0.02, area["y"] + area["height"] * 0.08)
        page.mouse.down()
        page.mouse.move(area["x"] + area["width"] * 0.15, area["y"] + area["height"] * 0.12, steps=5)
        page.mouse.up()
        assert page.locator("#add-task").get_attribute("open") is not None, "drawing a box opens the missed-task form"
        page.keyboard.type("Tổ chức sơ kết sáu tháng")
        page.locator("#add-task input[name=lead]").fill("Sở Nội vụ")
        with page.expect_navigation():
            page.locator("#add-task button[type=submit]").click()
        added = page.locator("article.task", has_text="Tổ chức sơ kết sáu tháng")
        assert added.count() == 1 and added.locator("input[name=lead]").input_value() == "Sở Nội vụ"
        assert page.locator("rect.box").count() == boxes + 1, "the drawn box is kept with the added task"
        browser.close()
    assert (tmp_path / "review_page.png").stat().st_size > 10_000
