"""The table view: every position in a sortable, filterable grid; the BY/RU/UNION columns are
editable, and an edit goes through the same override path as the diagram, with a reason."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from svetofor.security import LIMITS, REASON
from svetofor.ui import grid, overrides
from svetofor.ui import table_view as tv
from svetofor.ui.context import current_actor, current_user, service
from svetofor.ui.i18n import norm_lang, t

dash.register_page(__name__, path="/table", order=1, nav_key="nav.table", title="Светофор — таблица")


def layout(lang: str | None = None, **_query: object) -> html.Div:
    lang = norm_lang(lang)
    rows = service().view().rows
    actor = current_actor()
    editable = overrides.editable_scopes(actor)
    note = tv.permission_note(actor.role, editable, lang)
    return html.Div(
        [
            dcc.Store(id="tbl-lang", data=lang),
            dcc.Store(id="tbl-target"),
            html.H1(t("table.title", lang), className="h3"),
            html.P(t("table.hint", lang), className="text-muted small"),
            dbc.Alert(note, id="tbl-readonly", color="secondary", className="small py-2", is_open=bool(note)),
            html.Div(id="tbl-message", className="small mb-2"),
            dag.AgGrid(
                id="tbl-grid",
                rowData=tv.grid_rows(rows, lang),
                columnDefs=tv.column_defs(lang, editable),
                defaultColDef={"sortable": True, "filter": True, "resizable": True},
                getRowId="params.data.id",
                dashGridOptions=grid.grid_options(
                    lang, tooltipShowDelay=300, singleClickEdit=True, animateRows=False
                ),
                style={"height": "75vh"},
            ),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle(id="tbl-title")),
                    dbc.ModalBody(
                        [
                            html.Div(id="tbl-info"),
                            dbc.Label(t("cell.reason", lang), html_for="tbl-reason", className="mt-2"),
                            dbc.Textarea(
                                id="tbl-reason",
                                rows=2,
                                maxLength=LIMITS[REASON],
                                placeholder=t("cell.reason.placeholder", lang),
                            ),
                            dbc.Alert(id="tbl-alert", is_open=False, color="danger", className="mt-2 mb-0"),
                        ]
                    ),
                    dbc.ModalFooter(
                        [
                            dbc.Button(
                                t("table.cancel", lang), id="tbl-cancel", color="secondary", n_clicks=0
                            ),
                            dbc.Button(t("cell.save", lang), id="tbl-save", color="primary", n_clicks=0),
                        ]
                    ),
                ],
                id="tbl-modal",
                is_open=False,
                backdrop="static",
            ),
        ]
    )


@dash.callback(
    Output("tbl-modal", "is_open"),
    Output("tbl-title", "children"),
    Output("tbl-info", "children"),
    Output("tbl-reason", "value"),
    Output("tbl-alert", "is_open"),
    Output("tbl-target", "data"),
    Input("tbl-grid", "cellValueChanged"),
    State("tbl-lang", "data"),
    prevent_initial_call=True,
)
def ask_reason(changes, lang):
    lang = norm_lang(lang)
    edit = tv.edit_of(changes)
    if edit is None:
        return (dash.no_update,) * 6
    details = overrides.cell_details(service(), edit["item"], edit["scope"], lang)
    if details is None:
        return (dash.no_update,) * 6
    title = f"{t('table.edit.title', lang)}: {details.title} → {t('colour.' + str(edit['colour']) + '.short', lang)}"
    return True, title, details.info, "", False, edit


@dash.callback(
    Output("tbl-modal", "is_open", allow_duplicate=True),
    Output("tbl-alert", "children"),
    Output("tbl-alert", "is_open", allow_duplicate=True),
    Output("tbl-message", "children"),
    Output("tbl-target", "data", allow_duplicate=True),
    Input("tbl-save", "n_clicks"),
    State("tbl-target", "data"),
    State("tbl-reason", "value"),
    State("tbl-lang", "data"),
    prevent_initial_call=True,
)
def save(_save, target, reason, lang):
    lang = norm_lang(lang)
    if not target:
        return (dash.no_update,) * 5
    outcome = overrides.apply(service(), target, target.get("colour"), reason, user=current_user())
    if outcome.error in ("error.reason_required", "security.too_long"):
        # Keep the dialog open: the planner can still give (or shorten) the reason.
        return True, overrides.error_text(outcome, lang), True, dash.no_update, dash.no_update
    message = (
        overrides.denied_text(outcome.denied, lang)
        if outcome.denied is not None
        else t(outcome.error or "cell.saved", lang)
    )
    # Closing the dialog refreshes the row (show_stored below), with the target still set.
    return False, "", False, message, dash.no_update


@dash.callback(
    Output("tbl-modal", "is_open", allow_duplicate=True),
    Input("tbl-cancel", "n_clicks"),
    prevent_initial_call=True,
)
def cancel(_n):
    return False


@dash.callback(
    Output("tbl-grid", "rowTransaction"),
    Output("tbl-target", "data", allow_duplicate=True),
    Input("tbl-modal", "is_open"),
    State("tbl-target", "data"),
    State("tbl-lang", "data"),
    prevent_initial_call=True,
)
def show_stored(is_open, target, lang):
    """However the dialog closes (saved, refused, the cancel button, Esc or ×), the edited row
    shows what is stored now, so a colour never saved does not stay in the grid, and picking it
    again is a change that opens the dialog again."""
    if is_open or not target:
        return dash.no_update, dash.no_update
    row = overrides.find_row(service().view().rows, target["item"])
    update = {"update": [tv.grid_row(row, norm_lang(lang))]} if row is not None else dash.no_update
    return update, None
