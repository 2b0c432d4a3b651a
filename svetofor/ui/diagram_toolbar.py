"""The top of the diagram page, built to leave a laptop screen to the diagram: one toolbar line
(title, count, fold buttons, export, undo), then the filters and the legend with the totals,
each folding away; whether each is open is remembered in the browser (``localStorage``).

At 1366×768 the diagram shows a dozen position rows on the first screen with the filters open;
folding the filters shows more.
"""

from __future__ import annotations

from typing import Any, cast

import dash_bootstrap_components as dbc
from dash import dcc, html

from svetofor.model import SCOPES
from svetofor.security import FILTER_TEXT, LIMITS
from svetofor.ui import diagram_view as dv
from svetofor.ui import exporting
from svetofor.ui.i18n import dropdown_labels, t

# One colour choice per country (all must hold) and one for "any of the three".
COLOUR_IDS: dict[str, str] = {**{scope: f"f-colour-{scope}" for scope in SCOPES}, dv.ANY_SCOPE: "f-colour"}

FOLDS_STORE = "diagram-folds"  # {"filters": bool, "legend": bool} in localStorage
FOLD_IDS = {"filters": "fold-filters", "legend": "fold-legend"}
FOLD_BUTTONS = {"filters": "fold-filters-button", "legend": "fold-legend-button"}
# Filters stay open on a first visit (they are what a planner uses); the legend folds away.
DEFAULT_FOLDS = {"filters": True, "legend": False}


def _dropdown(control_id: str, label: str, options: list[Any], value: Any, lang: str) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(label, html_for=control_id, className="small mb-0"),
            dcc.Dropdown(
                labels=cast(Any, dropdown_labels(lang)),  # a plain dict is what Dash takes
                id=control_id,
                options=options,
                value=value,
                multi=True,
                placeholder=t("filter.any", lang),
            ),
        ],
        md=4,
        lg=2,
    )


def filter_controls(lang: str, rows: list[Any], flt: Any) -> dbc.Row:
    """Group, kind, a colour per country and in any of the three, search, and the flags."""
    values = dv.controls_from_filter(flt)
    colour_controls = [
        _dropdown(
            COLOUR_IDS[scope],
            t("filter.colour_in", lang, scope=t(f"scope.{scope}", lang))
            if scope != dv.ANY_SCOPE
            else t("filter.colour_any", lang),
            dv.colour_options(lang),
            values[f"colours_{scope}"] if scope != dv.ANY_SCOPE else values["colours"],
            lang,
        )
        for scope in (*SCOPES, dv.ANY_SCOPE)
    ]
    flags = [
        {"label": t("filter.only_overridden", lang), "value": dv.FLAG_OVERRIDDEN},
        {"label": t("filter.only_warnings", lang), "value": dv.FLAG_WARNINGS},
        {"label": t("filter.only_stale", lang), "value": dv.FLAG_STALE},
    ]
    return dbc.Row(
        [
            _dropdown("f-group", t("filter.group", lang), dv.group_options(rows), values["groups"], lang),
            _dropdown("f-kind", t("filter.kind", lang), dv.kind_options(rows, lang), values["kinds"], lang),
            *colour_controls,
            dbc.Col(
                [
                    dbc.Label(t("filter.search", lang), html_for="f-text", className="visually-hidden"),
                    dbc.Input(
                        id="f-text",
                        type="search",
                        value=values["text"],
                        debounce=0.4,
                        size="sm",
                        maxLength=LIMITS[FILTER_TEXT],
                        placeholder=t("filter.search", lang),
                    ),
                ],
                md=12,
                lg=4,
            ),
            dbc.Col(
                dbc.Checklist(id="f-flags", options=flags, value=values["flags"], inline=True, switch=True),
                md=12,
                lg=8,
                className="small pt-1",
            ),
        ],
        className="g-2 mb-2 sv-filters",
    )


def fold_button(name: str, label: str) -> html.Button:
    # A plain button: it says which panel it folds and whether it is open (aria-expanded).
    # aria-* are wildcard props the typed signatures do not list
    hidden: Any = {"aria-hidden": "true"}
    aria: Any = {"aria-controls": FOLD_IDS[name], "aria-expanded": str(DEFAULT_FOLDS[name]).lower()}
    return html.Button(
        [html.Span("▾ ", className="sv-fold-mark", **hidden), label],
        id=FOLD_BUTTONS[name],
        type="button",
        className="btn btn-sm btn-outline-secondary sv-fold-button",
        n_clicks=0,
        **aria,
    )


def toolbar(lang: str, count_text: str, can_undo: bool) -> html.Div:
    """One line on a laptop: what the page is, how many positions it shows, what folds, the
    export buttons and the undo."""
    return html.Div(
        [
            html.H1(t("diagram.title", lang), className="h5 mb-0 me-1"),
            html.Span(count_text, id="diagram-count", className="small text-muted me-1"),
            fold_button("filters", t("screen.fold.filters", lang)),
            fold_button("legend", t("screen.fold.legend", lang)),
            exporting.export_controls(lang),
            dbc.Button(
                t("screen.undo", lang),  # short, to keep the line; the full words are its title
                title=t("diagram.undo", lang),
                id="diagram-undo",
                size="sm",
                color="outline-secondary",
                n_clicks=0,
                # nothing to undo for whoever may change no cell (the service refuses anyway)
                className="" if can_undo else "d-none",
            ),
            html.Span(id="diagram-message", className="small"),
        ],
        className="d-flex flex-wrap align-items-center gap-2 mb-2 sv-toolbar",
    )


def legend_panel(lang: str, totals_block: Any) -> dbc.Row:
    """The legend, the hint and the totals: read once, then folded away."""
    return dbc.Row(
        [
            dbc.Col(
                [
                    html.P(t("app.subtitle", lang), className="text-muted small mb-1"),
                    dv.render_legend(lang),
                    html.P(t("diagram.hint", lang), className="small text-muted mt-1 mb-0"),
                ],
                lg=6,
            ),
            dbc.Col(
                [
                    html.H2(t("diagram.totals", lang), className="h6 mb-1"),
                    html.Div(totals_block, id="diagram-totals"),
                ],
                lg=6,
            ),
        ],
        className="mb-2 sv-legend-panel",
    )


def folds(lang: str, rows: list[Any], flt: Any, totals_block: Any) -> list[Any]:
    """The remembered fold state and the two folding panels."""
    return [
        dcc.Store(id=FOLDS_STORE, storage_type="local"),
        dbc.Collapse(
            filter_controls(lang, rows, flt), id=FOLD_IDS["filters"], is_open=DEFAULT_FOLDS["filters"]
        ),
        dbc.Collapse(
            legend_panel(lang, totals_block), id=FOLD_IDS["legend"], is_open=DEFAULT_FOLDS["legend"]
        ),
    ]


__all__ = [
    "COLOUR_IDS",
    "DEFAULT_FOLDS",
    "FOLDS_STORE",
    "FOLD_BUTTONS",
    "FOLD_IDS",
    "filter_controls",
    "folds",
    "legend_panel",
    "toolbar",
]
