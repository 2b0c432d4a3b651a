"""The diagram as a coloured Excel workbook that imports back with the same statuses.

Sheets: the list (one row per capacity record, with the headers the reader recognises and a
country column, plus coloured status columns the reader ignores), the diagram (one row per
position), overrides with reason, author and time, duplication warnings with their reviews,
and a legend with totals. Only the list sheet has a recognisable header, so importing the file
reads the list and nothing else.

Every text cell is written as a string; one that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return also gets Excel's quote prefix, so a name like ``=HYPERLINK(...)`` from a
ministry's list stays text in the other ministry's Excel (no formula injection) while its value
is unchanged on re-import.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from svetofor.diagram import DiagramRow
from svetofor.diagram import totals as diagram_totals
from svetofor.messages import format_date, norm_lang, render, text
from svetofor.model import COLOURS, SCOPES, Colour, Dataset, DuplicationWarning, Record, Review
from svetofor.palette import (
    FILL,
    INK,
    OVERRIDE_MARK,
    STALE_MARK,
    WARNING_MARK,
    colour_word,
    letter,
    scope_word,
)

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")

_FIELDS: tuple[str, ...] = (
    "item_code",
    "item",
    "kind",
    "group",
    "hs_code",
    "used_in",
    "country",
    "enterprise",
    "tax_id",
    "existing",
    "capacity",
    "demand",
    "action",
    "launch_year",
    "note",
)
# Header words the reader maps to fields (docs/domain.md §3): the import page's own field names,
# except where the ministries' lists are better recognised by a longer header.
_OWN_HEADERS = ("hs_code", "capacity", "demand", "launch_year")
_VALUE_IDS = {
    "new": "export.value.new",
    "modernise": "warnings.fact.modernise",
    "BY": "country.BY.long",
    "RU": "country.RU.long",
    "machine": "export.value.machine",
    "component": "export.value.component",
    "tool": "export.value.tool",
}


def _header(field: str, lang: str) -> str:
    return text(f"export.header.{field}" if field in _OWN_HEADERS else f"import.field.{field}", lang)


def _value(value: str | None, lang: str) -> str | None:
    """A list value in words the reader's vocabulary reads back; an unknown kind as written."""
    if value is None:
        return None
    key = _VALUE_IDS.get(value)
    return text(key, lang) if key is not None else value


def neutralise(value: str) -> bool:
    """Whether a text must be kept from being read as a formula by a spreadsheet."""
    return value.startswith(_DANGEROUS_START)


