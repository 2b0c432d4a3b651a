"""Conformance of ``svetofor check --json`` to docs/domain.md §3–§7 on realistic, messy ministry lists.

Each test builds a list in a layout the other tests and the sample do not use, runs the command
in-process and compares the whole docs/domain.md §6 object (or the parts the layout is about) with what
docs/domain.md says a planner gets. Where the rules needed a reading, a comment says which one.
"""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest

from svetofor.cli import main
from tests.workbooks import csv_bytes, ods, xlsx

ZERO = {"green": 0, "yellow": 0, "red": 0, "none": 0}


def check(path: Path, *options: str) -> tuple[int, dict]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(path), "--json", *options], out=out, err=err)
    assert err.getvalue() == ""
    return code, json.loads(out.getvalue())


def counts(green: int = 0, yellow: int = 0, red: int = 0, none: int = 0) -> dict[str, int]:
    return {"green": green, "yellow": yellow, "red": red, "none": none}


def cell(item, name, by, ru, union, group=None, kind=None) -> dict:
    return {"item": item, "name": name, "group": group, "kind": kind, "BY": by, "RU": ru, "UNION": union}


def err(sheet, row, column, message) -> dict:
    return {"sheet": sheet, "row": row, "column": column, "message": message}


def dup(kind, severity, item, countries, enterprises, country=None) -> dict:
    return {
        "kind": kind,
        "severity": severity,
        "item": item,
        "country": country,
        "countries": countries,
        "enterprises": enterprises,
    }


def failed(data: dict) -> None:
    """A failed check: not ok, no colours, no warnings (docs/domain.md §6: counts and cells may be empty)."""
    assert data["ok"] is False
    assert data["cells"] == []
    assert data["duplicates"] == []
    assert data["status"] == {"BY": ZERO, "RU": ZERO, "UNION": ZERO}


# ----------------------------------------------------------------------------- layouts


def test_english_headers_with_units_and_a_russian_title(tmp_path):
    path = xlsx(
        tmp_path / "en.xlsx",
        [
            ["List of machine-tool products — Russia"],
            [],
            [
                "ID",
                "Product",
                "Kind",
                "Manufacturer",
                "Tax ID",
                "Existing production",
                "Capacity, pcs/year",
                "Demand (pcs/year)",
                "Action",
                "Launch year",
                "Used in",
                "Note",
            ],
            [
                "M1",
                "CNC lathe",
                "machine",
                "Stankozavod JSC",
                "7701234567",
                "yes",
                "100",
                "150",
                "modernize",
                "2027",
            ],
            ["C1", "Spindle unit", "components", None, None, "no", None, None, "new", "2026", "M1"],
            ["T1", "Drill bits", "tools", "Tool Works LLC", "770123456789", "yes", "5 000", None, None, None],
            [
                "T2",
                "Taps",
                "tool",
                "Tool Works LLC",
                "770123456789",
                "no",
                None,
                None,
                None,
                None,
                None,
                "planned",
            ],
        ],
    )
    code, data = check(path)
    assert code == 0
    assert data == {
        "ok": True,
        "items": 4,
        "enterprises": 2,
        # the anonymous "new" of C1 is a record; T2 (no, nothing planned) is one too: it names a producer
        "records": 4,
        "errors": [],
        "remarks": [],
        "status": {"BY": counts(none=4), "RU": counts(green=1, yellow=2, red=1), "UNION": counts(1, 2, 1)},
        "cells": [
            cell("M1", "CNC lathe", "none", "yellow", "yellow", kind="machine"),
            cell("C1", "Spindle unit", "none", "yellow", "yellow", kind="component"),
            cell("T1", "Drill bits", "none", "green", "green", kind="tool"),
            cell("T2", "Taps", "none", "red", "red", kind="tool"),
        ],
        "duplicates": [],
    }


