"""The web UI's edge of the message catalogue (``svetofor/messages``): ``t(id, lang)`` for the
pages' words, ``dropdown_labels`` for ``dcc.Dropdown`` and ``norm_lang`` for the stored language.

Russian is the default; English is the switch. The entries themselves live in
``svetofor/messages/ui.py`` (the pages' words) and ``common.py`` (words shared with the core).
"""

from __future__ import annotations

from svetofor.messages import DEFAULT_LANG, LANGS, Param, norm_lang, render, text

__all__ = ["DEFAULT_LANG", "LANGS", "dropdown_labels", "norm_lang", "render", "t"]


def t(key: str, lang: str | None = DEFAULT_LANG, /, **params: Param) -> str:
    """The entry ``key`` in ``lang`` (Russian when unknown); the key itself when missing.

    Pass the entry's parameters here, never to ``str.format`` afterwards: numbers and plural
    forms are chosen by Babel only here. Falling back to the key keeps a page usable if an
    entry is forgotten, and the catalogue test catches it before review.
    """
    return text(key, lang, **params)


def dropdown_labels(lang: str | None) -> dict[str, str]:
    """The ``labels`` of a ``dcc.Dropdown`` (its built-in words are English only)."""
    keys = ("select_all", "deselect_all", "selected_count", "search", "clear_search", "clear_selection")
    return {k: t(f"dropdown.{k}", lang) for k in (*keys, "no_options_found")}