class _Writer:
    """Formats of one workbook and safe cell writes."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self.text = wb.add_format({"valign": "top", "text_wrap": True})
        self.quoted = wb.add_format({"valign": "top", "text_wrap": True, "quote_prefix": True})
        self.head = wb.add_format(
            {"bold": True, "bg_color": "#dde4ee", "border": 1, "text_wrap": True, "valign": "vcenter"}
        )
        self.title = wb.add_format({"bold": True, "font_size": 13})
        self.italic = wb.add_format({"italic": True, "font_color": "#555555"})
        self.section = wb.add_format({"bold": True, "bg_color": "#eef1f5"})
        self.number = wb.add_format({"valign": "top", "num_format": "#,##0.##"})
        self.when = wb.add_format({"valign": "top", "num_format": "dd.mm.yyyy hh:mm"})
        self.status = {
            c: wb.add_format(
                {
                    "bg_color": FILL[c],
                    "font_color": INK[c],
                    "bold": True,
                    "align": "center",
                    "valign": "vcenter",
                    "border": 1,
                    "border_color": "#ffffff",
                }
            )
            for c in COLOURS
        }

    def put(self, ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None = None) -> None:
        if value is None or value == "":
            if fmt is not None:
                ws.write_blank(row, col, None, fmt)
            return
        if isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, (int, float)):
            ws.write_number(row, col, value, fmt or self.number)
        elif isinstance(value, dt.datetime):
            ws.write_datetime(row, col, value, fmt or self.when)
        else:
            text = str(value)
            # write_string never makes a formula; the quote prefix keeps Excel from turning
            # the cell into one when a user edits it, and tells the reader it is text.
            if neutralise(text):
                ws.write_string(row, col, text, self.quoted)
            else:
                ws.write_string(row, col, text, fmt or self.text)

    def status_cell(self, ws: Worksheet, row: int, col: int, cell: Any, lang: str) -> None:
        colour: Colour = cell.colour if cell.colour in FILL else "none"
        mark = ""
        if cell.overridden:
            mark = f" {STALE_MARK}" if cell.stale else f" {OVERRIDE_MARK}"
        ws.write_string(row, col, letter(colour, lang) + mark, self.status[colour])

    def header(self, ws: Worksheet, row: int, titles: Sequence[str], widths: Sequence[float]) -> None:
        for col, (title, width) in enumerate(zip(titles, widths, strict=True)):
            self.put(ws, row, col, title, self.head)
            ws.set_column(col, col, width)


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _by_item(records: Iterable[Record]) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for r in records:
        out.setdefault(r.item_key, []).append(r)
    return out


def _list_sheet(
    w: _Writer, rows: Sequence[DiagramRow], dataset: Dataset, lang: str, stamp: str, title: str
) -> None:
    ws = w.wb.add_worksheet(text("export.sheet.list", lang))
    w.put(ws, 0, 0, text("export.generated", lang, title=title, date=stamp), w.title)
    w.put(ws, 1, 0, text("export.list.note", lang), w.italic)
    titles = [_header(f, lang) for f in _FIELDS]
    titles += [text("export.status", lang, scope=scope_word(s, lang)) for s in SCOPES]
    widths = [11, 46, 14, 24, 12, 16, 11, 34, 13, 12, 11, 11, 14, 10, 30, 9, 9, 9]
    head_row = 3
    w.header(ws, head_row, titles, widths)
    records = _by_item(dataset.records)
    countries: list[str] = [c for c in ("BY", "RU") if c in dataset.countries]
    r = head_row + 1
    for row in rows:
        item = row.item
        item_records = records.get(item.key, [])
        lines: list[tuple[str, Record | None]] = [(rec.country, rec) for rec in item_records]
        for country in countries:
            # A country's demand needs a row even where that country has no producer.
            if (item.key, country) in dataset.demand and not any(c == country for c, _ in lines):
                lines.append((country, None))
        if not lines:
            # The position must still exist on re-import: a row with no producer, in a country
            # that has data, keeps it red there exactly as now.
            lines.append((countries[0] if countries else "BY", None))
        lines.sort(key=lambda line: ("BY", "RU").index(line[0]))
        for country, rec in lines:
            enterprise = dataset.enterprises.get(rec.enterprise_key) if rec and rec.enterprise_key else None
            cells = {
                "item_code": item.code,
                "item": item.name,
                "kind": _value(item.kind, lang),
                "group": item.group,
                "hs_code": item.hs_code,
                "used_in": "; ".join(item.used_in) or None,
                "country": _value(country, lang),
                "enterprise": enterprise.name if enterprise else None,
                "tax_id": enterprise.tax_id if enterprise else None,
                "existing": text("common.yes" if rec is not None and rec.existing else "common.no", lang),
                "capacity": _number(rec.capacity) if rec else None,
                "demand": _number(dataset.demand.get((item.key, country))),
                "action": _value(rec.action, lang) if rec is not None else None,
                "launch_year": rec.launch_year if rec else None,
                "note": rec.note if rec else None,
            }
            for col, field_name in enumerate(_FIELDS):
                w.put(ws, r, col, cells[field_name])
            for i, scope in enumerate(SCOPES):
                w.status_cell(ws, r, len(_FIELDS) + i, row.cells[scope], lang)
            r += 1
    ws.freeze_panes(head_row + 1, 2)
    ws.autofilter(head_row, 0, max(head_row, r - 1), len(titles) - 1)


def _diagram_sheet(w: _Writer, rows: Sequence[DiagramRow], lang: str, stamp: str, title: str) -> None:
    ws = w.wb.add_worksheet(text("export.sheet.diagram", lang))
    w.put(ws, 0, 0, text("export.dated", lang, title=title, date=stamp), w.title)
    titles = [
        text("export.code", lang),
        text("diagram.position", lang),
        text("export.kind", lang),
        text("export.group", lang),
        *(scope_word(s, lang) for s in SCOPES),
        text("export.warnings", lang),
    ]
    w.header(ws, 2, titles, [11, 60, 14, 30, 8, 8, 8, 14])
    r = 3
    for row in rows:
        item = row.item
        w.put(ws, r, 0, item.code)
        w.put(ws, r, 1, item.name)
        w.put(ws, r, 2, _value(item.kind, lang))
        w.put(ws, r, 3, item.group)
        for i, scope in enumerate(SCOPES):
            w.status_cell(ws, r, 4 + i, row.cells[scope], lang)
        if row.warning_keys:
            w.put(ws, r, 7, f"{WARNING_MARK} {len(row.warning_keys)}")
        r += 1
    ws.freeze_panes(3, 2)


def _overrides_sheet(w: _Writer, rows: Sequence[DiagramRow], lang: str) -> None:
    ws = w.wb.add_worksheet(text("export.sheet.overrides", lang))
    titles = [
        text(key, lang)
        for key in (
            "export.code",
            "diagram.position",
            "export.scope",
            "export.colour",
            "export.computed",
            "export.reason",
            "export.author",
            "export.time",
            "export.stale",
        )
    ]
    w.header(ws, 0, titles, [11, 50, 9, 9, 14, 50, 16, 17, 14])
    r = 1
    for row in rows:
        for scope in SCOPES:
            cell = row.cells[scope]
            ov = cell.override
            if ov is None:
                continue
            w.put(ws, r, 0, row.item.code or row.item.key)
            w.put(ws, r, 1, row.item.name)
            w.put(ws, r, 2, scope_word(scope, lang))
            w.status_cell(ws, r, 3, cell, lang)
            computed = cell.computed.colour
            w.put(ws, r, 4, f"{letter(computed, lang)} — {colour_word(computed, lang)}")
            w.put(ws, r, 5, ov.reason)
            w.put(ws, r, 6, ov.author)
            w.put(ws, r, 7, ov.created_at)
            w.put(ws, r, 8, text("common.yes" if cell.stale else "common.no", lang))
            r += 1
    ws.freeze_panes(1, 0)


def _warnings_sheet(
    w: _Writer,
    warnings: Sequence[DuplicationWarning],
    reviews: Mapping[str, Review],
    names: Mapping[str, str],
    lang: str,
) -> None:
    ws = w.wb.add_worksheet(text("export.sheet.warnings", lang))
    titles = [
        text(key, lang)
        for key in (
            "export.w.kind",
            "export.w.severity",
            "export.code",
            "diagram.position",
            "export.w.country",
            "export.w.countries",
            "export.w.enterprises",
            "export.w.rule",
            "export.w.state",
            "export.w.reason",
            "export.w.who",
            "export.w.when",
        )
    ]
    w.header(ws, 0, titles, [22, 11, 11, 40, 12, 12, 50, 50, 12, 36, 16, 17])
    r = 1
    for warning in warnings:
        review = reviews.get(warning.key)
        state = review.state if review else "open"
        w.put(ws, r, 0, text(f"import.wkind.{warning.kind}", lang))
        w.put(ws, r, 1, text(f"import.severity.{warning.severity}", lang))
        w.put(ws, r, 2, warning.item)
        w.put(ws, r, 3, names.get(warning.item or "", None))
        w.put(ws, r, 4, scope_word(warning.country, lang) if warning.country else None)
        w.put(ws, r, 5, ", ".join(scope_word(c, lang) for c in warning.countries))
        w.put(ws, r, 6, "; ".join(warning.enterprises))
        w.put(ws, r, 7, render(warning.rule, lang))
        w.put(ws, r, 8, text(f"warnings.state.{state}", lang))
        if review is not None:
            w.put(ws, r, 9, review.reason)
            w.put(ws, r, 10, review.author)
            w.put(ws, r, 11, review.updated_at)
        r += 1
    ws.freeze_panes(1, 0)
    if r > 1:
        ws.autofilter(0, 0, r - 1, len(titles) - 1)


def _legend_sheet(w: _Writer, rows: Sequence[DiagramRow], lang: str) -> None:
    ws = w.wb.add_worksheet(text("export.sheet.legend", lang))
    ws.set_column(0, 0, 9)
    ws.set_column(1, 1, 60)
    ws.set_column(2, 4, 10)
    w.put(ws, 0, 1, text("export.legend.meaning", lang), w.head)
    w.put(ws, 0, 0, "", w.head)
    sums = diagram_totals(rows)
    for i, scope in enumerate(SCOPES):
        w.put(ws, 0, 2 + i, scope_word(scope, lang), w.head)
    for r, colour in enumerate(COLOURS, start=1):
        ws.write_string(r, 0, letter(colour, lang), w.status[colour])
        w.put(ws, r, 1, colour_word(colour, lang))
        for i, scope in enumerate(SCOPES):
            w.put(ws, r, 2 + i, sums[scope][colour])
    w.put(ws, 5, 1, text("export.legend.totals", lang), w.italic)
    marks = (
        (OVERRIDE_MARK, "export.legend.override"),
        (STALE_MARK, "diagram.stale.marker"),
        (WARNING_MARK, "export.legend.warning"),
    )
    for r, (mark, key) in enumerate(marks, start=7):
        w.put(ws, r, 0, mark)
        w.put(ws, r, 1, text(key, lang))
    w.put(ws, 11, 1, text("export.legend.reimport", lang), w.italic)


def write_workbook(
    view_rows: Sequence[DiagramRow],
    warnings: Sequence[DuplicationWarning],
    reviews: Mapping[str, Review] | Iterable[Review],
    path_or_buffer: str | Path | BinaryIO,
    *,
    lang: str = "ru",
    dataset: Dataset | None = None,
    title: str | None = None,
    date: dt.date | dt.datetime | None = None,
) -> None:
    """Write the diagram of ``view_rows`` (as shown: filtered, with overrides) to an xlsx file.

    ``dataset`` supplies the capacity records for the re-importable list sheet; without it the
    workbook holds the diagram, overrides, warnings and legend only. ``reviews`` maps warning
    keys to their review (or is an iterable of reviews).
    """
    lang = norm_lang(lang)
    review_map = dict(reviews) if isinstance(reviews, Mapping) else {r.warning_key: r for r in reviews}
    stamp = format_date(date or dt.datetime.now())
    heading = title or text("diagram.title", lang)
    target: Any = str(path_or_buffer) if isinstance(path_or_buffer, Path) else path_or_buffer
    wb = xlsxwriter.Workbook(target, {"in_memory": True, "remove_timezone": True})
    try:
        w = _Writer(wb)
        if dataset is not None:
            _list_sheet(w, view_rows, dataset, lang, stamp, heading)
        _diagram_sheet(w, view_rows, lang, stamp, heading)
        _overrides_sheet(w, view_rows, lang)
        names = {row.item.key: row.item.name for row in view_rows}
        if dataset is not None:
            names.update({k: i.name for k, i in dataset.items.items() if k not in names})
        shown = {row.item.key for row in view_rows}
        # Warnings about positions outside the current filter stay out, as on the page.
        kept = [x for x in warnings if x.item is None or x.item in shown]
        _warnings_sheet(w, kept, review_map, names, lang)
        _legend_sheet(w, view_rows, lang)
    finally:
        wb.close()


def workbook_bytes(
    view_rows: Sequence[DiagramRow],
    warnings: Sequence[DuplicationWarning],
    reviews: Mapping[str, Review] | Iterable[Review],
    *,
    lang: str = "ru",
    dataset: Dataset | None = None,
    title: str | None = None,
    date: dt.date | dt.datetime | None = None,
) -> bytes:
    """:func:`write_workbook` into memory (for a download)."""
    buffer = io.BytesIO()
    write_workbook(view_rows, warnings, reviews, buffer, lang=lang, dataset=dataset, title=title, date=date)
    return buffer.getvalue()
