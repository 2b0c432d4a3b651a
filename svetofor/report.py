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

from svetofor.diagram import DiagramRow
from svetofor.diagram import totals as diagram_totals
from svetofor.diff import RANK
from svetofor.duplication import Cooperation, cooperation
from svetofor.export_image import figure_bytes
from svetofor.figure import page_figures
from svetofor.model import COLOURS, SCOPES, Dataset, DuplicationWarning, Localisation, Review, Statuses
from svetofor.palette import COLOUR_WORDS, FILL, INK, SCOPE_WORDS, lang_of, letter
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

FORMATS: tuple[str, ...] = ("pdf", "html")
PRINT_TIMEOUT_S = 120
MAX_LISTED = 300  # longer lists are cut with "and N more": the report is read, not searched

W: dict[str, dict[str, str]] = {
    "ru": {
        "title": "Диаграмма «Светофор»: материалы к заседанию комиссии",
        "subtitle": "Производство металлообрабатывающего оборудования в Союзном государстве",
        "date": "Дата",
        "since": "Сравнение со снимком",
        "since.none": "Предыдущий снимок для сравнения не выбран",
        "contents": "Содержание",
        "totals": "Итоги по странам",
        "positions": "Позиций в перечне",
        "scope": "Страна",
        "diagram": "Диаграмма",
        "diagram.figure": "Диаграмма «Светофор»",
        "progress": "Ход работ по снимкам",
        "progress.none": "Снимков пока нет: ход работ появится после первой фиксации диаграммы.",
        "changes": "Изменения с прошлого заседания",
        "changes.none": "Изменений нет.",
        "directions": "Изменения цвета по направлениям",
        "improved": "улучшение",
        "regressed": "ухудшение",
        "other": "прочее",
        "by_group": "По группам",
        "group": "Группа",
        "group.none": "Без группы",
        "cells": "Изменившиеся ячейки",
        "position": "Позиция",
        "was": "Было",
        "now": "Стало",
        "added": "Добавленные позиции",
        "removed": "Исключённые позиции",
        "warnings.opened": "Новые предупреждения",
        "warnings.closed": "Снятые предупреждения",
        "overrides": "Ручные отметки",
        "reason": "Причина",
        "author": "Автор",
        "colour": "Цвет",
        "warnings": "Открытые предупреждения высокой важности",
        "warnings.none": "Открытых предупреждений высокой важности нет.",
        "kind": "Вид",
        "countries": "Страны",
        "enterprises": "Предприятия",
        "rule": "Правило",
        "coop": "Возможности кооперации",
        "coop.none": "Возможностей кооперации не найдено.",
        "coop.needs": "Нужна в",
        "coop.partner": "Производит",
        "coop.producers": "Изготовители",
        "capacity": "Мощность, шт./год",
        "loc": "Локализация: блокирующие комплектующие",
        "loc.none": "Все станки с указанными комплектующими локализуемы в Союзном государстве.",
        "machine": "Станок",
        "share": "Доля локализации",
        "blocking": "Блокирующие комплектующие (красные в Союзе)",
        "horizon": "Позиции, не выходящие на «зелёный» к {year} г. при выполнении планов",
        "horizon.none": "Все позиции выходят на «зелёный» к {year} г. при выполнении планов.",
        "at_horizon": "В {year} г.",
        "today": "Сейчас",
        "why": "Почему",
        "more": "и ещё {n}",
        "kind.parallel-new": "параллельное создание",
        "kind.partner-covers": "партнёр уже производит",
        "kind.same-enterprise?": "одно предприятие?",
        "severity": "Важность",
        "severity.high": "высокая",
        "severity.medium": "средняя",
        "severity.info": "к сведению",
    },
    "en": {
        "title": "The Svetofor diagram: materials for the commission session",
        "subtitle": "Metalworking equipment production in the Union State",
        "date": "Date",
        "since": "Compared with snapshot",
        "since.none": "No earlier snapshot chosen for comparison",
        "contents": "Contents",
        "totals": "Totals by country",
        "positions": "Positions in the list",
        "scope": "Country",
        "diagram": "Diagram",
        "diagram.figure": "The Svetofor diagram",
        "progress": "Progress over snapshots",
        "progress.none": "No snapshots yet: progress appears once the diagram has been frozen.",
        "changes": "Changes since the last session",
        "changes.none": "No changes.",
        "directions": "Colour changes by direction",
        "improved": "improved",
        "regressed": "regressed",
        "other": "other",
        "by_group": "By group",
        "group": "Group",
        "group.none": "No group",
        "cells": "Changed cells",
        "position": "Position",
        "was": "Was",
        "now": "Now",
        "added": "Positions added",
        "removed": "Positions removed",
        "warnings.opened": "Warnings opened",
        "warnings.closed": "Warnings closed",
        "overrides": "Overrides",
        "reason": "Reason",
        "author": "Author",
        "colour": "Colour",
        "warnings": "Open high-severity duplication warnings",
        "warnings.none": "No open high-severity warnings.",
        "kind": "Kind",
        "countries": "Countries",
        "enterprises": "Enterprises",
        "rule": "Rule",
        "coop": "Cooperation opportunities",
        "coop.none": "No cooperation opportunities found.",
        "coop.needs": "Needed in",
        "coop.partner": "Produced in",
        "coop.producers": "Producers",
        "capacity": "Capacity, units/year",
        "loc": "Localisation: blocking components",
        "loc.none": "Every machine with listed components can be localised in the Union State.",
        "machine": "Machine",
        "share": "Localisation share",
        "blocking": "Blocking components (red in the Union)",
        "horizon": "Positions not green by {year} even if the plans are met",
        "horizon.none": "Every position turns green by {year} if the plans are met.",
        "at_horizon": "In {year}",
        "today": "Today",
        "why": "Why",
        "more": "and {n} more",
        "kind.parallel-new": "parallel new capacity",
        "kind.partner-covers": "partner already produces",
        "kind.same-enterprise?": "same enterprise?",
        "severity": "Severity",
        "severity.high": "high",
        "severity.medium": "medium",
        "severity.info": "info",
    },
}

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


