"""Cells as the reader sees them: a sheet's rows of plain values, and the text of a cell.

docs/domain.md §3. A cell value is what python-calamine gives (str, int, float, bool, a date or
time, or "" for an empty cell); CSV cells are all strings. The helpers here never raise.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TypeAlias

from svetofor.vocabulary import EMPTY_WORDS, cell_text

# The union python-calamine's stubs give, so its rows are ours without a copy.
Cell: TypeAlias = int | float | str | bool | time | date | datetime | timedelta
Row: TypeAlias = list[Cell]
Merge: TypeAlias = tuple[tuple[int, int], tuple[int, int]]  # ((row, col), (row, col)), 0-based


def column_letter(index: int) -> str:
    """0-based column index → spreadsheet letters (0 → "A", 27 → "AB")."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class Sheet:
    """One sheet's cells; ``rows[0]`` is sheet row ``row0`` (0-based), column ``col0``."""

    name: str | None  # None for CSV
    rows: list[Row]
    row0: int = 0
    col0: int = 0
    merges: list[Merge] = field(default_factory=list)
    line_numbers: list[int] | None = None  # CSV: the line each record starts on

    def row_number(self, index: int) -> int:
        if self.line_numbers is not None:
            return self.line_numbers[index]
        return self.row0 + index + 1

    def letter(self, index: int) -> str:
        if self.name is None and self.line_numbers is not None:
            return str(self.col0 + index + 1)
        return column_letter(self.col0 + index)


def text_of(value: Cell) -> str:
    """A cell's text with runs of white space collapsed ("" for an empty cell)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    return cell_text(value)


def clean(value: Cell) -> str | None:
    """A text cell trimmed and collapsed, or None when empty ("—", "н/д", "нет данных")."""
    text = " ".join(value.split()) if isinstance(value, str) else text_of(value)
    if not text or (len(text) <= 10 and text.casefold() in EMPTY_WORDS):
        return None
    return text


def blank(value: Cell) -> bool:
    return isinstance(value, str) and not value.strip()


def raw_text(value: Cell) -> str:
    if isinstance(value, str):
        return value
    return cell_text(value)


def is_integer_like(value: Cell) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return float(value).is_integer()
    return isinstance(value, str) and value.strip().isascii() and value.strip().isdigit()


def is_number_row(row: Row) -> bool:
    """A row of column numbers (1, 2, 3 …) printed under the header."""
    values = [v for v in row if v != "" and v is not None]
    if len(values) < 2 or not all(is_integer_like(v) for v in values):
        return False
    numbers = [int(v) if isinstance(v, str) else int(float(v)) for v in values]  # type: ignore[arg-type]
    return all(b > a for a, b in itertools.pairwise(numbers))
