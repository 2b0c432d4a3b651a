"""The ministry template: an xlsx for one country's ministry to fill in and send back.

Prevention at the source (docs/domain.md §6, the lists of §3): the list sheet holds the diagram's positions with
their codes and names, the country's current records prefilled, in the headers and words the
reader recognises, so a list sent back on it matches the diagram by code instead of arriving
as new wordings. Drop-downs offer the words the reader knows for existing, action and country;
capacity, demand and year accept only numbers; the code and name cells are locked (sheet
protection without a password: it guards against slips, not against a determined user, and a
ministry that must add a position does so in the unlocked rows at the end). An instructions
sheet explains it in the template's language.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from svetofor import xlsx_layout as layout
from svetofor.diagram import DiagramRow
from svetofor.export_xlsx import neutralise
from svetofor.list_sheet import FIELDS, list_cells, list_header, list_lines, list_value
from svetofor.messages import MessageError, Param, format_date, msg, norm_lang, text
from svetofor.model import Dataset

COUNTRIES = ("BY", "RU")
LOCKED = ("item_code", "item")  # what identifies a position: the ministry must not retype it
NUMBERS = ("capacity", "demand")
SPARE_ROWS = 30  # unlocked rows after the positions, for new producers or positions
HEAD_ROW = 3
FIRST_YEAR, LAST_YEAR = 1990, 2100
_WIDTHS = {
    "item_code": 9,
    "item": 40,
    "kind": 12,
    "group": 20,
    "hs_code": 11,
    "used_in": 12,
    "country": 14,
    "enterprise": 30,
    "tax_id": 12,
    "existing": 11,
    "capacity": 11,
    "demand": 12,
    "action": 14,
    "launch_year": 8,
    "note": 28,
}
INSTRUCTIONS = (
    "template.instruction.1",
    "template.instruction.2",
    "template.instruction.3",
    "template.instruction.4",
    "template.instruction.5",
    "template.instruction.6",
    "template.instruction.7",
)


class TemplateError(MessageError):
    """The template cannot be made (an unknown country)."""


class _Sheet:
    """The list sheet of the template and its formats."""

    def __init__(self, wb: Any, lang: str) -> None:
        self.lang = lang
        base = {"valign": "top", "text_wrap": True, "border": 1, "border_color": "#c8c8c8"}
        self.locked = wb.add_format({**base, "bg_color": "#eeeeee"})
        self.locked_quoted = wb.add_format({**base, "bg_color": "#eeeeee", "quote_prefix": True})
        self.open = wb.add_format({**base, "locked": False})
        self.open_quoted = wb.add_format({**base, "locked": False, "quote_prefix": True})
        self.year = wb.add_format({**base, "locked": False, "num_format": layout.YEAR})
        self.numbers = {
            f: wb.add_format({**base, "locked": False, "num_format": f})
            for f in (layout.INTEGER, layout.FRACTION)
        }
        self.head = wb.add_format(
            {"bold": True, "bg_color": "#dde4ee", "border": 1, "text_wrap": True, "valign": "vcenter"}
        )
        self.title = wb.add_format({"bold": True, "font_size": 12})
        self.italic = wb.add_format({"italic": True, "font_color": "#555555"})

    def format_of(self, field: str, value: Any, spare: bool) -> Format:
        if field in LOCKED and not spare:
            return self.locked_quoted if isinstance(value, str) and neutralise(value) else self.locked
        if field == "launch_year":
            return self.year
        if field in NUMBERS:
            return self.numbers[layout.number_format(value if isinstance(value, int | float) else 0)]
        return self.open_quoted if isinstance(value, str) and neutralise(value) else self.open


def _put(ws: Worksheet, grid: layout.Grid, row: int, col: int, value: Any, fmt: Format) -> None:
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)  # never a formula, whatever the text
        grid.note(row, col, str(value))


def _validate(ws: Worksheet, first: int, last: int, lang: str) -> None:
    """Drop-downs with the reader's words, numbers only where a number is read."""

    def col(field: str) -> int:
        return FIELDS.index(field)

    def rule(field: str, options: dict[str, Any], what: str) -> None:
        options = {
            **options,
            "error_title": text("template.invalid.title", lang),
            "error_message": text(
                f"template.invalid.{what}", lang, first=str(FIRST_YEAR), last=str(LAST_YEAR)
            ),
        }
        ws.data_validation(first, col(field), last, col(field), options)

    yes_no = [text("common.yes", lang), text("common.no", lang)]
    actions = [list_value("new", lang), list_value("modernise", lang), text("common.no", lang)]
    countries = [list_value(c, lang) for c in COUNTRIES]
    rule("existing", {"validate": "list", "source": yes_no}, "choice")
    rule("action", {"validate": "list", "source": actions}, "choice")
    rule("country", {"validate": "list", "source": countries}, "choice")
    for field in NUMBERS:
        rule(field, {"validate": "decimal", "criteria": ">=", "value": 0}, "number")
    year = {"validate": "integer", "criteria": "between", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}
    rule("launch_year", year, "year")


