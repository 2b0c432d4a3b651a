"""A name's features: words, figures and designations after normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svetofor.matching.features import Figure, name_features


def words(name: str) -> list[str]:
    return sorted(name_features(name).words)


def figures(name: str) -> list[tuple[str, str, str, tuple[str, ...], str]]:
    return [(f.quantity, f.relation, f.shape, f.values, f.unit) for f in name_features(name).figures]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Станки токарные", ["токарный"]),
        ("Фрезы концевые твёрдосплавные", ["концевый", "твердосплавный", "фреза"]),
        ("Резцы", ["резец"]),
        ("Прессы", ["пресс"]),  # not "пресса"
        ("Станок с ЧПУ", ["чпу"]),
        ("Станок с числовым программным управлением", ["чпу"]),
        ("Станок без ЧПУ", ["без", "чпу"]),
        ("Станок трёхосевой", ["3-осевый"]),
        ("Станок 3-х осевой", ["3-осевый"]),
        ("Станок пяти координатный", ["5-координатный"]),
        ("Станок 5-ти координатный", ["5-координатный"]),
        ("Станок токарно-револьверный", ["токарноревольверный"]),
        ("Станок токарно — револьверный", ["револьверный", "токарный"]),  # a spaced dash separates
        ("Станки токарные прочие (в т.ч. карусельные)", ["карусельный", "прочий", "токарный"]),
        ("Хонинговальные и др. станки", ["хонинговальн"]),  # not in the dictionary: its stem
        ("Центры обрабатывающие", ["оц"]),
        ("Шарико-винтовая передача", ["швп"]),
        ("Передача шариковинтовая", ["швп"]),
        ("Станок, ось X", ["ось", "х"]),  # a Latin look-alike letter
        ("Станок класса точности В", ["класс точности в"]),  # not the preposition "в"
        ("", []),
    ],
)
def test_content_words(name: str, expected: list[str]) -> None:
    assert words(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ø обработки до 400 мм", [("диаметр", "≤", "value", ("400",), "мм")]),
        ("диаметром обработки не более 400 мм", [("диаметр", "≤", "value", ("400",), "мм")]),
        ("свыше 400 мм", [("", ">", "value", ("400",), "мм")]),
        ("Ø400", [("диаметр", "", "value", ("400",), "мм")]),  # a diameter is in mm
        ("ф250 мм", [("диаметр", "", "value", ("250",), "мм")]),
        ("D10 мм", [("диаметр", "", "value", ("10",), "мм")]),
        ("24 000 об/мин", [("частота", "", "value", ("24000",), "об/мин")]),
        ("24000 мин-1", [("частота", "", "value", ("24000",), "об/мин")]),
        ("усилием 1 000 тс", [("усилие", "", "value", ("1000",), "тс")]),
        ("100 т.с.", [("усилие", "", "value", ("100",), "тс")]),
        ("100 т", [("", "", "value", ("100",), "т")]),
        ("0,75 кВт", [("мощность", "", "value", ("0.75",), "кВт")]),
        ("0.750 кВт", [("мощность", "", "value", ("0.75",), "кВт")]),
        ("0,75-75 кВт", [("мощность", "", "range", ("0.75", "75"), "кВт")]),
        ("от 0,75 до 75 кВт", [("мощность", "", "range", ("0.75", "75"), "кВт")]),
        ("400х40х127мм", [("", "", "size", ("400", "40", "127"), "мм")]),
        ("400 x 40 x 127 мм", [("", "", "size", ("400", "40", "127"), "мм")]),
        ("500×2 000 мм", [("", "", "size", ("500", "2000"), "мм")]),
        ("РМЦ 1 000 мм", [("рмц", "", "value", ("1000",), "мм")]),
        ("тока 5 кВт", [("мощность", "", "value", ("5",), "кВт")]),  # the unit says what is measured
        ("до 1000 В", [("", "≤", "value", ("1000",), "В")]),
    ],
)
def test_figures(name: str, expected: list[tuple[str, str, str, tuple[str, ...], str]]) -> None:
    assert figures(name) == expected


def test_a_quantity_word_names_the_next_figure_of_its_clause_only() -> None:
    got = figures("Станок Ø 400 мм 1000 мм")
    assert ("диаметр", "", "value", ("400",), "мм") in got
    assert ("", "", "value", ("1000",), "мм") in got
    assert figures("Ø 400 мм, РМЦ 1000 мм") != figures("Ø 1000 мм, РМЦ 400 мм")


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("Станок 16К20", {"16к20"}),
        ("Станок 16K20", {"16к20"}),  # Latin K
        ("мод. «СТ-630»", {"ст630"}),
        ("Резец, сплав Т15К6", {"т15к6"}),
        ("F60 250х25х76 мм", {"f60"}),  # a grade is not a thousands group
    ],
)
def test_designations(name: str, codes: set[str]) -> None:
    assert set(name_features(name).codes) == codes


def test_figure_text_is_for_people_and_takes_no_part_in_equality() -> None:
    a = name_features("Ø обработки до 400 мм").figures[0]
    b = name_features("диаметр обработки до 400 мм").figures[0]
    assert a == b and a.text == "Ø до 400 мм" and b.text == "диаметр до 400 мм"
    assert Figure("", "", "value", ("1",), "мм", "x") == Figure("", "", "value", ("1",), "мм", "y")


def test_features_keep_the_identity_normalisation_and_the_order() -> None:
    f = name_features("Станок  «Плоскошлифовальный» ЧПУ.")
    assert f.plain == "станок плоскошлифовальный чпу"
    assert f.order == ("плоскошлифовальный", "чпу")
    assert f.abbreviated == {"чпу"}
    assert name_features("Станок трёхосевой").numerals == {"3-осевый"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=120))
def test_any_text_reads_without_error(name: str) -> None:
    features = name_features(name)
    assert isinstance(features.words, frozenset)
    assert name_features(name) == features  # memoised and deterministic


def test_a_long_name_reads() -> None:
    long = "Станок токарный с ЧПУ, Ø обработки до 400 мм; " * 400
    assert name_features(long).words == {"токарный", "чпу", "обработка"}
