"""The table view in headless Chromium: a status edited in the grid goes through the override
path, with a reason; without one it is refused."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def grid_cell(page, row_index: int, col: str):
    return page.locator(f'.ag-center-cols-container [row-index="{row_index}"] [col-id="{col}"]')


LABELS = {"green": "З зелёный", "yellow": "Ж жёлтый", "red": "К красный"}


def edit_status(page, row_index: int, col: str, colour: str) -> None:
    cell = grid_cell(page, row_index, col)
    cell.click()  # single-click editing opens the select editor
    cell.locator(".ag-picker-field-wrapper").click()
    page.locator(".ag-select-list-item").filter(has_text=LABELS[colour]).click()


def test_table_edit_needs_a_reason_and_is_stored(page, live_app):
    page.goto(live_app.url + "/table")
    page.wait_for_selector('.ag-center-cols-container [row-index="0"] [col-id="BY"]')
    item = page.locator('.ag-center-cols-container [row-index="0"]').first.get_attribute("row-id")
    before = live_app.service.view().rows[0].cells["BY"].colour
    target = "red" if before != "red" else "green"

    # No reason: refused, the dialog stays open with the message.
    edit_status(page, 0, "BY", target)
    modal = page.locator("#tbl-modal")
    modal.wait_for(state="visible")
    page.locator("#tbl-save").click()
    page.locator("#tbl-alert").wait_for(state="visible")
    assert live_app.service.view().rows[0].cells["BY"].override is None
    # Cancel: the grid shows the stored colour again.
    page.locator("#tbl-cancel").click()
    modal.wait_for(state="hidden")
    page.wait_for_function(
        f'document.querySelector(\'.ag-center-cols-container [row-index="0"] [col-id="BY"]\')'
        f".classList.contains('sv-{before}')"
    )

    # With a reason: stored with its author, and the grid marks the cell as overridden.
    edit_status(page, 0, "BY", target)
    modal.wait_for(state="visible")
    page.fill("#tbl-reason", "сверено с реестром предприятий")
    page.locator("#tbl-save").click()
    modal.wait_for(state="hidden")
    page.wait_for_function(
        'document.querySelector(\'.ag-center-cols-container [row-index="0"] [col-id="BY"]\')'
        ".classList.contains('sv-overridden')"
    )
    row = next(r for r in live_app.service.view().rows if r.item.key == item)
    assert row.cells["BY"].colour == target
    assert row.cells["BY"].override.reason == "сверено с реестром предприятий"
    assert row.cells["BY"].override.author == "local"


def stored_class(page, row_index: int, col: str, colour: str) -> None:
    page.wait_for_function(
        f'document.querySelector(\'.ag-center-cols-container [row-index="{row_index}"] [col-id="{col}"]\')'
        f".classList.contains('sv-{colour}')"
    )


@pytest.mark.parametrize("how", ["escape", "cross"])
def test_dialog_closed_without_saving_restores_and_reopens(page, fresh_app, how):
    page.goto(fresh_app.url + "/table")
    page.wait_for_selector('.ag-center-cols-container [row-index="1"] [col-id="BY"]')
    before = fresh_app.service.view().rows[1].cells["BY"].colour
    target = "red" if before != "red" else "green"
    modal = page.locator("#tbl-modal")
    for _attempt in range(2):  # picking the same colour again opens the dialog again
        edit_status(page, 1, "BY", target)
        modal.wait_for(state="visible")
        if how == "escape":
            page.keyboard.press("Escape")
        else:
            modal.locator(".btn-close").click()
        modal.wait_for(state="hidden")
        stored_class(page, 1, "BY", before)
    assert fresh_app.service.view().rows[1].cells["BY"].override is None


def test_saved_override_shows_the_mark(page, fresh_app):
    page.goto(fresh_app.url + "/table")
    page.wait_for_selector('.ag-center-cols-container [row-index="0"] [col-id="RU"]')
    before = fresh_app.service.view().rows[0].cells["RU"].colour
    edit_status(page, 0, "RU", "red" if before != "red" else "green")
    page.locator("#tbl-modal").wait_for(state="visible")
    page.fill("#tbl-reason", "проверено")
    page.locator("#tbl-save").click()
    page.locator("#tbl-modal").wait_for(state="hidden")
    page.wait_for_function(
        'document.querySelector(\'.ag-center-cols-container [row-index="0"] [col-id="RU"]\')'
        ".textContent.includes('✎')"
    )
    assert "✎" not in grid_cell(page, 0, "BY").inner_text()
