"""The diagram page: filters (mirrored in the URL), totals, legend, the paged diagram, and the
cell dialog that explains a colour and recolours it with a reason."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html

from svetofor.ui import diagram_view as dv
from svetofor.ui import exporting, overrides
from svetofor.ui.context import current_actor, current_user, service
from svetofor.ui.i18n import dropdown_labels, norm_lang, t

dash.register_page(__name__, path="/", order=0, nav_key="nav.diagram", title="Светофор")
exporting.register_callbacks()  # PNG/SVG/PDF/XLSX downloads of the diagram as shown

# One colour choice per country (all must hold) and one for "any of the three".
COLOUR_IDS = {**{scope: f"f-colour-{scope}" for scope in dv.SCOPES}, dv.ANY_SCOPE: "f-colour"}

FILTER_INPUTS = [
    Input("f-group", "value"),
    Input("f-kind", "value"),
    *(Input(COLOUR_IDS[scope], "value") for scope in dv.SCOPES),
    Input("f-colour", "value"),
    Input("f-text", "value"),
    Input("f-flags", "value"),
]


def _filter_controls(lang: str, rows: list, flt) -> dbc.Row:
    values = dv.controls_from_filter(flt)
    colour_controls = [
        dbc.Col(
            [
                dbc.Label(
                    t("filter.colour_in", lang, scope=t(f"scope.{scope}", lang))
                    if scope != dv.ANY_SCOPE
                    else t("filter.colour_any", lang),
                    html_for=COLOUR_IDS[scope],
                ),
                dcc.Dropdown(
                    labels=dropdown_labels(lang),
                    id=COLOUR_IDS[scope],
                    options=dv.colour_options(lang),
                    value=values[f"colours_{scope}"] if scope != dv.ANY_SCOPE else values["colours"],
                    multi=True,
                    placeholder=t("filter.any", lang),
                ),
            ],
            md=4,
            lg=2,
        )
        for scope in (*dv.SCOPES, dv.ANY_SCOPE)
    ]
    return dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label(t("filter.group", lang), html_for="f-group"),
                    dcc.Dropdown(
                        labels=dropdown_labels(lang),
                        id="f-group",
                        options=dv.group_options(rows),
                        value=values["groups"],
                        multi=True,
                        placeholder=t("filter.any", lang),
                    ),
                ],
                md=4,
                lg=2,
            ),
            dbc.Col(
                [
                    dbc.Label(t("filter.kind", lang), html_for="f-kind"),
                    dcc.Dropdown(
                        labels=dropdown_labels(lang),
                        id="f-kind",
                        options=dv.kind_options(rows, lang),
                        value=values["kinds"],
                        multi=True,
                        placeholder=t("filter.any", lang),
                    ),
                ],
                md=4,
                lg=2,
            ),
            *colour_controls,
            dbc.Col(
                [
                    dbc.Input(
                        id="f-text",
                        type="search",
                        value=values["text"],
                        debounce=0.4,
                        placeholder=t("filter.search", lang),
                    )
                ],
                md=6,
                className="mt-2",
            ),
            dbc.Col(
                dbc.Checklist(
                    id="f-flags",
                    options=[
                        {"label": t("filter.only_overridden", lang), "value": dv.FLAG_OVERRIDDEN},
                        {"label": t("filter.only_warnings", lang), "value": dv.FLAG_WARNINGS},
                        {"label": t("filter.only_stale", lang), "value": dv.FLAG_STALE},
                    ],
                    value=values["flags"],
                    inline=True,
                    switch=True,
                ),
                md=6,
                className="mt-2 pt-1 small",
            ),
        ],
        className="g-2 mb-3 sv-filters",
    )


def _cell_modal(lang: str) -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(id="cell-title")),
            dbc.ModalBody(
                [
                    html.Div(id="cell-info"),
                    html.Div(id="cell-warnings", className="small"),  # filled by pages/warnings.py
                    html.Hr(),
                    # Shown instead of the change controls to whoever may not change this cell.
                    dbc.Alert(id="cell-readonly", color="secondary", className="small py-2", is_open=False),
                    html.Div(
                        [
                            dbc.Label(t("cell.new_colour", lang), html_for="cell-colour"),
                            dbc.RadioItems(
                                id="cell-colour",
                                options=dv.settable_colour_options(lang),
                                inline=True,
                                className="mb-2",
                            ),
                            dbc.Label(t("cell.reason", lang), html_for="cell-reason"),
                            dbc.Textarea(
                                id="cell-reason",
                                placeholder=t("cell.reason.placeholder", lang),
                                rows=2,
                                value="",
                            ),
                        ],
                        id="cell-edit",
                    ),
                    dbc.Alert(id="cell-alert", is_open=False, color="danger", className="mt-2 mb-0"),
                    html.H6(t("cell.history", lang), className="mt-3"),
                    html.Ul(id="cell-history", className="sv-history small"),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(t("cell.clear", lang), id="cell-clear", color="outline-secondary", n_clicks=0),
                    dbc.Button(t("cell.close", lang), id="cell-close", color="secondary", n_clicks=0),
                    dbc.Button(t("cell.save", lang), id="cell-save", color="primary", n_clicks=0),
                ]
            ),
        ],
        id="cell-modal",
        is_open=False,
        size="lg",
    )


def layout(lang: str | None = None, **query: object) -> html.Div:
    lang = norm_lang(lang)
    flt = dv.filter_from_query(query)
    view = service().view()
    state = dv.diagram_state(view.rows, flt, page=dv.page_from_query(query), lang=lang)
    return html.Div(
        [
            dcc.Store(id="diagram-lang", data=lang),
            dcc.Store(id="diagram-paths", data=state.paths),
            dcc.Store(id="diagram-query", data=state.query),
            dcc.Store(id="cell-click"),
            dcc.Store(id="cell-target"),
            html.Div(id="url-sync", hidden=True),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.H1(t("diagram.title", lang), className="h3 mb-1"),
                            html.P(t("app.subtitle", lang), className="text-muted mb-2"),
                            dv.render_legend(lang),
                            html.P(t("diagram.hint", lang), className="small text-muted mt-2 mb-0"),
                        ],
                        lg=6,
                    ),
                    dbc.Col(
                        [
                            html.H2(t("diagram.totals", lang), className="h6"),
                            html.Div(dv.render_totals(state.totals, lang), id="diagram-totals"),
                        ],
                        lg=6,
                    ),
                ],
                className="mb-3",
            ),
            _filter_controls(lang, view.rows, flt),
            exporting.export_controls(lang),
            html.Div(
                [
                    html.Span(state.count_text, id="diagram-count", className="me-3 small text-muted"),
                    dbc.Button(
                        t("diagram.undo", lang),
                        id="diagram-undo",
                        size="sm",
                        color="outline-secondary",
                        n_clicks=0,
                        # nothing to undo for whoever may change no cell (the service refuses anyway)
                        className="" if overrides.editable_scopes(current_actor()) else "d-none",
                    ),
                    html.Span(id="diagram-message", className="ms-3 small"),
                ],
                className="mb-2 d-flex align-items-center",
            ),
            dv.scope_header(lang),
            html.Div(state.body, id="diagram-body", className="sv-diagram"),
            dbc.Pagination(
                id="diagram-page",
                max_value=state.pages,
                active_page=state.page,
                fully_expanded=False,
                className=dv.pager_class(state.pages),
            ),
            _cell_modal(lang),
        ]
    )


@dash.callback(
    Output("diagram-body", "children"),
    Output("diagram-paths", "data"),
    Output("diagram-totals", "children"),
    Output("diagram-count", "children"),
    Output("diagram-page", "max_value"),
    Output("diagram-page", "active_page"),
    Output("diagram-page", "className"),
    Output("diagram-query", "data"),
    *FILTER_INPUTS,
    Input("diagram-page", "active_page"),
    State("diagram-lang", "data"),
    prevent_initial_call=True,
)
def update_diagram(groups, kinds, colours_by, colours_ru, colours_union, colours, text, flags, page, lang):
    lang = norm_lang(lang)
    flt = dv.filter_from_controls(groups, kinds, colours_by, colours_ru, colours_union, colours, text, flags)
    # A new filter starts at its first page; only the pager itself keeps the page.
    page = page if ctx.triggered_id == "diagram-page" else 1
    state = dv.diagram_state(service().view().rows, flt, page=page, lang=lang)
    return (
        state.body,
        state.paths,
        dv.render_totals(state.totals, lang),
        state.count_text,
        state.pages,
        state.page,
        dv.pager_class(state.pages),
        state.query,
    )


# Mirror the filter in the address bar without a navigation: replaceState does not trigger the
# page router, so the page is not rebuilt, yet a copied link reproduces the view.
dash.clientside_callback(
    ClientsideFunction(namespace="svetofor", function_name="syncQuery"),
    Output("url-sync", "children"),
    Input("diagram-query", "data"),
)


@dash.callback(
    Output("cell-modal", "is_open"),
    Output("cell-title", "children"),
    Output("cell-info", "children"),
    Output("cell-history", "children"),
    Output("cell-colour", "value"),
    Output("cell-reason", "value"),
    Output("cell-alert", "is_open", allow_duplicate=True),
    Output("cell-target", "data"),
    Input("cell-click", "data"),
    State("diagram-lang", "data"),
    prevent_initial_call=True,
)
def open_cell(click, lang):
    lang = norm_lang(lang)
    if not click or not click.get("item") or not click.get("scope"):
        return (dash.no_update,) * 8
    details = overrides.cell_details(service(), click["item"], click["scope"], lang)
    if details is None:
        return (dash.no_update,) * 8
    return True, details.title, details.info, details.history, details.colour, "", False, details.target


@dash.callback(
    Output("cell-edit", "hidden"),
    Output("cell-save", "disabled"),
    Output("cell-clear", "disabled"),
    Output("cell-readonly", "children"),
    Output("cell-readonly", "is_open"),
    Input("cell-click", "data"),
    State("diagram-lang", "data"),
    prevent_initial_call=True,
)
def cell_permission(click, lang):
    """The dialog offers a change only to whoever may make it; the service still checks."""
    scope = (click or {}).get("scope")
    if scope not in dv.SCOPES:
        return (dash.no_update,) * 5
    note = overrides.readonly_note(current_actor(), scope, norm_lang(lang))
    return bool(note), bool(note), bool(note), note, bool(note)


@dash.callback(
    Output("cell-modal", "is_open", allow_duplicate=True),
    Input("cell-close", "n_clicks"),
    prevent_initial_call=True,
)
def close_cell(_n):
    return False


@dash.callback(
    Output("diagram-body", "children", allow_duplicate=True),
    Output("totals-table", "children", allow_duplicate=True),
    Output("cell-modal", "is_open", allow_duplicate=True),
    Output("cell-alert", "children"),
    Output("cell-alert", "is_open", allow_duplicate=True),
    Output("diagram-message", "children", allow_duplicate=True),
    Output("cell-target", "data", allow_duplicate=True),
    Input("cell-save", "n_clicks"),
    Input("cell-clear", "n_clicks"),
    State("cell-target", "data"),
    State("cell-colour", "value"),
    State("cell-reason", "value"),
    State("diagram-paths", "data"),
    State("diagram-query", "data"),
    State("diagram-lang", "data"),
    prevent_initial_call=True,
)
def save_cell(_save, _clear, target, colour, reason, paths, query, lang):
    lang = norm_lang(lang)
    if not target:
        return (dash.no_update,) * 7
    svc = service()
    if ctx.triggered_id == "cell-clear":
        outcome = overrides.clear(svc, target, user=current_user())
    else:
        outcome = overrides.apply(svc, target, colour, reason, user=current_user())
    if outcome.error:
        # A conflict keeps the dialog open with who/when/what and the version now shown.
        retarget = overrides.conflict_target(target, outcome) if outcome.conflict else dash.no_update
        alert = overrides.error_text(outcome, lang)
        return dash.no_update, dash.no_update, True, alert, True, dash.no_update, retarget
    new_cell, totals = overrides.refreshed_cell(svc, target, query, lang)
    body = dv.cell_patch((paths or {}).get(dv.cell_key(target["item"], target["scope"])), new_cell)
    message = t("cell.cleared" if ctx.triggered_id == "cell-clear" else "cell.saved", lang)
    return body, dv.totals_patch(totals), False, "", False, message, dash.no_update


@dash.callback(
    Output("diagram-body", "children", allow_duplicate=True),
    Output("totals-table", "children", allow_duplicate=True),
    Output("diagram-message", "children"),
    Input("diagram-undo", "n_clicks"),
    State("diagram-paths", "data"),
    State("diagram-query", "data"),
    State("diagram-lang", "data"),
    prevent_initial_call=True,
)
def undo_last(_n, paths, query, lang):
    lang = norm_lang(lang)
    svc = service()
    event, message = overrides.undo_last(svc, user=current_user())
    if event is None:
        return dash.no_update, dash.no_update, t(message, lang)
    # Like a recolour: only the undone cell and the totals travel, not the page.
    target = {"item": event.item_key, "scope": event.scope}
    new_cell, totals = overrides.refreshed_cell(svc, target, query, lang)
    body = dv.cell_patch((paths or {}).get(dv.cell_key(event.item_key, event.scope)), new_cell)
    return body, dv.totals_patch(totals), t(message, lang)
