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

from svetofor import xlsx_layout as layout
from svetofor.diagram import DiagramRow
from svetofor.diagram import totals as diagram_totals
from svetofor.list_sheet import FIELDS, list_cells, list_header, list_lines, list_value
from svetofor.messages import format_date, norm_lang, render, text
from svetofor.model import COLOURS, SCOPES, Colour, Dataset, DuplicationWarning, Review
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


def neutralise(value: str) -> bool:
    """Whether a text must be kept from being read as a formula by a spreadsheet."""
    return value.startswith(_DANGEROUS_START)


class _Writer:
    """Formats of one workbook and safe cell writes into the sheet being written."""

    def __init__(self, wb: xlsxwriter.Workbook, lang: str, title: str) -> None:
        self.wb, self.lang, self.title_text = wb, lang, title
        self.page_label = text("xlsx.page", lang, page="&P", pages="&N")
        self.text = wb.add_format({"valign": "top", "text_wrap": True})
        self.quoted = wb.add_format({"valign": "top", "text_wrap": True, "quote_prefix": True})
        self.head = wb.add_format(
            {"bold": True, "bg_color": "#dde4ee", "border": 1, "text_wrap": True, "valign": "vcenter"}
        )
        self.title = wb.add_format({"bold": True, "font_size": 12})
        self.italic = wb.add_format({"italic": True, "font_color": "#555555"})
        self.numbers = {
            f: wb.add_format({"valign": "top", "num_format": f}) for f in (layout.INTEGER, layout.FRACTION)
        }
        self.year = wb.add_format({"valign": "top", "num_format": layout.YEAR})
        self.when = wb.add_format({"valign": "top", "num_format": layout.DATETIME})
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
        self.grid: layout.Grid | None = None

    def sheet(self, name_id: str, titles: Sequence[str], widths: Sequence[float], head_row: int) -> Worksheet:
        """A new sheet with its header row at ``head_row``, printed with that row on every page."""
        ws = self.wb.add_worksheet(text(name_id, self.lang))
        widths = [layout.header_width(t, w) for t, w in zip(titles, widths, strict=True)]
        self.grid = layout.Grid(ws, widths)
        for col, title in enumerate(titles):
            self.put(ws, head_row, col, title, self.head)
        layout.print_setup(
            ws,
            title=self.title_text,
            page_label=self.page_label,
            width=self.grid.total_width,
            header_rows=(head_row, head_row),
        )
        ws.freeze_panes(head_row + 1, 2 if len(titles) > 6 else 0)
        return ws

    def put(self, ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None = None) -> None:
        if value is None or value == "":
            if fmt is not None:
                ws.write_blank(row, col, None, fmt)
            return
        if isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, (int, float)):
            ws.write_number(row, col, value, fmt or self.numbers[layout.number_format(value)])
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
            if self.grid is not None and fmt in (None, self.head):
                self.grid.note(row, col, text)

    def status_cell(self, ws: Worksheet, row: int, col: int, cell: Any, lang: str) -> None:
        colour: Colour = cell.colour if cell.colour in FILL else "none"
        mark = ""
        if cell.overridden:
            mark = f" {STALE_MARK}" if cell.stale else f" {OVERRIDE_MARK}"
        ws.write_string(row, col, letter(colour, lang) + mark, self.status[colour])

    def done(self) -> None:
        if self.grid is not None:
            self.grid.finish()
        self.grid = None


def _list_sheet(w: _Writer, rows: Sequence[DiagramRow], dataset: Dataset, lang: str, heading: str) -> None:
    titles = [list_header(f, lang) for f in FIELDS]
    titles += [text("export.status", lang, scope=scope_word(s, lang)) for s in SCOPES]
    widths = [9, 36, 11, 18, 10, 14, 10, 26, 11, 10, 10, 11, 12, 7, 22, 7, 7, 7]
    head_row = 3
    ws = w.sheet("export.sheet.list", titles, widths, head_row)
    w.put(ws, 0, 0, heading, w.title)
    w.put(ws, 1, 0, text("export.list.note", lang), w.italic)
    r = head_row + 1
    for row, country, rec in list_lines(rows, dataset):
        cells = list_cells(row.item, country, rec, dataset, lang)
        for col, field_name in enumerate(FIELDS):
            w.put(ws, r, col, cells[field_name], w.year if field_name == "launch_year" else None)
        for i, scope in enumerate(SCOPES):
            w.status_cell(ws, r, len(FIELDS) + i, row.cells[scope], lang)
        r += 1
    ws.autofilter(head_row, 0, max(head_row, r - 1), len(titles) - 1)
    w.done()