def test_headers_with_line_breaks_units_and_a_hyphen_split_over_two_lines(tmp_path):
    # "Предприятие-\nизготовитель" is how Excel wraps the synonym "Предприятие-изготовитель".
    path = xlsx(
        tmp_path / "wrapped.xlsx",
        [
            [
                "Наименование\nпродукции",
                "Код ТН ВЭД ЕАЭС",
                "Предприятие-\nизготовитель",
                "Производство\nосвоено",
                "Мощность,\nшт./год",
                "Потребность\n(шт/год)",
            ],
            ["Станок токарный с ЧПУ", 8458110000, 'ОАО "Станкозавод"', "да", "1 200", 1000],
            ["Станок фрезерный", "8459 61 000 0", "Станкозавод ОАО", "да", "50,5", 100],
        ],
    )
    code, data = check(path, "--country", "BY")
    assert code == 0
    assert data["errors"] == []
    # «ОАО "Станкозавод"» and «Станкозавод ОАО» are one enterprise (legal form anywhere, quotes)
    assert (data["items"], data["enterprises"], data["records"]) == (2, 1, 2)
    assert data["cells"] == [
        cell("станок токарный с чпу", "Станок токарный с ЧПУ", "green", "none", "green"),
        cell("станок фрезерный", "Станок фрезерный", "yellow", "none", "yellow"),  # 50.5 < 100
    ]


def test_cp1251_csv_with_semicolons_decimal_commas_title_totals_and_footnote(tmp_path):
    header = [
        "Наименование продукции",
        "Предприятие",
        "Наличие производства",
        "Мощность, шт./год",
        "Потребность",
        "Требуется",
    ]
    rows = [
        ["Перечень продукции предприятий Российской Федерации"],
        header,
        ["Резец проходной", "ООО «Инструмент»", "да", "1 200,5", "1200", "нет"],
        ["Резец отрезной", "ООО «Инструмент»", "да", "0,5", "1", "не требуется"],
        ["Итого", "", "", "1201", "", ""],
        ["* данные за 2025 год"],
    ]
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes(rows, delimiter=";", encoding="cp1251"))
    code, data = check(path)
    assert code == 0
    assert data["errors"] == [] and data["remarks"] == []
    assert (data["items"], data["enterprises"], data["records"]) == (2, 1, 2)
    assert data["cells"] == [
        cell("резец проходной", "Резец проходной", "none", "green", "green"),  # 1200.5 >= 1200
        cell("резец отрезной", "Резец отрезной", "none", "yellow", "yellow"),  # 0.5 < 1
    ]


def test_utf8_bom_csv_with_commas_and_a_country_column(tmp_path):
    rows = [
        ["Item code", "Product", "Country", "Enterprise", "Existing production", "Capacity"],
        ["A-1", "Collet chuck", "Belarus", "MZOR", "yes", "10"],
        ["A-1", "Collet chuck", "Russia", "Stan", "no", ""],
        ["A-2", "Vice", "RU", "", "", ""],
        ["A-3", "", "RU", "Stan", "yes", "1"],
    ]
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes(rows, delimiter=",", bom=True))
    code, data = check(path)
    assert code == 1
    failed(data)
    # CSV: sheet is null, row is the line number, column the header as written
    assert data["errors"] == [
        err(None, 5, "Product", "не указано наименование продукции, хотя строка содержит данные")
    ]

    path.write_bytes(csv_bytes(rows[:-1], delimiter=",", bom=True))
    code, data = check(path)
    assert code == 0
    assert data["cells"] == [
        cell("A-1", "Collet chuck", "green", "red", "green"),
        cell("A-2", "Vice", "red", "red", "red"),  # a position with no producer row at all
    ]
    assert data["status"] == {"BY": counts(1, 0, 1), "RU": counts(0, 0, 2), "UNION": counts(1, 0, 1)}


def test_country_from_sheet_name_and_from_a_title_line(tmp_path):
    header = ["Наименование продукции", "Предприятие", "Наличие производства", "Мощность"]
    path = xlsx(tmp_path / "rf.xlsx", {"РФ": [header, ["Станок", "ПАО «Стан»", "да", None]]})
    code, data = check(path)
    assert code == 0
    assert data["cells"] == [cell("станок", "Станок", "none", "green", "green")]

    path = xlsx(
        tmp_path / "title.xlsx",
        [
            ["Перечень станкоинструментальной продукции Республики Беларусь"],
            ["по состоянию на 01.01.2026"],
            [],
            header,
            [1, 2, 3, 4],  # column numbers under the header
            ["Станок", "ОАО «МЗОР»", "да", 10],
        ],
    )
    code, data = check(path)
    assert code == 0
    assert data["records"] == 1
    assert data["cells"] == [cell("станок", "Станок", "green", "none", "green")]


