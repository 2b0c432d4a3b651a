"""The workbook reader: one tiny workbook per tolerated quirk (docs/domain.md §3, §7) and one per class of
bad input, asserting the parsed data or the exact located message."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from svetofor.messages import msg, render, text
from svetofor.model import ColumnMapping, Problem
from svetofor.reading import files as r_files
from svetofor.reading import package as r_package
from svetofor.reading import read_bytes, read_file
from svetofor.reading.sheet_xml import MAX_CELLS
from tests.workbooks import csv_bytes, ods, rewrite_zip, xlsx

H = ["Наименование продукции", "Предприятие", "Наличие производства", "Мощность"]


def read(tmp_path: Path, rows, *, name: str = "Беларусь", country: str | None = None, **kwargs):
    path = xlsx(tmp_path / "list.xlsx", {name: rows}, **kwargs)
    return read_file(path, country=country)


def where(problems: list[Problem]) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.text()) for p in problems]


def rec(result) -> list[tuple]:
    return [
        (r.item_key, r.country, r.enterprise_key, r.existing, r.capacity, r.action, r.row)
        for r in result.dataset.records
    ]


# --- tolerated quirks ---------------------------------------------------------------------------


def test_plain_list(tmp_path):
    result = read(tmp_path, [H, ["Станок токарный", "ОАО «МЗОР»", "да", 120], ["Фреза", "", "нет", ""]])
    assert result.errors == []
    assert rec(result) == [("станок токарный", "BY", "BY:мзор", True, 120.0, None, 2)]
    assert list(result.dataset.items) == ["станок токарный", "фреза"]
    assert result.dataset.items["фреза"].name == "Фреза"
    assert result.dataset.enterprises["BY:мзор"].name == "ОАО «МЗОР»"
    assert result.countries == result.dataset.countries == frozenset({"BY"})


def test_title_lines_above_the_header_and_country_from_title(tmp_path):
    rows = [
        ["Перечень продукции станкоинструментальной отрасли"],
        ["Российская Федерация"],
        [],
        H,
        ["Станок", "АО «Саста»", "да", 5],
    ]
    result = read(tmp_path, rows, name="Лист1")
    assert result.errors == []
    assert rec(result) == [("станок", "RU", "RU:саста", True, 5.0, None, 5)]


def test_two_row_header_with_merged_upper_cell(tmp_path):
    rows = [
        ["Наименование продукции", "Предприятие", "Производство", None, "Требуется"],
        [None, None, "освоено", "мощность, шт./год", None],
        ["Станок", "МЗОР", "да", "1 200", "модернизация"],
    ]
    result = read(tmp_path, rows, merges=["C1:D1", "A1:A2", "B1:B2"])
    assert result.errors == []
    assert [(m.letter, m.header, m.field) for m in result.mapping] == [
        ("A", "Наименование продукции", "item"),
        ("B", "Предприятие", "enterprise"),
        ("C", "Производство освоено", "existing"),
        ("D", "мощность, шт./год", "capacity"),
        ("E", "Требуется", "action"),
    ]
    assert rec(result) == [("станок", "BY", "BY:мзор", True, 1200.0, "modernise", 3)]


def test_column_number_row_under_header(tmp_path):
    result = read(tmp_path, [H, [1, 2, 3, 4], ["Станок", "МЗОР", "да", 3]])
    assert result.errors == []
    assert rec(result) == [("станок", "BY", "BY:мзор", True, 3.0, None, 3)]


def test_units_in_headers_are_dropped(tmp_path):
    rows = [
        ["Наименование продукции", "Мощность (шт/год)", "Потребность, шт./год"],
        ["Станок", "10", "25"],
    ]
    result = read(tmp_path, rows)
    assert [m.field for m in result.mapping] == ["item", "capacity", "demand"]
    assert result.dataset.demand == {("станок", "BY"): 25.0}
    assert rec(result) == [("станок", "BY", None, False, 10.0, None, 2)]


@pytest.mark.parametrize(
    ("section", "group"),
    [
        ("1. Токарные станки", "Токарные станки"),
        ("1.2. Фрезерные станки:", "Фрезерные станки"),
        ("II. Инструмент", "Инструмент"),
        ("Раздел 3. Комплектующие", "Комплектующие"),
        ("Раздел 3 Комплектующие:", "Комплектующие"),
        ("Узлы", "Узлы"),
    ],
)
def test_section_rows_set_the_group(tmp_path, section, group):
    rows = [H, [section], ["Станок", "МЗОР", "да", 1], [], ["Станок 2", "МЗОР", "да", 1]]
    result = read(tmp_path, rows)
    assert result.errors == []
    assert [i.group for i in result.dataset.items.values()] == [group, group]


def test_section_row_merged_across_the_table(tmp_path):
    rows = [
        ["№", *H],
        ["1. Токарные"],
        [1, "Станок", "МЗОР", "да", 1],
        ["2. Фрезерные"],
        [2, "Фреза", "", "нет", ""],
    ]
    result = read(tmp_path, rows, merges=["A2:E2", "A4:E4"])
    assert result.errors == []
    assert {k: i.group for k, i in result.dataset.items.items()} == {
        "станок": "Токарные",
        "фреза": "Фрезерные",
    }


def test_numbered_section_row(tmp_path):
    rows = [
        ["№ п/п", *H],
        [1, "Токарные станки"],
        ["1.1", "Станок", "МЗОР", "да", 1],
        ["1.2", "Фреза", "", "нет", ""],
    ]
    result = read(tmp_path, rows)
    assert result.errors == []
    assert {k: i.group for k, i in result.dataset.items.items()} == {
        "станок": "Токарные станки",
        "фреза": "Токарные станки",
    }


def test_group_column_wins_over_sections(tmp_path):
    rows = [[*H, "Группа"], ["1. Раздел"], ["Станок", "МЗОР", "да", 1, "Прессы"]]
    result = read(tmp_path, rows)
    assert result.dataset.items["станок"].group == "Прессы"


def test_blank_rows_footnotes_totals_and_repeated_header(tmp_path):
    rows = [
        H,
        ["Станок", "МЗОР", "да", 10],
        [],
        ["Итого", None, None, 10],
        H,
        ["Фреза", "БелТАПАЗ", "да", 5],
        ["Всего:", None, None, 15],
        [],
        ["* Данные на 01.01.2026"],
        [None, "Источник: Минпром"],
    ]
    result = read(tmp_path, rows)
    assert result.errors == []
    assert result.remarks == []
    assert [r.row for r in result.dataset.records] == [2, 6]


def test_total_in_leftmost_column(tmp_path):
    rows = [["№", *H], [1, "Станок", "МЗОР", "да", 10], ["Итого", None, None, None, 10]]
    result = read(tmp_path, rows)
    assert result.errors == []
    assert len(result.dataset.records) == 1


def test_hidden_rows_and_hidden_sheets_are_read(tmp_path):
    path = xlsx(
        tmp_path / "h.xlsx",
        {"Беларусь": [H, ["Станок", "МЗОР", "да", 1]], "Россия": [H, ["Станок", "Саста", "да", 2]]},
        hidden_rows={"Беларусь": [2]},
        hidden_sheets=["Россия"],
    )
    result = read_file(path)
    assert result.errors == []
    assert [(r.country, r.enterprise_key) for r in result.dataset.records] == [
        ("BY", "BY:мзор"),
        ("RU", "RU:саста"),
    ]


def test_sheets_without_header_are_skipped(tmp_path):
    path = xlsx(
        tmp_path / "s.xlsx",
        {"Пояснения": [["Пояснительная записка"], ["текст"]], "Беларусь": [H, ["Станок", "МЗОР", "да", 1]]},
    )
    result = read_file(path)
    assert result.errors == []
    assert {m.sheet for m in result.mapping} == {"Беларусь"}
    assert len(result.dataset.records) == 1


def test_merged_name_spreads_over_enterprise_rows(tmp_path):
    rows = [H, ["Станок", "МЗОР", "да", 10], [None, "Станкозавод", "нет", None], ["Фреза", "МЗОР", "да", 1]]
    result = read(tmp_path, rows, merges=["A2:A3"])
    assert result.errors == []
    assert [(r.item_key, r.enterprise_key) for r in result.dataset.records] == [
        ("станок", "BY:мзор"),
        ("станок", "BY:станкозавод"),
        ("фреза", "BY:мзор"),
    ]


@pytest.mark.parametrize(
    ("existing", "capacity", "expected"),
    [
        ("да", "1 200", (True, 1200.0)),
        ("Yes", "1\u00a0200,5", (True, 1200.5)),
        ("+", 15, (True, 15.0)),
        (1, "15 шт.", (True, 15.0)),
        ("есть", "н/д", (True, None)),
        ("нет", "—", (False, None)),
        ("−", "-", (False, None)),
        ("0", "нет данных", (False, None)),
        ("-", 3, (False, 3.0)),
        (None, 3, (False, 3.0)),
    ],
)
def test_value_vocabulary(tmp_path, existing, capacity, expected):
    result = read(tmp_path, [H, ["Станок", "МЗОР", existing, capacity]])
    assert result.errors == []
    record = result.dataset.records[0]
    assert (record.existing, record.capacity) == expected


def test_yo_and_trailing_spaces_give_one_item_and_enterprise(tmp_path):
    rows = [
        [*H, "Требуется"],
        ["Ёмкость станочная ", "ОАО «Завод Ёлка»", "да", 1, ""],
        ["емкость  станочная", 'ЗАО "Завод Елка" ', "нет", None, "создание"],
    ]
    result = read(tmp_path, rows)
    assert list(result.dataset.items) == ["емкость станочная"]
    assert result.dataset.items["емкость станочная"].name == "Ёмкость станочная"
    assert list(result.dataset.enterprises) == ["BY:завод елка"]
    assert len(result.dataset.records) == 2  # same position x enterprise on two rows: two records


def test_country_column_wins_then_option_then_title(tmp_path):
    rows = [
        ["Перечень Республики Беларусь"],
        [*H, "Страна"],
        ["Станок", "МЗОР", "да", 1, ""],
        ["Станок", "Саста", "да", 1, "РФ"],
    ]
    result = read(tmp_path, rows, name="Лист1", country="RU")
    assert [r.country for r in result.dataset.records] == ["RU", "RU"]
    assert where(result.remarks) == [
        ("Лист1", None, None, "в имени листа или заголовке названа страна BY, а при импорте выбрана RU")
    ]
    result = read(tmp_path, rows, name="Лист1")
    assert [r.country for r in result.dataset.records] == ["BY", "RU"]
    assert result.countries == frozenset({"BY", "RU"})


def test_import_country_accepts_country_words(tmp_path):
    rows = [H, ["Станок", "МЗОР", "да", 1]]
    assert [r.country for r in read(tmp_path, rows, name="Лист1", country="Беларусь").dataset.records] == [
        "BY"
    ]
    bad = read(tmp_path, rows, name="Лист1", country="KZ")
    assert where(bad.errors)[0] == (
        None,
        None,
        None,
        "страна импорта: неизвестная страна «KZ»: ожидается Беларусь (BY) или Россия (RU)",
    )


def test_title_naming_both_countries_names_none(tmp_path):
    rows = [["Российско-белорусский перечень"], H, ["Станок", "МЗОР", "да", 1]]
    result = read(tmp_path, rows, name="Лист1")
    assert where(result.errors) == [("Лист1", None, None, text("reading.no_country_sheet"))]
    assert read(tmp_path, rows, name="Лист1", country="BY").errors == []


def test_kinds(tmp_path):
    rows = [
        ["Наименование", "Вид", "Мощность"],
        ["Станок", "станки", 1],
        ["Фреза", "Инструменты", 1],
        ["Патрон", "комплектующие изделия", 1],
        ["ПО", "Программы ЧПУ", 1],
    ]
    result = read(tmp_path, rows)
    assert [i.kind for i in result.dataset.items.values()] == [
        "machine",
        "tool",
        "component",
        "программы чпу",
    ]


def test_identity_fill_in(tmp_path):
    rows = [
        ["Код позиции", *H, "УНП"],
        ["M-1", "Станок токарный", "ОАО «МЗОР»", "да", 1, "100123456"],
        [None, "станок  токарный", "МЗОР", "нет", None, None],
        ["M-1", "Станок токарный с ЧПУ", "МЗОР", "да", 2, None],
    ]
    result = read(tmp_path, rows)
    assert result.errors == []
    assert list(result.dataset.items) == ["M-1"]
    assert result.dataset.items["M-1"].name == "Станок токарный"
    assert [r.enterprise_key for r in result.dataset.records] == ["BY:100123456"] * 3
    assert result.dataset.enterprises["BY:100123456"].tax_id == "100123456"
    assert where(result.remarks) == [
        (
            "Беларусь",
            2,
            "Код позиции",
            "код позиции «M-1» встречается с разными наименованиями: «Станок токарный» и «Станок токарный с ЧПУ»; используется первое",
        )
    ]


def test_tax_id_fill_in_keeps_countries_apart(tmp_path):
    rows = [
        [*H, "ИНН/УНП", "Страна"],
        ["Станок", "Завод", "да", 1, "100123456", "BY"],
        ["Фреза", "Завод", "да", 1, "", "RU"],
    ]
    result = read(tmp_path, rows)
    assert [r.enterprise_key for r in result.dataset.records] == ["BY:100123456", "RU:завод"]


def test_lost_leading_zero_of_ru_tax_id(tmp_path):
    rows = [[*H, "ИНН"], ["Станок", "Саста", "да", 1, 770123456]]
    result = read(tmp_path, rows, name="Россия")
    assert result.dataset.records[0].enterprise_key == "RU:0770123456"


def test_demand_repeated_equal_is_one(tmp_path):
    rows = [
        [*H, "Потребность"],
        ["Станок", "МЗОР", "да", 1, 300],
        ["Станок", "Завод", "нет", None, "300"],
        ["Фреза", "", "", "", 0],
    ]
    result = read(tmp_path, rows)
    assert result.errors == []
    assert result.dataset.demand == {("станок", "BY"): 300.0}  # a demand of 0 is no demand


def test_anonymous_records(tmp_path):
    rows = [
        [*H, "Требуется"],
        ["Станок", None, "да", None, None],
        ["Фреза", None, None, 5, None],
        ["Пресс", None, None, None, "создание"],
        ["Резец", None, "нет", None, "нет"],
    ]
    result = read(tmp_path, rows)
    assert rec(result) == [
        ("станок", "BY", None, True, None, None, 2),
        ("фреза", "BY", None, False, 5.0, None, 3),
        ("пресс", "BY", None, False, None, "new", 4),
    ]
    assert result.dataset.enterprises == {}
    assert list(result.dataset.items) == ["станок", "фреза", "пресс", "резец"]


def test_used_in_resolves_codes_and_names(tmp_path):
    rows = [
        ["Код", "Наименование", "Вид", "Применяется в", "Мощность"],
        ["M-1", "Станок токарный", "станок", "", 1],
        ["M-2", "Станок фрезерный", "станок", "", 1],
        ["K-1", "Шпиндель", "узел", "M-1; станок фрезерный,\nПресс «Ника»", 1],
    ]
    result = read(tmp_path, rows)
    assert result.dataset.items["K-1"].used_in == ("M-1", "M-2", "пресс ника")


def test_modernise_without_existing_is_a_remark(tmp_path):
    rows = [[*H, "Мероприятие"], ["Станок", "МЗОР", "нет", None, "техническое перевооружение"]]
    result = read(tmp_path, rows)
    assert result.errors == []
    assert where(result.remarks) == [("Беларусь", 2, "Мероприятие", text("reading.modernise_no"))]
    assert result.dataset.records[0].action == "modernise"


def test_launch_year(tmp_path):
    rows = [
        [*H, "Срок ввода"],
        ["Станок", "МЗОР", "нет", None, "IV кв. 2027 г."],
        ["Фреза", "МЗОР", "да", 1, 2026],
    ]
    result = read(tmp_path, rows)
    assert [r.launch_year for r in result.dataset.records] == [2027, 2026]


def test_formulas_give_their_cached_value(tmp_path):
    source = xlsx(tmp_path / "f.xlsx", {"Беларусь": [H, ["Станок", "МЗОР", "да", 1]]})

    def cached(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            data = data.replace(b'<c r="D2" t="n"><v>1</v></c>', b'<c r="D2"><f>2*2</f><v>7</v></c>')
            assert b"<f>2*2</f>" in data
        return data

    result = read_file(rewrite_zip(source, tmp_path / "g.xlsx", cached))
    assert result.dataset.records[0].capacity == 7.0


def test_mapping_lists_every_column_and_overrides_apply(tmp_path):
    rows = [
        ["№", "Наименование", "Изготовитель", "Объём", "Серийное производство"],
        [1, "Станок", "МЗОР", 50, "да"],
    ]
    path = xlsx(tmp_path / "m.xlsx", {"Беларусь": rows})
    result = read_file(path)
    assert result.mapping == [
        ColumnMapping("Беларусь", 0, "A", "№", None),
        ColumnMapping("Беларусь", 1, "B", "Наименование", "item"),
        ColumnMapping("Беларусь", 2, "C", "Изготовитель", "enterprise"),
        ColumnMapping("Беларусь", 3, "D", "Объём", None),
        ColumnMapping("Беларусь", 4, "E", "Серийное производство", "existing"),
    ]
    assert result.dataset.records[0].capacity is None
    fixed = read_file(path, field_overrides={("Беларусь", 3): "capacity", ("Беларусь", 2): None})
    assert fixed.errors == []
    assert [(m.letter, m.field) for m in fixed.mapping][2:4] == [("C", None), ("D", "capacity")]
    assert rec(fixed) == [("станок", "BY", None, True, 50.0, None, 2)]


def test_ods_with_row_span(tmp_path):
    path = ods(
        tmp_path / "l.ods",
        {"Россия": [H, ["Станок", "Саста", "да", 2], [None, "СТАН", "нет", None]]},
        row_spans={("Россия", 1, 0): 2},
    )
    result = read_file(path)
    assert result.errors == []
    assert [(r.item_key, r.enterprise_key) for r in result.dataset.records] == [
        ("станок", "RU:саста"),
        ("станок", "RU:стан"),
    ]


# --- CSV ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [
        (";", "utf-8", False),
        (";", "utf-8", True),
        (",", "utf-8", True),
        (";", "cp1251", False),
        (",", "cp1251", False),
    ],
)
def test_csv_encodings_and_delimiters(delimiter, encoding, bom):
    rows = [
        ["Наименование продукции", "Предприятие", "Страна", "Мощность"],
        ["Станок «Ёлка»", "ОАО МЗОР", "Беларусь", "1 200"],
    ]
    result = read_bytes(csv_bytes(rows, delimiter=delimiter, encoding=encoding, bom=bom), "list.csv")
    assert result.errors == []
    assert rec(result) == [("станок елка", "BY", "BY:мзор", False, 1200.0, None, 2)]
    assert [(m.sheet, m.letter, m.field) for m in result.mapping] == [
        (None, "1", "item"),
        (None, "2", "enterprise"),
        (None, "3", "country"),
        (None, "4", "capacity"),
    ]


def test_csv_delimiter_is_the_one_that_maps_more_fields():
    data = 'Наименование;"Мощность, шт.";Страна\r\n"Станок, токарный";"1,5";BY\r\n'.encode()
    result = read_bytes(data, "list.csv")
    assert result.errors == []
    assert rec(result) == [("станок, токарный", "BY", None, False, 1.5, None, 2)]


def test_csv_empty_name_is_an_error():
    data = csv_bytes([["Наименование", "Предприятие", "Мощность"], ["Станок", "МЗОР", 1], ["", "Завод", 2]])
    result = read_bytes(data, "list.csv", country="BY")
    assert where(result.errors) == [(None, 3, "Наименование", text("reading.no_name"))]


def test_csv_digits_restore_the_lost_zero():
    data = csv_bytes([["Наименование", "Предприятие", "ИНН"], ["Станок", "Саста", "770123456"]])
    result = read_bytes(data, "list.csv", country="RU")
    assert result.dataset.records[0].enterprise_key == "RU:0770123456"


# --- bad input: exact located messages ----------------------------------------------------------


def test_duplicate_column_for_a_field(tmp_path):
    rows = [
        ["Наименование", "Предприятие", "Мощность", "Примечание", "Производственная мощность"],
        ["Станок", "МЗОР", 1, "", 2],
    ]
    result = read(tmp_path, rows)
    # docs/domain.md §3: the message names the headers the planner sees, not the internal field
    message = "2 столбца для одного поля: C «Мощность» и E «Производственная мощность»"
    assert where(result.errors) == [("Беларусь", 1, None, message)]
    english = "2 columns for one field: C “Мощность” and E “Производственная мощность”"
    assert result.errors[0].text("en") == english
    fixed = read_file(tmp_path / "list.xlsx", field_overrides={("Беларусь", 4): None})
    assert fixed.errors == []


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Наличие производства", "частично", "неизвестное значение «частично»: ожидается «да» или «нет»"),
        ("Мощность", "-5", "отрицательное число «-5»: ожидается число не меньше 0"),
        ("Мощность", -5, "отрицательное число «-5»: ожидается число не меньше 0"),
        ("Мощность", "около 100", "ожидается неотрицательное число, получено «около 100»"),
        ("Мощность", "1.200,5", "ожидается неотрицательное число, получено «1.200,5»"),
        ("Потребность", "много", "ожидается неотрицательное число, получено «много»"),
        (
            "Требуется",
            "расширение",
            "неизвестное мероприятие «расширение»: ожидается «создание», «модернизация» или «нет»",
        ),
        ("Страна", "Казахстан", "неизвестная страна «Казахстан»: ожидается Беларусь (BY) или Россия (RU)"),
        ("Срок ввода", "скоро", "ожидается год (например, 2026), получено «скоро»"),
        ("УНП", "12345", "неверная длина ИНН/УНП «12345» (5 цифр), ожидается УНП: 9 цифр"),
    ],
)
def test_bad_cell_values(tmp_path, column, value, message):
    header = [
        "Наименование продукции",
        "Предприятие",
        "Наличие производства",
        "Мощность",
        "Потребность",
        "Требуется",
        "Страна",
        "Срок ввода",
        "УНП",
    ]
    row = ["Станок", "МЗОР", "да", 1, None, None, None, None, None]
    row[header.index(column)] = value
    result = read(tmp_path, [header, row])
    assert where(result.errors) == [("Беларусь", 2, column, message)]
    assert result.dataset.records == []


def test_every_error_in_one_pass(tmp_path):
    rows = [
        [*H, "Требуется"],
        ["Станок", "МЗОР", "может быть", -1, "снос"],
        [None, "Завод", "да", 1, None],
        ["Фреза", "МЗОР", "да", "x", None],
    ]
    result = read(tmp_path, rows)
    assert where(result.errors) == [
        (
            "Беларусь",
            2,
            "Наличие производства",
            "неизвестное значение «может быть»: ожидается «да» или «нет»",
        ),
        ("Беларусь", 2, "Мощность", "отрицательное число «-1»: ожидается число не меньше 0"),
        (
            "Беларусь",
            2,
            "Требуется",
            "неизвестное мероприятие «снос»: ожидается «создание», «модернизация» или «нет»",
        ),
        ("Беларусь", 3, "Наименование продукции", text("reading.no_name")),
        ("Беларусь", 4, "Мощность", "ожидается неотрицательное число, получено «x»"),
    ]
    assert all(p.file == "list.xlsx" for p in result.errors)


def test_different_demands_are_an_error(tmp_path):
    rows = [[*H, "Потребность"], ["Станок", "МЗОР", "да", 1, 300], ["Станок", "Завод", "нет", None, 400]]
    result = read(tmp_path, rows)
    assert where(result.errors) == [
        ("Беларусь", 3, "Потребность", "разная потребность для позиции «Станок» (BY): 300 (строка 2) и 400")
    ]


def test_no_country_is_an_error(tmp_path):
    result = read(tmp_path, [H, ["Станок", "МЗОР", "да", 1]], name="Лист1")
    assert where(result.errors) == [("Лист1", None, None, text("reading.no_country_sheet"))]
    rows = [[*H, "Страна"], ["Станок", "МЗОР", "да", 1, "BY"], ["Фреза", "МЗОР", "да", 1, None]]
    result = read(tmp_path, rows, name="Лист1")
    assert where(result.errors) == [("Лист1", 3, "Страна", text("reading.no_country_row"))]


def test_no_header_found(tmp_path):
    result = read(tmp_path, [["Пояснительная записка"], ["Наименование", "что-то"], [1, 2]])
    assert where(result.errors) == [(None, None, None, text("reading.no_header"))]
    assert result.dataset.items == {}


def test_header_below_row_30_is_not_found(tmp_path):
    rows = [[f"строка {i}"] for i in range(30)] + [H, ["Станок", "МЗОР", "да", 1]]
    assert where(read(tmp_path, rows).errors) == [(None, None, None, text("reading.no_header"))]


def test_not_a_spreadsheet():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    for name in ("picture.xlsx", "picture.csv", "picture"):
        result = read_bytes(png, name)
        kind = text("reading.other_format", kind=msg("reading.kind.image"))  # says what it is
        assert where(result.errors) == [(None, None, None, kind)]
        assert result.errors[0].file == name


def test_text_named_xlsx_is_not_a_workbook():
    result = read_bytes("Наименование;Мощность\nСтанок;1\n".encode(), "list.xlsx")
    assert where(result.errors) == [(None, None, None, text("reading.text_not_workbook"))]


def test_other_zip_is_not_a_spreadsheet(tmp_path):
    path = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    kind = text("reading.other_format", kind=msg("reading.kind.docx"))
    assert where(read_file(path).errors) == [(None, None, None, kind)]


def test_truncated_workbook(tmp_path):
    data = xlsx(tmp_path / "t.xlsx", [H, ["Станок", "МЗОР", "да", 1]]).read_bytes()
    result = read_bytes(data[: len(data) // 2], "list.xlsx")
    assert where(result.errors) == [(None, None, None, text("reading.corrupt"))]


def test_corrupt_sheet_xml(tmp_path):
    source = xlsx(tmp_path / "t.xlsx", {"Беларусь": [H, ["Станок", "МЗОР", "да", 1]]})
    broken = rewrite_zip(source, tmp_path / "b.xlsx", lambda n, d: d[:-40] if n.endswith("sheet1.xml") else d)
    message = text("reading_package.sheet_xml_broken", part="xl/worksheets/sheet1.xml", line=1, column=813)
    assert where(read_file(broken).errors) == [("Беларусь", None, None, message)]


def test_encrypted_workbook():
    # An encrypted OOXML workbook is an OLE container with EncryptionInfo/EncryptedPackage streams.
    sector = bytearray(512)
    name = "EncryptionInfo".encode("utf-16-le")
    sector[: len(name)] = name
    data = r_files.OLE_MAGIC + bytes(504) + bytes(sector)
    result = read_bytes(data, "secret.xlsx")
    assert where(result.errors) == [(None, None, None, text("reading.encrypted"))]


def test_size_limit(tmp_path, monkeypatch):
    path = xlsx(tmp_path / "big.xlsx", {"Беларусь": [H, ["Станок", "МЗОР", "да", 1]]})
    size = path.stat().st_size
    result = read_file(path, max_bytes=1024)
    assert where(result.errors) == [
        (None, None, None, text("reading.too_big", size=r_package.mib(size), limit=r_package.mib(1024)))
    ]
    monkeypatch.setenv("SVETOFOR_MAX_UPLOAD_MB", "0.001")
    assert len(read_file(path).errors) == 1
    assert read_bytes(path.read_bytes(), "big.xlsx").errors[0].text().startswith("файл слишком большой")
    monkeypatch.delenv("SVETOFOR_MAX_UPLOAD_MB")
    assert read_file(path).errors == []


def test_size_limit_message_text():
    assert (
        render(r_files.too_big(25 * r_package.MIB, 20 * r_package.MIB))
        == "файл слишком большой: 25 МиБ при допустимых 20 МиБ"
    )


def test_missing_file(tmp_path):
    assert where(read_file(tmp_path / "none.xlsx").errors) == [(None, None, None, text("reading.missing"))]


def test_zip_bomb_by_ratio(tmp_path):
    source = xlsx(tmp_path / "ok.xlsx", [H, ["Станок", "МЗОР", "да", 1]])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info))
        new.writestr("xl/media/padding.bin", b"\x00" * (20 * r_package.MIB))
    result = read_file(bomb)
    assert len(result.errors) == 1
    assert result.errors[0].text().startswith("подозрительно сильное сжатие части «xl/media/padding.bin»")


def test_zip_bomb_by_total_size(tmp_path, monkeypatch):
    path = xlsx(tmp_path / "ok.xlsx", [H, ["Станок", "МЗОР", "да", 1]])
    total = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    monkeypatch.setattr(r_package, "MAX_UNZIPPED_BYTES", total - 1)
    result = read_file(path)
    assert where(result.errors) == [
        (
            None,
            None,
            None,
            text("reading.unzipped_too_big", size=r_package.mib(total), limit=r_package.mib(total - 1)),
        )
    ]


def _with_far_cell(tmp_path: Path, ref: str, dimension: str | None) -> Path:
    """A valid list plus one cell at ``ref``; ``dimension`` replaces the sheet's <dimension>."""
    import re

    source = xlsx(tmp_path / "src.xlsx", {"Беларусь": [H, ["Станок", "МЗОР", "да", 1]]})
    row = re.match(r"[A-Z]+(\d+)", ref).group(1)

    def edit(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        far = f'<row r="{row}"><c r="{ref}" t="n"><v>7</v></c></row></sheetData>'.encode()
        data = data.replace(b"</sheetData>", far)
        if dimension is not None:
            data = re.sub(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{dimension}"/>'.encode(), data)
        return data

    return rewrite_zip(source, tmp_path / "far.xlsx", edit)


@pytest.mark.parametrize(
    ("ref", "dimension", "rows", "cols"),
    [
        ("XFD1048576", None, 1048576, 16384),  # the dimension names the far cell
        ("XFD1048576", "A1:D2", 1048576, 16384),  # a dimension that lies must not be trusted
        ("XFD2", "A1:D2", 2, 16384),  # wide but short: 32k cells, read below
        ("ZZ1048576", "A1:D2", 1048576, 702),
    ],
)
def test_sheet_extent_is_scanned_not_taken_from_the_dimension(tmp_path, ref, dimension, rows, cols):
    # calamine would allocate rows x cols cells and abort the process: refused before it runs
    path = _with_far_cell(tmp_path, ref, dimension)
    result = read_file(path)
    if rows * cols <= MAX_CELLS:
        assert result.errors == [] and len(result.dataset.records) == 1
        return
    message = text("reading_package.sheet_too_big", rows=rows, cols=cols, limit=MAX_CELLS)
    assert where(result.errors) == [("Беларусь", None, None, message)]


@pytest.mark.parametrize(
    "part", ["xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/workbook.xml", "[Content_Types].xml"]
)
def test_xml_entities_are_refused(tmp_path, part):
    source = xlsx(tmp_path / "ok.xlsx", {"Беларусь": [H, ["Станок", "МЗОР", "да", 1]]})
    laughs = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- comment -->'
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
    )

    def inject(name: str, data: bytes) -> bytes:
        if name == part:
            return laughs + (data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data)
        return data

    hostile = rewrite_zip(source, tmp_path / "lol.xlsx", inject)
    assert where(read_file(hostile).errors) == [(None, None, None, text("reading.xml_dtd", part=part))]


def test_read_bytes_removes_its_temp_file(tmp_path, monkeypatch):
    monkeypatch.setattr(r_files.tempfile, "tempdir", str(tmp_path))
    data = xlsx(tmp_path / "x.xlsx", [H, ["Станок", "МЗОР", "да", 1]]).read_bytes()
    (tmp_path / "x.xlsx").unlink()
    result = read_bytes(data, "upload.xlsx", country="BY")
    assert result.errors == []
    assert result.file == "upload.xlsx"
    assert list(tmp_path.iterdir()) == []
