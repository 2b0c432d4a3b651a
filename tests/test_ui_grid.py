"""AG Grid's own words come from the catalogue in the page's language."""

from __future__ import annotations

import pytest

from svetofor.ui.grid import LOCALE_IDS, grid_options, locale_text


@pytest.mark.parametrize(
    ("key", "ru", "en"),
    [
        ("noRowsToShow", "Нет строк", "No rows to show"),
        ("contains", "Содержит", "Contains"),
        ("filterOoo", "Фильтр…", "Filter…"),
        ("equals", "Равно", "Equals"),
    ],
)
def test_locale_text(key, ru, en):
    assert locale_text("ru")[key] == ru
    assert locale_text("en")[key] == en


def test_every_key_has_a_text_and_options_keep_their_own():
    assert set(locale_text("ru")) == set(LOCALE_IDS)
    options = grid_options("ru", animateRows=False)
    assert options["animateRows"] is False
    assert options["localeText"]["noRowsToShow"] == "Нет строк"
