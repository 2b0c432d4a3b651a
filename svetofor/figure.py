"""The Svetofor diagram as a plotly figure, for PNG/SVG/PDF export.

Cells are filled polygons of one scatter trace per colour (not a heatmap), so SVG and PDF stay
vector and a 2,000-row figure is four paths instead of 6,000 shapes. Every cell carries a letter
(З/Ж/К, н/д), overrides a ✎ and overrides the data moved under a ⚠, so the picture reads in
greyscale and for colour-blind readers. The header is both legend and totals: one line per
colour with its meaning and its count under each of BY, RU and UNION.

Geometry is in pixels (axes span the plot area one unit per pixel), so row height, cell size
and the page formats of :data:`PAGE_PX` are exact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from svetofor.diagram import DiagramRow, group_rows
from svetofor.messages import format_date, norm_lang, render, text
from svetofor.model import COLOURS, SCOPES
from svetofor.palette import (
    FILL,
    INK,
    NOT_LOCALISABLE_MARK,
    OVERRIDE_MARK,
    STALE_MARK,
    WARNING_MARK,
    colour_word,
    kind_word,
    letter,
    scope_word,
)
from svetofor.security import plotly_text as esc  # every text from data (docs/security.md)

FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"

# Page sizes at 96 px per inch (what Chromium prints a figure of that size onto).
PAGE_PX: dict[str, tuple[int, int]] = {"A4": (794, 1123), "A3": (1123, 1587)}


@dataclass(frozen=True)
class Geometry:
    """Pixel layout of one figure."""

    width: int = 1100
    row_height: int = 22
    cell_width: int = 66
    cell_gap: int = 6
    margin_top: int = 66
    margin_bottom: int = 20
    margin_side: int = 14
    font_size: int = 11
    header_lines: int = 7  # column titles, four colours with totals, two lines of marks

    @property
    def plot_width(self) -> int:
        return self.width - 2 * self.margin_side

    def cell_centre(self, scope_index: int) -> float:
        right = self.plot_width - 4 - self.cell_width / 2
        return right - (len(SCOPES) - 1 - scope_index) * (self.cell_width + self.cell_gap)

    @property
    def name_right(self) -> float:
        return self.cell_centre(0) - self.cell_width / 2 - 10

    @property
    def body_top(self) -> float:
        return (self.header_lines + 0.5) * self.row_height

    def height_for(self, lines: int) -> int:
        plot = self.body_top + max(lines, 1) * self.row_height + 4
        return int(self.margin_top + plot + self.margin_bottom)

    def lines_per_page(self, page_height: int) -> int:
        usable = page_height - self.margin_top - self.margin_bottom - self.body_top - 4
        return max(1, int(usable // self.row_height))


def page_geometry(page: str = "A4") -> Geometry:
    """Geometry whose figures are exactly one ``page`` wide (portrait)."""
    width, _ = PAGE_PX[page]
    return Geometry(width=width, row_height=20, cell_width=54, cell_gap=4, font_size=10)


def _sections(rows: Sequence[DiagramRow]) -> list[tuple[str, str | None, list[DiagramRow]]]:
    return group_rows(rows)


def _lines(rows: Sequence[DiagramRow]) -> int:
    return sum(1 + len(members) for _k, _g, members in _sections(rows))


def paginate(rows: Sequence[DiagramRow], per_page: int) -> list[list[DiagramRow]]:
    """Split rows (in section order) into pages of at most ``per_page`` lines each.

    A line is a row or a section heading; every page repeats the heading of its first section,
    so each page reads on its own.
    """
    if per_page < 2:
        raise ValueError("a page needs room for a heading and a row")
    pages: list[list[DiagramRow]] = []
    current: list[DiagramRow] = []
    used = 0
    for _kind, _group, members in _sections(rows):
        for i, row in enumerate(members):
            need = 2 if (i == 0 or not current) else 1  # a heading opens every section and page
            if used + need > per_page and current:
                pages.append(current)
                current, used, need = [], 0, 2
            current.append(row)
            used += need
    if current or not pages:
        pages.append(current)
    return pages


def _truncate(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max(1, max_chars - 1)].rstrip() + "…"


def _rect(xs: list[float | None], ys: list[float | None], x0: float, y0: float, x1: float, y1: float) -> None:
    xs.extend((x0, x1, x1, x0, x0, None))
    ys.extend((y0, y0, y1, y1, y0, None))


def _date_text(date: dt.date | dt.datetime | str | None) -> str:
    if isinstance(date, str):
        return date
    return format_date(date or dt.date.today())


def _text_trace(
    x: Sequence[float],
    y: Sequence[float],
    text: Sequence[str],
    position: str | Sequence[str],
    font: dict[str, Any],
    *,
    hover: Sequence[str] | None = None,
) -> go.Scatter:
    """One text-only trace: labels, headings or cell letters (hover text only on the cells)."""
    return go.Scatter(
        x=x,
        y=y,
        text=text,
        mode="text",
        textposition=position,
        textfont=font,
        hovertext=hover,
        hoverinfo="text" if hover is not None else "skip",
        showlegend=False,
    )


def diagram_figure(
    rows: Sequence[DiagramRow],
    totals: Mapping[str, Mapping[str, int]],
    *,
    title: str,
    lang: str = "ru",
    date: dt.date | dt.datetime | str | None = None,
    subtitle: str | None = None,
    geometry: Geometry | None = None,
    page: tuple[int, int] | None = None,
    height: int | None = None,
) -> go.Figure:
    """The diagram of ``rows`` (already filtered) with ``totals`` in the header.

    ``totals`` is scope -> colour -> count (``diagram.totals``), usually of the whole filtered
    selection even when ``rows`` is one page of it. ``page`` is ``(number, count)`` for the
    title; ``height`` fixes the figure height (a PDF page), else it grows with the rows.
    """
    lang = norm_lang(lang)
    g = geometry or Geometry()
    sections = _sections(rows)
    lines = sum(1 + len(m) for _k, _gr, m in sections)
    fig_height = height or g.height_for(lines)
    plot_height = fig_height - g.margin_top - g.margin_bottom
    rh = g.row_height
    cw = g.cell_width
    ch = rh - 4
    centres = [g.cell_centre(i) for i in range(len(SCOPES))]

    polys: dict[str, tuple[list[float | None], list[float | None]]] = {c: ([], []) for c in COLOURS}
    cell_x: list[float] = []
    cell_y: list[float] = []
    cell_text: list[str] = []
    cell_ink: list[str] = []
    cell_hover: list[str] = []
    label_x: list[float] = []
    label_y: list[float] = []
    label_text: list[str] = []
    head_x: list[float] = []
    head_y: list[float] = []
    head_text: list[str] = []
    head_pos: list[str] = []  # section headings sit left, counts centred under their column
    band_x: list[float | None] = []
    band_y: list[float | None] = []

    # Header: column titles, then one line per colour (meaning + totals), then the marks.
    head_x.append(0)
    head_y.append(rh * 0.5)
    head_text.append(f"<b>{text('diagram.position', lang)}</b>")
    head_pos.append("middle right")
    for i, scope in enumerate(SCOPES):
        head_x.append(centres[i])
        head_y.append(rh * 0.5)
        head_text.append(f"<b>{scope_word(scope, lang)}</b>")
        head_pos.append("middle center")
    for line, colour in enumerate(COLOURS, start=1):
        y = rh * (line + 0.5)
        swatch = 0.6 * ch
        _rect(*polys[colour], 0, y - swatch / 2, swatch * 1.6, y + swatch / 2)
        label_x.append(swatch * 1.6 + 6)
        label_y.append(y)
        label_text.append(f"{letter(colour, lang)} — {colour_word(colour, lang)}")
        for i, scope in enumerate(SCOPES):
            head_x.append(centres[i])
            head_y.append(y)
            head_text.append(str(totals.get(scope, {}).get(colour, 0)))
            head_pos.append("middle center")
    label_x.append(0)
    label_y.append(rh * 5.5)
    label_text.append(
        text("figure.marks", lang, override=OVERRIDE_MARK, stale=STALE_MARK, warning=WARNING_MARK)
    )
    label_x.append(0)
    label_y.append(rh * 6.5)
    # its own line: the marks together overflow an A4 width
    label_text.append(text("figure.marks.not_localisable", lang, mark=NOT_LOCALISABLE_MARK))

    # Body: a shaded heading per section, then one line per position.
    max_chars = int(g.name_right / (g.font_size * 0.6))
    y = g.body_top
    previous_kind: str | None = None
    for kind, group, members in sections:
        _rect(band_x, band_y, 0, y + 1, g.plot_width, y + rh - 1)
        kind_name = kind_word(kind, lang)
        heading = group or kind_name
        if kind != previous_kind and heading.casefold() != kind_name.casefold():
            heading = f"{kind_name} — {heading}"  # the kind once, where its sections begin
        previous_kind = kind
        head_x.append(4)
        head_y.append(y + rh / 2)
        head_text.append(f"<b>{esc(_truncate(heading, max_chars))}</b>")
        head_pos.append("middle right")
        y += rh
        for row in members:
            centre_y = y + rh / 2
            item = row.item
            name = f"{item.code}  {item.name}" if item.code else item.name
            if row.warning_keys:
                name = f"{name} {WARNING_MARK}"
            if row.localisation is not None and not row.localisation.localisable:
                name = f"{NOT_LOCALISABLE_MARK} {name}"  # first, as on the page: truncation keeps it
            label_x.append(4)
            label_y.append(centre_y)
            label_text.append(esc(_truncate(name, max_chars)))
            for i, scope in enumerate(SCOPES):
                cell = row.cells[scope]
                colour = cell.colour if cell.colour in FILL else "none"
                x0 = centres[i] - cw / 2
                _rect(*polys[colour], x0, centre_y - ch / 2, x0 + cw, centre_y + ch / 2)
                mark = (f" {STALE_MARK}" if cell.stale else f" {OVERRIDE_MARK}") if cell.overridden else ""
                cell_x.append(centres[i])
                cell_y.append(centre_y)
                cell_text.append(letter(colour, lang) + mark)
                cell_ink.append(INK[colour])
                why = esc(render(cell.computed.explanation, lang))  # names enterprises: data
                if cell.override is not None:
                    why += f"<br>{OVERRIDE_MARK} {esc(cell.override.reason)} ({esc(cell.override.author)})"
                cell_hover.append(f"{esc(item.name)}<br>{scope_word(scope, lang)}: {why}")
            y += rh
    if not rows:
        label_x.append(4)
        label_y.append(y + rh / 2)
        label_text.append(text("diagram.empty", lang))

    traces: list[go.Scatter] = [
        go.Scatter(
            x=band_x,
            y=band_y,
            fill="toself",
            fillcolor="#eef1f5",
            mode="lines",
            line={"width": 0},
            hoverinfo="skip",
            showlegend=False,
        )
    ]
    for colour in COLOURS:
        xs, ys = polys[colour]
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                fill="toself",
                fillcolor=FILL[colour],
                mode="lines",
                line={"width": 0.6, "color": "#ffffff" if colour != "none" else "#9e9e9e"},
                name=f"{letter(colour, lang)} — {colour_word(colour, lang)}",
                hoverinfo="skip",
                showlegend=False,
            )
        )
    font = {"family": FONT_FAMILY, "size": g.font_size, "color": "#1b1b1b"}
    traces.append(_text_trace(label_x, label_y, label_text, "middle right", font))
    traces.append(_text_trace(head_x, head_y, head_text, head_pos, font))
    cell_font = {"family": FONT_FAMILY, "size": g.font_size + 1, "color": cell_ink}
    traces.append(_text_trace(cell_x, cell_y, cell_text, "middle center", cell_font, hover=cell_hover))

    count = sum(totals.get(SCOPES[0], {}).values()) if totals else len(rows)
    sub = [_date_text(date), text("count.positions", lang, n=count)]
    if subtitle:
        sub.append(subtitle)
    if page is not None and page[1] > 1:
        sub.append(text("figure.page", lang, page=str(page[0]), pages=str(page[1])))
    fig = go.Figure(traces)
    fig.update_layout(
        width=g.width,
        height=fig_height,
        margin={"l": g.margin_side, "r": g.margin_side, "t": g.margin_top, "b": g.margin_bottom},
        title={
            "text": f"<b>{esc(title)}</b>",
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": 1 - 8 / fig_height,
            "yref": "container",
            "yanchor": "top",
            "font": {"family": FONT_FAMILY, "size": g.font_size + 6},
            "subtitle": {
                "text": esc(" · ".join(sub)),
                "font": {"family": FONT_FAMILY, "size": g.font_size + 1},
            },
        },
        font={"family": FONT_FAMILY, "size": g.font_size},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        showlegend=False,
        xaxis={"range": [0, g.plot_width], "visible": False, "fixedrange": True},
        yaxis={"range": [plot_height, 0], "visible": False, "fixedrange": True},
        shapes=[
            {
                "type": "line",
                "x0": 0,
                "x1": g.plot_width,
                "y0": g.body_top - 3,
                "y1": g.body_top - 3,
                "line": {"color": "#888888", "width": 1},
            }
        ],
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    return fig


def page_figures(
    rows: Sequence[DiagramRow],
    totals: Mapping[str, Mapping[str, int]],
    *,
    title: str,
    lang: str = "ru",
    date: dt.date | dt.datetime | str | None = None,
    subtitle: str | None = None,
    page: str = "A4",
) -> list[go.Figure]:
    """One figure per printed page of ``page`` size, each with the title, legend and totals."""
    if page not in PAGE_PX:
        raise ValueError(f"page must be one of {', '.join(PAGE_PX)}, not {page!r}")
    g = page_geometry(page)
    _, page_height = PAGE_PX[page]
    chunks = paginate(rows, g.lines_per_page(page_height))
    return [
        diagram_figure(
            chunk,
            totals,
            title=title,
            lang=lang,
            date=date,
            subtitle=subtitle,
            geometry=g,
            page=(i, len(chunks)),
            height=page_height,
        )
        for i, chunk in enumerate(chunks, start=1)
    ]