def test_title_naming_both_countries_needs_the_country_option(tmp_path):
    header = ["Наименование продукции", "Предприятие", "Наличие производства"]
    path = xlsx(
        tmp_path / "both.xlsx",
        {
            "Перечень": [
                ["Перечень продукции Республики Беларусь и Российской Федерации"],
                header,
                ["Станок", "АО «Стан»", "да"],
            ]
        },
    )
    code, data = check(path)
    assert code == 1
    failed(data)
    assert data["errors"] == [
        err(
            "Перечень",
            None,
            None,
            "не определена страна: нет столбца «Страна», страна не выбрана при импорте (--country BY|RU) "
            "и не названа однозначно в имени листа или заголовке",
        )
    ]
    code, data = check(path, "--country", "RU")
    assert code == 0
    assert data["remarks"] == []  # the title names no single country, so nothing contradicts RU
    assert data["cells"] == [cell("станок", "Станок", "none", "green", "green")]


def test_country_column_words_tax_ids_and_the_lost_leading_zero(tmp_path):
    path = xlsx(
        tmp_path / "countries.xlsx",
        [
            ["Наименование продукции", "Государство", "Предприятие", "ИНН/УНП", "Наличие производства"],
            ["Станок", "Российская Федерация", "АО «Стан»", 7701234567, "да"],
            ["Станок", "РБ", "ОАО «МЗОР»", 100123456, "да"],
            ["Фреза", "Российская Федерация ", "ПАО «Сверло»", 770123456789, "нет"],
            ["Фреза", "Республика Беларусь", "ОАО «МЗОР»", None, "нет"],  # takes UNП 100123456
            ["Патрон", "Россия", "АО «Нулевой»", 123456789, "да"],  # INN 0123456789 lost its zero
            ["Патрон", "Россия", "Нулевой", "0123456789", None],  # the same enterprise
        ],
    )
    code, data = check(path)
    assert code == 0
    assert data["errors"] == [] and data["remarks"] == []
    assert (data["items"], data["enterprises"], data["records"]) == (3, 4, 6)
    assert data["cells"] == [
        cell("станок", "Станок", "green", "green", "green"),
        cell("фреза", "Фреза", "red", "red", "red"),
        cell("патрон", "Патрон", "red", "green", "green"),
    ]


def test_one_tax_id_under_two_names_is_one_enterprise_with_a_remark(tmp_path):
    # Reading: docs/domain.md §3 makes the tax id the identity, so the file has ONE enterprise and there
    # is nothing to merge; the two names are a contradiction the planner sees as a remark.
    path = xlsx(
        tmp_path / "tax.xlsx",
        {
            "Россия": [
                ["Наименование продукции", "Предприятие", "ИНН", "Наличие производства"],
                ["Метчик", "ООО «Метиз»", 7712345678, "да"],
                ["Плашка", "Метиз ООО", 7712345678, "да"],  # the same name: no remark
                ["Лерка", "ООО «Метиз-Плюс»", 7712345678, "да"],
            ]
        },
    )
    code, data = check(path)
    assert code == 0
    assert data["enterprises"] == 1
    assert data["remarks"] == [
        err(
            "Россия",
            4,
            "ИНН",
            "ИНН/УНП 7712345678 указан у предприятий с разными наименованиями: «ООО «Метиз»» и "
            "«ООО «Метиз-Плюс»»; это одно предприятие под наименованием «ООО «Метиз»»",
        )
    ]


def test_sections_numbering_merged_names_hidden_rows_totals_and_footnotes(tmp_path):
    header = ["№ п/п", "Наименование продукции", "Предприятие", "Наличие производства", "Мощность, шт./год",
              "Потребность, шт./год", "Требуется", "Срок ввода"]  # fmt: skip
    path = xlsx(
        tmp_path / "sections.xlsx",
        [
            ["Перечень (Республика Беларусь)"],
            header,
            [1, 2, 3, 4, 5, 6, 7, 8],
            ["Раздел 1. Станки:"],
            [1, "Станок токарный", 'ОАО "Станкозавод"', "нет", None, None, "создание", "IV кв. 2026"],
            [None, None, "Станкозавод ОАО", "нет", None, None, "создание нового производства", "2025–2026"],
            [2, "Станок фрезерный", "ОАО «МЗОР»", "да", 100, 200, "техническое перевооружение", "2027 г."],
            [None, None, "ЗАО «Фрезер»", "да", None, 200, None, None],
            ["Раздел 2. Инструмент:"],
            [3, "Сверло спиральное", None, "да", None, None, None, None],
            # Reading: with a flat numbering "4 | Метчик" is a position stating nothing yet (red),
            # not a section title (docs/domain.md §7: a section row has exactly one filled cell).
            [4, "Метчик"],
            [5, "Плашка", None, "нет", None, None, None, None],
            ["Итого", None, None, None, 100, None, None, None],
            ["* — по данным предприятий"],
        ],
        merges=["B5:B6", "B7:B8"],
        hidden_rows=[7, 8],
    )
    code, data = check(path)
    assert code == 0
    assert data == {
        "ok": True,
        "items": 5,
        "enterprises": 3,  # one "Станкозавод" under two spellings
        "records": 5,  # the anonymous "да" of the drill counts; "нет" alone is no record
        "errors": [],
        "remarks": [],
        "status": {"BY": counts(1, 2, 2), "RU": counts(none=5), "UNION": counts(1, 2, 2)},
        "cells": [
            cell("станок токарный", "Станок токарный", "yellow", "none", "yellow", group="Станки"),
            # 100 (to modernise, so not covering) + unknown: yellow against 200
            cell("станок фрезерный", "Станок фрезерный", "yellow", "none", "yellow", group="Станки"),
            cell("сверло спиральное", "Сверло спиральное", "green", "none", "green", group="Инструмент"),
            cell("метчик", "Метчик", "red", "none", "red", group="Инструмент"),
            cell("плашка", "Плашка", "red", "none", "red", group="Инструмент"),
        ],
        # one enterprise planning new capacity twice is not parallel-new
        "duplicates": [],
    }


