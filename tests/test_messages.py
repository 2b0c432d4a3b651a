"""The message catalogue core: rendering, plurals and numbers by Babel, JSON round trip."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import pytest

from svetofor.messages import (
    Message,
    MessageError,
    error_text,
    format_datetime,
    format_number,
    msg,
    plural_category,
    render,
    text,
)
from svetofor.messages.catalogue import CATALOGUE


@pytest.mark.parametrize(
    ("n", "ru", "en"),
    [
        (1, "1 предприятие", "1 enterprise"),
        (2, "2 предприятия", "2 enterprises"),
        (5, "5 предприятий", "5 enterprises"),
        (11, "11 предприятий", "11 enterprises"),
        (21, "21 предприятие", "21 enterprises"),
        (22, "22 предприятия", "22 enterprises"),
        (1.5, "1,5 предприятия", "1.5 enterprises"),
        (1200, "1 200 предприятий", "1,200 enterprises"),
    ],
)
def test_plural_forms_follow_cldr(n: float, ru: str, en: str) -> None:
    message = msg("count.enterprises", n=n)
    assert render(message, "ru") == ru
    assert render(message, "en") == en


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        (1200, "ru", "1 200"),
        (1200, "en", "1,200"),
        (1200.5, "ru", "1 200,5"),
        (0.125, "en", "0.12"),
        (2.0, "ru", "2"),
        (None, "ru", "?"),
        (-3, "ru", "-3"),
    ],
)
def test_numbers_have_no_trailing_separator(value: float | None, lang: str, shown: str) -> None:
    assert format_number(value, lang) == shown


def test_unknown_language_means_russian_and_unknown_id_shows_itself() -> None:
    assert text("common.yes", "de") == "да"
    assert render(msg("no.such.id", x=1), "en") == "no.such.id"
    assert render("Станок токарный", "en") == "Станок токарный"  # data is shown as written


def test_nested_messages_and_listings_render_in_one_language() -> None:
    nested = msg("count.positions", n=msg("count.enterprises", n=3))
    assert "предприятия" in render(nested, "ru")
    assert plural_category(3, "ru") == "few"


def test_json_round_trip_keeps_the_message() -> None:
    message = msg("count.positions", n=4, names=("a", msg("common.yes")))
    assert Message.from_json(message.to_json()) == message


def test_local_time_is_day_month_year() -> None:
    assert format_datetime(datetime(2026, 1, 2, 7, 5, tzinfo=UTC)) == "02.01.2026 10:05"


def test_every_entry_has_both_languages_with_the_same_fields() -> None:
    import string

    def fields(template: str | Mapping[str, str]) -> set[str]:
        texts = [template] if isinstance(template, str) else list(template.values())
        return {f for t in texts for _, f, _, _ in string.Formatter().parse(t) if f}

    for key, (ru, en) in CATALOGUE.items():
        assert ru and en, key
        assert fields(ru) == fields(en), key


@pytest.mark.parametrize(
    ("params", "ru", "en"),
    [
        # a tuple is listed by the field's format spec ("; " here), nested messages rendered
        (
            {"names": ("ОАО «Станкозавод»", msg("rules.name.anonymous"))},
            "модернизация: ОАО «Станкозавод»; предприятие не определено",
            "modernisation: ОАО «Станкозавод»; producer not yet chosen",
        ),
        # one value where a listing is expected is a listing of one
        ({"names": "ЗАО Х"}, "модернизация: ЗАО Х", "modernisation: ЗАО Х"),
        ({"names": ()}, "модернизация: ", "modernisation: "),
    ],
)
def test_a_listing_field_joins_by_its_spec(params: dict, ru: str, en: str) -> None:
    message = msg("rules.modernise", **params)
    assert (render(message, "ru"), render(message, "en")) == (ru, en)


def test_a_listing_without_spec_is_comma_separated_and_numbers_inside_are_localised() -> None:
    message = msg("rules.name.details", name="ОАО Х", details=(msg("country.BY"), "2027", 1200))
    assert render(message, "ru") == "ОАО Х (РБ, 2027, 1 200)"
    assert render(message, "en") == "ОАО Х (BY, 2027, 1,200)"


def test_a_message_error_is_read_in_the_readers_language_and_logged_in_russian() -> None:
    error = MessageError(msg("report.timeout", seconds=120))
    assert error.text("en") == "Printing the report to PDF took longer than 120 s"
    assert str(error) == error_text(error) == "Печать отчёта в PDF заняла больше 120 с"
    assert error_text(ValueError("plain words"), "en") == "plain words"


def test_json_round_trip_keeps_nested_listings() -> None:
    message = msg(
        "rules.why", parts=(msg("rules.red"), msg("rules.demand", demand=msg("quantity.per_year", n=3.5)))
    )
    again = Message.from_json(message.to_json())
    assert again == message
    assert render(again, "en") == "no production and none planned; demand 3.5 units/year"
    assert render(again, "ru") == "нет производства и не планируется; потребность 3,5 шт./год"


@pytest.mark.parametrize(
    ("key", "n", "ru", "en"),
    [
        ("count.positions", 1, "1 позиция", "1 position"),
        ("count.positions", 3, "3 позиции", "3 positions"),
        ("count.positions", 25, "25 позиций", "25 positions"),
        ("count.cells", 21, "21 ячейка", "21 cells"),
        ("count.cells", 14, "14 ячеек", "14 cells"),
        ("count.records", 1, "1 запись", "1 record"),
        ("count.records", 104, "104 записи", "104 records"),
        ("count.links", 2, "2 связи", "2 links"),
        ("count.links", 111, "111 связей", "111 links"),
        ("common.more", 1200, "и ещё 1 200", "and 1,200 more"),
    ],
)
def test_counts_choose_the_plural_form_of_each_language(key: str, n: int, ru: str, en: str) -> None:
    assert (text(key, "ru", n=n), text(key, "en", n=n)) == (ru, en)
