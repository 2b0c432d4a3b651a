"""What a planner does with imports in headless Chromium (docs/domain.md §8): an update that
changes only the file's positions, the named preview and its workbook, a revert from the
history with its confirmation, and the "data updated" banner in a second browser context."""

from __future__ import annotations

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.test_import_page import HEADER, TITLE, open_import, upload, wait_report
from tests.workbooks import xlsx

pytestmark = pytest.mark.browser

NEW_ROW = ["Станок испытательный ОБНОВЛЕНИЕ-1", "Токарные станки", "ОАО «Тестовый завод»", "да", 500, 300]


def by_positions(svc) -> int:
    return len(svc.store.import_states.held(["BY"])["BY"])


def update_file(tmp_path):
    return xlsx(tmp_path / "Обновление РБ.xlsx", [TITLE, HEADER, NEW_ROW])


def test_update_mode_with_the_named_preview_and_its_workbook(page, fresh_app, tmp_path):
    svc = fresh_app.service
    held = by_positions(svc)
    open_import(page, fresh_app.url)
    page.locator("label[for=_dbcprivate_radioitems_imp-mode_input_update], #imp-mode label").nth(1).click()
    upload(page, update_file(tmp_path))
    wait_report(page)
    effect = page.locator("#imp-mode-effect")
    expect(effect).to_contain_text("Обновление: меняются только позиции из файла.")
    expect(effect).to_contain_text(f"новых позиций: 1; остальные ({held}) остаются как есть")
    added = page.locator("#imp-named-added")
    expect(added).to_contain_text("Станок испытательный ОБНОВЛЕНИЕ-1")
    expect(added).to_contain_text("зелёный")
    expect(page.locator("#imp-named-removed")).to_have_count(0)  # update drops nothing
    expect(page.locator(".imp-count-added")).to_have_text("1")
    expect(page.locator(".imp-count-removed")).to_have_text("0")

    with page.expect_download() as download:
        page.locator("#imp-preview-xlsx").click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Станок испытательный ОБНОВЛЕНИЕ-1" in cells and "Новые позиции" in cells

    page.locator("#imp-import").click()
    page.wait_for_selector("#imp-done", timeout=60_000)
    assert by_positions(svc) == held + 1  # every other BY position kept
    assert svc.import_entries()[0].mode == "update"
    expect(page.locator(".imp-history-row").first).to_contain_text("обновление")


def test_revert_from_the_history_names_what_will_be_restored(page, fresh_app, tmp_path):
    svc = fresh_app.service
    held = by_positions(svc)
    record = svc.import_file(xlsx(tmp_path / "Только одна.xlsx", [TITLE, HEADER, NEW_ROW]), user="local")
    assert by_positions(svc) == 1  # replace: the file became the whole BY list
    open_import(page, fresh_app.url)
    page.wait_for_selector("#nav-links a")  # the callbacks answer: the buttons are wired
    page.locator(".imp-history-row").first.locator(".imp-revert").click()
    dialog = page.locator("#imp-revert-dialog")
    expect(dialog).to_contain_text(f"Отменить импорт № {record.id} «Только одна.xlsx»?")
    expect(page.locator("#imp-revert-restores")).to_contain_text("Беларусь: будут восстановлены")
    page.locator("#imp-revert-confirm").click()
    expect(page.locator("#imp-revert-done")).to_have_text(f"Импорт № {record.id} «Только одна.xlsx» отменён.")
    assert by_positions(svc) == held
    # this tab made the change: after its next check it does not offer itself a refresh
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(page.locator("#sv-fresh-version")).to_have_text(str(svc.data_version()))
    expect(page.locator("#sv-fresh-banner")).to_be_hidden()
    first = page.locator(".imp-history-row").first
    expect(first).to_contain_text("отменён: local")
    expect(first.locator(".imp-revert")).to_have_text("Применить снова")
    # the older import (the seed) is superseded no more, but says so while a later one stands
    first.locator(".imp-revert").click()
    page.locator("#imp-revert-confirm").click()
    expect(page.locator("#imp-revert-done")).to_contain_text("применён снова")
    assert by_positions(svc) == 1
    page.locator(".imp-history-row").nth(1).locator(".imp-revert").click()
    expect(page.locator("#imp-revert-blocked")).to_contain_text("Сначала отмените более поздний импорт.")
    expect(page.locator("#imp-revert-confirm")).to_be_disabled()


def test_another_tab_is_offered_a_refresh_after_an_import(browser, fresh_app, tmp_path):
    context = browser.new_context()
    try:
        other = context.new_page()
        other.goto(fresh_app.url + "/")
        other.wait_for_selector(".sv-cell[data-item]")
        version = str(fresh_app.service.data_version())
        expect(other.locator("#sv-fresh-version")).to_have_text(version)  # what this tab has seen
        expect(other.locator("#sv-fresh-banner")).to_be_hidden()
        fresh_app.service.import_file(update_file(tmp_path), user="olga", mode="update")
        other.evaluate("window.dispatchEvent(new Event('focus'))")  # the tab comes back into view
        banner = other.locator("#sv-fresh-banner")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("Данные обновлены: импорт РБ (olga, ")
        other.locator("#sv-fresh-reload").click()
        other.wait_for_selector(".sv-cell[data-item]")
        expect(other.locator("#sv-fresh-banner")).to_be_hidden()
    finally:
        context.close()
