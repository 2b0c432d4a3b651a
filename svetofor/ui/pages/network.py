"""The network view (dash-cytoscape, served locally by its package): a position, a group or an
enterprise with its producers and positions; click a node for its details."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import ClientsideFunction, Input, Output, State, dcc, html

from svetofor import palette
from svetofor.messages import msg
from svetofor.ui import network_view as nv
from svetofor.ui import review as rv
from svetofor.ui.context import service
from svetofor.ui.i18n import dropdown_labels, norm_lang, t

dash.register_page(__name__, path="/network", order=3, nav_key="nav.network", title="Светофор — сеть")

MODES = ("item", "group", "enterprise")


def _first(query: dict, name: str) -> str | None:
    value = query.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value else None


def focus_from_query(view, query: dict) -> tuple[str, str | None]:
    """(mode, value) of the URL; without one, the first position with a warning (or the first)."""
    for mode in MODES:
        value = _first(query, mode)
        if value:
            return mode, value
    warned = next((w.item for w in view.warnings if w.item), None)
    return "item", warned or next(iter(view.dataset.items), None)


def value_options(view, mode: str) -> list[dict]:
    if mode == "group":
        groups = dict.fromkeys(it.group or "" for it in view.dataset.items.values())
        return [{"label": g or "—", "value": g} for g in groups if g]
    if mode == "enterprise":
        ents = sorted(view.dataset.enterprises.values(), key=lambda e: (e.country, e.name))
        return [{"label": f"{e.name} ({e.country})", "value": e.key} for e in ents]
    return [
        {"label": f"{it.code} {it.name}" if it.code else it.name, "value": key}
        for key, it in view.dataset.items.items()
    ]


def _elements(view, mode: str, value: str | None, lang: str, layout_name: str | None = None) -> list[dict]:
    if not value:
        return []
    elements = nv.elements_for(view, **{mode: value}, lang=lang)
    if nv.uses_columns(layout_name, nv.node_count(elements)):  # countries apart, names beside
        return nv.column_positions(elements)
    return elements


def graph_style(elements: list[dict], layout_name: str | None) -> dict:
    """The graph grows with a group in columns, so its names keep their size."""
    height = (
        f"{nv.columns_height(elements)}px"
        if nv.uses_columns(layout_name, nv.node_count(elements))
        else "70vh"
    )
    return {"width": "100%", "height": height, "border": "1px solid #dee2e6"}


def legend(lang: str) -> html.Div:
    """What the node and link colours mean (drawn like the graph: swatch, outline or line)."""
    entries = [
        html.Li(
            [html.Span(className=f"sv-net-key sv-net-key-{kind}", style={"--sv-key": colour}), t(key, lang)],
            className="sv-net-legend-entry",
        )
        for kind, colour, key in nv.legend_entries()
    ]
    return html.Div(
        [
            html.H2(t("network.legend.title", lang), className="h6"),
            html.Ul(entries, className="list-unstyled mb-0"),
        ],
        id="net-legend",
        className="small",
    )


def caption(elements: list[dict], lang: str) -> str:
    if not elements:
        return t("network.empty", lang)
    n = nv.counts(elements)
    return t(
        "network.caption",
        lang,
        items=msg("count.positions", n=n["items"]),
        enterprises=msg("count.enterprises", n=n["enterprises"]),
        edges=msg("count.links", n=n["edges"]),
        warned=n["warned"],
    )


def query_string(mode: str, value: str | None) -> str:
    return rv.network_link(**{mode: value})[len("/network") :] if value else ""


def layout(lang: str | None = None, **query: object) -> html.Div:
    lang = norm_lang(lang)
    view = service().view()
    mode, value = focus_from_query(view, query)
    elements = _elements(view, mode, value, lang)
    return html.Div(
        [
            dcc.Store(id="net-lang", data=lang),
            dcc.Store(id="net-query", data=query_string(mode, value)),
            html.Div(id="net-url-sync", hidden=True),
            html.H1(t("network.title", lang), className="h3 mb-1"),
            html.P(t("network.hint", lang), className="text-muted small mb-2"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("network.mode", lang), html_for="net-mode"),
                            dbc.RadioItems(
                                id="net-mode",
                                options=[{"label": t(f"network.mode.{m}", lang), "value": m} for m in MODES],
                                value=mode,
                                inline=True,
                            ),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        dcc.Dropdown(
                            labels=dropdown_labels(lang),  # "Поиск", not "Search"
                            id="net-value",
                            options=value_options(view, mode),
                            value=value,
                            placeholder=t("network.pick", lang),
                        ),
                        md=6,
                        className="pt-4",
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("network.layout", lang), html_for="net-layout"),
                            dcc.Dropdown(
                                labels=dropdown_labels(lang),
                                id="net-layout",
                                options=[{"label": name, "value": name} for name in nv.LAYOUTS],
                                placeholder="auto",
                            ),
                        ],
                        md=3,
                    ),
                ],
                className="g-2 mb-2",
            ),
            html.P(caption(elements, lang), id="net-caption", className="small text-muted mb-1"),
            dbc.Row(
                [
                    dbc.Col(
                        cyto.Cytoscape(
                            id="net-graph",
                            elements=elements,
                            stylesheet=nv.stylesheet(),
                            layout=nv.layout_for(None, nv.node_count(elements)),
                            minZoom=0.2,
                            maxZoom=4,
                            style=graph_style(elements, None),
                        ),
                        lg=9,
                    ),
                    dbc.Col(
                        [
                            dbc.Button(
                                t("network.fit", lang),
                                id="net-fit",
                                size="sm",
                                color="outline-secondary",
                                n_clicks=0,
                            ),
                            dbc.Card(
                                dbc.CardBody(html.Div(t("network.details.pick", lang), id="net-details")),
                                className="small my-2",
                            ),
                            dbc.Card(dbc.CardBody(legend(lang))),
                        ],
                        lg=3,
                    ),
                ]
            ),
        ]
    )


@dash.callback(
    Output("net-value", "options"),
    Output("net-value", "value"),
    Input("net-mode", "value"),
    prevent_initial_call=True,
)
def change_mode(mode):
    mode = mode if mode in MODES else "item"
    return value_options(service().view(), mode), None


@dash.callback(
    Output("net-graph", "elements"),
    Output("net-graph", "layout"),
    Output("net-graph", "style"),
    Output("net-caption", "children"),
    Output("net-query", "data"),
    Input("net-value", "value"),
    Input("net-layout", "value"),
    State("net-mode", "value"),
    State("net-lang", "data"),
    prevent_initial_call=True,
)
def show(value, layout_name, mode, lang):
    lang = norm_lang(lang)
    mode = mode if mode in MODES else "item"
    elements = _elements(service().view(), mode, value, lang, layout_name)
    return (
        elements,
        nv.layout_for(layout_name, nv.node_count(elements)),
        graph_style(elements, layout_name),
        caption(elements, lang),
        query_string(mode, value),
    )


# A click zooms to the node and its neighbours; "show all" fits the whole network again.
dash.clientside_callback(
    ClientsideFunction(namespace="svetofor", function_name="zoomNetwork"),
    Output("net-fit", "title"),
    Input("net-graph", "tapNodeData"),
    Input("net-fit", "n_clicks"),
    Input("net-graph", "elements"),  # a new network is fitted to its (resized) box
    Input("net-graph", "style"),
)


dash.clientside_callback(
    ClientsideFunction(namespace="svetofor", function_name="syncQuery"),
    Output("net-url-sync", "children"),
    Input("net-query", "data"),
)


def render_details(details: dict | None, lang: str) -> list:
    if details is None:
        return [t("network.details.pick", lang)]
    out: list = [html.H2(details["title"], className="h6")]
    if details["type"] == "item":
        out.append(
            html.P(
                [
                    html.Span(
                        f"{t(f'scope.{s}', lang)} {palette.letter(c, lang)}",
                        className=f"sv-chip sv-{c} me-1",
                    )
                    for s, c in details["colours"].items()
                ]
            )
        )
        if details["code"]:
            out.append(html.P(f"{t('network.details.code', lang)}: {details['code']}", className="mb-1"))
        if details["group"]:
            out.append(html.P(f"{t('network.details.group', lang)}: {details['group']}", className="mb-1"))
        out.append(html.Strong(t("network.details.producers", lang)))
        out.append(html.Ul([html.Li(p) for p in details["producers"]]))
        if details["warnings"]:
            out.append(html.Strong(t("network.details.warnings", lang)))
            out.append(html.Ul([html.Li(w) for w in details["warnings"]]))
        out.append(
            html.P(
                [
                    dcc.Link(
                        t("warnings.open_diagram", lang),
                        href=rv.diagram_link(details["key"]),
                        className="me-2",
                    ),
                    dcc.Link(t("nav.warnings", lang), href=rv.warnings_link(details["key"])),
                ]
            )
        )
    else:
        if details.get("country"):
            out.append(
                html.P(f"{t('network.details.country', lang)}: {details['country']}", className="mb-1")
            )
        if details.get("tax_id"):
            out.append(html.P(f"{t('enterprises.tax_id', lang)}: {details['tax_id']}", className="mb-1"))
        if details["items"]:
            out.append(html.Strong(t("network.details.items", lang)))
            out.append(html.Ul([html.Li(i) for i in details["items"]]))
        if details["key"]:
            out.append(
                dcc.Link(t("network.details.show", lang), href=rv.network_link(enterprise=details["key"]))
            )
    return out


@dash.callback(
    Output("net-details", "children"),
    Input("net-graph", "tapNodeData"),
    State("net-lang", "data"),
    prevent_initial_call=True,
)
def details(data, lang):
    lang = norm_lang(lang)
    return render_details(nv.node_details(service().view(), data, lang), lang)
