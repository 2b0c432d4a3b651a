"""Progress between commission sessions: freeze the diagram, compare two snapshots (or one and
now), the progress chart over all snapshots, the forecast by year, and the session report.

The page holds no state of its own: snapshots live in the store, every callback reads them by
id, and the helpers below are plain functions of plain values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html

from svetofor import progress
from svetofor.auth import SNAPSHOT, can
from svetofor.diff import RANK
from svetofor.messages import error_text, format_date, format_datetime, render
from svetofor.model import COLOURS, SCOPES
from svetofor.palette import letter
from svetofor.report import ReportError, session_report
from svetofor.security import LIMITS, SNAPSHOT_NAME, TextTooLong
from svetofor.ui.context import current_actor, current_user, service
from svetofor.ui.i18n import norm_lang, t

dash.register_page(__name__, path="/progress", order=5, nav_key="nav.progress", title="Светофор — ход работ")

NOW = "now"
MAX_ROWS = 400  # a diff or forecast longer than this is cut: the totals above say how much more
FORECAST_BEYOND = 5  # the year slider runs this many years past the horizon


# ---------------------------------------------------------------------------------------------
# Pure helpers


def snapshot_options(infos: Sequence, lang: str, *, with_now: bool) -> list[dict]:
    opts = [{"label": t("progress.now", lang), "value": NOW}] if with_now else []
    for info in infos:
        auto = f" · {t('progress.auto', lang)}" if info.automatic else ""
        name = render(progress.info_name(info), lang)
        opts.append({"label": f"{name} — {format_datetime(info.created_at)}{auto}", "value": str(info.id)})
    return opts


def load_snapshot(svc, value: str | None, lang: str) -> progress.Snapshot | None:
    """The snapshot a dropdown value names (``now``: the current diagram), None if unset/gone."""
    if not value:
        return None
    if value == NOW:
        return progress.current_snapshot(svc.view())
    try:
        info = progress.find_snapshot(svc.snapshot_infos(), value)
    except KeyError:
        return None
    return svc.load_snapshot(info)


def series_of(svc, lang: str) -> list[progress.ProgressPoint]:
    """Every stored snapshot's totals and "now", oldest first."""
    return svc.progress_points(progress.current_snapshot(svc.view()))


def _default_before(infos) -> str | None:
    info = progress.default_since(infos)
    return str(info.id) if info is not None else None


def forecast_lines(view, year: int, horizon: int, lang: str) -> tuple[list[progress.Line], dict]:
    """The forecast's lines with the UNION green year as the note, and the forecast's totals."""
    lines, totals = progress.forecast_lines(view.dataset, view.statuses, year, horizon)
    never = t("progress.forecast.never", lang, year=str(horizon))
    return [replace(ln, note=ln.note or never) for ln in lines], totals


def _chip(colour: str | None, lang: str) -> html.Span:
    if colour is None:
        return html.Span("—", className="text-muted")
    return html.Span(
        letter(colour, lang), className=f"sv-chip sv-{colour}", title=t(f"colour.{colour}", lang)
    )


_CHANGED_STYLE = {
    "outline": "3px solid #1f4e79",
    "outlineOffset": "1px",
    "borderRadius": "3px",
    "whiteSpace": "nowrap",
    "display": "inline-block",
}


def render_cell(before: str | None, after: str | None, scope: str, lang: str) -> html.Td:
    if before == after or before is None or after is None:
        shown = after if after is not None else before
        return html.Td(_chip(shown, lang), className="text-center", **{"data-scope": scope})
    direction = "other"
    if before in RANK and after in RANK:
        direction = "improved" if RANK[after] > RANK[before] else "regressed"
    return html.Td(
        html.Span(
            [_chip(before, lang), " → ", _chip(after, lang)],
            style=_CHANGED_STYLE,
            title=t(f"progress.{direction}", lang),
        ),
        className="text-center",
        **{"data-scope": scope, "data-changed": direction},
    )


def render_lines(
    lines: Sequence[progress.Line], lang: str, *, only_changed: bool, note_header: str | None = None
) -> html.Div:
    shown = [ln for ln in lines if ln.changed] if only_changed else list(lines)
    if not shown:
        return html.P(t("progress.diff.none", lang), className="text-muted")
    head = [html.Th(t("diagram.position", lang)), html.Th(t("table.group", lang))]
    head += [html.Th(t(f"scope.{s}", lang), className="text-center") for s in SCOPES]
    if note_header:
        head.append(html.Th(note_header, className="text-center"))
    body = []
    for ln in shown[:MAX_ROWS]:
        label: list = [ln.name]
        if ln.tag:
            label += [" ", dbc.Badge(t(f"progress.{ln.tag}", lang), color="secondary", className="ms-1")]
        cells = [render_cell(*ln.cells[s], s, lang) for s in SCOPES]
        row = [
            html.Td(label),
            html.Td(ln.group or t("group.none", lang), className="small text-muted"),
            *cells,
        ]
        if note_header:
            row.append(html.Td(ln.note, className="text-center small"))
        body.append(html.Tr(row, **{"data-item": ln.key}))
    more = []
    if len(shown) > MAX_ROWS:
        more = [html.P(t("progress.more", lang, n=len(shown) - MAX_ROWS), className="small text-muted")]
    return html.Div(
        [
            html.Table(
                [html.Thead(html.Tr(head)), html.Tbody(body)], className="table table-sm align-middle"
            ),
            *more,
        ]
    )