def _diagram_sheet(w: _Writer, rows: Sequence[DiagramRow], lang: str, heading: str) -> None:
    titles = [
        text("export.code", lang),
        text("diagram.position", lang),
        text("export.kind", lang),
        text("export.group", lang),
        *(scope_word(s, lang) for s in SCOPES),
        text("export.warnings", lang),
    ]
    ws = w.sheet("export.sheet.diagram", titles, [8, 52, 14, 34, 7, 7, 7, 9], 2)
    w.put(ws, 0, 0, heading, w.title)
    for r, row in enumerate(rows, start=3):
        item = row.item
        for col, value in enumerate((item.code, item.name, list_value(item.kind, lang), item.group)):
            w.put(ws, r, col, value)
        for i, scope in enumerate(SCOPES):
            w.status_cell(ws, r, 4 + i, row.cells[scope], lang)
        if row.warning_keys:
            w.put(ws, r, 7, f"{WARNING_MARK} {len(row.warning_keys)}")
    w.done()


def _titles(*ids: str, lang: str) -> list[str]:
    return [text(key, lang) for key in ids]


def _overrides_sheet(w: _Writer, rows: Sequence[DiagramRow], lang: str) -> None:
    ids = ("export.code", "diagram.position", "export.scope", "export.colour", "export.computed")
    titles = _titles(*ids, "export.reason", "export.author", "export.time", "export.stale", lang=lang)
    ws = w.sheet("export.sheet.overrides", titles, [9, 40, 8, 7, 14, 40, 14, 15, 11], 0)
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
    w.done()


def _warnings_sheet(
    w: _Writer,
    warnings: Sequence[DuplicationWarning],
    reviews: Mapping[str, Review],
    names: Mapping[str, str],
    lang: str,
) -> None:
    ids = ["export.w.kind", "export.w.severity", "export.code", "diagram.position", "export.w.country"]
    ids += ["export.w.countries", "export.w.enterprises", "export.w.rule", "export.w.state"]
    titles = _titles(*ids, "export.w.reason", "export.w.who", "export.w.when", lang=lang)
    widths = [18, 10, 9, 30, 11, 10, 30, 40, 11, 26, 12, 15]
    ws = w.sheet("export.sheet.warnings", titles, widths, 0)
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
    if r > 1:
        ws.autofilter(0, 0, r - 1, len(titles) - 1)
    w.done()


def _legend_sheet(w: _Writer, rows: Sequence[DiagramRow], lang: str) -> None:
    titles = ["", text("export.legend.meaning", lang), *(scope_word(s, lang) for s in SCOPES)]
    ws = w.sheet("export.sheet.legend", titles, [7, 60, 9, 9, 9], 0)
    sums = diagram_totals(rows)
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
    w.put(ws, 11, 1, text("export.legend.reimport", lang))
    w.done()


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
    filter_text: str | None = None,
) -> None:
    """Write the diagram of ``view_rows`` (as shown: filtered, with overrides) to an xlsx file.

    ``dataset`` supplies the capacity records for the re-importable list sheet; without it the
    workbook holds the diagram, overrides, warnings and legend only. ``reviews`` maps warning
    keys to their review (or is an iterable of reviews). ``filter_text`` (the filter in words)
    goes into the title printed on every page.
    """
    lang = norm_lang(lang)
    review_map = dict(reviews) if isinstance(reviews, Mapping) else {r.warning_key: r for r in reviews}
    stamp = format_date(date or dt.datetime.now())
    name = title or text("diagram.title", lang)
    heading = text("export.generated", lang, title=name, date=stamp)
    if filter_text:
        heading = text("xlsx.filtered", lang, title=heading, filter=filter_text)
    wb = layout.new_workbook(path_or_buffer)
    try:
        w = _Writer(wb, lang, heading)
        if dataset is not None:
            _list_sheet(w, view_rows, dataset, lang, heading)
        _diagram_sheet(w, view_rows, lang, heading)
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
    **options: Any,
) -> bytes:
    """:func:`write_workbook` into memory (for a download); ``options`` as there."""
    buffer = io.BytesIO()
    write_workbook(view_rows, warnings, reviews, buffer, **options)
    return buffer.getvalue()
