"""Pure helpers of the diagram page: plain values in, Dash components or plain values out.

Callbacks in ``pages/diagram.py`` only fetch the service and call these, so the unit tests
exercise the page logic without a browser or a request.

The diagram is rendered as lightweight html (a CSS grid row per position, a native
``<details>`` per kind and group) and paged, because Dash renders a few thousand plain divs
quickly but not tens of thousands. Cells carry ``data-item``/``data-scope`` and one delegated
click listener (``assets/svetofor.js``) reports clicks, so there is no per-cell callback input.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dash import Patch, html

from svetofor import palette
from svetofor.diagram import DiagramFilter, filter_rows, group_rows, totals
from svetofor.messages import format_datetime, render
from svetofor.model import COLOURS, SCOPES
from svetofor.ui.i18n import t

PAGE_SIZE = 300

# The page, the image and the Excel export share one palette and one letter per colour: the
# colour is never the only signal (red-green colour-blind readers).
OVERRIDE_MARK = palette.OVERRIDE_MARK
STALE_MARK = palette.STALE_MARK
WARNING_MARK = palette.WARNING_MARK
NOT_LOCALISABLE_MARK = (
    palette.NOT_LOCALISABLE_MARK
)  # a machine not localisable in the Union (docs/domain.md §5)


def icon(colour: str, lang: str) -> str:
    return palette.letter(colour, lang)


def cell_key(item_key: str, scope: str) -> str:
    return f"{item_key}|{scope}"


def format_time(value: Any) -> str:
    if isinstance(value, datetime):
        return format_datetime(value)
    return "" if value is None else str(value)


def explanation_of(cell: Any, lang: str) -> str:
    computed = getattr(cell, "computed", None)
    if computed is None:
        return ""
    return render(computed.explanation, lang)


def cell_title(cell: Any, lang: str) -> str:
    """The hover text of a cell: why it has its colour, and the override that set it, if any.

    Kept to what the letter does not already say, because it is sent for every cell of a page.
    """
    lines = []
    why = explanation_of(cell, lang)
    if why:
        lines.append(f"{t('cell.why', lang)}: {why}")
    ov = cell.override
    if ov is not None:
        lines.append(f"{t('cell.computed', lang)}: {t('colour.' + cell.computed.colour, lang)}")
        lines.append(
            f"{t('cell.override', lang)}: {t('colour.' + ov.colour, lang)} — {ov.reason} "
            f"({ov.author}, {format_time(ov.created_at)})"
        )
        if cell.stale:
            lines.append(f"{STALE_MARK} {t('diagram.stale.marker', lang)}")
    return "\n".join(lines)


def cell_class(cell: Any) -> str:
    classes = ["sv-cell", f"sv-{cell.colour}"]
    if cell.override is not None:
        classes.append("sv-overridden")
    if cell.stale:
        classes.append("sv-stale")
    return " ".join(classes)


def render_cell(item_key: str, scope: str, cell: Any, lang: str) -> html.Div:
    """One cell as one element: its letter as text; the override and stale marks are drawn by
    CSS from its classes. Few elements per row is what keeps a page of 300 positions fast."""
    return html.Div(
        icon(cell.colour, lang),
        className=cell_class(cell),
        title=cell_title(cell, lang),
        tabIndex="0",
        disable_n_clicks=True,
        **{"data-item": item_key, "data-scope": scope, "data-colour": cell.colour},
    )


def render_row(row: Any, lang: str) -> html.Div:
    """A position: its name (code and warning count shown by CSS from data attributes), then
    the BY, RU and UNION cells."""
    item = row.item
    label_data = {"data-code": item.code or ""}
    if row.warning_keys:
        label_data["data-warn"] = f"{WARNING_MARK} {len(row.warning_keys)}"
    name = title = item.name
    loc = row.localisation
    if loc is not None and not loc.localisable:  # a component red in the Union blocks this machine
        name = f"{NOT_LOCALISABLE_MARK} {name}"
        title = f"{title}\n{t('diagram.noloc.marker', lang, blocking=loc.blocking)}"
    return html.Div(
        [
            html.Div(name, className="sv-label", title=title, disable_n_clicks=True, **label_data),
            *(render_cell(item.key, scope, row.cells[scope], lang) for scope in SCOPES),
        ],
        className="sv-row",
        disable_n_clicks=True,
        **{"data-item": item.key},
    )


# Where a cell sits in the rendered body: body[k].children[g].children[r].children[1 + s].
CELL_OFFSET = 1  # the label comes first in a row
SECTION_OFFSET = 1  # the <summary> comes first in a <details>


def kind_label(kind: str | None, lang: str) -> str:
    return palette.kind_word(kind, lang)


def sections(rows: Sequence[Any]) -> list[tuple[str, list[tuple[str | None, list[Any]]]]]:
    """Kind sections, each holding its group sections, in order of first appearance."""
    by_kind: dict[str, list[tuple[str | None, list[Any]]]] = {}
    for kind, group, members in group_rows(rows):
        by_kind.setdefault(kind, []).append((group, members))
    return list(by_kind.items())


def page_count(n_rows: int, page_size: int = PAGE_SIZE) -> int:
    return max(1, -(-n_rows // page_size))


def page_rows(rows: Sequence[Any], page: int | None, page_size: int = PAGE_SIZE) -> Sequence[Any]:
    page = min(max(1, page or 1), page_count(len(rows), page_size))
    start = (page - 1) * page_size
    return rows[start : start + page_size]


def pager_class(pages: int) -> str:
    """The pager hides itself when everything fits on one page."""
    return "mt-3" if pages > 1 else "mt-3 d-none"


def render_body(rows: Sequence[Any], lang: str) -> tuple[list, dict[str, list]]:
    """The diagram body for ``rows`` and, per cell key, the path of that cell inside it, so a
    recolour can patch one cell instead of sending the page again."""
    if not rows:
        return [html.P(t("diagram.empty", lang), className="text-muted sv-empty")], {}
    body: list = []
    paths: dict[str, list] = {}
    for k, (kind, groups) in enumerate(sections(rows)):
        n_kind = sum(len(rs) for _, rs in groups)
        group_blocks: list = [
            html.Summary(
                [kind_label(kind, lang), html.Span(f" · {n_kind}", className="sv-count")],
                className="sv-kind-summary",
            )
        ]
        for g, (group, members) in enumerate(groups):
            rendered = [
                html.Summary(
                    [group or t("group.none", lang), html.Span(f" · {len(members)}", className="sv-count")],
                    className="sv-group-summary",
                )
            ]
            for r, row in enumerate(members):
                rendered.append(render_row(row, lang))
                for s, scope in enumerate(SCOPES):
                    paths[cell_key(row.item.key, scope)] = [
                        k,
                        g + SECTION_OFFSET,
                        r + SECTION_OFFSET,
                        s + CELL_OFFSET,
                    ]
            group_blocks.append(html.Details(rendered, open=True, className="sv-group"))
        body.append(html.Details(group_blocks, open=True, className="sv-kind"))
    return body, paths


def patch_path(path: Sequence[int]) -> list:
    """The ``dash.Patch`` key sequence of a cell path from :func:`render_body`."""
    k, g, r, s = path
    return [k, "props", "children", g, "props", "children", r, "props", "children", s]


def cell_patch(path: Sequence[int] | None, cell: Any) -> Patch:
    """A ``dash.Patch`` of the diagram body replacing one cell (nothing when it is not shown)."""
    patch = Patch()
    if path is None or cell is None:
        return patch
    *parents, last = patch_path(path)
    at = patch
    for key in parents:
        at = at[key]
    at[last] = cell
    return patch


def render_totals(totals: dict[str, dict[str, int]], lang: str) -> html.Table:
    """Per-scope counts of each colour, with the icon beside every number."""
    head = html.Tr(
        [html.Th("")]
        + [
            html.Th(
                [html.Span(icon(c, lang), className=f"sv-chip sv-{c}"), " ", t(f"colour.{c}.short", lang)]
            )
            for c in COLOURS
        ]
    )
    body = [
        html.Tr(
            [html.Th(t(f"scope.{scope}.long", lang))]
            + [
                html.Td(str(totals.get(scope, {}).get(c, 0)), **{"data-scope": scope, "data-colour": c})
                for c in COLOURS
            ],
        )
        for scope in SCOPES
    ]
    return html.Table(
        [html.Thead(head), html.Tbody(body)], className="table table-sm sv-totals mb-0", id="totals-table"
    )


def totals_patch(totals: dict[str, dict[str, int]]) -> Patch:
    """Only the twelve numbers of the totals table's children (see :func:`render_totals`), so a recolour's
    response stays a few hundred bytes instead of carrying the whole table."""
    patch = Patch()
    for s, scope in enumerate(SCOPES):
        for c, colour in enumerate(COLOURS):
            patch[1]["props"]["children"][s]["props"]["children"][1 + c]["props"]["children"] = str(
                totals.get(scope, {}).get(colour, 0)
            )
    return patch


def render_legend(lang: str) -> html.Div:
    entries = [
        html.Span(
            [html.Span(icon(c, lang), className=f"sv-chip sv-{c}"), " ", t(f"colour.{c}", lang)],
            className="sv-legend-entry",
        )
        for c in COLOURS
    ]
    entries += [
        html.Span(
            [
                html.Span(OVERRIDE_MARK, className="sv-chip sv-override-chip"),
                " ",
                t("diagram.override.marker", lang),
            ],
            className="sv-legend-entry",
        ),
        html.Span(
            [
                html.Span(STALE_MARK, className="sv-chip sv-stale-chip"),
                " ",
                t("diagram.stale.marker", lang),
            ],
            className="sv-legend-entry",
        ),
        html.Span(
            [
                html.Span(WARNING_MARK, className="sv-chip sv-warn-chip"),
                " ",
                t("diagram.warning.marker", lang),
            ],
            className="sv-legend-entry",
        ),
        html.Span(
            [
                html.Span(NOT_LOCALISABLE_MARK, className="sv-chip sv-warn-chip"),
                " ",
                t("diagram.noloc.legend", lang),
            ],
            className="sv-legend-entry",
        ),
    ]
    return html.Div(entries, className="sv-legend")


def scope_header(lang: str) -> html.Div:
    return html.Div(
        [html.Div(t("diagram.position", lang), className="sv-label")]
        + [
            html.Div(t(f"scope.{s}", lang), className="sv-scope-head", title=t(f"scope.{s}.long", lang))
            for s in SCOPES
        ],
        className="sv-row sv-head",
    )


def colour_options(lang: str) -> list[dict]:
    return [{"label": f"{icon(c, lang)} {t(f'colour.{c}.short', lang)}", "value": c} for c in COLOURS]


def settable_colour_options(lang: str) -> list[dict]:
    """Colours a planner may set: ``none`` means "no data" and is the data's word, not a choice."""
    return [o for o in colour_options(lang) if o["value"] != "none"]