def _directions_text(per: Mapping[tuple[str, str], int], lang: str) -> str:
    order = sorted(per, key=lambda p: (COLOURS.index(p[0]), COLOURS.index(p[1])))
    return " · ".join(f"{letter(b, lang)}→{letter(a, lang)} {per[(b, a)]}" for b, a in order)


def render_diff_totals(cmp: progress.Comparison, lang: str) -> html.Div:
    head = html.Tr(
        [html.Th("")]
        + [
            html.Th(t(f"progress.{d}", lang), className="text-center")
            for d in ("improved", "regressed", "other")
        ]
        + [html.Th(t("progress.directions", lang))]
    )
    body = []
    for scope in SCOPES:
        body.append(
            html.Tr(
                [html.Th(t(f"scope.{scope}.long", lang))]
                + [
                    html.Td(
                        str(cmp.count(d, scope)),
                        className="text-center",
                        **{"data-scope": scope, "data-direction": d},
                    )
                    for d in ("improved", "regressed", "other")
                ]
                + [html.Td(_directions_text(cmp.directions[scope], lang), className="small")]
            )
        )
    facts = [
        ("added", len(cmp.added)),
        ("removed", len(cmp.removed)),
        ("warnings_opened", len(cmp.warnings_opened)),
        ("warnings_closed", len(cmp.warnings_closed)),
        ("overrides", len(cmp.overrides)),
    ]
    badges = [
        html.Span(
            [t(f"progress.count.{name}", lang), ": ", html.B(str(n), **{"data-fact": name})], className="me-3"
        )
        for name, n in facts
    ]
    return html.Div(
        [
            html.Table(
                [html.Thead(head), html.Tbody(body)],
                className="table table-sm sv-totals mb-2",
                id="pg-diff-table",
            ),
            html.Div(badges, className="small mb-2", id="pg-diff-facts"),
        ]
    )


def render_totals_row(totals: Mapping[str, Mapping[str, int]], lang: str, table_id: str) -> html.Table:
    head = html.Tr([html.Th("")] + [html.Th(_chip(c, lang), className="text-center") for c in COLOURS])
    body = [
        html.Tr(
            [html.Th(t(f"scope.{s}.long", lang))]
            + [
                html.Td(str(totals[s][c]), className="text-center", **{"data-scope": s, "data-colour": c})
                for c in COLOURS
            ]
        )
        for s in SCOPES
    ]
    return html.Table([html.Thead(head), html.Tbody(body)], className="table table-sm sv-totals", id=table_id)


def render_late(items: Iterable[progress.NotGreen], horizon: int, lang: str) -> html.Div:
    items = list(items)
    title = html.H3(t("progress.late", lang, year=str(horizon), n=len(items)), className="h6 mt-3")
    if not items:
        return html.Div([title, html.P(t("progress.late.none", lang), className="text-muted")])
    rows = [
        html.Tr(
            [
                html.Td(n.name),
                html.Td(_chip(n.colour_now, lang), className="text-center"),
                html.Td(_chip(n.colour_at_horizon, lang), className="text-center"),
                html.Td(render(n.explanation, lang), className="small"),
            ]
        )
        for n in items[:MAX_ROWS]
    ]
    head = html.Tr(
        [
            html.Th(t("diagram.position", lang)),
            html.Th(t("progress.now", lang), className="text-center"),
            html.Th(str(horizon), className="text-center"),
            html.Th(t("cell.why", lang)),
        ]
    )
    return html.Div(
        [title, html.Table([html.Thead(head), html.Tbody(rows)], className="table table-sm", id="pg-late")]
    )


def default_name(lang: str, today: dt.date | None = None) -> str:
    return f"{t('progress.session', lang)} {format_date(today or dt.date.today())}"


# ---------------------------------------------------------------------------------------------
# Layout


