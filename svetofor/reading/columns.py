"""Parsing the data rows column by column into a :class:`Block`.

Each distinct cell value of a column is parsed once and the results are mapped back with list
comprehensions, which keeps a 50k-row list close to the cost of reading it. A value outside the
vocabulary is a located error and keeps its row out of the data (docs/domain.md §3).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import TypeVar, cast

from svetofor.messages import Message, msg
from svetofor.model import Action, Country, Problem
from svetofor.reading.block import Block
from svetofor.reading.cells import Cell, Sheet, clean, raw_text
from svetofor.reading.header import Column
from svetofor.reading.notes import Notes
from svetofor.reading.rows import DataRows
from svetofor.vocabulary import (
    VocabularyError,
    is_empty,
    normalise_name,
    parse_action,
    parse_country,
    parse_kind,
    parse_number,
    parse_tax_id,
    parse_year,
    parse_yes_no,
)

_LIST_SPLIT = re.compile(r"[;,\n]")
T = TypeVar("T")


class ColumnParser:
    """The picked cells of one sheet's data rows, by column, and the rows still good (``ok``)."""

    def __init__(
        self, sheet: Sheet, used: dict[str, Column], data: DataRows, notes: Notes, errors: list[Problem]
    ) -> None:
        self.sheet_name = sheet.name
        self.notes = notes
        self.names = data.names
        self.used = used
        self.numbers = data.numbers
        self.count = len(data.indices)
        self.ok = [True] * self.count
        self.errors = errors
        self.places = {f: (c.header or sheet.letter(c.index), sheet.letter(c.index)) for f, c in used.items()}
        self.picked = _transpose(sheet, data.indices, sorted({c.index for c in used.values()}))
        self.memo: dict[Cell, str | None] = {}

    def column(self, f: str) -> Sequence[Cell] | None:
        return self.picked[self.used[f].index] if f in self.used else None

    def fail(self, k: int, message: Message, f: str) -> None:
        problem = self.notes.problem(message, self.sheet_name, self.numbers[k], self.places[f], self.names[k])
        self.errors.append(problem)
        self.ok[k] = False

    def parsed(self, f: str, parser: Callable[[Cell], T | None]) -> list[T | None]:
        values = self.column(f)
        if values is None:
            return [None] * self.count
        table: dict[Cell, T | None] = {}
        bad: dict[Cell, Message] = {}
        for value in set(values):
            table[value] = None
            if value == "":
                continue
            try:
                table[value] = parser(value)
            except VocabularyError as problem:
                bad[value] = problem.message
            except TypeError:
                bad[value] = msg("reading.bad_cell")
        if bad:
            for k, value in enumerate(values):
                message = bad.get(value)
                if message is not None:
                    self.fail(k, message, f)
        return [table[v] for v in values]

    def texts(self, f: str) -> list[str | None]:
        values = self.column(f)
        if values is None:
            return [None] * self.count
        memo = self.memo
        for value in set(values):
            if value not in memo:
                memo[value] = clean(value)
        return [memo[v] for v in values]

    def norms(self, names: list[str]) -> list[str]:
        norm_of = {n: normalise_name(n) for n in set(names)}
        norms = [norm_of[n] for n in names]
        for k, norm in enumerate(norms):
            if not norm:
                self.fail(k, msg("reading.empty_identity"), "item")
        return norms

    def countries(self, default: str | None) -> list[str]:
        countries = self.parsed("country", parse_country)
        if "country" in self.used:
            # A word outside the vocabulary was reported; keep such rows out of the fallback.
            countries = [c if c is not None or self.ok[k] else "?" for k, c in enumerate(countries)]
        if default is not None:
            return [default if c is None else c for c in countries]
        if "country" not in self.used:
            self.ok = [False] * self.count  # the sheet already has its "no country" error
            return ["?"] * self.count
        for k, c in enumerate(countries):
            if c is None:
                self.fail(k, msg("reading.no_country_row"), "country")
        return [c or "?" for c in countries]

    def tax_ids(self, countries: list[str], csv: bool) -> list[str | None]:
        tax_ids: list[str | None] = [None] * self.count
        values = self.column("tax_id")
        if values is None:
            return tax_ids
        if csv:
            # CSV has no cell types: digits there are what Excel saved from a number cell.
            values = [int(v) if isinstance(v, str) and v.isdigit() and v.isascii() else v for v in values]
        table: dict[tuple[Cell, str], str | Exception | None] = {}
        for k, (value, country) in enumerate(zip(values, countries, strict=True)):
            if value == "":
                continue
            key = (value, country)
            if key not in table:
                try:
                    table[key] = parse_tax_id(value, country if country in ("BY", "RU") else None)
                except (VocabularyError, TypeError) as problem:
                    table[key] = problem
            result = table[key]
            if isinstance(result, Exception):
                self.fail(
                    k,
                    result.message if isinstance(result, VocabularyError) else msg("reading.bad_cell"),
                    "tax_id",
                )
            else:
                tax_ids[k] = result
        return tax_ids

    def used_in(self) -> list[tuple[str, ...]]:
        values = self.column("used_in")
        if values is None:
            return [()] * self.count
        split: dict[Cell, tuple[str, ...]] = {}
        for value in set(values):
            parts = (p.strip() for p in _LIST_SPLIT.split(raw_text(value))) if value != "" else ()
            split[value] = tuple(p for p in parts if p and not is_empty(p))
        return [split[v] for v in values]


def _transpose(sheet: Sheet, data: list[int], wanted: list[int]) -> dict[int, Sequence[Cell]]:
    """The wanted columns of the data rows. Transposing in C (zip) and picking rows with
    itemgetter beats a per-cell loop."""
    if not data:
        return {j: [] for j in wanted}
    block_rows = sheet.rows[data[0] : data[-1] + 1]
    offset = data[0]
    pick = None if len(data) == len(block_rows) else itemgetter(*[i - offset for i in data])
    transposed = list(itertools.zip_longest(*block_rows, fillvalue=""))
    picked: dict[int, Sequence[Cell]] = {}
    for j in wanted:
        values: Sequence[Cell] = transposed[j]
        if pick is not None:
            values = pick(values) if len(data) > 1 else (pick(values),)
        picked[j] = values
    return picked


def parse_block(
    sheet: Sheet, used: dict[str, Column], data: DataRows, default_country: str | None, parser: ColumnParser
) -> Block:
    """Every field of the data rows; rows with a bad cell are left out (their errors stand)."""
    norms = parser.norms(data.names)
    existing = [v is True for v in parser.parsed("existing", parse_yes_no)]
    actions = parser.parsed("action", parse_action)
    countries = parser.countries(default_country)
    tax_ids = parser.tax_ids(countries, sheet.line_numbers is not None)
    used_in = parser.used_in()
    count = parser.count
    return Block(
        sheet=[sheet.name] * count,
        number=data.numbers,
        name=data.names,
        norm=norms,
        code=parser.texts("item_code"),
        kind=parser.parsed("kind", parse_kind),
        group=parser.texts("group") if "group" in used else data.groups,
        hs_code=parser.texts("hs_code"),
        enterprise=parser.texts("enterprise"),
        tax_id=tax_ids,
        country=cast(list[Country], countries),  # parse_country gives only BY or RU
        existing=existing,
        capacity=parser.parsed("capacity", parse_number),
        demand=parser.parsed("demand", parse_number),
        action=cast(list[Action | None], actions),  # parse_action gives only these
        launch_year=parser.parsed("launch_year", parse_year),
        used_in=used_in,
        note=parser.texts("note"),
    )
