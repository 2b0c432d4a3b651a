"""Which rows of a sheet are data: sections, totals, repeated headers and stray cells left out.

docs/domain.md §3: a row with one filled cell is a section title (its text groups the rows
below) or a stray note; "Итого"/"Всего" rows and the header repeated at printed page breaks are
skipped; a row of column numbers under the header is no data.
"""

from __future__ import annotations

import enum
import itertools
import re
from dataclasses import dataclass, field

from svetofor.messages import msg
from svetofor.model import Problem
from svetofor.reading.cells import Cell, Row, Sheet, blank, clean, is_integer_like, is_number_row, text_of
from svetofor.reading.header import Column
from svetofor.reading.notes import Notes

_SECTION_NUMBERING = re.compile(
    r"^(?:раздел\s+[\w.]+[.:)]?\s*|(?:\d+\.)+\d*\s*|\d+\)\s*|[IVXLC]+\.\s*|[IVXLC]+\s+(?=\S))",
    re.IGNORECASE,
)
TOTAL = re.compile(r"^(?:итого|всего)(?!\w)")
_TOTAL_WORDS = frozenset({"итого", "всего"})
_SKIP = object()  # a row's name memo: the row is a total or a repeated header


class _Sparse(enum.Enum):
    """What a row with few filled cells (or no name) is."""

    DATA = 0
    SKIP = 1
    SECTION = 2
    STRAY = 3  # one filled cell that is no section: remarked if data rows follow


@dataclass
class DataRows:
    """The data rows of one sheet: row index, the row's number as shown, name, section."""

    indices: list[int] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    groups: list[str | None] = field(default_factory=list)


def pick_rows(
    sheet: Sheet, used: dict[str, Column], start: int, leftmost: int, notes: Notes, errors: list[Problem]
) -> DataRows:
    """One cheap pass over the rows: the common row (a name and several cells) costs a few
    comparisons and one memo look-up; only sparse rows are looked at closely."""
    rows = sheet.rows
    name_j = used["item"].index
    item_header = used["item"].header or sheet.letter(name_j)
    item_header_folded = item_header.casefold()
    # The leftmost column numbers the rows (it is no field): "1" + a name is a section.
    numbered = leftmost < name_j and all(c.index != leftmost for c in used.values())
    name_memo: dict[object, object] = {}
    name_memo_get = name_memo.get
    picked = DataRows()
    group: str | None = None
    pending: list[int] = []  # one-cell rows not yet known to precede data
    for i in range(start, len(rows)):
        row = rows[i]
        filled_count = len(row) - row.count("")
        if filled_count <= 0:
            continue
        raw_name = row[name_j]
        if filled_count <= 2 or raw_name == "" or (isinstance(raw_name, str) and not raw_name.strip()):
            kind, section = _sparse(rows, i, leftmost, name_j, numbered)
            if kind is _Sparse.SKIP:
                continue
            if kind is _Sparse.SECTION:
                group = section
                continue
            if kind is _Sparse.STRAY:
                pending.append(i)
                continue
        if pending:
            for k in pending:
                notes.remark(msg("reading.single_cell"), sheet.name, sheet.row_number(k))
            pending = []
        name = name_memo_get(raw_name, None)
        if name is None:
            name = name_memo[raw_name] = _name_or_skip(raw_name, item_header_folded)
        if name is _SKIP or (leftmost != name_j and _is_total(row[leftmost])):
            continue  # a total row, or the header repeated (printed page breaks)
        if (not isinstance(raw_name, str) or raw_name.isdigit()) and is_number_row(row):
            continue
        number = sheet.row_number(i)
        if name == "":
            errors.append(
                notes.problem(msg("reading.no_name"), sheet.name, number, (item_header, sheet.letter(name_j)))
            )
            continue
        picked.indices.append(i)
        picked.numbers.append(number)
        picked.names.append(name)  # type: ignore[arg-type]
        picked.groups.append(group)
    return picked


def _sparse(
    rows: list[Row], i: int, leftmost: int, name_j: int, numbered: bool
) -> tuple[_Sparse, str | None]:
    row = rows[i]
    filled = [j for j, v in enumerate(row) if v != "" and v is not None and not blank(v)]
    if not filled:
        return _Sparse.SKIP, None
    if len(filled) == 1:
        j = filled[0]
        text = text_of(row[j])
        if TOTAL.match(text.casefold()):
            return _Sparse.SKIP, None
        if j in (leftmost, name_j):
            section = section_name(text)
            if section:
                return _Sparse.SECTION, section
            if is_integer_like(row[j]) or j == leftmost:
                return _Sparse.SKIP, None
        return _Sparse.STRAY, None
    if numbered and filled == [leftmost, name_j] and heads_numbering(rows, i, leftmost):
        # "1 | Токарные станки" with nothing else, numbering the rows below it ("1.1", or
        # none): a numbered section title. In a flat numbering "4 | Метчик" is a position that
        # states nothing yet (docs/domain.md §3: a section row has one filled cell).
        section = section_name(text_of(row[name_j]))
        if section and not TOTAL.match(section.casefold()):
            return _Sparse.SECTION, section
    return _Sparse.DATA, None


def _is_total(lead: Cell) -> bool:
    return (
        isinstance(lead, str)
        and lead[:5].casefold() in _TOTAL_WORDS
        and bool(TOTAL.match(lead.strip().casefold()))
    )


def _name_or_skip(value: Cell, header_folded: str) -> object:
    """The item name of a row, "" if empty, or _SKIP for totals and repeated headers."""
    name = clean(value)
    if name is None:
        return ""
    folded = name.casefold()
    if folded == header_folded or TOTAL.match(folded):
        return _SKIP
    return name


def heads_numbering(rows: list[Row], i: int, column: int) -> bool:
    """Whether the number in ``rows[i][column]`` heads the rows below: the next non-blank row
    numbers itself under it ("1" → "1.1") or not at all. A plain successor ("4" → "5") or
    the end of the table means the row is a position of a flat numbering."""
    lead = text_of(rows[i][column])
    if not is_integer_like(rows[i][column]) and not lead.rstrip(".").isdigit():
        return True  # "I", "Раздел 1": numbering that positions never use
    prefix = lead.rstrip(".") + "."
    for row in itertools.islice(rows, i + 1, None):
        if all(v == "" or v is None or blank(v) for v in row):
            continue
        below = text_of(row[column]) if column < len(row) else ""
        return not below or below.startswith(prefix)
    return False


def section_name(text: str) -> str:
    stripped = _SECTION_NUMBERING.sub("", text, count=1).strip().rstrip(":").strip()
    if not stripped or stripped.replace(".", "").isdigit():
        return ""
    return stripped
