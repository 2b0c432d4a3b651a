"""The whole file's rows into a :class:`Dataset`: items, enterprises, records and demand.

docs/domain.md §3: each position keeps its first row's name and the first kind, group and HS
code any of its rows gives; a position's demand is one number per country (two different ones
are an error); a row that names only the position (and maybe its demand) makes no record.
"""

from __future__ import annotations

from operator import itemgetter
from typing import TypeVar

from svetofor.messages import msg
from svetofor.model import Item, Record
from svetofor.reading.block import Block
from svetofor.reading.identity import Headers, ItemKeys, enterprise_keys, item_keys
from svetofor.reading.notes import Notes
from svetofor.vocabulary import normalise_name

T = TypeVar("T")


def assemble(b: Block, notes: Notes, headers: Headers) -> None:
    """Fill ``notes.result``'s dataset and countries from the block."""
    ids = item_keys(b, notes, headers)
    row_enterprises, enterprises = enterprise_keys(b, notes, headers)
    dataset = notes.result.dataset
    dataset.items = _items(b, ids)
    dataset.enterprises = enterprises
    dataset.records = _records(b, ids.keys, row_enterprises)
    dataset.demand = _demand(b, ids, dataset.items, notes, headers)
    countries = frozenset(b.country)
    dataset.countries = countries
    notes.result.countries = countries


def _first_value(keys: list[str], values: list[T | None]) -> dict[str, T]:
    """Each key's first value that is not None."""
    return dict(reversed([(key, v) for key, v in zip(keys, values, strict=True) if v is not None]))


def _items(b: Block, ids: ItemKeys) -> dict[str, Item]:
    keys, codes = ids.keys, ids.codes
    kinds, groups, hs_codes = (
        _first_value(keys, b.kind),
        _first_value(keys, b.group),
        _first_value(keys, b.hs_code),
    )
    parts_of: dict[str, list[str]] = {}
    for key, parts in zip(keys, b.used_in, strict=True):
        if parts:
            known = parts_of.setdefault(key, [])
            known.extend(p for p in parts if p not in known)
    ordered = sorted(ids.first_of_key.items(), key=itemgetter(1))
    known_codes = {codes[k] for _key, k in ordered if codes[k] is not None}
    key_by_name = dict(zip(reversed(b.norm), reversed(keys), strict=True))  # first row wins

    def identity(part: str) -> str:
        if part in known_codes:
            return part
        norm = normalise_name(part)
        return key_by_name.get(norm, norm)

    items: dict[str, Item] = {}
    for order, (key, k) in enumerate(ordered):
        named = parts_of.get(key)
        used_in = tuple(dict.fromkeys(u for u in map(identity, named) if u)) if named else ()
        items[key] = Item(
            key, b.name[k], codes[k], kinds.get(key), groups.get(key), hs_codes.get(key), used_in, order
        )
    return items


def _records(b: Block, keys: list[str], row_enterprises: list[str | None]) -> list[Record]:
    records: list[Record] = []
    append = records.append
    for k in range(len(keys)):
        enterprise_key = row_enterprises[k]
        existing, capacity, action = b.existing[k], b.capacity[k], b.action[k]
        if enterprise_key is None and not existing and capacity is None and action is None:
            continue  # the row only names the position (and maybe its demand)
        append(
            Record(
                keys[k],
                b.country[k],
                enterprise_key,
                existing,
                capacity,
                action,
                b.launch_year[k],
                b.note[k],
                b.sheet[k],
                b.number[k],
            )
        )
    return records


def _demand(
    b: Block, ids: ItemKeys, items: dict[str, Item], notes: Notes, headers: Headers
) -> dict[tuple[str, str], float]:
    keys = ids.keys
    demand: dict[tuple[str, str], tuple[float, int]] = {}
    for k, value in enumerate(b.demand):
        if value is None:
            continue
        key = (keys[k], b.country[k])
        seen = demand.get(key)
        if seen is None:
            demand[key] = (value, k)
        elif seen[0] != value:
            first = seen[1]
            row = str(b.number[first])
            where = msg("reading.where.row", row=row)
            if b.sheet[first] is not None and b.sheet[first] != b.sheet[k]:
                where = msg("reading.where.other_sheet_row", sheet=b.sheet[first], row=row)
            notes.error(
                msg(
                    "reading.demand_conflict",
                    item=items[keys[k]].name,
                    country=b.country[k],
                    first=seen[0],
                    where=where,
                    second=value,
                ),
                b.sheet[k],
                b.number[k],
                headers.get((b.sheet[k], "demand")),
                b.name[k],
            )
    return {key: value for key, (value, _k) in demand.items() if value > 0}