class ReportError(Exception):
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


def inputs_of(view) -> ReportInputs:
    """The parts of a ``service.View`` the report needs."""
    coop = getattr(view, "cooperation", None)
    if coop is None:
        coop = cooperation(view.dataset, view.statuses, getattr(view, "merges", None))
    return ReportInputs(
        rows=view.rows,
        warnings=view.warnings,
        reviews=getattr(view, "reviews", None) or {},
        statuses=view.statuses,
        dataset=view.dataset,
        localisation=view.localisation,
        cooperation=coop,
    )


# ---------------------------------------------------------------------------------------------
# HTML pieces


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


def _fmt_date(when: dt.date | dt.datetime) -> str:
    return when.strftime("%d.%m.%Y")


def _num(x: float | None, lang: str) -> str:
    if x is None:
        return "—"
    text = f"{int(x):,}" if x == int(x) else f"{x:,.1f}"
    return text.replace(",", " ").replace(".", ",") if lang == "ru" else text


def _chip(colour: str, lang: str) -> str:
    return (
        f'<span class="chip" style="background:{FILL[colour]};color:{INK[colour]}" '
        f'title="{_e(COLOUR_WORDS[lang][colour])}">{_e(letter(colour, lang))}</span>'
    )


def _table(head: Sequence[str], body: Sequence[Sequence[str]], *, num_cols: Sequence[int] = ()) -> str:
    """``head`` is plain text (escaped here); ``body`` cells are HTML already."""
    cls = [' class="num"' if i in num_cols else "" for i in range(len(head))]
    th = "".join(f"<th{c}>{_e(h)}</th>" for h, c in zip(head, cls, strict=True))
    trs = "".join(
        "<tr>" + "".join(f"<td{c}>{v}</td>" for v, c in zip(r, cls, strict=True)) + "</tr>" for r in body
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>"


def _capped(rows: list, words: Mapping[str, str], width: int) -> list:
    if len(rows) <= MAX_LISTED:
        return rows
    rest = len(rows) - MAX_LISTED
    return [*rows[:MAX_LISTED], [f"<i>{_e(words['more'].format(n=rest))}</i>"] + [""] * (width - 1)]


def _totals_table(now: Mapping, before: Mapping | None, lang: str) -> str:
    """Scopes by colours; with ``before``, the change since then in brackets."""
    w = W[lang]
    head = [w["scope"], *(f"{letter(c, lang)} — {COLOUR_WORDS[lang][c]}" for c in COLOURS)]
    body = []
    for scope in SCOPES:
        cells = [f"<b>{_e(SCOPE_WORDS[lang][scope])}</b>"]
        for colour in COLOURS:
            text = f"{_chip(colour, lang)} {now[scope][colour]}"
            if before is not None:
                delta = now[scope][colour] - before[scope][colour]
                text += (
                    f' <span class="muted">({delta:+d})</span>'
                    if delta
                    else ' <span class="muted">(0)</span>'
                )
            cells.append(text)
        body.append(cells)
    return _table(head, body, num_cols=range(1, len(head)))


def _name_of(dataset: Dataset, key: str | None) -> str:
    if key is None:
        return "—"
    item = dataset.items.get(key)
    return item.name if item else key


def _changes_section(cmp: Comparison | None, since_label: str | None, lang: str) -> str:
    w = W[lang]
    out = [f"<h2>{_e(w['changes'])}</h2>"]
    if cmp is None:
        out.append(f'<p class="muted">{_e(w["since.none"])}</p>')
        return "".join(out)
    out.append(f'<p class="muted">{_e(w["since"])}: {_e(since_label)}</p>')
    if cmp.empty:
        out.append(f"<p>{_e(w['changes.none'])}</p>")
        return "".join(out)

    # direction totals per scope: one row per (from, to) seen anywhere
    pairs = sorted({p for scope in SCOPES for p in cmp.directions[scope]}, key=_pair_order)
    if pairs:
        out.append(f"<h3>{_e(w['directions'])}</h3>")
        head = [w["was"], w["now"], "", *(SCOPE_WORDS[lang][s] for s in SCOPES)]
        body = []
        for before, after in pairs:
            body.append(
                [
                    _chip(before, lang) + " " + _e(COLOUR_WORDS[lang][before]),
                    _chip(after, lang) + " " + _e(COLOUR_WORDS[lang][after]),
                    _e(w[_direction(before, after)]),
                    *(str(cmp.directions[s].get((before, after), 0)) for s in SCOPES),
                ]
            )
        out.append(_table(head, body, num_cols=(3, 4, 5)))

    if cmp.by_group:
        out.append(f"<h3>{_e(w['by_group'])}</h3>")
        head = [w["group"]]
        for s in SCOPES:
            head += [f"{SCOPE_WORDS[lang][s]}: {w['improved']}", f"{SCOPE_WORDS[lang][s]}: {w['regressed']}"]
        body = []
        for group, per_scope in cmp.by_group.items():
            row = [_e(group or w["group.none"])]
            for s in SCOPES:
                row += [str(per_scope[s]["improved"]), str(per_scope[s]["regressed"])]
            body.append(row)
        out.append(_table(head, body, num_cols=range(1, len(head))))

    if cmp.changes:
        out.append(f"<h3>{_e(w['cells'])} ({len(cmp.changes)})</h3>")
        body = [
            [
                _e(c.name),
                _e(c.group or w["group.none"]),
                _e(SCOPE_WORDS[lang][c.scope]),
                _chip(c.before, lang),
                _chip(c.after, lang),
            ]
            for c in cmp.changes
        ]
        out.append(_table([w["position"], w["group"], w["scope"], w["was"], w["now"]], _capped(body, w, 5)))

    for key, entries in (("added", cmp.added), ("removed", cmp.removed)):
        if entries:
            out.append(f"<h3>{_e(w[key])} ({len(entries)})</h3>")
            body = [[_e(name), _e(group or w["group.none"])] for _key, name, group in entries]
            out.append(_table([w["position"], w["group"]], _capped(body, w, 2)))

    for key, entries in (("warnings.opened", cmp.warnings_opened), ("warnings.closed", cmp.warnings_closed)):
        if entries:
            out.append(f"<h3>{_e(w[key])} ({len(entries)})</h3>")
            body = [
                [_e(w.get(f"kind.{k}", k)), _e(name), _e(w.get(f"severity.{sev}", sev))]
                for k, name, sev in entries
            ]
            out.append(_table([w["kind"], w["position"], w["severity"]], _capped(body, w, 3)))

    if cmp.overrides:
        out.append(f"<h3>{_e(w['overrides'])} ({len(cmp.overrides)})</h3>")
        body = [
            [_e(o.name), _e(SCOPE_WORDS[lang][o.scope]), _chip(o.colour, lang), _e(o.reason), _e(o.author)]
            for o in cmp.overrides
        ]
        out.append(
            _table([w["position"], w["scope"], w["colour"], w["reason"], w["author"]], _capped(body, w, 5))
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
    w = W[lang]
    out = [f"<h2>{_e(w['warnings'])}</h2>"]
    open_high = [
        x
        for x in inp.warnings
        if x.severity == "high" and (inp.reviews.get(x.key) is None or inp.reviews[x.key].state == "open")
    ]
    if not open_high:
        return "".join([*out, f"<p>{_e(w['warnings.none'])}</p>"])
    body = [
        [
            _e(w.get(f"kind.{x.kind}", x.kind)),
            _e(_name_of(inp.dataset, x.item)),
            _e(", ".join(x.countries)),
            _e(", ".join(x.enterprises)),
            _e(x.rule_en if lang == "en" else x.rule_ru),
        ]
        for x in open_high
    ]
    head = [w["kind"], w["position"], w["countries"], w["enterprises"], w["rule"]]
    return "".join([*out, _table(head, _capped(body, w, 5))])


def _cooperation_section(inp: ReportInputs, lang: str) -> str:
    w = W[lang]
    out = [f"<h2>{_e(w['coop'])}</h2>"]
    if not inp.cooperation:
        return "".join([*out, f"<p>{_e(w['coop.none'])}</p>"])
    body = [
        [
            _e(_name_of(inp.dataset, c.item_key)),
            f"{_e(SCOPE_WORDS[lang][c.country])} {_chip(c.colour, lang)}",
            f"{_e(SCOPE_WORDS[lang][c.partner])} {_chip('green', lang)}",
            _e(", ".join(c.producers)),
            _e(_num(c.capacity, lang)),
        ]
        for c in inp.cooperation
    ]
    head = [w["position"], w["coop.needs"], w["coop.partner"], w["coop.producers"], w["capacity"]]
    return "".join([*out, _table(head, _capped(body, w, 5), num_cols=(4,))])


def _localisation_section(inp: ReportInputs, lang: str) -> str:
    w = W[lang]
    out = [f"<h2>{_e(w['loc'])}</h2>"]
    order = {k: i for i, k in enumerate(inp.dataset.items)}
    blocked = sorted(
        (x for x in inp.localisation.values() if x.blocking), key=lambda x: order.get(x.item_key, 0)
    )
    if not blocked:
        return "".join([*out, f"<p>{_e(w['loc.none'])}</p>"])
    body = [
        [
            _e(_name_of(inp.dataset, x.item_key)),
            f"{round(100 * x.share)} % ({len(x.green)}/{len(x.components)})",
            _e("; ".join(_name_of(inp.dataset, k) for k in x.blocking)),
        ]
        for x in blocked
    ]
    return "".join(
        [*out, _table([w["machine"], w["share"], w["blocking"]], _capped(body, w, 3), num_cols=(1,))]
    )


def _horizon_section(inp: ReportInputs, horizon: int, lang: str) -> str:
    w = W[lang]
    late = not_green_by(inp.dataset, horizon)
    out = [f"<h2>{_e(w['horizon'].format(year=horizon))}</h2>"]
    if not late:
        return "".join([*out, f"<p>{_e(w['horizon.none'].format(year=horizon))}</p>"])
    body = [
        [
            _e(n.name),
            _e(n.group or w["group.none"]),
            _chip(n.colour_now, lang),
            _chip(n.colour_at_horizon, lang),
            _e(n.explanation_en if lang == "en" else n.explanation_ru),
        ]
        for n in late
    ]
    head = [w["position"], w["group"], w["today"], w["at_horizon"].format(year=horizon), w["why"]]
    return "".join([*out, _table(head, _capped(body, w, 5))])


def _svg(fig) -> str:
    """A figure as inline SVG text (the XML prolog, if any, is not allowed inside HTML)."""
    text = figure_bytes(fig, "svg").decode("utf-8")
    start = text.find("<svg")
    return text[start:] if start > 0 else text


# ---------------------------------------------------------------------------------------------
# The report


def report_html(
    view,
    *,
    since: Snapshot | None = None,
    series: Sequence[ProgressPoint] = (),
    lang: str = "ru",
    title: str | None = None,
    date: dt.date | dt.datetime | None = None,
    horizon: int | None = None,
) -> str:
    """The whole report as one self-contained HTML document (figures inline as SVG)."""
    lang = lang_of(lang)
    w = W[lang]
    inp = inputs_of(view)
    when = date or dt.date.today()
    heading = title or w["title"]
    horizon = roadmap_horizon() if horizon is None else horizon
    now_totals = diagram_totals(inp.rows)
    since_label = f"«{since.name}» {_fmt_date(since.taken_at)}" if since is not None else None
    cmp = compare(since.state, state_of_view(view)) if since is not None else None

    sections = [
        ("diagram", w["diagram"]),
        ("progress", w["progress"]),
        ("changes", w["changes"]),
        ("warnings", w["warnings"]),
        ("coop", w["coop"]),
        ("loc", w["loc"]),
        ("horizon", w["horizon"].format(year=horizon)),
    ]
    cover = [
        '<section class="cover">',
        f"<h1>{_e(heading)}</h1>",
        f'<p class="muted">{_e(w["subtitle"])}</p>',
        f"<p><b>{_e(w['date'])}:</b> {_fmt_date(when)}</p>",
        f"<p><b>{_e(w['since'])}:</b> {_e(since_label)}</p>"
        if since_label
        else f'<p class="muted">{_e(w["since.none"])}</p>',
        f"<h3>{_e(w['totals'])}</h3>",
        f"<p>{_e(w['positions'])}: {len(inp.rows)}</p>",
        _totals_table(now_totals, since.totals if since is not None else None, lang),
        f"<h3>{_e(w['contents'])}</h3><ol>",
        *(f"<li>{_e(label)}</li>" for _k, label in sections),
        "</ol></section>",
    ]

    figures = page_figures(inp.rows, now_totals, title=w["diagram.figure"], lang=lang, date=when, page="A4")
    diagram = [f'<div class="figure">{_svg(f)}</div>' for f in figures]

    progress = [f"<h2>{_e(w['progress'])}</h2>"]
    if series:
        progress.append(f'<div class="chart">{_svg(progress_figure(series, lang=lang))}</div>')
    else:
        progress.append(f'<p class="muted">{_e(w["progress.none"])}</p>')

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
        f"<title>{_e(heading)} — {_fmt_date(when)}</title><style>{CSS}</style></head>"
        f"<body>{body}</body></html>"
    )


def _chromium() -> str:
    for candidate in (os.environ.get("BROWSER_PATH"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    raise ReportError(
        "Chromium is needed to print the report: apt-get install chromium (or set BROWSER_PATH)"
    )


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
            raise ReportError(f"printing the report to PDF took longer than {PRINT_TIMEOUT_S} s") from exc
        if not out.exists() or out.stat().st_size == 0:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise ReportError(
                f"Chromium did not print the report (exit {proc.returncode}): {' / '.join(tail)}"
            )
        return out.read_bytes()


def session_report(
    view,
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
        raise ReportError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
    document = report_html(
        view, since=since_state, series=series, lang=lang, title=title, date=date, horizon=horizon
    )
    if fmt == "html":
        return document.encode("utf-8")
    return html_to_pdf(document)