def layout(lang: str | None = None, **_query: object) -> html.Div:
    lang = norm_lang(lang)
    svc = service()
    infos = svc.snapshot_infos()
    this_year = dt.date.today().year
    horizon = progress.roadmap_horizon()
    last = max(horizon, this_year) + FORECAST_BEYOND
    marks = {y: str(y) for y in range(this_year, last + 1) if (y - this_year) % 2 == 0 or y == horizon}
    before_value = _default_before(infos)
    return html.Div(
        [
            dcc.Store(id="pg-lang", data=lang),
            dcc.Store(id="pg-version", data=0),
            html.H1(t("progress.title", lang), className="h3 mb-1"),
            html.P(t("progress.hint", lang), className="text-muted"),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(t("progress.freeze.title", lang), className="h5"),
                        dbc.InputGroup(
                            [
                                dbc.Label(
                                    t("screen.snapshot_name", lang),
                                    html_for="pg-name",
                                    className="visually-hidden",
                                ),
                                dbc.Input(
                                    id="pg-name", value=default_name(lang), maxLength=LIMITS[SNAPSHOT_NAME]
                                ),
                                dbc.Button(
                                    t("progress.freeze", lang),
                                    id="pg-freeze",
                                    color="primary",
                                    n_clicks=0,
                                    # a viewer may not freeze (the service refuses anyway)
                                    disabled=not can(current_actor(), SNAPSHOT),
                                ),
                            ]
                        ),
                        html.Div(id="pg-freeze-msg", className="small mt-2"),
                    ]
                ),
                className="mb-3",
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(t("progress.compare.title", lang), className="h5"),
                        dbc.Row(
                            [
                                dbc.Col(
                                    [
                                        dbc.Label(t("progress.before", lang), html_for="pg-before"),
                                        dcc.Dropdown(
                                            id="pg-before",
                                            options=snapshot_options(infos, lang, with_now=False),
                                            value=before_value,
                                            placeholder=t("progress.pick", lang),
                                            # A comparison always needs a "before"; a clearable
                                            # dropdown deselects on a click of the chosen option.
                                            clearable=False,
                                        ),
                                    ],
                                    md=5,
                                ),
                                dbc.Col(
                                    [
                                        dbc.Label(t("progress.after", lang), html_for="pg-after"),
                                        dcc.Dropdown(
                                            id="pg-after",
                                            options=snapshot_options(infos, lang, with_now=True),
                                            value=NOW,
                                            clearable=False,
                                        ),
                                    ],
                                    md=5,
                                ),
                                dbc.Col(
                                    dbc.Checklist(
                                        id="pg-only-changed",
                                        options=[{"label": t("progress.only_changed", lang), "value": "on"}],
                                        value=["on"],
                                        switch=True,
                                        className="mt-4",
                                    ),
                                    md=2,
                                ),
                            ],
                            className="mb-3",
                        ),
                        html.Div(id="pg-diff-totals"),
                        html.Div(id="pg-diff-diagram"),
                    ]
                ),
                className="mb-3",
            ),
            dbc.Card(
                dbc.CardBody(
                    dcc.Graph(
                        id="pg-chart",
                        figure=progress.progress_figure(series_of(svc, lang), lang=lang, width=None),
                        config={"displaylogo": False, "responsive": True},
                    )
                ),
                className="mb-3",
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(t("progress.forecast.title", lang), className="h5"),
                        html.P(t("progress.forecast.hint", lang), className="small text-muted"),
                        html.Div(  # the slider's name for screen readers (assets/a11y.js)
                            dcc.Slider(
                                id="pg-year",
                                min=this_year,
                                max=last,
                                step=1,
                                value=min(horizon, last) if horizon >= this_year else this_year,
                                marks=marks,
                                tooltip={"placement": "bottom", "always_visible": True},
                            ),
                            **{"data-sv-label": t("screen.forecast_year", lang)},
                        ),
                        dbc.Checklist(
                            id="pg-forecast-only-changed",
                            options=[{"label": t("progress.only_changed", lang), "value": "on"}],
                            value=["on"],
                            switch=True,
                            className="my-2",
                        ),
                        html.Div(id="pg-forecast-totals"),
                        html.Div(id="pg-forecast-diagram"),
                        html.Div(
                            render_late(progress.not_green_by(svc.view().dataset, horizon), horizon, lang)
                        ),
                    ]
                ),
                className="mb-3",
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(t("progress.report.title", lang), className="h5"),
                        html.P(t("progress.report.hint", lang), className="small text-muted"),
                        dbc.Button(
                            t("progress.report.pdf", lang),
                            id="pg-report-pdf",
                            color="primary",
                            className="me-2",
                            n_clicks=0,
                        ),
                        dbc.Button(
                            t("progress.report.html", lang),
                            id="pg-report-html",
                            color="secondary",
                            outline=True,
                            n_clicks=0,
                        ),
                        dcc.Loading(html.Div(id="pg-report-msg", className="small mt-2"), type="dot"),
                        dcc.Download(id="pg-report-download"),
                    ]
                ),
                className="mb-3",
            ),
        ]
    )


# ---------------------------------------------------------------------------------------------
# Callbacks


