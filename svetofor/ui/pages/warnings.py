"""The warnings page: every duplication warning in a grid (filters mirrored in the URL, counts at
the top) and the review panel: open → accepted (with a reason) or resolved, with its history."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, dcc, html

from svetofor.auth import PermissionDenied
from svetofor.messages import format_datetime
from svetofor.security import FILTER_TEXT, LIMITS, REASON
from svetofor.ui import grid
from svetofor.ui import review as rv
from svetofor.ui.context import current_actor, current_user, service
from svetofor.ui.i18n import norm_lang, t

dash.register_page(
    __name__, path="/warnings", order=2, nav_key="nav.warnings", title="Светофор — дублирование"
)

FILTERS = [
    Input("w-kind", "value"),
    Input("w-severity", "value"),
    Input("w-country", "value"),
    Input("w-group", "value"),
    Input("w-state", "value"),
    Input("w-item", "value"),
]


def _dropdown(id_: str, label: str, options: list[dict], value: list[str], lang: str, md: int = 2) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(label, html_for=id_),
            dcc.Dropdown(id=id_, options=options, value=value, multi=True, placeholder=t("filter.any", lang)),
        ],
        md=md,
    )


def _filters(lang: str, flt: rv.WarningFilter, rows: list[dict]) -> dbc.Row:
    groups = [{"label": g or t("group.none", lang), "value": g} for g in rv.group_values(rows)]
    return dbc.Row(
        [
            _dropdown(
                "w-kind",
                t("warnings.filter.kind", lang),
                [{"label": t(f"import.wkind.{k}", lang), "value": k} for k in rv.KINDS],
                list(flt.kinds),
                lang,
            ),
            _dropdown(
                "w-severity",
                t("warnings.filter.severity", lang),
                [{"label": t(f"import.severity.{s}", lang), "value": s} for s in rv.SEVERITIES],
                list(flt.severities),
                lang,
            ),
            _dropdown(
                "w-country",
                t("warnings.filter.country", lang),
                [{"label": t(f"scope.{c}.long", lang), "value": c} for c in rv.COUNTRY_VALUES],
                list(flt.countries),
                lang,
            ),
            _dropdown("w-group", t("warnings.filter.group", lang), groups, list(flt.groups), lang, md=3),
            _dropdown(
                "w-state",
                t("warnings.filter.state", lang),
                [{"label": t(f"warnings.state.{s}", lang), "value": s} for s in rv.STATES],
                list(flt.states),
                lang,
            ),
            dbc.Col(
                [
                    dbc.Label(t("warnings.filter.item", lang), html_for="w-item"),
                    dbc.Input(
                        id="w-item",
                        type="search",
                        value=flt.item,
                        debounce=0.4,
                        maxLength=LIMITS[FILTER_TEXT],
                    ),
                ],
                md=1,
            ),
        ],
        className="g-2 mb-3",
    )


# Long texts wrap onto more lines of their row instead of being cut.
WRAP = {"wrapText": True, "autoHeight": True, "cellStyle": {"whiteSpace": "pre-line", "lineHeight": "1.3"}}


def column_defs(lang: str) -> list[dict]:
    """The review state comes first, so accepting a warning visibly changes its row; the long
    columns share the width (flex) and wrap, so all fit the grid at 1600 px with nothing cut;
    who reviewed and when are in the state's tooltip."""
    return [
        {
            "field": "state_label",
            "headerName": t("warnings.col.state", lang),
            "width": 115,
            "tooltipField": "review_note",
            "cellClassRules": {f"sv-state-{s}": f"params.data.state === '{s}'" for s in rv.STATES},
        },
        {"field": "severity_label", "headerName": t("warnings.col.severity", lang), "width": 100, **WRAP},
        {"field": "kind_label", "headerName": t("warnings.col.kind", lang), "width": 125, **WRAP},
        {
            "field": "position",
            "headerName": t("warnings.col.position", lang),
            "cellRenderer": "markdown",
            "flex": 2,
            "minWidth": 150,
            "tooltipField": "name",
            **WRAP,
        },
        {"field": "group", "headerName": t("warnings.col.group", lang), "width": 115, **WRAP},
        {"field": "countries", "headerName": t("warnings.col.countries", lang), "width": 70},
        {
            "field": "enterprises",
            "headerName": t("warnings.col.enterprises", lang),
            "flex": 2,
            "minWidth": 170,
            **WRAP,
        },
        {"field": "rule", "headerName": t("warnings.col.rule", lang), "flex": 2, "minWidth": 180, **WRAP},
        {"field": "reason", "headerName": t("warnings.col.reason", lang), "flex": 1, "minWidth": 110, **WRAP},
    ]


