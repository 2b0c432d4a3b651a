"""Reading every sheet of a file: its header, the field of each column, its data rows.

docs/domain.md §3. Each sheet with a header adds its parsed rows to one :class:`Block`; the
whole-file rules (identities, demand) run over that block in :mod:`svetofor.reading.assemble`.
"""

from __future__ import annotations

from collections.abc import Iterable

from svetofor.messages import Message, msg
from svetofor.model import ColumnMapping, Problem
from svetofor.reading.block import Block
from svetofor.reading.cells import Sheet, is_number_row
from svetofor.reading.columns import ColumnParser, parse_block
from svetofor.reading.header import Column, Header, find_header
from svetofor.reading.notes import Notes, Place
from svetofor.reading.rows import pick_rows
from svetofor.vocabulary import FIELDS, VocabularyError, countries_in_text, parse_country

Overrides = dict[tuple[str | None, int], str | None]


class SheetsReader:
    """The sheets of one file into ``block``; ``headers`` names each (sheet, field)'s column."""

    def __init__(self, notes: Notes, country: str | None, overrides: Overrides) -> None:
        self.notes = notes
        self.country: str | None = None
        if country is not None:
            try:
                self.country = parse_country(country)
            except VocabularyError as problem:
                notes.error(msg("reading.import_country", problem=problem.message))
        self.overrides = overrides
        self.block = Block()
        self.headers: dict[tuple[str | None, str], Place] = {}  # (sheet, field) -> its column

    def run(self, sheets: Iterable[Sheet]) -> bool:
        """Whether any sheet had a header (else the file's error is noted)."""
        found_any = False
        for sheet in sheets:
            header = find_header(sheet)
            if header is None:
                continue
            found_any = True
            self.read_sheet(sheet, header)
        if not found_any and not self.notes.result.errors:
            self.notes.error(msg("reading.no_header"))
        return found_any

    def read_sheet(self, sheet: Sheet, header: Header) -> None:
        columns = self.column_fields(sheet, header)
        header_row = sheet.row_number(header.last_row)
        by_field = self.fields_once(sheet, columns, header_row)
        if "item" not in by_field:
            self.notes.error(msg("reading.no_item_column"), sheet.name, header_row)
            return
        used = {f: cols[0] for f, cols in by_field.items()}
        for f, col in used.items():
            self.headers[(sheet.name, f)] = place(sheet, col)
        sheet_country = self.sheet_country(sheet, header)  # remarks a title that disagrees
        country = self.country or sheet_country
        if country is None and "country" not in used:
            self.notes.error(msg("reading.no_country_sheet"), sheet.name)
        leftmost = min((c.index for c in header.columns if c.header), default=0)
        start = header.last_row + 1
        if start < len(sheet.rows) and is_number_row(sheet.rows[start]):
            start += 1
        spread_merges(sheet, start)
        self.read_rows(sheet, used, start, leftmost, country)

    def column_fields(self, sheet: Sheet, header: Header) -> list[Column]:
        """Every column of the sheet with its field: found from the header, or the planner's
        choice; recorded in the result's mapping."""
        width = max(map(len, sheet.rows), default=0)
        found = {c.index: c for c in header.columns}
        columns = [found.get(j) or Column(j, "", None) for j in range(width)]
        for j, column in enumerate(columns):
            key = (sheet.name, sheet.col0 + j)
            if key in self.overrides:
                chosen = self.overrides[key]
                if chosen is not None and chosen not in FIELDS:
                    self.notes.error(
                        msg("reading.unknown_field", field=chosen, letter=sheet.letter(j)),
                        sheet.name,
                        sheet.row_number(header.last_row),
                        (column.header or sheet.letter(j), sheet.letter(j)),
                    )
                    chosen = None
                columns[j] = Column(j, column.header, chosen)
        self.notes.result.mapping.extend(
            ColumnMapping(sheet.name, sheet.col0 + c.index, sheet.letter(c.index), c.header, c.field)
            for c in columns
        )
        return columns

    def fields_once(self, sheet: Sheet, columns: list[Column], header_row: int) -> dict[str, list[Column]]:
        """The columns of each field; a field in two columns is an error (the first is used)."""
        by_field: dict[str, list[Column]] = {}
        for column in columns:
            if column.field:
                by_field.setdefault(column.field, []).append(column)
        for field_name in FIELDS:
            found = by_field.get(field_name, [])
            if len(found) > 1:
                # docs/domain.md §3: the planner knows the headers, not the internal field names
                named = tuple(column_message(sheet, c) for c in found)
                self.notes.error(
                    msg("reading.duplicate", n=len(found), columns=named), sheet.name, header_row
                )
        return by_field

    def sheet_country(self, sheet: Sheet, header: Header) -> str | None:
        named: set[str] = set()
        if sheet.name:
            named |= countries_in_text(sheet.name)
        for row in sheet.rows[: header.title_rows]:
            for value in row:
                if isinstance(value, str) and value.strip():
                    named |= countries_in_text(value)
        found = next(iter(named)) if len(named) == 1 else None
        if self.country and found and found != self.country:
            self.notes.remark(msg("reading.country_differs", named=found, chosen=self.country), sheet.name)
        return found

    def read_rows(
        self, sheet: Sheet, used: dict[str, Column], start: int, leftmost: int, country: str | None
    ) -> None:
        errors: list[Problem] = []
        data = pick_rows(sheet, used, start, leftmost, self.notes, errors)
        parser = ColumnParser(sheet, used, data, self.notes, errors)
        block = parse_block(sheet, used, data, country, parser)
        action = parser.places.get("action")
        for k, chosen in enumerate(block.action):
            if chosen == "modernise" and not block.existing[k]:
                self.notes.remark(
                    msg("reading.modernise_no"), sheet.name, block.number[k], action, block.name[k]
                )
        if errors:
            order = {c.header or sheet.letter(c.index): c.index for c in used.values()}
            errors.sort(key=lambda p: (p.row or 0, order.get(p.column or "", -1)))
            self.notes.result.errors.extend(errors)
        if not all(parser.ok):
            block.keep(parser.ok)
        self.block.extend(block)


def spread_merges(sheet: Sheet, start: int) -> None:
    """A merged cell in the data area gives its value to every row it spans (in its first
    column, so a section title merged across the table stays a one-cell row)."""
    rows = sheet.rows
    for (r1, c1), (r2, _c2) in sheet.merges:
        i1, i2, j = r1 - sheet.row0, r2 - sheet.row0, c1 - sheet.col0
        if i2 <= i1 or i1 < start or j < 0 or i1 >= len(rows) or j >= len(rows[i1]):
            continue
        value = rows[i1][j]
        for i in range(i1 + 1, min(i2, len(rows) - 1) + 1):
            if rows[i][j] == "" or rows[i][j] is None:
                rows[i][j] = value


def place(sheet: Sheet, column: Column) -> Place:
    """A column as a problem names it: its header (or letter, when it has none) and letter."""
    letter = sheet.letter(column.index)
    return (column.header or letter, letter)


def column_message(sheet: Sheet, column: Column) -> Message | str:
    """«C «Мощность»»: the letter and the header, or the letter alone."""
    letter = sheet.letter(column.index)
    return msg("reading.named_column", letter=letter, header=column.header) if column.header else letter