def _list_sheet(
    wb: Any, rows: Sequence[DiagramRow], dataset: Dataset, country: str, lang: str, heading: str
) -> None:
    sheet = _Sheet(wb, lang)
    ws = wb.add_worksheet(text("export.sheet.list", lang))
    titles = [list_header(f, lang) for f in FIELDS]
    grid = layout.Grid(ws, [layout.header_width(t, _WIDTHS[f]) for t, f in zip(titles, FIELDS, strict=True)])
    ws.write_string(0, 0, heading, sheet.title)
    ws.write_string(1, 0, text("template.note", lang), sheet.italic)
    for col, title in enumerate(titles):
        ws.write_string(HEAD_ROW, col, title, sheet.head)
        grid.note(HEAD_ROW, col, title)
    r = HEAD_ROW + 1
    for row, line_country, rec in list_lines(rows, dataset, (country,)):
        cells = list_cells(row.item, line_country, rec, dataset, lang)
        for col, field in enumerate(FIELDS):
            _put(ws, grid, r, col, cells[field], sheet.format_of(field, cells[field], spare=False))
        r += 1
    last = r + SPARE_ROWS - 1
    for spare in range(r, last + 1):
        for col, field in enumerate(FIELDS):
            value = list_value(country, lang) if field == "country" else None
            _put(ws, grid, spare, col, value, sheet.format_of(field, value, spare=True))
    _validate(ws, HEAD_ROW + 1, last, lang)
    grid.finish()
    layout.print_setup(
        ws,
        title=heading,
        page_label=text("xlsx.page", lang, page="&P", pages="&N"),
        width=grid.total_width,
        header_rows=(HEAD_ROW, HEAD_ROW),
    )
    ws.freeze_panes(HEAD_ROW + 1, 2)
    ws.autofilter(HEAD_ROW, 0, last, len(FIELDS) - 1)
    # Locked cells stay selectable and the ministry may still sort, filter, resize and add rows.
    ws.protect(
        "",
        {
            "autofilter": True,
            "sort": True,
            "format_columns": True,
            "format_rows": True,
            "insert_rows": True,
        },
    )


def _instructions_sheet(wb: Any, country: str, lang: str, heading: str) -> Worksheet:
    ws = wb.add_worksheet(text("template.sheet.instructions", lang))
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    grid = layout.Grid(ws, [100])
    ws.write_string(0, 0, heading, wb.add_format({"bold": True, "font_size": 12}))
    params: dict[str, Param] = {
        "country": list_value(country, lang) or country,
        "sheet": text("export.sheet.list", lang),
        "rows": str(SPARE_ROWS),
    }
    for r, key in enumerate(INSTRUCTIONS, start=2):
        line = text(key, lang, **params)
        ws.write_string(r, 0, line, wrap)
        grid.note(r, 0, line)
    grid.finish()
    page_label = text("xlsx.page", lang, page="&P", pages="&N")
    layout.print_setup(ws, title=heading, page_label=page_label, width=grid.total_width, gridlines=False)
    return ws


def write_template(
    view_rows: Sequence[DiagramRow],
    dataset: Dataset,
    path_or_buffer: str | Path | BinaryIO,
    *,
    country: str,
    lang: str = "ru",
    date: dt.date | dt.datetime | None = None,
) -> None:
    """The template of ``country`` ("BY" or "RU") for the positions of ``view_rows``."""
    if country not in COUNTRIES:
        raise TemplateError(msg("template.bad_country", value=country, codes=", ".join(COUNTRIES)))
    lang = norm_lang(lang)
    stamp = format_date(date or dt.datetime.now())
    heading = text("template.title", lang, country=list_value(country, lang) or country, date=stamp)
    wb = layout.new_workbook(path_or_buffer)
    try:
        instructions = _instructions_sheet(wb, country, lang, heading)
        _list_sheet(wb, view_rows, dataset, country, lang, heading)
        instructions.activate()  # opened on the instructions; the list is one tab away
    finally:
        wb.close()


def template_bytes(view_rows: Sequence[DiagramRow], dataset: Dataset, **options: Any) -> bytes:
    """:func:`write_template` into memory (for a download); ``options`` as there."""
    buffer = io.BytesIO()
    write_template(view_rows, dataset, buffer, **options)
    return buffer.getvalue()


__all__ = ["COUNTRIES", "TemplateError", "template_bytes", "write_template"]
