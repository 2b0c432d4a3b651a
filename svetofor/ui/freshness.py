"""Other tabs learn of changes (docs/domain.md §8): every page checks the data version on focus
and every ~20 s, and offers "Данные обновлены: импорт РФ (name, 10:42) — Обновить".

Cheap at 8 planners on ``gunicorn -w 2``: a tick is one callback reading the one-row version
(``Svetofor.data_version``); only when it moved is the newest change looked up. What this tab has
seen lives in the tab (a ``dcc.Store``), never in the server process.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html

from svetofor.messages import render
from svetofor.ui.context import current_user, service
from svetofor.ui.i18n import norm_lang, t

TICK_MS = 20_000

_RELOAD = """
function (n) {
    if (n) { window.location.reload(); }
    return window.dash_clientside.no_update;
}
"""


def components() -> html.Div:
    """The banner, the tick and what this tab has seen; the shell puts them on every page."""
    return html.Div(
        [
            dcc.Interval(id="sv-fresh-tick", interval=TICK_MS),
            dcc.Store(id="sv-fresh-seen"),  # {"version", "change"}: what this tab was built on
            dcc.Store(id="sv-fresh-focus"),  # poked by assets/freshness.js when the tab is shown
            html.Span(id="sv-fresh-version", hidden=True),  # the version seen (tests wait on it)
            dbc.Alert(
                [
                    html.Span(id="sv-fresh-text"),
                    " ",
                    dbc.Button(
                        id="sv-fresh-reload", size="sm", color="primary", n_clicks=0, className="ms-2"
                    ),
                ],
                id="sv-fresh-banner",
                color="info",
                is_open=False,
                className="py-2 small",
            ),
        ]
    )


def register_callbacks(app: dash.Dash) -> None:
    """On the app itself, like the shell's own callbacks (see :func:`svetofor.ui.shell.register_callbacks`)."""
    app.clientside_callback(  # type: ignore[no-untyped-call]
        _RELOAD,
        Output("sv-fresh-reload", "title"),
        Input("sv-fresh-reload", "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("sv-fresh-seen", "data"),
        Output("sv-fresh-banner", "is_open"),
        Output("sv-fresh-text", "children"),
        Output("sv-fresh-reload", "children"),
        Output("sv-fresh-version", "children"),
        Input("sv-fresh-tick", "n_intervals"),
        Input("sv-fresh-focus", "data"),
        Input("_pages_location", "pathname"),
        State("sv-fresh-seen", "data"),
        State("lang-store", "data"),
    )
    def check(
        _tick: Any, _focus: Any, _path: Any, seen: dict[str, Any] | None, lang: str | None
    ) -> tuple[Any, ...]:
        return check_version(seen, ctx.triggered_id == "_pages_location", norm_lang(lang))


def check_version(seen: dict[str, Any] | None, rendered: bool, lang: str) -> tuple[Any, ...]:
    """(seen, banner open, banner text, button label, seen version). ``rendered``: the page was just built
    from the current data, so what it shows is what it has seen."""
    svc = service()
    version = svc.data_version()
    if seen is not None and not rendered and seen.get("version") == version:
        return (dash.no_update,) * 5
    change = svc.latest_change()
    change_id = change.id if change is not None else None
    # the diagram redraws this planner's own recolours in place: no need to offer a refresh
    own = change is not None and change.action in ("override", "review") and change.user == current_user()
    if seen is None or rendered or change is None or own or change_id == seen.get("change"):
        # a sign-in or another change that is not data moved the version: nothing to offer
        seen_now = {"version": version, "change": change_id}
        return seen_now, False, "", t("importing.fresh.reload", lang), str(version)
    text = t(
        "importing.fresh.banner", lang, what=render(change.what, lang), user=change.user, at=change.at_text
    )
    return dash.no_update, True, text, t("importing.fresh.reload", lang), dash.no_update
