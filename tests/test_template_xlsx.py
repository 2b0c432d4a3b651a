"""The ministry template: the diagram's positions for one country to fill in, read back by code."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from svetofor.auth import ADMIN, User
from svetofor.cli import main
from svetofor.service import Svetofor
from svetofor.template_xlsx import SPARE_ROWS, TemplateError, template_bytes, write_template

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_list.xlsx"
AT = dt.date(2026, 3, 6)
HEAD = 4  # the header row, 1-based


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory):
    svc = Svetofor.open(tmp_path_factory.mktemp("inst"), seed=SAMPLE)
    yield svc
    svc.close()


def _columns(sheet) -> dict[str, int]:
    return {str(c.value): c.column for c in sheet[HEAD] if c.value}


@pytest.mark.parametrize(("country", "word"), [("BY", "Беларусь"), ("RU", "Россия")])
def test_template_prefills_the_countrys_records_and_protects_codes(service, country: str, word: str) -> None:
    view = service.view()
    data = template_bytes(view.rows, view.dataset, country=country, date=AT)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Инструкция", "Перечень"]
    assert word in wb["Инструкция"]["A1"].value and "06.03.2026" in wb["Инструкция"]["A1"].value
    sheet = wb["Перечень"]
    cols = _columns(sheet)
    lines = [r for r in sheet.iter_rows(min_row=HEAD + 1) if r[cols["Наименование продукции"] - 1].value]
    assert {r[cols["Код позиции"] - 1].value for r in lines} == {row.item.code for row in view.rows}
    assert {r[cols["Страна"] - 1].value for r in lines} == {word}
    producers = [r for r in lines if r[cols["Предприятие"] - 1].value]
    assert len(producers) == sum(
        1 for rec in view.dataset.records if rec.country == country and rec.enterprise_key
    )
    assert sheet.max_row == HEAD + len(lines) + SPARE_ROWS
    # code and name locked, everything else open to the ministry; the sheet protected
    assert sheet.protection.sheet and sheet.protection.insertRows is False  # False: allowed
    first = lines[0]
    assert first[cols["Код позиции"] - 1].protection.locked
    assert first[cols["Наименование продукции"] - 1].protection.locked
    assert not first[cols["Мощность, шт./год"] - 1].protection.locked
    assert not sheet.cell(sheet.max_row, cols["Код позиции"]).protection.locked  # a spare row
    rules = {
        str(v.sqref).split(":")[0][:-1].rstrip("0123456789"): v for v in sheet.data_validations.dataValidation
    }
    letter = {name: openpyxl.utils.get_column_letter(col) for name, col in cols.items()}
    assert rules[letter["Наличие производства"]].formula1 == '"да,нет"'
    assert rules[letter["Мероприятие"]].formula1 == '"создание,модернизация,нет"'
    assert rules[letter["Страна"]].type == "list"
    assert rules[letter["Мощность, шт./год"]].type == "decimal"
    assert rules[letter["Срок ввода"]].type == "whole"
    assert rules[letter["Срок ввода"]].error == "Введите год от 1990 до 2100."


def test_unknown_country_is_refused(service) -> None:
    view = service.view()
    with pytest.raises(TemplateError) as refused:
        template_bytes(view.rows, view.dataset, country="KZ")
    assert refused.value.text("ru") == "Неизвестная страна «KZ»: ожидается BY, RU."


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_filled_template_reads_back_and_imports_by_code(tmp_path: Path, lang: str) -> None:
    svc = Svetofor.open(tmp_path / "inst", seed=SAMPLE)
    try:
        view = svc.view()
        path = tmp_path / f"template-{lang}.xlsx"
        write_template(view.rows, view.dataset, path, country="BY", lang=lang)
        wb = openpyxl.load_workbook(path)
        sheet = wb.worksheets[1]
        cols = _columns(sheet)
        empty = next(
            r
            for r in sheet.iter_rows(min_row=HEAD + 1)
            if r[cols[list(cols)[1]] - 1].value and not r[cols[list(cols)[7]] - 1].value
        )
        code = empty[0].value
        empty[7].value = "ОАО «Новый станкозавод»"
        empty[9].value = "да" if lang == "ru" else "yes"
        empty[10].value = 12
        wb.save(path)
        out, err = io.StringIO(), io.StringIO()
        assert main(["check", str(path), "--country", "BY"], out=out, err=err) == 0, out.getvalue()
        svc.import_file(path, country="BY", user=User("ministry", ADMIN))
        after = svc.view()
        assert set(after.dataset.items) == set(view.dataset.items)  # matched by code: nothing new
        item = next(key for key, it in after.dataset.items.items() if it.code == code)
        assert any(
            r.item_key == item and r.country == "BY" and r.capacity == 12 and r.existing
            for r in after.dataset.records
        )
    finally:
        svc.close()


def test_cli_template_needs_a_country(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    args = [
        "export",
        "--data-dir",
        str(tmp_path / "inst"),
        "--format",
        "template",
        "-o",
        str(tmp_path / "t.xlsx"),
    ]
    assert main(args, out=out, err=err) == 2
    assert err.getvalue().splitlines()[0] == "Для шаблона укажите страну: --country BY|RU."
    assert main([*args, "--country", "RU", "--lang", "en"], out=out, err=err) == 0
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames == ["Instructions", "List"]