@dash.callback(
    Output("pg-freeze-msg", "children"),
    Output("pg-version", "data"),
    Input("pg-freeze", "n_clicks"),
    State("pg-name", "value"),
    State("pg-version", "data"),
    State("pg-lang", "data"),
    prevent_initial_call=True,
)
def freeze(_n: int, name: str | None, version: int | None, lang: str | None):
    lang = norm_lang(lang)
    name = (name or "").strip()
    if not name:
        return dbc.Alert(
            t("progress.freeze.name_required", lang), color="danger", className="py-1 mb-0"
        ), dash.no_update
    svc = service()
    # Through the service: freezing is a change, allowed to editors and admins.
    try:
        info = svc.freeze(name, user=current_user())
    except TextTooLong as long:
        return dbc.Alert(long.text(lang), color="danger", className="py-1 mb-0"), dash.no_update
    done = t("progress.freeze.done", lang, name=info.name, at=format_datetime(info.created_at))
    return dbc.Alert(done, color="success", className="py-1 mb-0"), (version or 0) + 1


@dash.callback(
    Output("pg-before", "options"),
    Output("pg-after", "options"),
    Output("pg-before", "value"),
    Output("pg-chart", "figure"),
    Input("pg-version", "data"),
    State("pg-before", "value"),
    State("pg-lang", "data"),
    prevent_initial_call=True,
)
def refresh_snapshots(_version: int, before: str | None, lang: str | None):
    lang = norm_lang(lang)
    svc = service()
    infos = svc.snapshot_infos()
    chosen = before if before else _default_before(infos)
    return (
        snapshot_options(infos, lang, with_now=False),
        snapshot_options(infos, lang, with_now=True),
        chosen,
        progress.progress_figure(series_of(svc, lang), lang=lang, width=None),
    )


@dash.callback(
    Output("pg-diff-totals", "children"),
    Output("pg-diff-diagram", "children"),
    Input("pg-before", "value"),
    Input("pg-after", "value"),
    Input("pg-only-changed", "value"),
    State("pg-lang", "data"),
)
def show_diff(before: str | None, after: str | None, only_changed: list | None, lang: str | None):
    lang = norm_lang(lang)
    svc = service()
    try:
        a = load_snapshot(svc, before, lang)
        b = load_snapshot(svc, after or NOW, lang)
    except progress.SnapshotError as exc:
        return dbc.Alert(error_text(exc, lang), color="danger"), ""
    if a is None or b is None:
        return html.P(t("progress.pick.hint", lang), className="text-muted"), ""
    cmp = progress.compare(a.state, b.state)
    title = html.P(
        t("progress.compare.between", lang, before=a.label, after=b.label),
        className="small text-muted mb-1",
    )
    lines = progress.diff_lines(cmp, a.state, b.state)
    return [title, render_diff_totals(cmp, lang)], render_lines(lines, lang, only_changed=bool(only_changed))


@dash.callback(
    Output("pg-forecast-totals", "children"),
    Output("pg-forecast-diagram", "children"),
    Input("pg-year", "value"),
    Input("pg-forecast-only-changed", "value"),
    State("pg-lang", "data"),
)
def show_forecast(year: int | None, only_changed: list | None, lang: str | None):
    lang = norm_lang(lang)
    view = service().view()
    year = int(year or dt.date.today().year)
    horizon = progress.roadmap_horizon()
    lines, totals = forecast_lines(view, year, horizon, lang)
    head = html.P(t("progress.forecast.year", lang, year=str(year)), className="fw-semibold mb-1")
    diagram = render_lines(
        lines, lang, only_changed=bool(only_changed), note_header=t("progress.forecast.green_year", lang)
    )
    return [head, render_totals_row(totals, lang, "pg-forecast-table")], diagram


@dash.callback(
    Output("pg-report-download", "data"),
    Output("pg-report-msg", "children"),
    Input("pg-report-pdf", "n_clicks"),
    Input("pg-report-html", "n_clicks"),
    State("pg-before", "value"),
    State("pg-lang", "data"),
    prevent_initial_call=True,
)
def download_report(_pdf: int, _html: int, before: str | None, lang: str | None):
    lang = norm_lang(lang)
    fmt = "html" if ctx.triggered_id == "pg-report-html" else "pdf"
    svc = service()
    try:
        since = load_snapshot(svc, before, lang) if before != NOW else None
        data = session_report(svc.view(), since_state=since, series=series_of(svc, lang), lang=lang, fmt=fmt)
    except (ReportError, progress.SnapshotError) as exc:
        return dash.no_update, dbc.Alert(error_text(exc, lang), color="danger", className="py-1 mb-0")
    name = f"svetofor-report-{dt.date.today():%Y-%m-%d}.{fmt}"
    return dcc.send_bytes(data, name), t("progress.report.done", lang)