def review_note(row: dict, lang: str) -> str:
    """Who reviewed the warning and when, for the state's tooltip ("" when open)."""
    parts = (("warnings.col.reviewer", "reviewer"), ("warnings.col.at", "reviewed_at"))
    return "; ".join(f"{t(label, lang)}: {row[k]}" for label, k in parts if row.get(k))


def grid_rows(rows: list, lang: str) -> list[dict]:
    """What the browser needs of each row (the position cell as a markdown link)."""
    keep = (
        "id",
        "severity_label",
        "kind_label",
        "group",
        "countries",
        "enterprises",
        "rule",
        "state",
        "state_label",
        "reviewer",
        "reviewed_at",
        "reason",
        "name",
    )
    return [
        {**{k: r[k] for k in keep}, "position": rv.item_link_markdown(r), "review_note": review_note(r, lang)}
        for r in rows
    ]


def render_counts(shown: list, total: int, lang: str) -> html.Div:
    c = rv.counts(shown)

    def chips(part: str, values: tuple[str, ...], label_key: str, prefix: str) -> html.Span:
        return html.Span(
            [html.Strong(f"{t(label_key, lang)}: ")]
            + [
                html.Span(
                    f"{t(f'{prefix}.{v}', lang)} {c[part][v]}",
                    className="badge text-bg-light border me-1",
                    **{"data-count": f"{part}:{v}"},
                )
                for v in values
            ],
            className="me-3",
        )

    parts = [
        chips("severity", rv.SEVERITIES, "warnings.count.by_severity", "import.severity"),
        chips("state", rv.STATES, "warnings.count.by_state", "warnings.state"),
        chips("kind", rv.KINDS, "warnings.count.by_kind", "import.wkind"),
    ]
    return html.Div(
        [
            html.Span(
                t("warnings.count.shown", lang, shown=len(shown), total=total),
                className="me-3 fw-bold",
                id="w-count-text",
            ),
            *parts,
        ],
        className="mb-2 small",
    )


def _review_panel(lang: str) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(t("warnings.review.title", lang), className="h6"),
                html.Div(t("warnings.review.pick", lang), id="w-details", className="small mb-2"),
                # shown instead of the decision controls when the role may not review this warning
                html.P(id="w-review-readonly", className="small text-muted mb-2", hidden=True),
                html.Div(
                    [
                        dbc.Label(t("warnings.review.state", lang), html_for="w-review-state"),
                        dbc.RadioItems(
                            id="w-review-state",
                            options=[
                                {"label": t(f"warnings.state.{s}", lang), "value": s}
                                for s in rv.REVIEW_STATES
                            ],
                            inline=True,
                        ),
                        dbc.Label(t("warnings.review.reason", lang), html_for="w-review-reason"),
                        dbc.Textarea(
                            id="w-review-reason",
                            rows=2,
                            maxLength=LIMITS[REASON],
                            value="",
                            placeholder=t("warnings.review.reason.placeholder", lang),
                        ),
                        dbc.Button(
                            t("warnings.review.save", lang),
                            id="w-review-save",
                            color="primary",
                            size="sm",
                            className="mt-2",
                            n_clicks=0,
                        ),
                    ],
                    id="w-review-form",
                    hidden=True,
                ),
                dbc.Alert(id="w-review-alert", is_open=False, className="mt-2 mb-0 small"),
                html.H3(t("warnings.review.history", lang), className="h6 mt-3"),
                html.Ul(id="w-history", className="small sv-history"),
            ]
        )
    )


