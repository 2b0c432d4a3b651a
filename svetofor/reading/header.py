"""Finding a sheet's header row (one row, or two with merged upper cells) and its columns.

docs/domain.md §3: the header is the first of the top 30 rows holding the item name column and
at least one other known column; a two-row header names a column "upper lower" when that is a
known header, else by the lower cell, else by the upper one.
"""

from __future__ import annotations

from dataclasses import dataclass

from svetofor.reading.cells import Cell, Sheet, text_of
from svetofor.vocabulary import match_header

HEADER_SCAN_ROWS = 30


@dataclass
class Column:
    index: int  # relative to the sheet's rows
    header: str
    field: str | None


@dataclass
class Header:
    last_row: int  # index of the last header row (0-based into rows)
    columns: list[Column]
    title_rows: int  # rows above the header


def header_field(value: Cell) -> str | None:
    return match_header(value) if isinstance(value, str) else None


def find_header(sheet: Sheet) -> Header | None:
    rows = sheet.rows
    for index in range(min(HEADER_SCAN_ROWS, len(rows))):
        fields = [header_field(v) for v in rows[index]]
        if "item" not in fields:
            continue
        single = [Column(j, text_of(v), f) for j, (v, f) in enumerate(zip(rows[index], fields, strict=True))]
        single_fields = {c.field for c in single if c.field}
        if index + 1 < len(rows):
            double = two_row_columns(sheet, index)
            double_fields = {c.field for c in double if c.field}
            if "item" in double_fields and double_fields - single_fields:
                return Header(index + 1, double, index)
        if len(single_fields) >= 2:
            return Header(index, single, index)
    return None


def spread_upper(sheet: Sheet, index: int) -> list[str]:
    """The header row's texts with horizontally merged cells given to every column they span."""
    row = sheet.rows[index]
    texts = [text_of(v) for v in row]
    absolute = sheet.row0 + index
    for (r1, c1), (r2, c2) in sheet.merges:
        if not (r1 <= absolute <= r2 and c2 > c1):
            continue
        i, j = r1 - sheet.row0, c1 - sheet.col0
        if not (0 <= i < len(sheet.rows) and 0 <= j < len(sheet.rows[i])):
            continue
        value = text_of(sheet.rows[i][j])
        for col in range(max(j, 0), min(c2 - sheet.col0, len(texts) - 1) + 1):
            if not texts[col]:
                texts[col] = value
    return texts


def two_row_columns(sheet: Sheet, index: int) -> list[Column]:
    """docs/domain.md §3: a column's name is "upper lower" if that is a synonym, else the lower
    cell, else the upper cell."""
    upper = spread_upper(sheet, index)
    lower = [text_of(v) for v in sheet.rows[index + 1]]
    columns = []
    for j, (up, low) in enumerate(zip(upper, lower, strict=True)):
        if up and low:
            combined = f"{up} {low}"
            found = match_header(combined)
            if found:
                columns.append(Column(j, combined, found))
            else:
                columns.append(Column(j, low, match_header(low)))
        elif low:
            columns.append(Column(j, low, match_header(low)))
        else:
            columns.append(Column(j, up, match_header(up) if up else None))
    return columns