def test_hierarchical_numbering_keeps_numbered_section_titles(tmp_path):
    path = xlsx(
        tmp_path / "hier.xlsx",
        {
            "BY": [
                ["№", "Наименование продукции", "Предприятие", "Наличие производства"],
                [1, "Токарные станки"],
                ["1.1", "Станок", "МЗОР", "да"],
                [2, "Инструмент"],
                [None, "Фреза", "БИЗ", "да"],  # unnumbered positions under a numbered section
                [3, "Метчик"],  # last row, nothing below: a position
            ]
        },
    )
    code, data = check(path)
    assert code == 0
    assert data["cells"] == [
        cell("станок", "Станок", "green", "none", "green", group="Токарные станки"),
        cell("фреза", "Фреза", "green", "none", "green", group="Инструмент"),
        cell("метчик", "Метчик", "red", "none", "red", group="Инструмент"),
    ]


def test_two_row_header_dates_codes_and_the_code_with_two_names(tmp_path):
    path = xlsx(
        tmp_path / "two_row.xlsx",
        [
            ["Сведения о производстве (РФ)"],
            ["Код", "Наименование", "Изготовитель", "Производство", None, "Срок ввода"],
            [None, None, None, "освоено", "мощность, шт/год", None],
            ["01", "Станок «Квазар».", "АО «Стан»", "да", 5, datetime.datetime(2027, 1, 1)],
            [None, "станок Квазар", "АО Стан", "да", 7, None],  # takes code 01 by its name
            ["02", "Пресс", None, "нет", None, "2025–2026"],
            ["01", "Станок Квазар-М", "АО «Стан»", "да", 7, None],
        ],
        merges=["D2:E2"],
    )
    code, data = check(path)
    assert code == 0
    assert data["remarks"] == [
        err(
            "Лист1",
            4,
            "Код",
            "код позиции «01» встречается с разными наименованиями: «Станок «Квазар».» и "
            "«Станок Квазар-М»; используется первое",
        )
    ]
    assert (data["items"], data["enterprises"], data["records"]) == (2, 1, 3)
    assert data["cells"] == [
        cell("01", "Станок «Квазар».", "none", "green", "green"),
        cell("02", "Пресс", "none", "red", "red"),
    ]


