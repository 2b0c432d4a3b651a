"""Localisation of the "Union machine tool" (components of each machine and their UNION colours,
the machines a red component blocks) and cooperation opportunities (red/yellow here, green in
the partner country, with the partner's producers)."""

from __future__ import annotations

from typing import Any

import dash
import dash_ag_grid as dag
from dash import dcc, html

from svetofor.ui import grid as grids
from svetofor.ui import localisation_view as lv
from svetofor.ui import review as rv
from svetofor.ui.context import service
from svetofor.ui.i18n import norm_lang, t

dash.register_page(
    __name__, path="/localisation", order=5, nav_key="nav.localisation", title="Светофор — локализация"
)


WRAPPED = {"lineHeight": "1.4", "paddingTop": "4px", "paddingBottom": "4px"}


def blocked_list(view: Any, lang: str) -> html.Ul | html.P:
    blocked = lv.blocked_machines(view)
    if not blocked:
        return html.P(t("localisation.blocked.none", lang), className="text-muted")
    return html.Ul(
        [
            html.Li(
                [
                    dcc.Link(name, href=rv.diagram_link(key)),
                    f" — {t('localisation.blocking', lang).lower()}: ",
                    ", ".join(blocking),
                ],
                className="sv-blocked",
            )
            for key, name, blocking in blocked
        ]
    )


def layout(lang: str | None = None, **_query: object) -> html.Div:
    lang = norm_lang(lang)
    view = service().view()
    loc_cols = [
        {
            "field": "position",
            "headerName": t("localisation.machine", lang),
            "cellRenderer": "markdown",
            "width": 280,
        },
        {
            "field": "share",
            "headerName": t("localisation.share", lang),
            "width": 100,
            "filter": "agNumberColumnFilter",
        },
        {"field": "localisable", "headerName": t("localisation.localisable", lang), "width": 120},
        {
            "field": "blocking",
            "headerName": t("localisation.blocking", lang),
            "width": 220,
            "wrapText": True,
            "autoHeight": True,
            "cellStyle": WRAPPED,
        },
        {
            "field": "components",
            "headerName": t("localisation.components", lang),
            "flex": 1,
            "wrapText": True,
            "autoHeight": True,
            "cellStyle": WRAPPED,
        },
    ]
    coop_cols = [
        {
            "field": "position",
            "headerName": t("localisation.coop.position", lang),
            "cellRenderer": "markdown",
            "width": 300,
        },
        {"field": "needs", "headerName": t("localisation.coop.needs", lang), "width": 110},
        {"field": "colour", "headerName": t("localisation.coop.colour", lang), "width": 130},
        {"field": "partner", "headerName": t("localisation.coop.partner", lang), "width": 120},
        {"field": "producers", "headerName": t("localisation.coop.producers", lang), "flex": 1},
        {"field": "capacity", "headerName": t("localisation.coop.capacity", lang), "width": 170},
    ]
    grid = {
        # headers wrap rather than being cut ("Комплектующие (цвет в Союзе)")
        "defaultColDef": {
            "sortable": True,
            "filter": True,
            "resizable": True,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        "getRowId": "params.data.id",
        "dashGridOptions": grids.grid_options(lang, tooltipShowDelay=300),
    }
    return html.Div(
        [
            html.H1(t("localisation.title", lang), className="h3 mb-1"),
            html.P(t("localisation.hint", lang), className="text-muted small"),
            html.H2(t("localisation.blocked.title", lang), className="h5"),
            html.Div(blocked_list(view, lang), id="loc-blocked"),
            dag.AgGrid(
                id="loc-grid",
                rowData=lv.localisation_rows(view, lang),
                columnDefs=loc_cols,
                style={"height": "45vh"},
                **grid,
            ),
            html.H2(t("localisation.coop.title", lang), className="h5 mt-4"),
            html.P(t("localisation.coop.hint", lang), className="text-muted small"),
            dag.AgGrid(
                id="coop-grid",
                rowData=lv.cooperation_rows(view, lang),
                columnDefs=coop_cols,
                style={"height": "45vh"},
                **grid,
            ),
        ]
    )
