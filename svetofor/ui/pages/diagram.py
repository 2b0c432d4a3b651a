"""The diagram page: filters (mirrored in the URL), totals, legend, the paged diagram, and the
cell dialog that explains a colour and recolours it with a reason."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html

from svetofor.security import LIMITS, REASON
from svetofor.ui import diagram_toolbar as dtb
from svetofor.ui import diagram_view as dv
from svetofor.ui import exporting, overrides
from svetofor.ui.context import current_actor, current_user, service
from svetofor.ui.i18n import norm_lang, t

dash.register_page(__name__, path="/", order=0, nav_key="nav.diagram", title="Светофор")
exporting.register_callbacks()  # PNG/SVG/PDF/XLSX downloads of the diagram as shown

COLOUR_IDS = dtb.COLOUR_IDS

FILTER_INPUTS = [
    Input("f-group", "value"),
    Input("f-kind", "value"),
    *(Input(COLOUR_IDS[scope], "value") for scope in dv.SCOPES),
    Input("f-colour", "value"),
    Input("f-text", "value"),
    Input("f-flags", "value"),
]


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
                                maxLength=LIMITS[REASON],
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
            dtb.toolbar(lang, state.count_text, bool(overrides.editable_scopes(current_actor()))),
            *dtb.folds(lang, view.rows, flt, dv.render_totals(state.totals, lang)),
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


# Fold or unfold the filters and the legend, and remember it in the browser (diagram_toolbar).
dash.clientside_callback(
    ClientsideFunction(namespace="svetofor", function_name="foldPanels"),
    Output(dtb.FOLDS_STORE, "data"),
    Output(dtb.FOLD_IDS["filters"], "is_open"),
    Output(dtb.FOLD_IDS["legend"], "is_open"),
    Output(dtb.FOLD_BUTTONS["filters"], "aria-expanded"),
    Output(dtb.FOLD_BUTTONS["legend"], "aria-expanded"),
    Input(dtb.FOLD_BUTTONS["filters"], "n_clicks"),
    Input(dtb.FOLD_BUTTONS["legend"], "n_clicks"),
    Input(dtb.FOLDS_STORE, "data"),
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
    Output("cell-clear", "className"),
    Input("cell-click", "data"),
    State("diagram-lang", "data"),
    prevent_initial_call=True,
)
def cell_permission(click, lang):
    """The dialog offers a change only to whoever may make it, and "clear the manual mark"
    only on a cell that has one; the service still checks."""
    scope = (click or {}).get("scope")
    if scope not in dv.SCOPES:
        return (dash.no_update,) * 6
    note = overrides.readonly_note(current_actor(), scope, norm_lang(lang))
    row = overrides.find_row(service().view().rows, click.get("item"))
    marked = row is not None and row.cells[scope].override is not None
    return bool(note), bool(note), bool(note), note, bool(note), "" if marked else "d-none"


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
