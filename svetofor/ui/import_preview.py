"""The import page's named preview (docs/domain.md §8): the mode in numbers, the counts on
top and every change below by name; and the one message for a file the planner may not import.

Thin: the changes come from :func:`svetofor.diff.named_diff` (in the plan's preview), their rows
from :func:`svetofor.preview_xlsx.preview_rows`, so the page and the downloaded workbook list
the same things in the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import html

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