def kind_options(rows: Iterable[Any], lang: str) -> list[dict]:
    seen: dict[str, None] = {}
    for row in rows:
        if row.item.kind:
            seen.setdefault(row.item.kind)
    return [{"label": kind_label(k, lang), "value": k} for k in seen]


def group_options(rows: Iterable[Any]) -> list[dict]:
    seen: dict[str, None] = {}
    for row in rows:
        if row.item.group:
            seen.setdefault(row.item.group)
    return [{"label": g, "value": g} for g in seen]


def validate_override(colour: str | None, reason: str | None) -> str | None:
    """The translation key of what is wrong with a recolour request, or ``None`` if it may go."""
    if colour not in COLOURS or colour == "none":
        return "error.colour_required"
    if not (reason or "").strip():
        return "error.reason_required"
    return None


# ------------------------------------------------------------------------ filters and state

FLAG_OVERRIDDEN = "overridden"
FLAG_WARNINGS = "warnings"
FLAG_STALE = "stale"
ANY_SCOPE = "ANY"


PAGE_PARAM = "page"  # the diagram page number in the URL, next to the filter's parameters


def _flat(params: dict[str, Any]) -> dict[str, str]:
    flat = {k: (v[0] if isinstance(v, list) and v else v) for k, v in params.items()}
    return {k: str(v) for k, v in flat.items() if isinstance(v, str | int)}