def test_two_country_sheets_and_a_sheet_without_header(tmp_path):
    header = ["Наименование продукции", "Вид продукции", "Наименование предприятия", "Серийное производство",
              "Производственная мощность, ед./год", "Потребность, ед.", "Необходимо", "Год ввода"]  # fmt: skip
    path = xlsx(
        tmp_path / "union.xlsx",
        {
            "Беларусь": [
                ["Перечень"],
                header,
                ["Станок А", "Станки", "ОАО «МЗОР»", "+", "60 шт.", 100, None, None],
                ["Станок А", "Станки", "ОАО «БСЗ»", "+", 40, 100, None, None],
                ["Узел Б", "Комплектующие изделия", "ОАО «МЗОР»", 1, 0, None, None, None],
                ["Узел В", "узлы", "ОАО «МЗОР»", "да", None, 50, None, None],
                ["Фреза Г", "Инструменты", "ОАО «МЗОР»", "да", 10, None, "создание", 2026],
                ["Фреза Д", "Прочее", "ОАО «МЗОР»", "нет", None, None, "модернизация", None],
                ["Фреза Е", None, None, None, None, 0, None, None],
            ],
            "Россия": [
                header,
                ["Станок А", "станок", "АО «Стан»", "−", None, 80, None, None],
                ["Узел Б", None, None, "есть", 5, None, None, None],
            ],
            "Справка": [["Примечания к перечню"], ["Все данные на 01.01.2026"]],
        },
    )
    code, data = check(path)
    assert code == 0
    assert data["errors"] == []
    assert data["remarks"] == [
        err(
            "Беларусь",
            8,
            "Необходимо",
            "мероприятие «модернизация» указано при отсутствии производства (наличие производства: нет)",
        )
    ]
    assert (data["items"], data["enterprises"], data["records"]) == (6, 3, 8)
    assert data["cells"] == [
        # BY 60 + 40 covers 100; RU has none of 80; UNION 100 < 100 + 80
        cell("станок а", "Станок А", "green", "red", "yellow", kind="machine"),
        # capacity 0 is no serial production; RU's anonymous producer covers
        cell("узел б", "Узел Б", "red", "green", "green", kind="component"),
        cell("узел в", "Узел В", "yellow", "red", "yellow", kind="component"),  # unknown vs 50
        cell("фреза г", "Фреза Г", "green", "red", "green", kind="tool"),  # existing + new: expansion
        cell("фреза д", "Фреза Д", "red", "red", "red", kind="прочее"),  # modernise without production
        cell("фреза е", "Фреза Е", "red", "red", "red"),  # demand 0 is no demand
    ]
    assert data["status"] == {"BY": counts(2, 1, 3), "RU": counts(1, 0, 5), "UNION": counts(2, 2, 2)}


def test_ods_list_with_a_name_spanning_two_producer_rows(tmp_path):
    path = ods(
        tmp_path / "list.ods",
        {
            "Россия": [
                ["Наименование продукции", "Предприятие", "Наличие производства", "Мощность"],
                ["Станок", "АО «Стан»", "да", 5],
                [None, "ПАО «Кузня»", "нет", None],
            ]
        },
        row_spans={("Россия", 1, 0): 2},
    )
    code, data = check(path)
    assert code == 0
    assert (data["items"], data["enterprises"], data["records"]) == (1, 2, 2)
    assert data["cells"] == [cell("станок", "Станок", "none", "green", "green")]


# ------------------------------------------------------------------------------ errors


def test_every_bad_cell_is_one_located_error_and_nothing_is_checked(tmp_path):
    header = ["Наименование продукции", "Страна", "Предприятие", "ИНН/УНП", "Наличие производства",
              "Мощность (шт./год)", "Потребность", "Требуется", "Срок ввода"]  # fmt: skip
    path = xlsx(
        tmp_path / "bad.xlsx",
        {
            "Сводный": [
                header,
                ["Станок А", "Беларусь", "ОАО «МЗОР»", None, "частично", None, None, None, None],
                ["Станок Б", "Беларусь", "ОАО «МЗОР»", None, "да", "-5", None, None, None],
                ["Станок В", "Беларусь", "ОАО «МЗОР»", None, "да", "около 100", None, None, None],
                ["Станок Г", "Беларусь", "ОАО «МЗОР»", None, "нет", None, None, "создание", "скоро"],
                ["Станок Д", "Россия", "АО «Стан»", "1234567", "да", None, None, None, None],
                ["Станок Е", "Казахстан", "АО «Стан»", None, "да", None, None, None, None],
                ["Станок Ж", "Беларусь", "ОАО «МЗОР»", None, "да", None, 100, None, None],
                ["Станок Ж", "Беларусь", "ОАО «БЗОР»", None, "да", None, 120, None, None],
                ["Станок З", "Беларусь", "ОАО «МЗОР»", None, "да", "1.200,5", None, None, None],
                ["Станок И", "Беларусь", "ОАО «МЗОР»", None, "да", None, None, "частично", None],
                ["Станок К", "Беларусь", "ОАО «МЗОР»", None, "да", -3, None, None, None],
            ]
        },
    )
    code, data = check(path)
    assert code == 1
    failed(data)
    s, cap = "Сводный", "Мощность (шт./год)"
    assert data["errors"] == [
        err(s, 2, "Наличие производства", "неизвестное значение «частично»: ожидается «да» или «нет»"),
        err(s, 3, cap, "отрицательное число «-5»: ожидается число не меньше 0"),
        err(s, 4, cap, "ожидается неотрицательное число, получено «около 100»"),
        err(s, 5, "Срок ввода", "ожидается год (например, 2026), получено «скоро»"),
        err(s, 6, "ИНН/УНП", "неверная длина ИНН/УНП «1234567» (7 цифр), ожидается ИНН: 10 или 12 цифр"),
        err(s, 7, "Страна", "неизвестная страна «Казахстан»: ожидается Беларусь (BY) или Россия (RU)"),
        err(s, 10, cap, "ожидается неотрицательное число, получено «1.200,5»"),
        err(
            s,
            11,
            "Требуется",
            "неизвестное мероприятие «частично»: ожидается «создание», «модернизация» или «нет»",
        ),
        err(s, 12, cap, "отрицательное число «-3»: ожидается число не меньше 0"),
        err(s, 9, "Потребность", "разная потребность для позиции «Станок Ж» (BY): 100 (строка 8) и 120"),
    ]


