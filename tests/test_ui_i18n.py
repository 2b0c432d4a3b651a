"""The UI's edge of the catalogue: lookups, fallbacks, Dash's dropdown words, the stored language."""

from __future__ import annotations

import pytest

from svetofor.ui.i18n import DEFAULT_LANG, dropdown_labels, norm_lang, t


def test_lookup_and_fallbacks():
    assert DEFAULT_LANG == "ru"
    assert t("nav.diagram") == "Диаграмма"
    assert t("nav.diagram", "en") == "Diagram"
    assert t("nav.diagram", "de") == "Диаграмма"
    assert t("no.such.key", "en") == "no.such.key"


def test_parameters_are_filled_with_babel_numbers_and_plurals():
    assert t("progress.more", "ru", n=21) == "…и ещё 21 позиция"
    assert t("progress.more", "ru", n=1200) == "…и ещё 1 200 позиций"
    assert t("progress.more", "en", n=1) == "…and 1 more position"
    assert t("diagram.count", "ru", shown=5, n=22) == "5 / 22 позиции"
    # without parameters a template comes back unfilled (Dash fills this one in the browser)
    assert t("dropdown.selected_count", "en") == "{num_selected} selected"


def test_dropdown_labels_cover_dash_words_in_both_languages():
    ru, en = dropdown_labels("ru"), dropdown_labels("en")
    assert (
        set(ru)
        == set(en)
        == {
            "select_all",
            "deselect_all",
            "selected_count",
            "search",
            "clear_search",
            "clear_selection",
            "no_options_found",
        }
    )
    assert ru["no_options_found"] == "Ничего не найдено" and en["search"] == "Search"


@pytest.mark.parametrize(
    ("value", "expected"), [("en", "en"), ("ru", "ru"), (None, "ru"), ("xx", "ru"), (3, "ru")]
)
def test_norm_lang(value, expected):
    assert norm_lang(value) == expected