def layout(lang: str | None = None, **query: object) -> html.Div:
    lang = norm_lang(lang)
    flt = rv.WarningFilter.from_query(query)
    rows = rv.warning_rows(service().view(), lang)
    shown = rv.filter_rows(rows, flt)
    return html.Div(
        [
            dcc.Store(id="w-lang", data=lang),
            dcc.Store(id="w-selected"),
            dcc.Store(id="w-refresh", data=0),
            dcc.Store(id="w-query", data=flt.query_string()),
            html.Div(id="w-url-sync", hidden=True),
            html.H1(t("warnings.title", lang), className="h3 mb-1"),
            html.P(t("warnings.hint", lang), className="text-muted small mb-2"),
            html.Div(render_counts(shown, len(rows), lang), id="w-counts"),
            _filters(lang, flt, rows),
            dbc.Row(
                [
                    dbc.Col(
                        dag.AgGrid(
                            id="w-grid",
                            rowData=grid_rows(shown, lang),
                            columnDefs=column_defs(lang),
                            defaultColDef={"sortable": True, "filter": True, "resizable": True},
                            getRowId="params.data.id",
                            dashGridOptions=grid.grid_options(
                                lang,
                                tooltipShowDelay=300,
                                animateRows=False,
                                rowBuffer=10,
                                # render every column, so none is missing off-screen
                                suppressColumnVirtualisation=True,
                                # the clicked warning stays highlighted while the panel reviews it
                                rowSelection={
                                    "mode": "singleRow",
                                    "checkboxes": False,
                                    "enableClickSelection": True,
                                },
                            ),
                            rowClassRules={"sv-gone-row": "params.data.state === 'gone'"},
                            style={"height": "70vh"},
                        ),
                        lg=9,
                    ),
                    dbc.Col(_review_panel(lang), lg=3),
                ]
            ),
        ]
    )


@dash.callback(
    Output("w-grid", "rowData"),
    Output("w-counts", "children"),
    Output("w-query", "data"),
    *FILTERS,
    Input("w-refresh", "data"),
    State("w-lang", "data"),
    prevent_initial_call=True,
)
def update_grid(kinds, severities, countries, groups, states, item, _refresh, lang):
    lang = norm_lang(lang)
    flt = rv.WarningFilter.from_controls(kinds, severities, countries, groups, states, item)
    rows = rv.warning_rows(service().view(), lang)
    shown = rv.filter_rows(rows, flt)
    return grid_rows(shown, lang), render_counts(shown, len(rows), lang), flt.query_string()


dash.clientside_callback(
    ClientsideFunction(namespace="svetofor", function_name="syncQuery"),
    Output("w-url-sync", "children"),
    Input("w-query", "data"),
)


@dash.callback(
    Output("w-selected", "data"),
    Input("w-grid", "cellClicked"),
    prevent_initial_call=True,
)
def select_warning(cell):
    if not cell or not cell.get("rowId"):
        return dash.no_update
    return cell["rowId"]


def _details(view, key: str, lang: str) -> list:
    rows = {r["id"]: r for r in rv.warning_rows(view, lang)}
    row = rows.get(key)
    if row is None:
        return [html.P(key)]
    out: list = [
        html.P(
            [
                html.Strong(f"{row['kind_label']} · {row['severity_label']}"),
                html.Br(),
                row["name"] or "",
            ],
            className="mb-1",
        ),
        html.P(row["rule"], className="mb-1"),
    ]
    if row["enterprises"]:
        out.append(html.Ul([html.Li(line) for line in row["enterprises"].split("\n")], className="mb-1"))
    links = []
    if row["item"]:
        links.append(
            dcc.Link(t("warnings.open_diagram", lang), href=rv.diagram_link(row["item"]), className="me-3")
        )
        links.append(dcc.Link(t("warnings.open_network", lang), href=rv.network_link(item=row["item"])))
    elif row["kind"] == "same-enterprise?":
        links.append(dcc.Link(t("warnings.open_enterprises", lang), href="/enterprises"))
    if links:
        out.append(html.P(links, className="mb-1"))
    if row["gone"]:
        out.append(dbc.Badge(t("warnings.review.gone", lang), color="secondary", className="text-wrap"))
    return out


