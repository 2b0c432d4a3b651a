"""Sign-in, roles, the conflict dialog and the audit log in headless Chromium: an editor is sent
to the login page, may recolour only their country's cells, a planner whose cell changed
underneath is told who changed it and decides, and the audit page filters and exports CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

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
    # Another country's cell: the dialog explains, and offers no change (the server would refuse
    # it anyway: tests/test_ui_auth.py calls the endpoints directly).
    open_cell(page, item, "RU")
    note = page.locator("#cell-readonly")
    note.wait_for(state="visible")
    text = note.inner_text()
    assert ("Russia" in text or "Россия" in text) and ("editor BY" in text or "редактор РБ" in text)
    expect(page.locator("#cell-save")).to_be_disabled()
    expect(page.locator("#cell-clear")).to_be_disabled()
    expect(page.locator("#cell-reason")).to_be_hidden()
    page.locator("#cell-close").click()
    open_cell(page, item, "BY")
    expect(note).to_be_hidden()
    expect(page.locator("#cell-save")).to_be_enabled()
    save(page, "red", "моя страна")
    page.locator("#cell-modal").wait_for(state="hidden")
    assert svc.store.overrides.active()[(item, "BY")].author == "boris"
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
    assert svc.store.overrides.active()[(item, "BY")].reason == "boris first"  # not overwritten
    page.locator("#cell-save").click()  # overwrite, knowingly
    page.locator("#cell-modal").wait_for(state="hidden")
    stored = svc.store.overrides.active()[(item, "BY")]
    assert (stored.author, stored.reason) == ("ada", "ada second")


def test_audit_page_filters_and_exports(page, signed_app):
    store = signed_app.service.store
    store.audit.record("review", "=cmd|' /C calc'!A0", user="boris", after={"state": "accepted"})
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
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))  # Russian Excel's separator
    assert rows[0][:4] == ["№", "Когда", "Пользователь", "Действие"]
    assert {r[2] for r in rows[1:]} == {"boris"}
    assert any(r[4] == "'=cmd|' /C calc'!A0" for r in rows[1:])  # neutralised
    assert "проверка предупреждения" in {r[3] for r in rows[1:]}  # the action in words
    with page.expect_download() as download:
        page.locator("#audit-export-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert {sheet.cell(r, 3).value for r in range(2, sheet.max_row + 1)} == {"boris"}


def grid_cell(page, row_index: int, col: str):
    return page.locator(f'.ag-center-cols-container [row-index="{row_index}"] [col-id="{col}"]')


def test_a_viewer_is_offered_no_change_anywhere(page, signed_app):
    sign_in(page, signed_app.url, "vera")
    page.wait_for_selector(CELL)
    expect(page.locator("#diagram-undo")).to_be_hidden()
    item = page.locator(CELL).first.get_attribute("data-item")
    open_cell(page, item, "UNION")
    note = page.locator("#cell-readonly")
    note.wait_for(state="visible")
    assert "просмотр" in note.inner_text() and "Союз" in note.inner_text()
    expect(page.locator("#cell-save")).to_be_disabled()
    assert "Почему" in page.locator("#cell-info").inner_text()  # the explanation is still there
    page.locator("#cell-close").click()

    page.goto(signed_app.url + "/table")
    page.wait_for_selector('.ag-center-cols-container [row-index="0"] [col-id="BY"]')
    assert "просмотр" in page.locator("#tbl-readonly").inner_text()
    grid_cell(page, 0, "BY").click()  # single-click editing would open the select editor
    expect(page.locator(".ag-cell-inline-editing")).to_have_count(0)
    expect(page.locator("#tbl-modal")).to_be_hidden()

    page.goto(signed_app.url + "/import")
    page.wait_for_selector("#imp-upload input[type=file]", state="attached")
    assert "просмотр" in page.locator("#imp-readonly").inner_text()
    expect(page.locator("#imp-upload input[type=file]")).to_be_disabled()

    page.goto(signed_app.url + "/progress")
    expect(page.locator("#pg-freeze")).to_be_disabled()

    page.goto(signed_app.url + "/enterprises")
    buttons = page.locator(".sv-suggestion button")
    expect(buttons.first).to_be_visible()  # the sample has a same-enterprise suggestion
    assert all(buttons.nth(i).is_disabled() for i in range(buttons.count()))
    expect(page.locator("#ent-readonly")).to_contain_text("только администратор")  # and why


def test_an_editor_edits_only_their_column_in_the_table(page, signed_app):
    sign_in(page, signed_app.url, "boris", "/table")
    page.wait_for_selector('.ag-center-cols-container [row-index="0"] [col-id="RU"]')
    assert "РБ" in page.locator("#tbl-readonly").inner_text()
    grid_cell(page, 0, "RU").click()
    expect(page.locator(".ag-cell-inline-editing")).to_have_count(0)
    grid_cell(page, 0, "BY").click()
    expect(page.locator(".ag-cell-inline-editing")).to_have_count(1)


def test_a_refusal_shows_in_the_shell_in_the_planners_language(page, console, signed_app):
    """The role changes while the page is open (an admin took Belarus from boris): the undo the
    page still offers is refused by the server, and the shell says so in Russian."""
    store = signed_app.service.store
    sign_in(page, signed_app.url, "boris")
    page.wait_for_selector(CELL)
    item = page.locator(CELL).nth(5).get_attribute("data-item")
    open_cell(page, item, "BY")
    save(page, "green", "для отмены")
    page.locator("#cell-modal").wait_for(state="hidden")
    info = store.accounts.get("boris")
    store.accounts.put("boris", info.password_hash, auth.EDITOR_RU, actor="test")  # ends his sessions
    try:
        page.locator("#diagram-undo").click()
        # the role change ended the session (docs/security.md): the page offers to sign in again
        page.locator('a[href^="/login"]').first.wait_for(state="visible")
        console.allow_signed_out()
        assert store.overrides.active()[(item, "BY")].reason == "для отмены"  # nothing undone
    finally:
        store.accounts.put("boris", info.password_hash, auth.EDITOR_BY, actor="test")


def test_sign_in_is_throttled_after_five_failures(browser, signed_app):
    # A page of its own, not watched for console errors: the refused sign-ins answer 401 and
    # 429 on purpose, which Chromium logs as failed loads.
    auth.add_user(
        signed_app.service.store, "olga", PASSWORD, auth.VIEWER, actor=auth.User("test", auth.ADMIN)
    )
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: pytest.fail(f"page error: {exc}"))
        for _ in range(auth.FAILED_LIMIT_PER_NAME):
            page.goto(signed_app.url + "/login")
            page.fill("#login-name", "olga")
            page.fill("#login-password", "wrong-password")
            page.locator("#login-submit").click()
            assert "Неверное имя или пароль" in page.locator("#login-error").inner_text()
        sign_in(page, signed_app.url, "olga")  # the right password, too late
        error = page.locator("#login-error")
        assert "Слишком много неудачных попыток входа" in error.inner_text()
        assert page.locator("#nav-user").count() == 0
    finally:
        context.close()


def test_an_editor_is_told_before_importing_another_countrys_list(page, signed_app, tmp_path):
    from tests.browser.test_import_page import open_import, upload, wait_report
    from tests.test_service import RU_ROWS, write_list

    imports_before = len(signed_app.service.store.imports.history())
    path = write_list(tmp_path / "Перечень РФ.xlsx", RU_ROWS, sheet="Россия")
    sign_in(page, signed_app.url, "boris", "/import")
    open_import(page, signed_app.url)
    expect(page.locator("#imp-readonly")).to_be_hidden()  # an editor may import (their country)
    upload(page, path)
    wait_report(page)
    denied = page.locator("#imp-denied")
    denied.wait_for()
    assert denied.inner_text() == (
        "В файле есть строки страны Россия, а ваша роль (редактор РБ) позволяет загружать только "
        "перечень своей страны. Ничего не загружено: уберите эти строки из файла или попросите "
        "загрузить его того, кому это разрешено."
    )
    # one answer: no green "no errors" box above it, no preview of what the file would replace
    expect(page.locator("#imp-valid")).to_have_count(0)
    expect(page.locator("#imp-effect-body")).to_have_count(0)
    expect(page.locator("#imp-import")).to_be_disabled()
    assert len(signed_app.service.store.imports.history()) == imports_before
