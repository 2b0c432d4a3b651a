"""The import page's effect of an import (docs/domain.md §8): the replace/update choice, the
mode in numbers, the counts on top and every change below by name with its workbook download;
and the one message for a file the planner may not import.

Thin: the changes come from :func:`svetofor.diff.named_diff` (in the plan's preview), their rows
from :func:`svetofor.preview_xlsx.preview_rows`, so the page and the downloaded workbook list
the same things in the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from svetofor.diff import NamedDiff
from svetofor.messages import Message, render
from svetofor.preview_xlsx import count_label, preview_rows
from svetofor.ui.i18n import t

SHOWN_ROWS = 500  # per block on the page; the workbook holds them all
_BLOCK_IDS = ("changes", "added", "removed", "warnings-opened", "warnings-closed", "stale")


def mode_view(lines: Sequence[Message], lang: str) -> html.Div:
    """What the chosen mode means for each country, in numbers."""
    return html.Div(
        [html.P(render(line, lang), className="small mb-1") for line in lines], id="imp-mode-effect"
    )


def counts_view(named: NamedDiff, lang: str) -> html.Ul:
    items = [
        html.Li([count_label(key, lang), ": ", html.Strong(str(n), className=f"imp-count-{key}")])
        for key, n in named.counts().items()
    ]
    return html.Ul(items, id="imp-named-counts", className="small mb-2")


def named_view(named: NamedDiff, lang: str) -> html.Div:
    """The counts on top, then one table per kind of change that has any."""
    parts: list[Any] = [counts_view(named, lang)]
    for block_id, (title, header, rows) in zip(_BLOCK_IDS, preview_rows(named, lang), strict=True):
        if not rows:
            continue
        body = [html.Tr([html.Td(v) for v in row], className="imp-named-row") for row in rows[:SHOWN_ROWS]]
        if len(rows) > SHOWN_ROWS:
            more = t("common.more", lang, n=len(rows) - SHOWN_ROWS)
            body.append(html.Tr(html.Td(more, colSpan=len(header), className="text-muted")))
        parts.append(
            html.Details(
                [
                    html.Summary(f"{title}: {len(rows)}"),
                    dbc.Table(
                        [html.Thead(html.Tr([html.Th(h) for h in header])), html.Tbody(body)],
                        size="sm",
                        bordered=True,
                        className="small",
                    ),
                ],
                open=True,
                id=f"imp-named-{block_id}",
                className="mb-2",
            )
        )
    return html.Div(parts, id="imp-named")


def refused_view(refused: Sequence[str], role: str, lang: str) -> dbc.Alert:
    """The one answer for a file with rows of a country the planner may not import: no green
    "no errors" box above it and no preview claiming the file would replace that country."""
    countries = ", ".join(t(f"scope.{c}.long", lang) for c in refused)
    return dbc.Alert(
        t("importing.denied.other_country", lang, countries=countries, role=t(f"role.{role}", lang)),
        id="imp-denied",
        color="warning",
        className="mt-3",
    )


def _listing(key: str, part: dict[str, Any], lang: str) -> html.Div | None:
    if not part["count"]:
        return None
    more = part["count"] - len(part["names"])
    items = [html.Li(name) for name in part["names"]]
    if more > 0:
        items.append(html.Li(t("common.more", lang, n=more), className="text-muted"))
    return html.Div(
        [
            html.Strong(t("import.effect.counted", lang, what=t(key, lang), n=part["count"])),
            html.Ul(items, className="mb-2"),
        ],
        className=f"imp-effect-{key.rsplit('.', 1)[-1].replace('_', '-')}",
    )


def effect_view(
    effect: dict[str, Any], lang: str, named: NamedDiff | None = None, mode_lines: Sequence[Message] = ()
) -> html.Div:
    countries = ", ".join(t(f"scope.{c}.long", lang) for c in effect["countries"]) or "—"
    parts: list[Any] = [html.H3(t("import.effect", lang), className="h6 mt-3")]
    if effect["already"]:
        parts.append(
            dbc.Alert(
                t(
                    "import.effect.already",
                    lang,
                    id=str(effect["already"]["id"]),
                    at=effect["already"]["at"],
                    user=effect["already"]["user"],
                ),
                color="warning",
                id="imp-already",
            )
        )
    if mode_lines:
        parts.append(mode_view(mode_lines, lang))
    else:
        parts.append(html.P(t("import.effect.replaces", lang, countries=countries), className="small"))
    if effect["changes"]:
        parts.append(html.Ul([html.Li(line) for line in effect["changes"]], id="imp-changes"))
    else:
        parts.append(html.P(t("import.effect.none", lang), id="imp-changes"))
    if named is not None:  # every change by name; the enterprises as before
        parts.append(named_view(named, lang))
        parts.append(preview_download(lang))
    listed = ("new_enterprises", "removed_enterprises") if named is not None else _ALL_LISTED
    for key in listed:
        block = _listing(f"import.effect.{key}", effect[key], lang)
        if block is not None:
            parts.append(block)
    return html.Div(parts, id="imp-effect-body")


_ALL_LISTED = (
    "new_items",
    "removed_items",
    "new_enterprises",
    "removed_enterprises",
    "new_warnings",
    "stale_overrides",
)


def mode_choice(lang: str) -> html.Div:
    """Replace (the default) or update: the upload dialog's choice of docs/domain.md §8."""
    return html.Div(
        [
            dbc.Label(t("importing.mode", lang), html_for="imp-mode"),
            dbc.RadioItems(
                id="imp-mode",
                options=[
                    {"label": t("importing.mode.replace.long", lang), "value": "replace"},
                    {"label": t("importing.mode.update.long", lang), "value": "update"},
                ],
                value="replace",
                className="small",
            ),
        ]
    )


def preview_download(lang: str) -> html.Div:
    return html.Div(
        [
            dbc.Button(
                t("importing.preview.download", lang),
                id="imp-preview-xlsx",
                color="secondary",
                outline=True,
                size="sm",
                n_clicks=0,
            ),
            dcc.Download(id="imp-preview-download"),
        ],
        className="mb-2",
    )
