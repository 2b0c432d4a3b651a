"""The import page in headless Chromium: upload → mapping, errors and effect → import (or not),
a corrected column, refused files, and the history that recognises a file imported twice.

Every upload is built here with openpyxl (no committed files); the app is a fresh one seeded
from the sample list, so the stored diagram is known before each test."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.workbooks import xlsx

pytestmark = pytest.mark.browser

TITLE = ["Перечень продукции станкостроения — Республика Беларусь"]
HEADER = [
    "Наименование продукции",
    "Группа",
    "Предприятие",
    "Наличие производства",
    "Мощность, шт./год",
    "Потребность",
]


def open_import(page, url: str) -> None:
    page.goto(url + "/import")
    page.wait_for_selector("#imp-upload input[type=file]", state="attached")


def upload(page, path: Path) -> None:
    page.set_input_files("#imp-upload input[type=file]", str(path))


def wait_report(page) -> None:
    """The background analysis is done when the report shows and the progress bar is gone."""
    page.wait_for_selector("#imp-report", state="visible", timeout=60_000)
    page.wait_for_selector("#imp-progress-wrap", state="hidden", timeout=60_000)
    page.wait_for_selector("#imp-valid, #imp-errors-table", timeout=60_000)


def mapping(page) -> dict[str, str]:
    """Header in the file → the field shown for it in the grid."""
    rows = page.locator("#imp-mapping .ag-center-cols-container .ag-row")
    out = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        out[row.locator('[col-id="header"]').inner_text().strip()] = (
            row.locator('[col-id="field"]').inner_text().strip()
        )
    return out


def state(svc):
    view = svc.view()
    return {
        (row.item.key, s): (row.cells[s].colour, row.cells[s].override)
        for row in view.rows
        for s in ("BY", "RU", "UNION")
    }


def test_valid_file_preview_import_and_history(page, fresh_app, tmp_path):
    svc = fresh_app.service
    imports_before = len(svc.store.imports.history())
    path = xlsx(
        tmp_path / "Перечень РБ.xlsx",
        [
            TITLE,
            HEADER,
            ["Станок испытательный ТЕСТ-1", "Токарные станки", "ОАО «Тестовый завод»", "да", 500, 300],
            ["Станок испытательный ТЕСТ-2", "Токарные станки", None, "нет", None, None],
        ],
    )
    open_import(page, fresh_app.url)
    upload(page, path)
    wait_report(page)

    shown = mapping(page)
    assert shown["Наименование продукции"].startswith("Наименование продукции")
    assert shown["Мощность, шт./год"].startswith("Мощность")
    assert page.locator("#imp-valid").is_visible()
    assert "BY" in page.locator("#imp-countries").inner_text()
    # The effect: this list replaces Belarus' data, so positions change colour and come and go.
    changes = page.locator("#imp-changes li")
    assert changes.count() > 0
    assert any("→" in changes.nth(i).inner_text() for i in range(changes.count()))
    new_items = page.locator(".imp-effect-new-items").inner_text()
    assert "Станок испытательный ТЕСТ-1" in new_items and "Станок испытательный ТЕСТ-2" in new_items
    assert page.locator(".imp-effect-removed-enterprises").count() == 1  # the sample's BY producers
    assert len(svc.store.imports.history()) == imports_before  # nothing stored by the preview

    page.locator("#imp-import").click()
    page.wait_for_selector("#imp-done", timeout=60_000)
    assert "Перечень РБ.xlsx" in page.locator("#imp-done").inner_text()
    assert len(svc.store.imports.history()) == imports_before + 1
    assert page.locator(".imp-history-row").first.inner_text().count("Перечень РБ.xlsx") == 1

    # The diagram shows the new positions with their colours.
    page.goto(fresh_app.url + "/?q=ТЕСТ")
    page.wait_for_selector(".sv-cell[data-item]")
    key = next(r.item.key for r in svc.view().rows if r.item.name == "Станок испытательный ТЕСТ-1")
    assert (
        page.locator(f'.sv-cell[data-scope="BY"][data-item="{key}"]').get_attribute("data-colour") == "green"
    )
    key2 = next(r.item.key for r in svc.view().rows if r.item.name == "Станок испытательный ТЕСТ-2")
    assert (
        page.locator(f'.sv-cell[data-scope="BY"][data-item="{key2}"]').get_attribute("data-colour") == "red"
    )

    # The same file again: the preview says so, and the history flags the second import.
    open_import(page, fresh_app.url)
    upload(page, path)
    wait_report(page)
    page.wait_for_selector("#imp-already")
    page.locator("#imp-import").click()
    page.wait_for_selector("#imp-done", timeout=60_000)
    first_id = svc.store.imports.history()[1].id
    duplicate = page.locator(".imp-history-duplicate")
    assert duplicate.count() == 1
    assert f"№ {first_id}" in duplicate.inner_text()


def test_file_with_errors_lists_rows_and_imports_nothing(page, fresh_app, tmp_path):
    svc = fresh_app.service
    before = state(svc)
    versions = svc.store.versions()
    path = xlsx(
        tmp_path / "с ошибками.xlsx",
        [
            TITLE,
            HEADER,
            ["Станок А", "Токарные станки", "ОАО Завод", "да", 10, None],
            ["Станок Б", "Токарные станки", "ОАО Завод", "может быть", 10, None],  # row 4
            ["Станок В", "Токарные станки", "ОАО Завод", "да", -5, None],  # row 5
            ["Станок Г", "Токарные станки", "ОАО Завод", "да", "около 100", None],  # row 6
        ],
    )
    open_import(page, fresh_app.url)
    upload(page, path)
    wait_report(page)

    rows = page.locator("#imp-errors-table .imp-error-row")
    found = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        found[int(cells.nth(1).inner_text())] = tuple(cells.nth(j).inner_text() for j in (0, 2, 3))
    # sheet, column letter and header, the position's name on that row (docs/domain.md §7)
    assert found == {
        4: ("Лист1", "столбец D «Наличие производства»", "Станок Б"),
        5: ("Лист1", "столбец E «Мощность, шт./год»", "Станок В"),
        6: ("Лист1", "столбец E «Мощность, шт./год»", "Станок Г"),
    }
    assert page.locator("#imp-import").is_disabled()
    assert page.locator("#imp-effect-body").count() == 0
    # A forced click (the button's prop flipped by hand in the browser) is refused by the server.
    page.evaluate("window.dash_clientside.set_props('imp-import', {disabled: false})")
    page.locator("#imp-import").click()
    page.wait_for_selector("#imp-refused", state="visible", timeout=60_000)
    assert "ошибки" in page.locator("#imp-refused").inner_text()
    assert svc.store.versions() == versions
    assert state(svc) == before

    page.locator("#imp-cancel").click()
    page.wait_for_selector("#imp-report", state="hidden")
    assert not list((fresh_app.data_dir / "uploads").glob("*.xlsx"))  # the kept upload is gone


def test_corrected_column_is_used_for_the_import(page, fresh_app, tmp_path):
    svc = fresh_app.service
    path = xlsx(
        tmp_path / "выпуск.xlsx",
        [
            TITLE,
            [
                "Наименование продукции",
                "Группа",
                "Предприятие",
                "Наличие производства",
                "Выпуск в год",
                "Потребность",
            ],
            ["Станок ТЕСТ-ВЫПУСК", "Токарные станки", "ОАО Завод", "да", 500, 300],
        ],
    )
    open_import(page, fresh_app.url)
    upload(page, path)
    wait_report(page)
    assert mapping(page)["Выпуск в год"] == "— не использовать —"

    cell = page.locator(
        '#imp-mapping .ag-row:has([col-id="header"]:text-is("Выпуск в год")) [col-id="field"]'
    )
    cell.click()
    cell.locator(".ag-picker-field-wrapper").click()
    page.locator(".ag-select-list-item").filter(has_text="(capacity)").click()
    page.keyboard.press("Enter")
    page.wait_for_function(
        """() => [...document.querySelectorAll('#imp-mapping .ag-row')].some(r =>
            r.querySelector('[col-id="header"]').innerText.trim() === 'Выпуск в год' &&
            r.querySelector('[col-id="field"]').innerText.startsWith('Мощность'))"""
    )
    # The file is read again with the correction before the import is offered.
    page.wait_for_function("document.querySelector('#imp-analysed').innerText === '1'", timeout=60_000)
    wait_report(page)
    page.locator("#imp-import").click()
    page.wait_for_selector("#imp-done", timeout=60_000)

    row = next(r for r in svc.view().rows if r.item.name == "Станок ТЕСТ-ВЫПУСК")
    record = next(r for r in svc.view().dataset.records if r.item_key == row.item.key)
    assert record.capacity == 500
    assert row.cells["BY"].colour == "green"  # 500 ≥ 300; without the capacity it was yellow


def test_country_is_chosen_when_the_file_names_none(page, fresh_app, tmp_path):
    svc = fresh_app.service
    path = xlsx(
        tmp_path / "без страны.xlsx",
        [HEADER, ["Станок БЕЗ-СТРАНЫ", "Токарные станки", "ЗАО Завод", "да", 5, None]],
    )
    open_import(page, fresh_app.url)
    upload(page, path)
    wait_report(page)
    assert "не определена страна" in page.locator("#imp-errors-table").inner_text()
    assert page.locator("#imp-import").is_disabled()

    page.locator("#imp-country").click()
    page.locator("[role=option]").filter(has_text="Россия").click()
    page.wait_for_selector("#imp-valid", timeout=60_000)
    assert "RU" in page.locator("#imp-countries").inner_text()
    page.locator("#imp-import").click()
    page.wait_for_selector("#imp-done", timeout=60_000)
    row = next(r for r in svc.view().rows if r.item.name == "Станок БЕЗ-СТРАНЫ")
    assert row.cells["RU"].colour == "green"
    assert svc.store.imports.history()[0].countries == ("RU",)


def _zip_bomb(path: Path) -> Path:
    """An xlsx-shaped zip whose one sheet inflates ~1000:1."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = b"0" * (1 << 20)
            for _ in range(30):
                sheet.write(block)
    path.write_bytes(buffer.getvalue())
    return path


