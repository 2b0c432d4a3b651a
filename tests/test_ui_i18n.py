"""The translation table: complete in both languages, and every key the UI asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from svetofor.ui.i18n import DEFAULT_LANG, TEXT, norm_lang, t

UI_DIR = Path(__file__).resolve().parents[1] / "svetofor" / "ui"


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_entry_has_both_languages(key):
    ru, en = TEXT[key]
    assert ru.strip() and en.strip()


def test_lookup_and_fallbacks():
    assert DEFAULT_LANG == "ru"
    assert t("nav.diagram") == "Диаграмма"
    assert t("nav.diagram", "en") == "Diagram"
    assert t("nav.diagram", "de") == "Диаграмма"
    assert t("no.such.key", "en") == "no.such.key"


@pytest.mark.parametrize(
    ("value", "expected"), [("en", "en"), ("ru", "ru"), (None, "ru"), ("xx", "ru"), (3, "ru")]
)
def test_norm_lang(value, expected):
    assert norm_lang(value) == expected


def test_every_literal_key_used_by_the_ui_exists():
    used: set[str] = set()
    for path in UI_DIR.rglob("*.py"):
        used |= set(
            re.findall(r"\bt\(\s*\"([a-z0-9_]+(?:\.[A-Za-z0-9_]+)+)\"", path.read_text(encoding="utf-8"))
        )
    assert used, "the scan found no t(...) calls"
    missing = sorted(k for k in used if k not in TEXT)
    assert not missing, missing
