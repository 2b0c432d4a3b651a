"""The message catalogue core: rendering, plurals and numbers by Babel, JSON round trip."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import pytest

from svetofor.messages import Message, format_datetime, format_number, msg, plural_category, render, text
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