def filter_from_query(params: dict[str, Any]) -> DiagramFilter:
    """The filter of a URL query as Dash's router hands it over (repeated keys become lists;
    only the first value counts, since ``DiagramFilter.to_query`` never repeats a key). An old
    link's one-country colour choice lands in that country's control."""
    return DiagramFilter.from_query(_flat(params)).normalised()


def page_from_query(params: dict[str, Any]) -> int:
    """The page number a link asks for; anything that is not a positive number means page 1
    (``diagram_state`` clamps a number beyond the last page)."""
    value = _flat(params).get(PAGE_PARAM, "")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def filter_from_controls(
    groups: Sequence[str] | None,
    kinds: Sequence[str] | None,
    colours_by: Sequence[str] | None,
    colours_ru: Sequence[str] | None,
    colours_union: Sequence[str] | None,
    colours_any: Sequence[str] | None,
    text: str | None,
    flags: Sequence[str] | None,
) -> DiagramFilter:
    """The filter of the page's controls: one colour choice per country (all must hold) and
    one for "any of the three"."""
    flags = flags or ()
    per_scope = zip(SCOPES, (colours_by, colours_ru, colours_union), strict=True)
    return DiagramFilter(
        groups=tuple(groups or ()),
        kinds=tuple(kinds or ()),
        colours=tuple(c for c in colours_any or () if c in COLOURS),
        text=(text or "").strip(),
        only_overridden=FLAG_OVERRIDDEN in flags,
        only_warnings=FLAG_WARNINGS in flags,
        only_stale=FLAG_STALE in flags,
        scope_colours={scope: [c for c in chosen or () if c in COLOURS] for scope, chosen in per_scope},
    )


