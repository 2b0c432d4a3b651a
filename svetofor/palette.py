"""Status colours, letters and marks shared by the page, the image and the Excel export.

The palette is the page's (``assets/svetofor.css``, after Okabe & Ito): bluish green, yellow and
vermillion stay apart for red-green colour-blind readers and differ in lightness, and every cell
also carries a letter, so colour is never the only signal. The words (a colour's meaning, its
letter, a kind's name) are catalogue entries (``svetofor/messages/common.py``); the helpers here
render them for the outputs that draw in one language.
"""

from __future__ import annotations

from svetofor.messages import text
from svetofor.model import KNOWN_KINDS

FILL: dict[str, str] = {"green": "#009e73", "yellow": "#f0e442", "red": "#d55e00", "none": "#d9d9d9"}
INK: dict[str, str] = {"green": "#ffffff", "yellow": "#222222", "red": "#ffffff", "none": "#444444"}

OVERRIDE_MARK = "✎"
STALE_MARK = "⚠"
WARNING_MARK = "⚑"
NOT_LOCALISABLE_MARK = "⊘"  # a machine that cannot be localised in the Union (a component is red)


def _colour(colour: str) -> str:
    return colour if colour in FILL else "none"


def letter(colour: str, lang: str | None = "ru") -> str:
    """The cell letter: З/Ж/К/н/д in Russian, G/Y/R/n/a in English."""
    return text(f"colour.{_colour(colour)}.letter", lang)


def colour_word(colour: str, lang: str | None = "ru") -> str:
    """What the colour means ("производство есть"), for legends and hover texts."""
    return text(f"colour.{_colour(colour)}", lang)


def scope_word(scope: str, lang: str | None = "ru") -> str:
    """РБ / РФ / Союз; a value that is no scope is shown as it is."""
    return text(f"scope.{scope}", lang) if scope in ("BY", "RU", "UNION") else scope


def kind_word(kind: str | None, lang: str | None = "ru") -> str:
    """The heading of a kind of position; an unknown kind is shown as the list wrote it."""
    if kind in KNOWN_KINDS:
        return text(f"kind.{kind}", lang)
    return kind or text("kind.other", lang)
