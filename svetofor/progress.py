"""The progress chart over snapshots, and the one import of the progress page and the CLI for
everything about progress: snapshots (:mod:`svetofor.snapshots`), comparison
(:mod:`svetofor.comparison`) and the forecast (:mod:`svetofor.forecast`) are re-exported here.
The import pipeline needs only :mod:`svetofor.snapshots`, so it never loads plotly.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from svetofor.comparison import Comparison, Line, OverrideMade, compare, diff_lines, forecast_lines
from svetofor.figure import FONT_FAMILY
from svetofor.forecast import (
    DEFAULT_HORIZON,
    HORIZON_ENV,
    NotGreen,
    count_colours,
    forecast,
    forecast_statuses,
    green_year,
    not_green_by,
    roadmap_horizon,
)
from svetofor.messages import format_date, norm_lang, render, text
from svetofor.model import COLOURS, SCOPES
from svetofor.palette import FILL, colour_word, scope_word
from svetofor.security import plotly_text
from svetofor.snapshots import (
    NOW,
    SNAPSHOT_FORMAT,
    ProgressPoint,
    Snapshot,
    SnapshotError,
    SnapshotNotFound,
    current_snapshot,
    decode_snapshot,
    default_since,
    encode_snapshot,
    find_snapshot,
    import_snapshot_name,
    info_name,
    load_snapshot,
    progress_series,
    snapshot_name,
    snapshot_payload,
    snapshot_totals,
    state_of_view,
    stored_name,
    stored_series,
)

# Line styles differ as well as colours, so the chart reads in greyscale and for colour-blind readers.
_DASH = {"green": "solid", "yellow": "dash", "red": "dot", "none": "dashdot"}

_SYMBOL = {"green": "circle", "yellow": "square", "red": "diamond", "none": "x"}


def _short(label: str, limit: int = 16) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def progress_figure(
    series: Sequence[ProgressPoint], *, lang: str = "ru", width: int | None = 1000, height: int = 420
) -> go.Figure:
    """Green/yellow/red counts per scope (one panel each) over the snapshots, oldest left;
    ``width=None`` fills its container (the page), a number fixes it (the report)."""
    lang = norm_lang(lang)
    fig = make_subplots(
        rows=1,
        cols=len(SCOPES),
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=[scope_word(s, lang) for s in SCOPES],
    )
    xs = list(range(len(series)))
    # snapshot names are typed by planners: literal text for plotly, never markup
    labels = [plotly_text(render(p.label, lang)) for p in series]
    # three panels share the width: long snapshot names are cut on the axis, whole in the hover
    ticks = [f"{plotly_text(_short(render(p.label, lang)))}<br>{format_date(p.taken_at)}" for p in series]
    shown_none = any(p.totals[s]["none"] for p in series for s in SCOPES)
    colours = [c for c in COLOURS if c != "none" or shown_none]
    for col, scope in enumerate(SCOPES, start=1):
        for colour in colours:
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=[p.totals[scope][colour] for p in series],
                    mode="lines+markers",
                    name=colour_word(colour, lang),
                    legendgroup=colour,
                    showlegend=col == 1,
                    line={"color": FILL[colour], "width": 3, "dash": _DASH[colour]},
                    marker={"symbol": _SYMBOL[colour], "size": 8, "line": {"color": "#333333", "width": 1}},
                    customdata=labels,
                    hovertemplate=f"%{{customdata}}<br>{scope_word(scope, lang)} · "
                    f"{colour_word(colour, lang)}: %{{y}}<extra></extra>",
                ),
                row=1,
                col=col,
            )
        fig.update_xaxes(
            tickvals=xs, ticktext=ticks, tickangle=0 if len(series) <= 2 else -35, row=1, col=col
        )
    title = text("progress.chart.title", lang)
    if not series:
        title = f"{title} — {text('progress.chart.empty', lang)}"
    fig.update_yaxes(title_text=text("progress.chart.positions", lang), rangemode="tozero", row=1, col=1)
    fig.update_layout(
        title={"text": title, "x": 0.01},
        width=width,
        height=height,
        font={"family": FONT_FAMILY, "size": 12},
        # The legend sits at the foot of the whole figure, under the margin that holds the
        # (turned, two-line) axis labels, so the two never overlap.
        legend={"orientation": "h", "yref": "container", "y": 0.0, "yanchor": "bottom", "x": 0.01},
        margin={"l": 60, "r": 20, "t": 70, "b": 150},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
    )
    fig.update_xaxes(showgrid=False, linecolor="#999999")
    fig.update_yaxes(gridcolor="#e5e5e5")
    return fig


__all__ = [
    "DEFAULT_HORIZON",
    "HORIZON_ENV",
    "NOW",
    "SNAPSHOT_FORMAT",
    "Comparison",
    "Line",
    "NotGreen",
    "OverrideMade",
    "ProgressPoint",
    "Snapshot",
    "SnapshotError",
    "SnapshotNotFound",
    "compare",
    "count_colours",
    "current_snapshot",
    "decode_snapshot",
    "default_since",
    "diff_lines",
    "encode_snapshot",
    "find_snapshot",
    "forecast",
    "forecast_lines",
    "forecast_statuses",
    "green_year",
    "import_snapshot_name",
    "info_name",
    "load_snapshot",
    "not_green_by",
    "progress_figure",
    "progress_series",
    "roadmap_horizon",
    "snapshot_name",
    "snapshot_payload",
    "snapshot_totals",
    "state_of_view",
    "stored_name",
    "stored_series",
]
