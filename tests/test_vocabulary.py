"""Header synonyms, value vocabularies and identities (docs/domain.md §3, §7)."""

from __future__ import annotations

from datetime import datetime

import pytest

from svetofor.vocabulary import (
    FIELDS,
    NumberError,
    TaxIdError,
    UnknownWordError,
    YearError,
    countries_in_text,
    enterprise_identity_name,
    is_empty,
    match_header,
    normalise_header,
    normalise_name,
    parse_action,
    parse_country,
    parse_kind,
    parse_number,
    parse_tax_id,
    parse_year,
    parse_yes_no,
)


def test_fields_are_the_spec_table():
    assert FIELDS == (
        "item",
        "item_code",
        "kind",
        "group",
        "hs_code",
        "enterprise",
        "tax_id",
        "country",
        "existing",
        "capacity",
        "demand",
        "action",
        "launch_year",
        "used_in",
        "note",
    )


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Наименование продукции", "item"),
        ("  НАИМЕНОВАНИЕ\nпродукции ", "item"),
        ("Наименование изделия", "item"),
        ("Product", "item"),
        ("Код позиции", "item_code"),
        ("№ позиции", "item_code"),
        ("ID", "item_code"),
        ("Тип продукции", "kind"),
        ("Раздел", "group"),
        ("Category", "group"),
        ("Код ТН ВЭД ЕАЭС", "hs_code"),
        ("Предприятие-изготовитель", "enterprise"),
        ("Наименование предприятия", "enterprise"),
        ("Наименование организации", "enterprise"),
        ("Наименование предприятия/организации", "enterprise"),
        ("Manufacturer", "enterprise"),
        ("ИНН/УНП", "tax_id"),
        ("УНП", "tax_id"),
        ("Государство", "country"),
        ("Серийное производство", "existing"),
        ("Производство освоено", "existing"),
        ("Мощность, шт./год", "capacity"),
        ("Мощность (шт/год)", "capacity"),
        ("Производственная мощность, шт.", "capacity"),
        ("Потребность, шт./год", "demand"),
        ("Мероприятие", "action"),
        ("Необходимо", "action"),
        ("Год ввода", "launch_year"),
        ("Срок ввода (год)", "launch_year"),
        ("Применяется в", "used_in"),
        ("Примечание", "note"),
        ("Производство", None),
        ("освоено", None),
        ("Мощность станка", None),  # no prefix matching
        ("Наименование продукции и услуг", None),  # no substring matching
        ("№ п/п", None),
        ("", None),
        (None, None),
        (3.0, None),
    ],
)
def test_match_header(header, field):
    assert match_header(header) == field


def test_normalise_header_drops_one_unit():
    assert normalise_header("Мощность, шт./год") == "мощность"
    assert normalise_header("Мощность (шт/год)") == "мощность"
    assert normalise_header("Ёмкость, шт, год") == "емкость, шт"
    assert normalise_header("Мощность (шт/год)", drop_unit=False) == "мощность (шт/год)"


@pytest.mark.parametrize(
    ("name", "identity"),
    [
        ("Станок токарный", "станок токарный"),
        ("  Станок   ТОКАРНЫЙ  ", "станок токарный"),
        ("Станок «Ёлка»", "станок елка"),
        ('Станок "Ёлка".', "станок елка"),
        ("Фреза\u00a0концевая;", "фреза концевая"),
    ],
)
def test_normalise_name(name, identity):
    assert normalise_name(name) == identity


@pytest.mark.parametrize(
    ("name", "identity"),
    [
        ("ОАО «МЗОР»", "мзор"),
        ('ОАО "МЗОР"', "мзор"),
        ("Открытое акционерное общество «МЗОР»", "мзор"),
        ("МЗОР, ОАО", "мзор"),
        ("ООО «Станкомаш»", "станкомаш"),
        ("Общество с ограниченной ответственностью Станкомаш", "станкомаш"),
        ("ПАО «Саста»", "саста"),
        ("РУП «Завод Оао»", "завод"),
        ("Республиканское унитарное предприятие «Завод»", "завод"),
        ("ЧТУП Инструмент", "инструмент"),
        ("Holding Станки", "станки"),
        ("Завод Пао-Сервис", "завод пао-сервис"),  # "пао" inside a word stays
        ("Заоблачный", "заоблачный"),
        ("ООО", "ооо"),  # nothing left: keep the normalised name
    ],
)
def test_enterprise_identity_name(name, identity):
    assert enterprise_identity_name(name) == identity


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("да", True),
        ("Да ", True),
        ("yes", True),
        ("+", True),
        ("1", True),
        (1.0, True),
        (True, True),
        ("есть", True),
        ("нет", False),
        ("No", False),
        ("−", False),
        ("0", False),
        (0.0, False),
        ("-", None),
        ("—", None),
        ("н/д", None),
        ("нет данных", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_yes_no(value, expected):
    assert parse_yes_no(value) is expected


@pytest.mark.parametrize("value", ["возможно", "2", "частично"])
def test_parse_yes_no_unknown(value):
    with pytest.raises(UnknownWordError) as info:
        parse_yes_no(value)
    assert str(info.value) == f"неизвестное значение «{value}»: ожидается «да» или «нет»"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Беларусь", "BY"),
        ("Республика Беларусь", "BY"),
        ("РБ", "BY"),
        ("belarus", "BY"),
        ("BY", "BY"),
        ("BLR", "BY"),
        ("Россия", "RU"),
        ("Российская Федерация", "RU"),
        ("РФ", "RU"),
        ("Russia", "RU"),
        ("ru", "RU"),
        ("RUS", "RU"),
        ("", None),
        ("—", None),
    ],
)
def test_parse_country(value, expected):
    assert parse_country(value) == expected