def test_two_columns_for_capacity(tmp_path):
    path = xlsx(
        tmp_path / "dup.xlsx",
        {
            "BY": [
                ["Наименование продукции", "Мощность", "Наличие производства", "Производственная мощность"],
                ["Станок", 1, "да", 2],
            ]
        },
    )
    code, data = check(path)
    assert code == 1
    failed(data)
    assert data["errors"] == [
        err("BY", 1, None, "2 столбца для одного поля: B «Мощность» и D «Производственная мощность»")
    ]


def test_no_sheet_with_a_header_is_one_file_error(tmp_path):
    path = xlsx(tmp_path / "none.xlsx", {"Справка": [["Перечень"], ["текст"]], "BY": [["x", "y"], [1, 2]]})
    code, data = check(path, "--country", "BY")
    assert code == 1
    failed(data)
    assert data["errors"] == [
        err(
            None,
            None,
            None,
            "не найдена строка заголовка: ни на одном листе в первых 30 строках нет столбца "
            "наименования продукции вместе с хотя бы одним другим известным столбцом",
        )
    ]


# ------------------------------------------------------------------------- §4 colours


@pytest.mark.parametrize(
    ("rows", "demand", "colour"),
    [
        ([("да", 10, None)], None, "green"),  # one producer, no demand
        ([("да", None, None)], None, "green"),  # unknown size still covers no demand
        ([("да", 60, None), ("да", 40, None)], 100, "green"),  # summed capacity reaches demand
        ([("да", 60, None), ("да", None, None)], 50, "yellow"),  # unknown does not cover demand
        ([("да", 99, None)], 100, "yellow"),  # too small
        ([("да", 500, "модернизация")], None, "yellow"),  # to modernise: not covering
        ([("да", 500, "создание")], 100, "green"),  # expansion of running production
        ([("да", 0, None)], None, "red"),  # capacity 0 is no serial production
        ([("нет", None, "создание")], None, "yellow"),  # new capacity planned
        ([("нет", None, "модернизация")], None, "red"),  # modernise without production: neither
        ([("нет", None, None)], 100, "red"),
        ([("да", 5, None)], 0, "green"),  # demand 0 is no demand
    ],
)
def test_colour_rules_through_a_file(tmp_path, rows, demand, colour):
    header = [
        "Наименование продукции",
        "Предприятие",
        "Наличие производства",
        "Мощность",
        "Потребность",
        "Мероприятие",
    ]
    body = [
        ["Станок", f"ОАО «Завод {k}»", existing, capacity, demand, action]
        for k, (existing, capacity, action) in enumerate(rows)
    ]
    path = xlsx(tmp_path / "rule.xlsx", {"Беларусь": [header, *body]})
    code, data = check(path)
    assert code == 0
    assert data["cells"] == [cell("станок", "Станок", colour, "none", colour)]


def test_union_sums_the_countries_demands_and_records(tmp_path):
    header = [
        "Наименование продукции",
        "Страна",
        "Предприятие",
        "Наличие производства",
        "Мощность",
        "Потребность",
    ]
    path = xlsx(
        tmp_path / "union.xlsx",
        [
            header,
            ["Станок", "BY", "МЗОР", "да", 70, 50],
            ["Станок", "RU", "Стан", "да", 70, 80],
            ["Пресс", "BY", "БЗОР", "да", 70, 50],
            ["Пресс", "RU", "Кузня", "да", 70, 100],
        ],
    )
    code, data = check(path)
    assert code == 0
    assert data["cells"] == [
        cell("станок", "Станок", "green", "yellow", "green"),  # 140 >= 50 + 80
        cell("пресс", "Пресс", "green", "yellow", "yellow"),  # 140 < 50 + 100
    ]


