"""How every workbook the product writes looks on screen and on paper (xlsxwriter).

One place for what a planner notices when a file is opened in Excel or LibreOffice Calc, or
printed for a commission: A4 pages, landscape where a sheet is wide, one page wide and as many
tall as needed, the header rows repeated on each page, a print title with the date and filter,
"page N of M" in the footer; rows tall enough for their wrapped text and columns wide enough
for their headers; number formats without a trailing separator ("2", "2,5", never "2," or
"2 027,"; years are plain integers: docs/domain.md §6).

The default font is Arial 10 rather than xlsxwriter's Calibri 11: Arial is on every Windows
machine and LibreOffice draws it with the metric-compatible Liberation Sans, so the row heights
estimated here are the ones both programs show (Calibri is absent where LibreOffice runs).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

FONT = "Arial"
FONT_PT = 10
LINE_PT = 12.75  # the height of one line of Arial 10 in a row (Excel's own default row)
ROW_PAD_PT = 2.0
MAX_ROW_PT = 409.0  # Excel's largest row height
A4 = 9  # xlsxwriter's paper code
# Beyond this total column width (in Excel's character units) a sheet prints in landscape:
# about what fits an A4 portrait page at a readable scale.
PORTRAIT_MAX_WIDTH = 110.0
# Characters of Cyrillic text per unit of column width in Arial 10 (a unit is the width of a
# digit; a Cyrillic letter is on average a little narrower, capitals a little wider).
CHARS_PER_UNIT = 1.05
HEADER_LIMIT = 250  # Excel refuses a page header over 255 characters

# docs/domain.md §6 number formats: integers with a thousands separator, fractions with up to
# three decimals but at least one (so no "2," for 2.0), years and codes as plain integers.
INTEGER = "#,##0"
FRACTION = "#,##0.0##"
YEAR = "0"
DATETIME = "dd.mm.yyyy hh:mm"


def new_workbook(target: str | Path | IO[bytes]) -> xlsxwriter.Workbook:
    """A workbook in memory (no temporary files) with the default font set to Arial 10."""
    out: Any = str(target) if isinstance(target, Path) else target
    options = {
        "in_memory": True,
        "remove_timezone": True,
        # every format starts from Arial 10; its row is 17 px and its digit 7 px wide, like Calibri's
        "default_format_properties": {"font_name": FONT, "font_size": FONT_PT},
        "default_row_height": 17,
        "default_column_width": 64,
    }
    return xlsxwriter.Workbook(out, options)


def number_format(value: float) -> str:
    """The format of a number cell: no decimals for a whole number, no trailing separator."""
    return INTEGER if float(value).is_integer() else FRACTION


def whole(value: float | None) -> float | int | None:
    """A whole number as an ``int`` (a cell then shows "12", not "12.0" in any program)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def text_lines(value: str, width: float) -> int:
    """How many lines ``value`` takes wrapped in a column ``width`` characters wide."""
    chars = max(1, math.floor(width * CHARS_PER_UNIT) - 1)
    return sum(
        max(1, len(textwrap.wrap(part, chars, break_long_words=True, break_on_hyphens=True)))
        for part in value.splitlines() or [""]
    )


def header_width(title: str, width: float, *, bold: bool = True) -> float:
    """A column at least as wide as the longest word of its header (headers wrap between
    words, never inside one); bold letters are wider."""
    longest = max((len(word) for word in title.split()), default=0)
    return max(width, longest * (1.15 if bold else 1.0) / CHARS_PER_UNIT + 1.5)


class Grid:
    """Column widths of one worksheet and the tallest wrapped cell of each row.

    Writers :meth:`note` every wrapped text they put in a cell; :meth:`finish` then sets each
    row that needs more than one line to the height of its tallest cell.
    """

    def __init__(self, ws: Worksheet, widths: Sequence[float], *, first_col: int = 0) -> None:
        self.ws = ws
        self.widths: dict[int, float] = {}
        self._lines: dict[int, int] = {}
        for i, width in enumerate(widths):
            self.set_width(first_col + i, width)

    def set_width(self, col: int, width: float) -> None:
        self.widths[col] = width
        self.ws.set_column(col, col, width)

    @property
    def total_width(self) -> float:
        return sum(self.widths.values())

    def note(self, row: int, col: int, value: str) -> None:
        width = self.widths.get(col)
        if width is None or not value:
            return
        lines = text_lines(value, width)
        if lines > self._lines.get(row, 1):
            self._lines[row] = lines

    def finish(self) -> None:
        for row, lines in self._lines.items():
            self.ws.set_row(row, min(MAX_ROW_PT, lines * LINE_PT + ROW_PAD_PT))


def header_footer_text(value: str) -> str:
    """A text for a page header or footer: ``&`` starts a code there, so it is doubled."""
    value = " ".join(value.split())
    if len(value) > HEADER_LIMIT:
        value = value[: HEADER_LIMIT - 1] + "…"
    return value.replace("&", "&&")


def print_setup(
    ws: Worksheet,
    *,
    title: str,
    page_label: str,
    width: float,
    header_rows: tuple[int, int] | None = None,
    gridlines: bool = True,
) -> None:
    """A4, landscape when ``width`` (the columns' total) is too wide for portrait, fitted to one
    page wide and as many tall as needed, ``header_rows`` (first, last; 0-based) repeated on
    every page, ``title`` at the top of each page and ``page_label`` (with ``&P`` and ``&N``
    for the page and the page count) at the bottom."""
    ws.set_paper(A4)
    if width > PORTRAIT_MAX_WIDTH:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    # Inches: about 1.5 cm at the sides and 2 cm top and bottom, room for the title and page number.
    ws.set_margins(left=0.6, right=0.5, top=0.8, bottom=0.7)
    ws.set_header(f"&C{header_footer_text(title)}", {"margin": 0.3})
    ws.set_footer(f"&C{page_label}", {"margin": 0.3})
    if header_rows is not None:
        ws.repeat_rows(*header_rows)
    if gridlines:
        ws.hide_gridlines(0)  # printed as on screen: the cells of a list stay apart on paper
    ws.center_horizontally()


__all__ = [
    "DATETIME",
    "FRACTION",
    "INTEGER",
    "YEAR",
    "Grid",
    "header_footer_text",
    "header_width",
    "new_workbook",
    "number_format",
    "print_setup",
    "text_lines",
    "whole",
]
