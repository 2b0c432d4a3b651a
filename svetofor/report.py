"""The session report: one document for a commission session, as PDF or self-contained HTML.

Route: the report is written as HTML and printed to PDF by the same Debian Chromium that kaleido
drives for the image export. The diagram pages and the progress chart are the image export's own
figures (``figure.page_figures`` rendered by ``export_image.figure_bytes``) embedded as inline
SVG, so they stay vector and their Cyrillic text stays text (searchable, extractable). Chromium
lays out the tables, breaks long ones across pages and embeds the system fonts (DejaVu) — no PDF
library to add, no font files to locate, and the HTML file is the second format for free.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go

from svetofor.diagram import DiagramRow
from svetofor.diagram import totals as diagram_totals
from svetofor.diff import RANK, Totals
from svetofor.duplication import Cooperation
from svetofor.export_image import figure_bytes
from svetofor.figure import page_figures
from svetofor.messages import MessageError, format_date, format_number, msg, norm_lang, render, text
from svetofor.model import COLOURS, SCOPES, Dataset, DuplicationWarning, Localisation, Review, Statuses
from svetofor.palette import FILL, INK, colour_word, letter, scope_word
from svetofor.progress import (
    Comparison,
    ProgressPoint,
    Snapshot,
    compare,
    not_green_by,
    progress_figure,
    roadmap_horizon,
    state_of_view,
)
from svetofor.view import View

FORMATS: tuple[str, ...] = ("pdf", "html")
PRINT_TIMEOUT_S = 120
MAX_LISTED = 300  # longer lists are cut with "and N more": the report is read, not searched

# A direction of change in the report's words (the progress page's, for improved and regressed).
_DIRECTION = {"improved": "progress.improved", "regressed": "progress.regressed", "other": "report.other"}


CSS = """
@page { size: A4; margin: 12mm 12mm 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; color: #222; margin: 0; }
h1 { font-size: 17pt; margin: 0 0 4mm 0; }
h2 { font-size: 13pt; margin: 0 0 3mm 0; break-before: page; }
h3 { font-size: 10.5pt; margin: 5mm 0 2mm 0; break-after: avoid; }
.cover h2 { break-before: auto; }
.muted { color: #555; }
table { border-collapse: collapse; width: 100%; margin: 0 0 3mm 0; }
th, td { border: 0.3mm solid #bbb; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; white-space: nowrap; }
td:has(> .chip) { white-space: nowrap; }
.chip { display: inline-block; min-width: 7mm; padding: 0 1mm; border-radius: 1mm; text-align: center;
        font-weight: bold; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.figure { break-before: page; break-inside: avoid; text-align: center; }
.figure svg { width: auto; height: auto; max-width: 100%; max-height: 268mm; }
.chart svg { width: 100%; height: auto; }
"""


class ReportError(MessageError):
    """The report could not be produced; the message says why, for a user."""


@dataclass(frozen=True)
class ReportInputs:
    """What the report reads from the service's view, gathered once."""

    rows: Sequence[DiagramRow]
    warnings: Sequence[DuplicationWarning]
    reviews: Mapping[str, Review]
    statuses: Statuses
    dataset: Dataset
    localisation: Mapping[str, Localisation]
    cooperation: Sequence[Cooperation]


def inputs_of(view: View) -> ReportInputs:
    """The parts of a view the report needs."""
    return ReportInputs(
        rows=view.rows,
        warnings=view.warnings,
        reviews=view.reviews,
        statuses=view.statuses,
        dataset=view.dataset,
        localisation=view.localisation,
        cooperation=view.cooperation,
    )


# ---------------------------------------------------------------------------------------------
# HTML pieces


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _chip(colour: str, lang: str) -> str:
    return (
        f'<span class="chip" style="background:{FILL[colour]};color:{INK[colour]}" '
        f'title="{_e(colour_word(colour, lang))}">{_e(letter(colour, lang))}</span>'
    )


def _table(head: Sequence[str], body: Sequence[Sequence[str]], *, num_cols: Sequence[int] = ()) -> str:
    """``head`` is plain text (escaped here); ``body`` cells are HTML already."""
    cls = [' class="num"' if i in num_cols else "" for i in range(len(head))]
    th = "".join(f"<th{c}>{_e(h)}</th>" for h, c in zip(head, cls, strict=True))
    trs = "".join(
        "<tr>" + "".join(f"<td{c}>{v}</td>" for v, c in zip(r, cls, strict=True)) + "</tr>" for r in body
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>"


def _counted(heading: str, n: int, lang: str) -> str:
    """A sub-heading with how many entries follow: "Изменившиеся ячейки (1 200)"."""
    return f"<h3>{_e(text('report.counted', lang, title=text(heading, lang), n=n))}</h3>"


def _capped(rows: list[list[str]], lang: str, width: int) -> list[list[str]]:
    if len(rows) <= MAX_LISTED:
        return rows
    more = text("common.more", lang, n=len(rows) - MAX_LISTED)
    return [*rows[:MAX_LISTED], [f"<i>{_e(more)}</i>"] + [""] * (width - 1)]


def _totals_table(now: Totals, before: Totals | None, lang: str) -> str:
    """Scopes by colours; with ``before``, the change since then in brackets."""
    head = [text("report.scope", lang), *(f"{letter(c, lang)} — {colour_word(c, lang)}" for c in COLOURS)]
    body = []
    for scope in SCOPES:
        cells = [f"<b>{_e(scope_word(scope, lang))}</b>"]
        for colour in COLOURS:
            cell = f"{_chip(colour, lang)} {format_number(now[scope][colour], lang)}"
            if before is not None:
                delta = now[scope][colour] - before[scope][colour]
                sign = "+" if delta > 0 else ""
                cell += f' <span class="muted">({sign}{format_number(delta, lang)})</span>'
            cells.append(cell)
        body.append(cells)
    return _table(head, body, num_cols=range(1, len(head)))


def _name_of(dataset: Dataset, key: str | None) -> str:
    if key is None:
        return "—"
    item = dataset.items.get(key)
    return item.name if item else key


def _changes_section(cmp: Comparison | None, since_label: str | None, lang: str) -> str:
    out = [f"<h2>{_e(text('report.changes', lang))}</h2>"]
    if cmp is None:
        out.append(f'<p class="muted">{_e(text("report.since.none", lang))}</p>')
        return "".join(out)
    out.append(f'<p class="muted">{_e(text("report.since", lang))}: {_e(since_label)}</p>')
    if cmp.empty:
        out.append(f"<p>{_e(text('progress.diff.none', lang))}</p>")
        return "".join(out)

    # direction totals per scope: one row per (from, to) seen anywhere
    pairs = sorted({p for scope in SCOPES for p in cmp.directions[scope]}, key=_pair_order)
    if pairs:
        out.append(f"<h3>{_e(text('report.directions', lang))}</h3>")
        head = [
            text("report.was", lang),
            text("report.now", lang),
            "",
            *(scope_word(s, lang) for s in SCOPES),
        ]
        body = []
        for before, after in pairs:
            body.append(
                [
                    _chip(before, lang) + " " + _e(colour_word(before, lang)),
                    _chip(after, lang) + " " + _e(colour_word(after, lang)),
                    _e(text(_DIRECTION[_direction(before, after)], lang)),
                    *(format_number(cmp.directions[s].get((before, after), 0), lang) for s in SCOPES),
                ]
            )
        out.append(_table(head, body, num_cols=(3, 4, 5)))

    if cmp.by_group:
        out.append(f"<h3>{_e(text('report.by_group', lang))}</h3>")
        head = [text("report.group", lang)]
        for s in SCOPES:
            head += [
                f"{scope_word(s, lang)}: {text('progress.improved', lang)}",
                f"{scope_word(s, lang)}: {text('progress.regressed', lang)}",
            ]
        body = []
        for group, per_scope in cmp.by_group.items():
            row = [_e(group or text("group.none", lang))]
            for s in SCOPES:
                row += [format_number(per_scope[s][d], lang) for d in ("improved", "regressed")]
            body.append(row)
        out.append(_table(head, body, num_cols=range(1, len(head))))

    if cmp.changes:
        out.append(_counted("report.cells", len(cmp.changes), lang))
        body = [
            [
                _e(c.name),
                _e(c.group or text("group.none", lang)),
                _e(scope_word(c.scope, lang)),
                _chip(c.before, lang),
                _chip(c.after, lang),
            ]
            for c in cmp.changes
        ]
        out.append(
            _table(
                [
                    text("diagram.position", lang),
                    text("report.group", lang),
                    text("report.scope", lang),
                    text("report.was", lang),
                    text("report.now", lang),
                ],
                _capped(body, lang, 5),
            )
        )

    for key, entries in (("report.added", cmp.added), ("report.removed", cmp.removed)):
        if entries:
            out.append(_counted(key, len(entries), lang))
            body = [[_e(name), _e(group or text("group.none", lang))] for _key, name, group in entries]
            out.append(
                _table([text("diagram.position", lang), text("report.group", lang)], _capped(body, lang, 2))
            )

    for key, warned in (
        ("report.warnings.opened", cmp.warnings_opened),
        ("report.warnings.closed", cmp.warnings_closed),
    ):
        if warned:
            out.append(_counted(key, len(warned), lang))
            body = [
                [_e(text(f"import.wkind.{k}", lang)), _e(name), _e(text(f"import.severity.{sev}", lang))]
                for k, name, sev in warned
            ]
            out.append(
                _table(
                    [
                        text("report.kind", lang),
                        text("diagram.position", lang),
                        text("report.severity", lang),
                    ],
                    _capped(body, lang, 3),
                )
            )

    if cmp.overrides:
        out.append(_counted("report.overrides", len(cmp.overrides), lang))
        body = [
            [_e(o.name), _e(scope_word(o.scope, lang)), _chip(o.colour, lang), _e(o.reason), _e(o.author)]
            for o in cmp.overrides
        ]
        out.append(
            _table(
                [
                    text("diagram.position", lang),
                    text("report.scope", lang),
                    text("report.colour", lang),
                    text("report.reason", lang),
                    text("report.author", lang),
                ],
                _capped(body, lang, 5),
            )
        )
    return "".join(out)


def _direction(before: str, after: str) -> str:
    if before in RANK and after in RANK:
        return "improved" if RANK[after] > RANK[before] else "regressed"
    return "other"


def _pair_order(pair: tuple[str, str]) -> tuple[int, int, int]:
    order = {"improved": 0, "regressed": 1, "other": 2}
    return (order[_direction(*pair)], COLOURS.index(pair[0]), COLOURS.index(pair[1]))


def _warnings_section(inp: ReportInputs, lang: str) -> str:
    out = [f"<h2>{_e(text('report.warnings', lang))}</h2>"]
    open_high = [
        x
        for x in inp.warnings
        if x.severity == "high" and (inp.reviews.get(x.key) is None or inp.reviews[x.key].state == "open")
    ]
    if not open_high:
        return "".join([*out, f"<p>{_e(text('report.warnings.none', lang))}</p>"])
    body = [
        [
            _e(text(f"import.wkind.{x.kind}", lang)),
            _e(_name_of(inp.dataset, x.item)),
            _e(", ".join(x.countries)),
            _e(", ".join(x.enterprises)),
            _e(render(x.rule, lang)),
        ]
        for x in open_high
    ]
    head = [
        text("report.kind", lang),
        text("diagram.position", lang),
        text("report.countries", lang),
        text("report.enterprises", lang),
        text("report.rule", lang),
    ]
    return "".join([*out, _table(head, _capped(body, lang, 5))])


def _cooperation_section(inp: ReportInputs, lang: str) -> str:
    out = [f"<h2>{_e(text('localisation.coop.title', lang))}</h2>"]
    if not inp.cooperation:
        return "".join([*out, f"<p>{_e(text('report.coop.none', lang))}</p>"])
    body = [
        [
            _e(_name_of(inp.dataset, c.item_key)),
            f"{_e(scope_word(c.country, lang))} {_chip(c.colour, lang)}",
            f"{_e(scope_word(c.partner, lang))} {_chip('green', lang)}",
            _e(", ".join(c.producers)),
            _e(format_number(c.capacity, lang) if c.capacity is not None else "—"),
        ]
        for c in inp.cooperation
    ]
    head = [
        text("diagram.position", lang),
        text("localisation.coop.needs", lang),
        text("localisation.coop.partner", lang),
        text("report.coop.producers", lang),
        text("report.capacity", lang),
    ]
    return "".join([*out, _table(head, _capped(body, lang, 5), num_cols=(4,))])


def _localisation_section(inp: ReportInputs, lang: str) -> str:
    out = [f"<h2>{_e(text('report.loc', lang))}</h2>"]
    order = {k: i for i, k in enumerate(inp.dataset.items)}
    blocked = sorted(
        (x for x in inp.localisation.values() if x.blocking), key=lambda x: order.get(x.item_key, 0)
    )
    if not blocked:
        return "".join([*out, f"<p>{_e(text('report.loc.none', lang))}</p>"])
    body = [
        [
            _e(_name_of(inp.dataset, x.item_key)),
            text(
                "report.share.value",
                lang,
                percent=round(100 * x.share),
                green=len(x.green),
                total=len(x.components),
            ),
            _e("; ".join(_name_of(inp.dataset, k) for k in x.blocking)),
        ]
        for x in blocked
    ]
    return "".join(
        [
            *out,
            _table(
                [text("report.machine", lang), text("report.share", lang), text("report.blocking", lang)],
                _capped(body, lang, 3),
                num_cols=(1,),
            ),
        ]
    )


def _horizon_section(inp: ReportInputs, horizon: int, lang: str) -> str:
    late = not_green_by(inp.dataset, horizon)
    out = [f"<h2>{_e(text('report.horizon', lang, year=str(horizon)))}</h2>"]
    if not late:
        return "".join([*out, f"<p>{_e(text('report.horizon.none', lang, year=str(horizon)))}</p>"])
    body = [
        [
            _e(n.name),
            _e(n.group or text("group.none", lang)),
            _chip(n.colour_now, lang),
            _chip(n.colour_at_horizon, lang),
            _e(render(n.explanation, lang)),
        ]
        for n in late
    ]
    head = [
        text("diagram.position", lang),
        text("report.group", lang),
        text("progress.now", lang),
        text("report.at_horizon", lang, year=str(horizon)),
        text("cell.why", lang),
    ]
    return "".join([*out, _table(head, _capped(body, lang, 5))])


def _svg(fig: go.Figure) -> str:
    """A figure as inline SVG text (the XML prolog, if any, is not allowed inside HTML)."""
    svg = figure_bytes(fig, "svg").decode("utf-8")
    start = svg.find("<svg")
    return svg[start:] if start > 0 else svg


# ---------------------------------------------------------------------------------------------
# The report


def report_html(
    view: View,
    *,
    since: Snapshot | None = None,
    series: Sequence[ProgressPoint] = (),
    lang: str = "ru",
    title: str | None = None,
    date: dt.date | dt.datetime | None = None,
    horizon: int | None = None,
) -> str:
    """The whole report as one self-contained HTML document (figures inline as SVG)."""
    lang = norm_lang(lang)
    inp = inputs_of(view)
    when = date or dt.date.today()
    heading = title or text("report.title", lang)
    horizon = roadmap_horizon() if horizon is None else horizon
    now_totals = diagram_totals(inp.rows)
    since_label = None
    if since is not None:
        since_label = text("report.since.label", lang, name=since.name, date=format_date(since.taken_at))
    cmp = compare(since.state, state_of_view(view)) if since is not None else None

    sections = [
        ("diagram", text("report.diagram", lang)),
        ("progress", text("report.progress", lang)),
        ("changes", text("report.changes", lang)),
        ("warnings", text("report.warnings", lang)),
        ("coop", text("localisation.coop.title", lang)),
        ("loc", text("report.loc", lang)),
        ("horizon", text("report.horizon", lang, year=str(horizon))),
    ]
    cover = [
        '<section class="cover">',
        f"<h1>{_e(heading)}</h1>",
        f'<p class="muted">{_e(text("app.subtitle", lang))}</p>',
        f"<p><b>{_e(text('report.date', lang))}:</b> {format_date(when)}</p>",
        f"<p><b>{_e(text('report.since', lang))}:</b> {_e(since_label)}</p>"
        if since_label
        else f'<p class="muted">{_e(text("report.since.none", lang))}</p>',
        f"<h3>{_e(text('report.totals', lang))}</h3>",
        f"<p>{_e(text('report.positions', lang, n=len(inp.rows)))}</p>",
        _totals_table(now_totals, since.totals if since is not None else None, lang),
        f"<h3>{_e(text('report.contents', lang))}</h3><ol>",
        *(f"<li>{_e(label)}</li>" for _k, label in sections),
        "</ol></section>",
    ]

    figures = page_figures(
        inp.rows, now_totals, title=text("diagram.title", lang), lang=lang, date=when, page="A4"
    )
    diagram = [f'<div class="figure">{_svg(f)}</div>' for f in figures]

    progress = [f"<h2>{_e(text('report.progress', lang))}</h2>"]
    if series:
        progress.append(f'<div class="chart">{_svg(progress_figure(series, lang=lang))}</div>')
    else:
        progress.append(f'<p class="muted">{_e(text("report.progress.none", lang))}</p>')

    body = "".join(
        [
            *cover,
            *diagram,
            *progress,
            _changes_section(cmp, since_label, lang),
            _warnings_section(inp, lang),
            _cooperation_section(inp, lang),
            _localisation_section(inp, lang),
            _horizon_section(inp, horizon, lang),
        ]
    )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_e(heading)} — {format_date(when)}</title><style>{CSS}</style></head>"
        f"<body>{body}</body></html>"
    )


def _chromium() -> str:
    for candidate in (os.environ.get("BROWSER_PATH"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    raise ReportError(msg("report.no_chromium"))


def html_to_pdf(document: str) -> bytes:
    """Print an HTML document to PDF with headless Chromium (its own profile, so runs never collide)."""
    browser = _chromium()
    with tempfile.TemporaryDirectory(prefix="svetofor-report-") as tmp:
        src = Path(tmp) / "report.html"
        out = Path(tmp) / "report.pdf"
        src.write_text(document, encoding="utf-8")
        cmd = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            src.as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=PRINT_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ReportError(msg("report.timeout", seconds=PRINT_TIMEOUT_S)) from exc
        if not out.exists() or out.stat().st_size == 0:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise ReportError(msg("report.print_failed", code=str(proc.returncode), detail=" / ".join(tail)))
        return out.read_bytes()


def session_report(
    view: View,
    *,
    since_state: Snapshot | None = None,
    series: Sequence[ProgressPoint] = (),
    lang: str = "ru",
    title: str | None = None,
    fmt: str = "pdf",
    date: dt.date | dt.datetime | None = None,
    horizon: int | None = None,
) -> bytes:
    """The session report of ``view`` as PDF (default) or HTML bytes.

    ``since_state`` is the decoded snapshot of the previous session to list changes against;
    ``series`` the progress points for the chart (``progress.progress_series``).
    """
    if fmt not in FORMATS:
        raise ReportError(msg("report.format", fmt=fmt, allowed=FORMATS))
    document = report_html(
        view, since=since_state, series=series, lang=lang, title=title, date=date, horizon=horizon
    )
    if fmt == "html":
        return document.encode("utf-8")
    return html_to_pdf(document)
