"""Status colours, letters and marks shared by the image and the Excel export.

The palette is the page's (``assets/svetofor.css``, after Okabe & Ito): bluish green, yellow and
vermillion stay apart for red-green colour-blind readers and differ in lightness, and every cell
also carries a letter, so colour is never the only signal.
"""

from __future__ import annotations

FILL: dict[str, str] = {"green": "#009e73", "yellow": "#f0e442", "red": "#d55e00", "none": "#d9d9d9"}
INK: dict[str, str] = {"green": "#ffffff", "yellow": "#222222", "red": "#ffffff", "none": "#444444"}

LETTERS: dict[str, dict[str, str]] = {
    "ru": {"green": "З", "yellow": "Ж", "red": "К", "none": "н/д"},
    "en": {"green": "G", "yellow": "Y", "red": "R", "none": "n/a"},
}

OVERRIDE_MARK = "✎"
STALE_MARK = "⚠"
WARNING_MARK = "⚑"
NOT_LOCALISABLE_MARK = "⊘"  # a machine that cannot be localised in the Union (a component is red)

COLOUR_WORDS: dict[str, dict[str, str]] = {
    "ru": {
        "green": "производство есть",
        "yellow": "модернизация / в плане",
        "red": "производства нет",
        "none": "нет данных",
    },
    "en": {
        "green": "production exists",
        "yellow": "modernise / planned",
        "red": "no production",
        "none": "no data",
    },
}
SCOPE_WORDS: dict[str, dict[str, str]] = {
    "ru": {"BY": "РБ", "RU": "РФ", "UNION": "Союз"},
    "en": {"BY": "BY", "RU": "RU", "UNION": "Union"},
}
KIND_WORDS: dict[str, dict[str, str]] = {
    "ru": {
        "machine": "Станки и оборудование",
        "component": "Комплектующие",
        "tool": "Инструмент",
        "": "Прочее",
    },
    "en": {"machine": "Machine tools", "component": "Components", "tool": "Tooling", "": "Other"},
}


def lang_of(lang: str | None) -> str:
    return "en" if lang == "en" else "ru"


def letter(colour: str, lang: str = "ru") -> str:
    return LETTERS[lang_of(lang)].get(colour, LETTERS[lang_of(lang)]["none"])


def kind_word(kind: str | None, lang: str = "ru") -> str:
    words = KIND_WORDS[lang_of(lang)]
    return words.get(kind or "", kind or words[""])