# ---------------------------------------------------------------------- §5 duplicates


def test_duplication_warnings_sorted_by_severity_then_item(tmp_path):
    header = ["Код позиции", "Наименование продукции", "Страна", "Предприятие", "УНП/ИНН", "Наличие производства", "Мощность", "Мероприятие"]  # fmt: skip
    path = xlsx(
        tmp_path / "dups.xlsx",
        {
            "Сводный перечень": [
                header,
                ["2.1", "Патрон", "РФ", "ПАО «Патрон»", None, "да", 500, "нет"],
                ["2.1", "Патрон", "РБ", "ОАО «Белпатрон»", None, "нет", None, "создание"],
                ["2.1", "Патрон", "РБ", "ЧУП «Патронмаш»", None, "нет", None, "создание"],
                ["1.1", "Станок токарный", "РБ", "ОАО «МЗОР»", None, "нет", None, "создание"],
                ["1.1", "Станок токарный", "РФ", "АО «Стан»", None, "нет", None, "создание"],
                ["1.2", "Фрезерный станок", "РБ", "ОАО «Гомельстанок»", None, "нет", None, "создание"],
                ["1.2", "Фрезерный станок", "РБ", 'ОАО "Витебскстанок"', None, "нет", None, "новое"],
                ["1.2", "Фрезерный станок", "РБ", None, None, "нет", None, "создание"],  # anonymous
                ["1.2", "Фрезерный станок", "РБ", "Витебскстанок ОАО", None, "нет", None, "создание"],
                ["3.1", "Резец", "РБ", "ОАО Гомельстанк", None, "да", None, None],  # a typo
                ["3.2", "Сверло", "РФ", "ООО «Метиз»", 7712345678, "да", None, None],
            ]
        },
    )
    code, data = check(path)
    assert code == 0
    assert data["duplicates"] == [
        dup("parallel-new", "high", "1.1", ["BY", "RU"], ["АО «Стан»", "ОАО «МЗОР»"]),
        # the planning country BY; RU is green; BY's planners and RU's producer are named
        dup(
            "partner-covers",
            "high",
            "2.1",
            ["BY", "RU"],
            ["ОАО «Белпатрон»", "ПАО «Патрон»", "ЧУП «Патронмаш»"],
            country="BY",
        ),
        # the anonymous planner is not an enterprise; Витебскстанок under two spellings is one
        dup("parallel-new", "medium", "1.2", ["BY"], ['ОАО "Витебскстанок"', "ОАО «Гомельстанок»"]),
        dup("parallel-new", "medium", "2.1", ["BY"], ["ОАО «Белпатрон»", "ЧУП «Патронмаш»"]),
        dup("same-enterprise?", "info", None, ["BY"], ["ОАО «Гомельстанок»", "ОАО Гомельстанк"]),
    ]
    assert data["enterprises"] == 9


def test_partner_covers_both_ways_and_anonymous_planners(tmp_path):
    header = ["Наименование продукции", "Страна", "Предприятие", "Наличие производства", "Мощность", "Потребность", "Требуется"]  # fmt: skip
    path = xlsx(
        tmp_path / "both_ways.xlsx",
        [
            header,
            ["Станок", "BY", "МЗОР", "да", 10, None, "создание"],  # expansions on both sides
            ["Станок", "RU", "Стан", "да", 10, None, "создание"],
            ["Фреза", "BY", None, "нет", None, None, "создание"],  # the producer is still to be chosen
            ["Фреза", "RU", "Сверло", "да", None, None, None],
            ["Резец", "BY", "МЗОР", "нет", None, None, "создание"],  # one enterprise, two lines
            ["Резец", "BY", "МЗОР", "нет", None, None, "создание"],
            ["Резец", "RU", "Стан", "да", 5, 10, None],  # too small: not green
        ],
    )
    code, data = check(path)
    assert code == 0
    assert (data["items"], data["enterprises"], data["records"]) == (3, 3, 7)
    assert data["cells"] == [
        cell("станок", "Станок", "green", "green", "green"),
        cell("фреза", "Фреза", "yellow", "green", "green"),
        cell("резец", "Резец", "yellow", "yellow", "yellow"),
    ]
    assert data["duplicates"] == [
        dup("parallel-new", "high", "станок", ["BY", "RU"], ["МЗОР", "Стан"]),
        dup("partner-covers", "high", "станок", ["BY", "RU"], ["МЗОР", "Стан"], country="BY"),
        dup("partner-covers", "high", "станок", ["BY", "RU"], ["МЗОР", "Стан"], country="RU"),
        dup("partner-covers", "high", "фреза", ["BY", "RU"], ["Сверло"], country="BY"),
    ]


