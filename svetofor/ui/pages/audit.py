"""The audit log page: who changed what, when, before → after; filters; CSV export.

Every signed-in user may read the log (it is how planners see who recoloured a cell). The
helpers live in :mod:`svetofor.ui.audit_view`, tested without a browser.
"""

from __future__ import annotations

from datetime import UTC, datetime

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from svetofor.security import FILTER_TEXT, LIMITS
from svetofor.ui.audit_view import (
    ACTION_GROUPS,
    EXPORTED,
    SHOWN,
    action_label,
    names_of,
    query_of,
    render_table,
)
from svetofor.ui.context import service
from svetofor.ui.i18n import norm_lang, t

dash.register_page(__name__, path="/audit", order=90, nav_key="nav.audit", title="Светофор — журнал")


# --------------------------------------------------------------------------------- page


def layout(lang: str | None = None, **_query: object) -> html.Div:
    lang = norm_lang(lang)
    svc = service()
    users = [{"label": name, "value": name} for name in svc.audit_users()]
    actions = [{"label": action_label(a, lang), "value": a} for a in ACTION_GROUPS]
    entries = svc.audit_entries(limit=SHOWN)
    return html.Div(
        [
            dcc.Store(id="audit-lang", data=lang),
            html.H1(t("audit.title", lang), className="h3"),
            html.P(t("audit.hint", lang), className="text-muted small"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("audit.user", lang), html_for="audit-user"),
                            dcc.Dropdown(id="audit-user", options=users, placeholder=t("audit.any", lang)),
                        ],
                        md=2,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("audit.action", lang), html_for="audit-action"),
                            dcc.Dropdown(
                                id="audit-action", options=actions, placeholder=t("audit.any", lang)
                            ),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("audit.target", lang), html_for="audit-target"),
                            dbc.Input(
                                id="audit-target",
                                type="search",
                                maxLength=LIMITS[FILTER_TEXT],
                                debounce=0.4,
                                placeholder=t("audit.search", lang),
                            ),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("audit.since", lang), html_for="audit-since"),
                            dbc.Input(id="audit-since", type="date"),
                        ],
                        md=2,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("audit.until", lang), html_for="audit-until"),
                            dbc.Input(id="audit-until", type="date"),
                        ],
                        md=2,
                    ),
                ],
                className="g-2 mb-2",
            ),
            html.Div(
                [
                    html.Span(
                        _count_text(entries, lang), id="audit-count", className="small text-muted me-3"
                    ),
                    dbc.Button(
                        t("audit.export", lang),
                        id="audit-export",
                        size="sm",
                        color="outline-primary",
                        n_clicks=0,
                    ),
                    dbc.Button(
                        t("audit.file.xlsx_button", lang, format="XLSX"),
                        id="audit-export-xlsx",
                        size="sm",
                        color="outline-primary",
                        n_clicks=0,
                        className="ms-2",
                    ),
                    dcc.Download(id="audit-download"),
                ],
                className="mb-2 d-flex align-items-center",
            ),
            html.Div(render_table(entries, lang, names_of(service().view().dataset)), id="audit-body"),
        ]
    )


def _count_text(entries: list, lang: str) -> str:
    key = "audit.count.capped" if len(entries) >= SHOWN else "audit.count"
    return t(key, lang, n=len(entries))


FILTERS = [
    Input("audit-user", "value"),
    Input("audit-action", "value"),
    Input("audit-target", "value"),
    Input("audit-since", "value"),
    Input("audit-until", "value"),
]


@dash.callback(
    Output("audit-body", "children"),
    Output("audit-count", "children"),
    *FILTERS,
    State("audit-lang", "data"),
    prevent_initial_call=True,
)
def filter_log(user, action, target, since, until, lang):
    lang = norm_lang(lang)
    entries = service().audit_entries(limit=SHOWN, **query_of(user, action, target, since, until))
    return render_table(entries, lang, names_of(service().view().dataset)), _count_text(entries, lang)


@dash.callback(
    Output("audit-download", "data"),
    Input("audit-export", "n_clicks"),
    Input("audit-export-xlsx", "n_clicks"),
    State("audit-user", "value"),
    State("audit-action", "value"),
    State("audit-target", "value"),
    State("audit-since", "value"),
    State("audit-until", "value"),
    State("audit-lang", "data"),
    prevent_initial_call=True,
)
def export_log(_csv, _xlsx, user, action, target, since, until, lang):
    from svetofor import audit_export

    lang = norm_lang(lang)
    svc = service()
    entries = svc.audit_entries(limit=EXPORTED, **query_of(user, action, target, since, until))
    names = audit_export.names_of(svc.view().dataset)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    if dash.ctx.triggered_id == "audit-export-xlsx":
        data = audit_export.xlsx_bytes(entries, names, lang)
        return dcc.send_bytes(data, f"svetofor-audit-{stamp}.xlsx")
    return dcc.send_bytes(audit_export.csv_bytes(entries, names, lang), f"svetofor-audit-{stamp}.csv")