def test_hostile_and_wrong_files_are_refused_with_a_message(page, fresh_app, tmp_path, monkeypatch):
    svc = fresh_app.service
    versions = svc.store.versions()
    open_import(page, fresh_app.url)

    pdf = tmp_path / "отчёт.pdf"
    pdf.write_bytes(b"%PDF-1.4 not a list")
    upload(page, pdf)
    page.wait_for_selector("#imp-refused", state="visible")
    assert "отчёт.pdf" in page.locator("#imp-refused").inner_text()
    assert page.locator("#imp-report").is_hidden()

    text = tmp_path / "письмо.xlsx"
    text.write_text("Уважаемые коллеги, направляем перечень", encoding="utf-8")
    upload(page, text)
    wait_report(page)
    assert "не является книгой Excel" in page.locator("#imp-errors-table").inner_text()
    assert page.locator("#imp-import").is_disabled()

    upload(page, _zip_bomb(tmp_path / "бомба.xlsx"))
    page.wait_for_function(
        "document.querySelector('#imp-errors-table') && "
        "document.querySelector('#imp-errors-table').innerText.includes('zip')",
        timeout=60_000,
    )
    assert page.locator("#imp-import").is_disabled()

    # Oversize: the limit is configurable; the browser refuses before sending the bytes.
    monkeypatch.setenv("SVETOFOR_MAX_UPLOAD_MB", "0.05")
    open_import(page, fresh_app.url)
    big = tmp_path / "большой.csv"
    big.write_bytes(("Наименование продукции;Мощность\r\n" + "Станок;1\r\n" * 20_000).encode())
    upload(page, big)
    page.wait_for_selector("#imp-refused", state="visible")
    assert "слишком большой" in page.locator("#imp-refused").inner_text()
    assert page.locator("#imp-report").is_hidden()
    assert svc.store.versions() == versions
