"""The page for an unknown address."""

from __future__ import annotations

import dash
from dash import dcc, html

from svetofor.ui.i18n import norm_lang, t

dash.register_page(__name__, path="/404", title="404")


def layout(lang: str | None = None, **_query: object) -> html.Div:
    lang = norm_lang(lang)
    return html.Div(
        [
            html.H1(t("page.not_found", lang), className="h3"),
            dcc.Link(t("page.not_found.back", lang), href="/"),
        ],
        className="py-4",
    )