def controls_from_filter(flt: DiagramFilter) -> dict[str, Any]:
    """The control values showing ``flt``; ``colours_<scope>`` per country, ``colours`` for any."""
    flt = flt.normalised()
    flags = [
        name
        for name, on in (
            (FLAG_OVERRIDDEN, flt.only_overridden),
            (FLAG_WARNINGS, flt.only_warnings),
            (FLAG_STALE, flt.only_stale),
        )
        if on
    ]
    return {
        "groups": list(flt.groups),
        "kinds": list(flt.kinds),
        **{f"colours_{scope}": list(flt.colours_in(scope)) for scope in SCOPES},
        "colours": list(flt.colours) if flt.colour_scope == ANY_SCOPE else [],
        "text": flt.text,
        "flags": flags,
    }


def query_string(flt: DiagramFilter, page: int = 1) -> str:
    """``?a=b&...`` for the address bar, or ``""`` for the unfiltered first page."""
    from urllib.parse import urlencode

    q = flt.to_query()
    if page > 1:
        q[PAGE_PARAM] = str(page)
    return "?" + urlencode(q) if q else ""


@dataclass
class DiagramState:
    body: list
    paths: dict[str, list]
    totals: dict[str, dict[str, int]]
    count_text: str
    pages: int
    page: int
    query: str


def diagram_state(
    rows: Sequence[Any], flt: DiagramFilter, *, page: int | None, lang: str, page_size: int | None = None
) -> DiagramState:
    """Everything the page shows for one filter and page: the totals follow the filter (all
    matching rows), the body shows one page of them (``PAGE_SIZE`` rows unless told)."""
    page_size = page_size or PAGE_SIZE
    shown = filter_rows(rows, flt)
    pages = page_count(len(shown), page_size)
    page = min(max(1, page or 1), pages)
    body, paths = render_body(page_rows(shown, page, page_size), lang)
    count = t("diagram.count", lang, shown=len(shown), n=len(rows))
    if pages > 1:
        count += f" · {t('diagram.page', lang)} {page} / {pages}"
    return DiagramState(body, paths, totals(shown), count, pages, page, query_string(flt, page))