def test_parse_country_unknown():
    with pytest.raises(UnknownWordError) as info:
        parse_country("Казахстан")
    assert str(info.value) == "неизвестная страна «Казахстан»: ожидается Беларусь (BY) или Россия (RU)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Перечень продукции Республики Беларусь", {"BY"}),
        ("Белорусские предприятия", {"BY"}),
        ("Российская Федерация", {"RU"}),
        ("Список РФ на 2026 год", {"RU"}),
        ("BY", {"BY"}),
        ("Сделано by hand", set()),  # codes are case-sensitive whole words
        ("RUBY", set()),
        ("Российско-белорусский перечень", {"BY", "RU"}),
        ("Союзное государство", set()),
    ],
)
def test_countries_in_text(text, expected):
    assert countries_in_text(text) == frozenset(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Станок", "machine"),
        ("станки", "machine"),
        ("Оборудование", "machine"),
        ("machine", "machine"),
        ("Комплектующие", "component"),
        ("комплектующее", "component"),
        ("комплектующие изделия", "component"),
        ("узел", "component"),
        ("узлы", "component"),
        ("Инструмент", "tool"),
        ("инструменты", "tool"),
        ("tool", "tool"),
        ("Программное обеспечение", "программное обеспечение"),
        ("", None),
        ("—", None),
    ],
)
def test_parse_kind(value, expected):
    assert parse_kind(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("создание", "new"),
        ("Создание нового производства", "new"),
        ("новое", "new"),
        ("new", "new"),
        ("модернизация", "modernise"),
        ("техперевооружение", "modernise"),
        ("Техническое перевооружение", "modernise"),
        ("modernize", "modernise"),
        ("нет", None),
        ("не требуется", None),
        ("", None),
        ("—", None),
    ],
)
def test_parse_action(value, expected):
    assert parse_action(value) == expected


def test_parse_action_unknown():
    with pytest.raises(UnknownWordError) as info:
        parse_action("расширение")
    assert (
        str(info.value)
        == "неизвестное мероприятие «расширение»: ожидается «создание», «модернизация» или «нет»"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (150.0, 150.0),
        (0, 0.0),
        (2.5, 2.5),
        ("1 200", 1200.0),
        ("1\u00a0200", 1200.0),
        ("12 345 678", 12345678.0),
        ("1 200,5", 1200.5),
        ("1,200", 1.2),
        ("0,5", 0.5),
        ("150 шт", 150.0),
        ("150 шт.", 150.0),
        ("150ед.", 150.0),
        ("150 pcs", 150.0),
        (" 300 ", 300.0),
        ("", None),
        ("—", None),
        ("н/д", None),
    ],
)
def test_parse_number(value, expected):
    assert parse_number(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1.200,5", "ожидается неотрицательное число, получено «1.200,5»"),
        ("около 100", "ожидается неотрицательное число, получено «около 100»"),
        ("100 кг", "ожидается неотрицательное число, получено «100 кг»"),
        ("12 34", "ожидается неотрицательное число, получено «12 34»"),
        ("-5", "отрицательное число «-5»: ожидается число не меньше 0"),
        (-5.0, "отрицательное число «-5»: ожидается число не меньше 0"),
        (True, "ожидается неотрицательное число, получено «True»"),
    ],
)
def test_parse_number_errors(value, message):
    with pytest.raises(NumberError) as info:
        parse_number(value)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2026.0, 2026),
        ("2026", 2026),
        ("2026 г.", 2026),
        ("IV кв. 2026", 2026),
        ("2025–2026", 2025),
        (datetime(2027, 3, 1), 2027),
        ("", None),
        ("—", None),
    ],
)
def test_parse_year(value, expected):
    assert parse_year(value) == expected


@pytest.mark.parametrize("value", ["скоро", "после 1800", "20260"])
def test_parse_year_errors(value):
    with pytest.raises(YearError) as info:
        parse_year(value)
    assert str(info.value) == f"ожидается год (например, 2026), получено «{value}»"


@pytest.mark.parametrize(
    ("value", "country", "expected"),
    [
        ("100123456", "BY", "100123456"),
        (100123456.0, "BY", "100123456"),
        ("7701234567", "RU", "7701234567"),
        ("770123456789", "RU", "770123456789"),
        (770123456.0, "RU", "0770123456"),  # Excel dropped the leading zero
        (12345678901.0, "RU", "012345678901"),
        ("77 0123 4567", "RU", "7701234567"),
        ("", "RU", None),
    ],
)
def test_parse_tax_id(value, country, expected):
    assert parse_tax_id(value, country) == expected


@pytest.mark.parametrize(
    ("value", "country", "message"),
    [
        ("12345", "BY", "неверная длина ИНН/УНП «12345» (5 цифр), ожидается УНП: 9 цифр"),
        ("7701234567", "BY", "неверная длина ИНН/УНП «7701234567» (10 цифр), ожидается УНП: 9 цифр"),
        ("12345678", "RU", "неверная длина ИНН/УНП «12345678» (8 цифр), ожидается ИНН: 10 или 12 цифр"),
        ("ИНН 77", "RU", "ИНН/УНП должен состоять из цифр, получено «ИНН 77»"),
    ],
)
def test_parse_tax_id_errors(value, country, message):
    with pytest.raises(TaxIdError) as info:
        parse_tax_id(value, country)
    assert str(info.value) == message


def test_text_tax_id_with_nine_digits_is_not_padded_for_ru():
    with pytest.raises(TaxIdError):
        parse_tax_id("770123456", "RU")  # typed as text: the zero was not lost by Excel


@pytest.mark.parametrize(
    ("value", "empty"), [(None, True), ("", True), (" — ", True), ("н/д", True), ("0", False), (0.0, False)]
)
def test_is_empty(value, empty):
    assert is_empty(value) is empty