def test_quotes_typed_without_a_space_and_a_code_in_an_underscored_sheet_name(tmp_path):
    # «ОАО«МЗОР»» is what a planner types as often as «ОАО «МЗОР»»: one enterprise, and both
    # parallel-new planners below are that one enterprise.
    path = xlsx(
        tmp_path / "glued.xlsx",
        {
            "Перечень_РБ": [
                ["Наименование продукции", "Предприятие", "Наличие производства", "Требуется"],
                ["Станок«Квазар»", "ОАО«МЗОР»", "нет", "создание"],
                ["Станок «Квазар»", "ОАО «МЗОР»", "нет", "создание"],
                ["Станок «Квазар»", 'Открытое акционерное общество "МЗОР"', "нет", "создание"],
            ]
        },
    )
    code, data = check(path)
    assert code == 0
    assert (data["items"], data["enterprises"], data["records"]) == (1, 1, 3)
    assert data["cells"] == [cell("станок квазар", "Станок«Квазар»", "yellow", "none", "yellow")]
    assert data["duplicates"] == []


def test_a_file_above_the_size_limit_is_refused(tmp_path, monkeypatch):
    path = xlsx(
        tmp_path / "big.xlsx", {"BY": [["Наименование продукции", "Наличие производства"], ["Станок", "да"]]}
    )
    monkeypatch.setenv("SVETOFOR_MAX_UPLOAD_MB", "0.001")
    code, data = check(path)
    assert code == 1
    failed(data)
    assert [(e["sheet"], e["row"], e["column"]) for e in data["errors"]] == [(None, None, None)]
    assert data["errors"][0]["message"].startswith("файл слишком большой")


def test_two_row_header_enterprise_over_name_and_tax_id(tmp_path):
    # "Предприятие" merged over "наименование" | "УНП" is the enterprise's name and number; read
    # literally (docs/domain.md §7: "else the lower cell") "наименование" would be a second item column.
    path = xlsx(
        tmp_path / "ent.xlsx",
        {
            "РБ": [
                ["Наименование продукции", "Предприятие-изготовитель", None, "Производство", None],
                [None, "наименование", "УНП", "освоено", "мощность"],
                ["Станок", "ОАО «МЗОР»", 100123456, "да", 5],
                ["Станок", "МЗОР", None, "да", 5],  # takes the UNP of its name: one enterprise
                ["Фреза", "ОАО «БСЗ»", "12345", "да", None],
            ]
        },
        merges={"РБ": ["A1:A2", "B1:C1", "D1:E1"]},
    )
    code, data = check(path)
    assert code == 1
    failed(data)
    assert data["errors"] == [
        err("РБ", 5, "УНП", "неверная длина ИНН/УНП «12345» (5 цифр), ожидается УНП: 9 цифр")
    ]
    path = xlsx(
        tmp_path / "ent_ok.xlsx",
        {
            "РБ": [
                ["Наименование продукции", "Предприятие", None, "Наличие производства"],
                [None, "наименование", "УНП", None],
                ["Станок", "ОАО «МЗОР»", 100123456, "да"],
                ["Станок", "МЗОР", None, "да"],
            ]
        },
        merges={"РБ": ["A1:A2", "B1:C1", "D1:D2"]},
    )
    code, data = check(path)
    assert code == 0
    assert (data["items"], data["enterprises"], data["records"]) == (1, 1, 2)
    assert data["cells"] == [cell("станок", "Станок", "green", "none", "green")]


def test_country_option_wins_over_the_title_with_a_remark(tmp_path):
    path = xlsx(
        tmp_path / "title_ru.xlsx",
        {
            "Лист1": [
                ["Перечень продукции Российской Федерации"],
                ["Наименование продукции", "Предприятие", "Наличие производства"],
                ["Станок", "МЗОР", "да"],
            ]
        },
    )
    code, data = check(path, "--country", "BY")
    assert code == 0
    assert data["remarks"] == [
        err("Лист1", None, None, "в имени листа или заголовке названа страна RU, а при импорте выбрана BY")
    ]
    assert data["cells"] == [cell("станок", "Станок", "green", "none", "green")]
