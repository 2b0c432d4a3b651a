"""Export buttons of the diagram page: PNG, SVG, PDF and XLSX of the diagram as shown.

"As shown" means the filter the page holds (the same query string it mirrors into the address
bar) and the page's language. The bytes come from :func:`export_bytes`, which calls exactly what
``svetofor export`` calls, so the button and the command line give the same file for the same
filter. The page module includes :func:`export_controls` and calls :func:`register_callbacks`
(page modules are executed once per app, so the callback reaches every app).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any
from urllib.parse import parse_qs

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from svetofor.diagram import DiagramFilter, filter_rows
from svetofor.ui.i18n import norm_lang, t

FORMATS: tuple[str, ...] = ("png", "svg", "pdf", "xlsx")
MIME: dict[str, str] = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BUTTON_IDS: dict[str, str] = {fmt: f"export-{fmt}" for fmt in FORMATS}
DOWNLOAD_ID = "export-download"
MESSAGE_ID = "export-message"
# The ministry template (svetofor/template_xlsx.py), one button per country
TEMPLATE_COUNTRIES: tuple[str, ...] = ("BY", "RU")
TEMPLATE_IDS: dict[str, str] = {c: f"export-template-{c}" for c in TEMPLATE_COUNTRIES}
TEMPLATE_DOWNLOAD_ID = "export-template-download"


def filter_of_query(query: object) -> DiagramFilter:
    """The diagram filter of a ``?a=b&...`` query string (the page's ``diagram-query`` store)."""
    if not isinstance(query, str):
        return DiagramFilter()
    params = parse_qs(query.lstrip("?"), keep_blank_values=False)
    return DiagramFilter.from_query({k: v[0] for k, v in params.items() if v})


def export_filename(fmt: str, date: dt.date | None = None, flt: DiagramFilter | None = None) -> str:
    """``svetofor-2026-11-27.png``, or for a filtered diagram ``svetofor-2026-11-27-colour-red.png``:
    ASCII, so every browser and mail client keeps the name, and two filters never share one."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    day = (date or dt.date.today()).isoformat()
    return f"svetofor-{day}{filter_slug(flt)}.{fmt}"


def filter_slug(flt: DiagramFilter | None) -> str:
    """``-name-value`` per filter part in query order; a value that is not short plain ASCII
    (a Cyrillic group name, a search text) is replaced by a short digest of itself."""
    if flt is None:
        return ""
    parts: list[str] = []
    for name, value in flt.to_query().items():
        plain = re.sub(r"[^A-Za-z0-9]+", "-", value).strip("-")
        if not value.isascii() or len(plain) > 24 or not plain:
            plain = hashlib.sha256(value.encode()).hexdigest()[:6]
        parts.append(f"{name}-{plain}")
    return "".join(f"-{part}" for part in parts)


def template_filename(country: str, date: dt.date | None = None) -> str:
    """``svetofor-template-BY-2026-11-27.xlsx``"""
    return f"svetofor-template-{country}-{(date or dt.date.today()).isoformat()}.xlsx"


def template_download(view: Any, flt: DiagramFilter, country: str, lang: str) -> bytes:
    """The ministry template of ``country`` for the positions shown: what
    ``svetofor export --format template`` writes."""
    from svetofor.template_xlsx import template_bytes

    return template_bytes(filter_rows(view.rows, flt), view.dataset, country=country, lang=norm_lang(lang))


def export_bytes(view: Any, flt: DiagramFilter, fmt: str, lang: str = "ru") -> bytes:
    """The file of the diagram of ``view`` under ``flt``: what ``svetofor export`` writes."""
    lang = norm_lang(lang)
    if fmt == "xlsx":
        from svetofor.export_image import describe_filter
        from svetofor.export_xlsx import workbook_bytes

        rows = filter_rows(view.rows, flt)
        shown = describe_filter(flt, lang)
        return workbook_bytes(
            rows, view.warnings, view.reviews, lang=lang, dataset=view.dataset, filter_text=shown
        )
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    from svetofor.export_image import export_diagram

    return export_diagram(view.rows, flt, fmt, lang=lang)


def export_controls(lang: str) -> html.Div:
    """The button row and the download target, placed by the diagram page."""
    return html.Div(
        [
            # A short word keeps the diagram's toolbar on one line; the full sentence is its title.
            html.Span(
                t("screen.export", lang), title=t("export.label", lang), className="small text-muted me-1"
            ),
            dbc.ButtonGroup(
                [
                    dbc.Button(
                        fmt.upper(), id=BUTTON_IDS[fmt], size="sm", color="outline-primary", n_clicks=0
                    )
                    for fmt in FORMATS
                ],
                size="sm",
            ),
            html.Span(t("template.button", lang), className="small text-muted ms-2 me-1"),
            dbc.ButtonGroup(
                [
                    dbc.Button(
                        t(f"scope.{c}", lang),
                        id=TEMPLATE_IDS[c],
                        size="sm",
                        color="outline-secondary",
                        n_clicks=0,
                    )
                    for c in TEMPLATE_COUNTRIES
                ],
                size="sm",
            ),
            dcc.Loading(html.Span(id=MESSAGE_ID, className="ms-2 small text-danger"), type="dot"),
            dcc.Download(id=DOWNLOAD_ID),
            dcc.Download(id=TEMPLATE_DOWNLOAD_ID),
        ],
        className="d-flex align-items-center flex-wrap gap-1 sv-export",
    )


def register_callbacks() -> None:
    """Register the export callback on the app being built (see the module docstring)."""

    @dash.callback(
        Output(DOWNLOAD_ID, "data"),
        Output(MESSAGE_ID, "children"),
        *[Input(BUTTON_IDS[fmt], "n_clicks") for fmt in FORMATS],
        State("diagram-query", "data"),
        State("diagram-lang", "data"),
        running=[(Output(BUTTON_IDS[fmt], "disabled"), True, False) for fmt in FORMATS],
        prevent_initial_call=True,
    )
    def download(*args: Any):
        from svetofor.export_image import ImageExportError
        from svetofor.messages import error_text
        from svetofor.ui.context import service

        query, lang = args[-2], norm_lang(args[-1])
        trigger = dash.ctx.triggered_id
        fmt = next((f for f, bid in BUTTON_IDS.items() if bid == trigger), None)
        if fmt is None:
            return dash.no_update, dash.no_update
        try:
            data = export_bytes(service().view(), filter_of_query(query), fmt, lang)
        except (ImageExportError, ValueError) as exc:
            return dash.no_update, t("export.failed", lang, error=error_text(exc, lang))
        name = export_filename(fmt, flt=filter_of_query(query))
        return dcc.send_bytes(data, name, type=MIME[fmt]), ""

    @dash.callback(
        Output(TEMPLATE_DOWNLOAD_ID, "data"),
        *[Input(TEMPLATE_IDS[c], "n_clicks") for c in TEMPLATE_COUNTRIES],
        State("diagram-query", "data"),
        State("diagram-lang", "data"),
        prevent_initial_call=True,
    )
    def download_template(*args: Any):
        from svetofor.ui.context import service

        trigger = dash.ctx.triggered_id
        country = next((c for c, bid in TEMPLATE_IDS.items() if bid == trigger), None)
        if country is None:
            return dash.no_update
        data = template_download(service().view(), filter_of_query(args[-2]), country, args[-1])
        return dcc.send_bytes(data, template_filename(country), type=MIME["xlsx"])


__all__ = [
    "FORMATS",
    "export_bytes",
    "export_controls",
    "export_filename",
    "filter_of_query",
    "filter_slug",
    "register_callbacks",
    "template_download",
    "template_filename",
]
