"""The page shell shared by every page: navbar (links from ``dash.page_registry``), language
switch, user display and the page container.

Pages register with ``dash.register_page(..., nav_key="nav.x")`` to appear in the navbar with a
translated label; pages without ``nav_key`` (the 404 page) stay out of it.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, dcc, html

from svetofor.ui import freshness
from svetofor.ui.context import current_actor
from svetofor.ui.i18n import norm_lang, t

LANG_STORE = "lang-store"


def nav_entries(registry: dict, lang: str) -> list[tuple[str, str]]:
    """(label, href) for every page that asked to be in the navbar, in ``order``."""
    pages = [p for p in registry.values() if p.get("nav_key")]
    pages.sort(key=lambda p: (p.get("order") is None, p.get("order") or 0, p["relative_path"]))
    return [(t(p["nav_key"], lang), p["relative_path"]) for p in pages]


def layout() -> html.Div:
    return html.Div(
        [
            dcc.Store(id=LANG_STORE, storage_type="local"),
            html.Div(id="html-lang", hidden=True),
            # One line on a laptop; below 1200 px the links fold behind a toggler, so the menu
            # never takes two or three lines of the diagram's first screen.
            dbc.Navbar(
                dbc.Container(
                    [
                        dbc.NavbarBrand(
                            [
                                html.Span("●", className="sv-brand-dot me-2", **{"aria-hidden": "true"}),
                                html.Span(id="nav-brand"),
                            ],
                            href="/",
                            className="py-0",
                        ),
                        dbc.NavbarToggler(
                            [
                                html.Span(className="navbar-toggler-icon"),
                                html.Span(id="nav-toggle-label", className="visually-hidden"),
                            ],
                            id="nav-toggler",
                            n_clicks=0,
                        ),
                        dbc.Collapse(
                            [
                                dbc.Nav(id="nav-links", navbar=True, className="me-auto"),
                                html.Span(id="nav-user", className="navbar-text me-2 small"),
                                dbc.Button(
                                    id="lang-switch", color="light", outline=True, size="sm", n_clicks=0
                                ),
                            ],
                            id="nav-collapse",
                            navbar=True,
                            is_open=False,
                        ),
                    ],
                    fluid=True,
                ),
                color="dark",
                dark=True,
                expand="xl",
                className="mb-2 py-1 sv-navbar",
            ),
            dbc.Container(
                [
                    # Refusals of any callback (PermissionDenied) land here: auth_routes.on_callback_error.
                    dcc.Store(id="auth-denied"),
                    dbc.Alert(id="auth-alert", is_open=False, color="danger", dismissable=True),
                    freshness.components(),
                    dash.page_container,
                ],
                fluid=True,
                className="pb-5",
            ),
        ]
    )


def register_callbacks(app: dash.Dash) -> None:
    """Shell callbacks go on the app itself: this module is imported once per process, while
    page modules are re-executed for every app, so ``dash.callback`` here would reach only the
    first app created."""
    freshness.register_callbacks(app)

    # The switch stores the other language and reloads the page: the diagram keeps its filter in
    # the address bar with replaceState, which the page router does not see, so re-rendering
    # through the router would bring back the filter the page was first opened with.
    app.clientside_callback(
        ClientsideFunction(namespace="svetofor", function_name="switchLang"),
        Output("lang-switch", "title"),
        Input("lang-switch", "n_clicks"),
        State(LANG_STORE, "data"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        "function (n, open) { return n ? !open : open; }",
        Output("nav-collapse", "is_open"),
        Input("nav-toggler", "n_clicks"),
        State("nav-collapse", "is_open"),
        prevent_initial_call=True,
    )

    # <html lang> follows the language store, for screen readers (the skeleton says "ru").
    app.clientside_callback(
        ClientsideFunction(namespace="svetofor", function_name="setHtmlLang"),
        Output("html-lang", "children"),
        Input(LANG_STORE, "data"),
    )

    @app.callback(
        Output("auth-alert", "children"),
        Output("auth-alert", "is_open"),
        Input("auth-denied", "data"),
        State(LANG_STORE, "data"),
        prevent_initial_call=True,
    )
    def show_refusal(denied: dict | None, lang: str | None):
        from svetofor.ui.auth_routes import denied_alert_text

        if not denied:
            return dash.no_update, dash.no_update
        return denied_alert_text(denied, norm_lang(lang)), True

    @app.callback(
        Output("nav-brand", "children"),
        Output("nav-links", "children"),
        Output("nav-user", "children"),
        Output("lang-switch", "children"),
        Output("nav-toggle-label", "children"),
        Input(LANG_STORE, "data"),
    )
    def render_nav(lang: str | None):
        lang = norm_lang(lang)
        links = [
            dbc.NavItem(dbc.NavLink(label, href=href, active="exact"))
            for label, href in nav_entries(dash.page_registry, lang)
        ]
        labels = t("app.title", lang), t("nav.lang", lang), t("screen.nav.toggle", lang)
        return labels[0], links, user_badge(lang), labels[1], labels[2]


def user_badge(lang: str) -> list:
    """Who is signed in, with the role, and a sign-out button (none in the local mode)."""
    from svetofor.auth import LOCAL_ADMIN

    user = current_actor()
    full = f"{t('nav.user', lang)}: {user.name} ({t(f'role.{user.role}', lang)})"
    # The name only, to keep the navbar on one line at 1280 px; the role is in its title and
    # read out by screen readers.
    shown: list = [
        html.Span(user.name, title=full, **{"aria-hidden": "true"}),
        html.Span(full, className="visually-hidden"),
    ]
    if user != LOCAL_ADMIN:
        shown.append(
            html.Form(
                html.Button(
                    t("auth.logout", lang), type="submit", id="logout", className="btn btn-link btn-sm"
                ),
                method="post",
                action="/logout",
                className="d-inline ms-2",
            )
        )
    return shown