@dash.callback(
    Output("w-details", "children"),
    Output("w-history", "children"),
    Output("w-review-form", "hidden"),
    Output("w-review-readonly", "children"),
    Output("w-review-readonly", "hidden"),
    Output("w-review-state", "value"),
    Output("w-review-reason", "value"),
    Input("w-selected", "data"),
    Input("w-refresh", "data"),
    State("w-lang", "data"),
    prevent_initial_call=True,
)
def show_warning(key, _refresh, lang):
    lang = norm_lang(lang)
    if not key:
        return dash.no_update, dash.no_update, True, "", True, None, ""
    svc = service()
    view = svc.view()
    live = rv.review_target(key, (w.key for w in view.warnings))
    # a decision is offered only to a role that may take it (the service refuses the others)
    note = rv.readonly_note(current_actor(), _scopes(view, key), lang) if live else ""
    history = [
        html.Li(
            f"{format_datetime(e.at)} · {e.author}: {t(f'warnings.state.{e.state}', lang)}"
            + (f" — {e.reason}" if e.reason else "")
        )
        for e in svc.review_history(key)
    ] or [html.Li(t("warnings.review.history.empty", lang), className="text-muted")]
    review = view.reviews.get(key)
    state = review.state if review is not None else "open"
    reason = review.reason if review is not None else ""
    return _details(view, key, lang), history, live is None or bool(note), note, not note, state, reason


def _scopes(view, key: str) -> tuple[str, ...]:
    warning = next((w for w in view.warnings if w.key == key), None)
    return rv.warning_scopes(warning) if warning is not None else rv.key_scopes(key)


@dash.callback(
    Output("w-review-alert", "children"),
    Output("w-review-alert", "color"),
    Output("w-review-alert", "is_open"),
    Output("w-refresh", "data"),
    Input("w-review-save", "n_clicks"),
    State("w-selected", "data"),
    State("w-review-state", "value"),
    State("w-review-reason", "value"),
    State("w-refresh", "data"),
    State("w-lang", "data"),
    prevent_initial_call=True,
)
def save_review(n, key, state, reason, refresh, lang):
    lang = norm_lang(lang)
    if not n or not key:
        return dash.no_update, dash.no_update, dash.no_update, dash.no_update
    svc = service()
    if rv.review_target(key, (w.key for w in svc.view().warnings)) is None:
        return t("warnings.review.gone", lang), "warning", True, dash.no_update
    error = rv.validate_review(state, reason)
    if error:
        return t(error, lang), "danger", True, dash.no_update
    try:
        svc.review_warning(key, state, reason or "", user=current_user())
    except (ValueError, PermissionDenied) as exc:  # the store's own check, or the role's
        return rv.refusal_text(exc, lang), "danger", True, dash.no_update
    return t("warnings.review.saved", lang), "success", True, (refresh or 0) + 1


# From a diagram cell to its warnings: the cell dialog of the diagram page holds an empty
# ``cell-warnings`` slot that this fills when the clicked position has warnings.
@dash.callback(
    Output("cell-warnings", "children"),
    Input("cell-target", "data"),
    State("diagram-lang", "data"),
    prevent_initial_call=True,
)
def cell_warnings(target, lang):
    lang = norm_lang(lang)
    item = (target or {}).get("item")
    if not item:
        return []
    found = [w for w in service().view().warnings if w.item == item]
    if not found:
        return []
    return html.P(
        [
            html.Span(f"⚑ {len(found)} ", className="sv-warn"),
            dcc.Link(t("diagram.warnings.open", lang), href=rv.warnings_link(item), id="cell-warnings-link"),
        ],
        className="mb-0 mt-1",
    )
