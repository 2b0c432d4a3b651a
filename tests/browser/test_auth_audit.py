"""Sign-in, roles, the conflict dialog and the audit log in headless Chromium: an editor is sent
to the login page, may recolour only their country's cells, a planner whose cell changed
underneath is told who changed it and decides, and the audit page filters and exports CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from svetofor import auth
from tests.browser.conftest import LiveApp, serve_app

pytestmark = pytest.mark.browser

PASSWORD = "password-1"
CELL = ".sv-cell[data-item][data-scope]"


@pytest.fixture(scope="module")
def signed_app(tmp_path_factory) -> Iterator[LiveApp]:
    for live in serve_app(tmp_path_factory.mktemp("signed")):
        store = live.service.store
        operator = auth.User("test", auth.ADMIN)
        for name, role in (("vera", auth.VIEWER), ("boris", auth.EDITOR_BY), ("ada", auth.ADMIN)):
            auth.add_user(store, name, PASSWORD, role, actor=operator)
        yield live


def sign_in(page, url: str, name: str, path: str = "/") -> None:
    page.goto(url + path)
    page.wait_for_selector("#login-name")
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORD)
    page.locator("#login-submit").click()


def open_cell(page, item: str, scope: str) -> None:
    page.locator(f'.sv-cell[data-scope="{scope}"][data-item="{item}"]').click()
    page.locator("#cell-modal").wait_for(state="visible")


def save(page, colour: str, reason: str) -> None:
    page.locator(f'#cell-colour input[value="{colour}"]').check()
    page.fill("#cell-reason", reason)
    page.locator("#cell-save").click()


def test_editor_signs_in_and_may_change_only_their_country(page, signed_app):
    sign_in(page, signed_app.url, "boris", "/?lang=en")
    page.wait_for_selector(CELL)
    assert page.url.endswith("/?lang=en") or page.url.endswith("/")
    assert "boris" in page.locator("#nav-user").inner_text()
    item = page.locator(CELL).first.get_attribute("data-item")
    svc = signed_app.service
    open_cell(page, item, "RU")
    save(page, "red", "not my country")
    alert = page.locator("#cell-alert")
    alert.wait_for(state="visible")
    assert "Russia" in alert.inner_text() or "Россия" in alert.inner_text()
    assert (item, "RU") not in svc.store.overrides()
    page.locator("#cell-close").click()
    open_cell(page, item, "BY")
    save(page, "red", "моя страна")
    page.locator("#cell-modal").wait_for(state="hidden")
    assert svc.store.overrides()[(item, "BY")].author == "boris"
    page.locator("#logout").click()
    page.wait_for_selector("#login-name")


def test_second_planner_is_told_who_changed_the_cell(page, signed_app, browser, console):
    svc = signed_app.service
    sign_in(page, signed_app.url, "ada")
    page.wait_for_selector(CELL)
    item = page.locator(CELL).nth(3).get_attribute("data-item")
    open_cell(page, item, "BY")  # ada's dialog shows the cell as it is now
    other = browser.new_context()
    try:
        boris = other.new_page()
        console.watch(boris)
        sign_in(boris, signed_app.url, "boris")
        boris.wait_for_selector(CELL)
        open_cell(boris, item, "BY")
        save(boris, "green", "boris first")
        boris.locator("#cell-modal").wait_for(state="hidden")
    finally:
        other.close()
    save(page, "red", "ada second")
    alert = page.locator("#cell-alert")
    alert.wait_for(state="visible")
    text = alert.inner_text()
    assert "boris" in text and ("зелёный" in text or "green" in text)
    assert svc.store.overrides()[(item, "BY")].reason == "boris first"  # not overwritten
    page.locator("#cell-save").click()  # overwrite, knowingly
    page.locator("#cell-modal").wait_for(state="hidden")
    stored = svc.store.overrides()[(item, "BY")]
    assert (stored.author, stored.reason) == ("ada", "ada second")


def test_audit_page_filters_and_exports(page, signed_app):
    store = signed_app.service.store
    store.record_audit("review", "=cmd|' /C calc'!A0", user="boris", after={"state": "accepted"})
    sign_in(page, signed_app.url, "vera", "/audit")
    page.wait_for_selector("#audit-table")
    total = page.locator(".sv-audit-row").count()
    assert total >= 3
    page.locator("#audit-user").click()
    page.locator('[role=option]:has-text("boris")').first.click()
    page.keyboard.press("Escape")
    page.wait_for_function(
        "n => document.querySelectorAll('.sv-audit-row').length < n", arg=total, timeout=15_000
    )
    users = page.locator(".sv-audit-row td:nth-child(2)").all_inner_texts()
    assert users and set(users) == {"boris"}
    with page.expect_download() as download:
        page.locator("#audit-export").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["id", "at", "user", "action"]
    assert {r[2] for r in rows[1:]} == {"boris"}
    assert any(r[4] == "'=cmd|' /C calc'!A0" for r in rows[1:])  # neutralised
