"""Colour rules of docs/domain.md §4 (with the readings of §7) and their one-line explanations.

The rules look at facts per item x country, not at the raw rows, so the UNION cell is the
merge of the two countries' facts and every record is looked at exactly once. An explanation is
a message naming the facts (capacities, demand, enterprises, planned projects), rendered in the
reader's language when shown, because the diagram shows it on hover and a planner must be able
to check the colour against the list.

Reading of "unknown does not cover" (§4.1): as soon as one covering record has no capacity
figure, the summed capacity is unknown and cannot cover a stated demand, even if the known part
alone would reach it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any, cast

from svetofor.messages import Message, Param, msg
from svetofor.model import CellStatus, Colour, Dataset, Record, Statuses

UNION = "UNION"
_NO_NAMES: Mapping[str, str] = MappingProxyType({})
_MAX_NAMES = 3  # more names make the hover line unreadable; the rest is counted

NO_DATA_COUNTRY = CellStatus("none", msg("rules.no_data.country"))
NO_DATA_UNION = CellStatus("none", msg("rules.no_data.union"))
_RED = msg("rules.red")
_RED_PLAIN = CellStatus("red", _RED)
_ANONYMOUS = msg("rules.name.anonymous")
_COUNTRY = {c: msg(f"country.{c}") for c in ("BY", "RU")}

# (enterprise key or None, country, capacity / launch year / nothing)
Fact = tuple[str | None, str, float | None]


class CellFacts:
    """What the rules need to know about the records of one item in one scope.

    Entries are ``(enterprise key or None, country, number)`` tuples, kept unresolved so that
    building facts costs no string work; names are looked up only for the explanation.
    """

    __slots__ = ("covering", "modernise", "neither", "planned", "zero")

    def __init__(self) -> None:
        self.covering: list[Fact] = []  # (ent, country, capacity)
        self.modernise: list[Fact] = []  # producing, to modernise: (ent, country, launch year)
        self.planned: list[Fact] = []  # new capacity, no production: (ent, country, launch year)
        self.zero: list[Fact] = []  # existing = yes with capacity 0
        self.neither: list[Fact] = []  # modernise without production

    def add(self, r: Record) -> None:
        producing = r.existing and r.capacity != 0
        if producing:
            if r.action == "modernise":
                self.modernise.append((r.enterprise_key, r.country, r.launch_year))
            else:
                # existing = yes with action = new is an expansion of running production (§7)
                self.covering.append((r.enterprise_key, r.country, r.capacity))
            return
        if r.existing:
            self.zero.append((r.enterprise_key, r.country, None))
        if r.action == "new":
            self.planned.append((r.enterprise_key, r.country, r.launch_year))
        elif r.action == "modernise":
            self.neither.append((r.enterprise_key, r.country, None))

    def merged(self, other: CellFacts) -> CellFacts:
        out = CellFacts()
        out.covering = self.covering + other.covering
        out.modernise = self.modernise + other.modernise
        out.planned = self.planned + other.planned
        out.zero = self.zero + other.zero
        out.neither = self.neither + other.neither
        return out

    def empty(self) -> bool:
        return not (self.covering or self.modernise or self.planned or self.zero or self.neither)


_EMPTY_FACTS = CellFacts()


# ---------------------------------------------------------------------------------------------
# The facts as message parameters


def _producers(entries: Iterable[Fact]) -> int:
    """Distinct producers: an enterprise counts once, each anonymous record counts on its own."""
    keys: set[str] = set()
    anonymous = 0
    for ent, _country, _x in entries:
        if ent is None:
            anonymous += 1
        else:
            keys.add(ent)
    return len(keys) + anonymous


class _Namer:
    """Turns fact entries into the "ОАО Х, 2027; …" listing; UNION names carry their country."""

    __slots__ = ("names", "union")

    def __init__(self, names: Mapping[str, str], union: bool) -> None:
        self.names = names
        self.union = union

    def _one(self, ent: str | None, country: str) -> Param:
        # an enterprise's name is data, shown as written in the list
        name: Param = _ANONYMOUS if ent is None else self.names.get(ent, ent)
        if self.union:
            return msg("rules.name.details", name=name, details=_COUNTRY[country])
        return name

    def listing(self, entries: Sequence[Fact], years: bool) -> tuple[Param, ...]:
        parts: list[Param] = []
        seen: set[tuple[str | None, str, object]] = set()
        for ent, country, extra in entries:
            # the same enterprise on two rows (two plants) is named once per distinct year
            token = (ent, country, extra) if ent is not None else (None, country, len(parts))
            if token in seen:
                continue
            seen.add(token)
            named = self._one(ent, country)
            if years and extra is not None:
                named = msg("rules.name.year", name=named, year=str(int(extra)))
            parts.append(named)
        if len(parts) > _MAX_NAMES:
            parts = [*parts[:_MAX_NAMES], msg("common.more", n=len(parts) - _MAX_NAMES)]
        return tuple(parts)


def _demand(demand: float, parts: Sequence[tuple[str, float]]) -> Message:
    """ "300 шт./год", or for the UNION "350 шт./год (РБ 300 + РФ 50)"."""
    total = msg("quantity.per_year", n=demand)
    if len(parts) > 1:
        shares = tuple(msg("rules.demand.part", country=_COUNTRY[c], n=v) for c, v in parts)
        return msg("rules.demand.split", total=total, parts=shares)
    return total


def _why(parts: Sequence[Message]) -> Message:
    return parts[0] if len(parts) == 1 else msg("rules.why", parts=tuple(parts))


# ---------------------------------------------------------------------------------------------
# The rules


def decide(
    facts: CellFacts,
    demand: float | None,
    names: Mapping[str, str] = _NO_NAMES,
    *,
    union: bool = False,
    demand_parts: Sequence[tuple[str, float]] = (),
) -> CellStatus:
    """Apply docs/domain.md §4 to the facts of one cell. ``demand`` of 0 or ``None``: no demand."""
    if demand is not None and demand <= 0:
        demand = None
    if facts.empty():
        if demand is None:
            return _RED_PLAIN
        return CellStatus("red", _why([_RED, msg("rules.demand", demand=_demand(demand, demand_parts))]))
    namer = _Namer(names, union)
    colour, parts = _main_part(facts, demand, namer, demand_parts)
    if facts.planned and (facts.covering or facts.modernise):
        parts.append(msg("rules.planned", names=namer.listing(facts.planned, True)))
    if facts.zero:
        parts.append(msg("rules.zero", names=namer.listing(facts.zero, False)))
    if facts.neither:
        parts.append(msg("rules.neither", names=namer.listing(facts.neither, False)))
    return CellStatus(colour, _why(parts))


def _main_part(
    facts: CellFacts, demand: float | None, namer: _Namer, demand_parts: Sequence[tuple[str, float]]
) -> tuple[Colour, list[Message]]:
    """The colour and the sentences that decide it: covering production first (§4.1), then
    modernisation, then planned capacity, else red."""
    covering = facts.covering
    if covering:
        return _covering_part(facts, demand, namer, demand_parts)
    if facts.modernise:
        return "yellow", [msg("rules.modernise.only", names=namer.listing(facts.modernise, True))]
    if facts.planned:
        return "yellow", [msg("rules.planned.only", names=namer.listing(facts.planned, True))]
    parts = [_RED]
    if demand is not None:
        parts.append(msg("rules.demand", demand=_demand(demand, demand_parts)))
    return "red", parts


def _covering_part(
    facts: CellFacts, demand: float | None, namer: _Namer, demand_parts: Sequence[tuple[str, float]]
) -> tuple[Colour, list[Message]]:
    covering = facts.covering
    unknown = [e for e in covering if e[2] is None]
    colour: Colour
    if demand is None:
        colour = "green"
        listing = namer.listing(covering, False)
        if unknown:
            part = msg("rules.covering.no_demand.unknown", names=listing)
        else:
            known = sum(e[2] for e in covering if e[2] is not None)
            part = msg("rules.covering.no_demand", capacity=msg("quantity.per_year", n=known), names=listing)
    elif unknown:
        colour = "yellow"
        part = msg(
            "rules.capacity.unknown",
            names=namer.listing(unknown, False),
            demand=_demand(demand, demand_parts),
        )
    else:
        total = sum(e[2] for e in covering if e[2] is not None)
        covers = total >= demand
        colour = "green" if covers else "yellow"
        part = msg(
            "rules.capacity.covers" if covers else "rules.capacity.short",
            capacity=total,
            demand=_demand(demand, demand_parts),
            producers=msg("count.enterprises", n=_producers(covering)),
        )
    parts = [part]
    if facts.modernise:
        parts.append(msg("rules.modernise", names=namer.listing(facts.modernise, True)))
    return colour, parts


def classify_cell(
    records: Iterable[Record],
    demand: float | None = None,
    enterprise_names: Mapping[str, str] = _NO_NAMES,
    *,
    scope: str = "BY",
    has_data: bool = True,
    demand_parts: Sequence[tuple[str, float]] = (),
) -> CellStatus:
    """The status of one item in one scope from its records.

    ``records`` are the records of that scope (both countries for UNION); ``has_data`` is False
    for a country with no row at all in the data, which makes the cell ``none``.
    """
    if not has_data:
        return NO_DATA_UNION if scope == UNION else NO_DATA_COUNTRY
    facts = CellFacts()
    for r in records:
        facts.add(r)
    return decide(facts, demand, enterprise_names, union=scope == UNION, demand_parts=demand_parts)


def _colour(records: Iterable[Record], demand: float | None) -> Colour:
    """The colour alone, in one cheap pass; must agree with :func:`decide` (a test checks)."""
    covering = unknown = other = False
    total = 0.0
    for r in records:
        if r.existing and r.capacity != 0:
            if r.action == "modernise":
                other = True
            else:
                covering = True
                if r.capacity is None:
                    unknown = True
                else:
                    total += r.capacity
        elif r.action == "new":
            other = True
    if covering:
        if demand is None or (not unknown and total >= demand):
            return "green"
        return "yellow"
    return "yellow" if other else "red"


class _LazyStatus(CellStatus):
    """A :class:`CellStatus` whose explanation is built on first read.

    Classifying 20k positions must take well under a second, and building 60k explanations
    costs most of that while the UI reads a page of them (on hover). Equality, hashing, pickling
    and ``repr`` behave exactly like a plain ``CellStatus`` with the same values.
    """

    # Slots, like CellStatus itself: one object per cell and no instance dict, which matters
    # because the collector walks every cell once after classification.
    __slots__ = ("_demand", "_names", "_parts", "_records", "_union")
    _demand: float | None
    _names: Mapping[str, str]
    _parts: Sequence[tuple[str, float]]
    _records: Sequence[Record]
    _union: bool

    def __init__(
        self,
        colour: Colour,
        records: Sequence[Record],
        demand: float | None,
        names: Mapping[str, str],
        union: bool,
        parts: Sequence[tuple[str, float]],
    ) -> None:
        # frozen: the slots are written through their descriptors; the explanation stays empty
        _set_colour(self, colour)
        _set_records(self, records)
        _set_demand(self, demand)
        _set_names(self, names)
        _set_union(self, union)
        _set_parts(self, parts)

    def __getattr__(self, name: str) -> Message:
        # called only while the explanation slot is still empty
        if name != "explanation":
            raise AttributeError(name)
        facts = CellFacts()
        for r in self._records:
            facts.add(r)
        with paused_gc():  # a page reads hundreds of these: see paused_gc
            status = decide(facts, self._demand, self._names, union=self._union, demand_parts=self._parts)
        _set_explanation(self, status.explanation)
        return status.explanation

    def _plain(self) -> CellStatus:
        return CellStatus(self.colour, self.explanation)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CellStatus):
            return NotImplemented
        return (self.colour, self.explanation) == (other.colour, other.explanation)

    def __hash__(self) -> int:
        return hash(self._plain())

    def __reduce__(self) -> tuple[type[CellStatus], tuple[Colour, Message]]:
        return (CellStatus, (self.colour, self.explanation))

    def __repr__(self) -> str:
        return repr(self._plain())


def _setter(cls: type, name: str) -> Callable[[CellStatus, Any], None]:
    """The slot's own descriptor ``__set__``: the fastest write that a frozen class allows."""
    return cast(Callable[[CellStatus, Any], None], cls.__dict__[name].__set__)


_set_colour = _setter(CellStatus, "colour")
_set_explanation = _setter(CellStatus, "explanation")
_set_records = _setter(_LazyStatus, "_records")
_set_demand = _setter(_LazyStatus, "_demand")
_set_names = _setter(_LazyStatus, "_names")
_set_union = _setter(_LazyStatus, "_union")
_set_parts = _setter(_LazyStatus, "_parts")


def classify(dataset: Dataset) -> Statuses:
    """Status of every item for BY, RU and UNION (docs/domain.md §4, §7).

    Records are grouped by item x country once; the colour is decided eagerly, the explanation
    when first read (see :class:`_LazyStatus`).
    """
    with paused_gc():
        return _classify(dataset)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Classification allocates ~200k short-lived acyclic objects; the cyclic collector would
    rescan the whole dataset several times meanwhile (measured: 40% of the run time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_EMPTY: list[Record] = []


class _Scopes:
    """Everything a cell's status is read from, grouped once per classification."""

    def __init__(self, dataset: Dataset) -> None:
        # one dict per country keyed by item: no (item, country) tuple per record
        by_country: dict[str, dict[str, list[Record]]] = {"BY": {}, "RU": {}}
        other: dict[str, list[Record]] = {}  # a country outside BY/RU is in no scope
        for r in dataset.records:
            cells = by_country.get(r.country, other)
            cell = cells.get(r.item_key)
            if cell is None:
                cells[r.item_key] = [r]
            else:
                cell.append(r)
        self.records = by_country
        self.names = {k: e.name for k, e in dataset.enterprises.items()}
        # a demand of 0 (or below) is no demand (§7)
        self.demand: dict[str, dict[str, float]] = {"BY": {}, "RU": {}}
        for (key, country), value in dataset.demand.items():
            if value > 0 and country in self.demand:
                self.demand[country][key] = value
        self.has_data = {c: c in dataset.countries for c in ("BY", "RU")}
        self.any_data = bool(dataset.countries) or bool(dataset.records)

    def country(self, key: str, country: str) -> tuple[CellStatus, Colour | None]:
        """The status of one country's cell, and its colour when decided from records."""
        if not self.has_data[country]:
            return NO_DATA_COUNTRY, None
        records = self.records[country].get(key, _EMPTY)
        demand = self.demand[country].get(key)
        if records:
            colour = _colour(records, demand)
            return _LazyStatus(colour, records, demand, self.names, False, ()), colour
        # a demand nobody covers is worth naming, so only the plain case is shared
        if demand is None:
            return _RED_PLAIN, None
        return _LazyStatus("red", _EMPTY, demand, self.names, False, ()), None

    def union(self, key: str, c_by: Colour | None, c_ru: Colour | None) -> CellStatus:
        if not self.any_data:
            return NO_DATA_UNION
        rec_by = self.records["BY"].get(key, _EMPTY)
        rec_ru = self.records["RU"].get(key, _EMPTY)
        d_by = self.demand["BY"].get(key)
        d_ru = self.demand["RU"].get(key)
        parts: tuple[tuple[str, float], ...] = ()
        if d_by is None or d_ru is None:
            demand = d_by if d_ru is None else d_ru
        else:
            demand = d_by + d_ru
            parts = (("BY", d_by), ("RU", d_ru))
        if rec_by and rec_ru:
            records = rec_by + rec_ru
            colour = _colour(records, demand)
        elif rec_by or rec_ru:
            # one country's records and demand only: the union colour is that country's colour
            records = rec_by or rec_ru
            known, other_demand = (c_by, d_ru) if rec_by else (c_ru, d_by)
            colour = known if known is not None and other_demand is None else _colour(records, demand)
        elif demand is None:
            return _RED_PLAIN
        else:
            records, colour = _EMPTY, "red"
        return _LazyStatus(colour, records, demand, self.names, True, parts)


def _classify(dataset: Dataset) -> Statuses:
    scopes = _Scopes(dataset)
    out: Statuses = {}
    for key in dataset.items:
        s_by, c_by = scopes.country(key, "BY")
        s_ru, c_ru = scopes.country(key, "RU")
        out[key] = {"BY": s_by, "RU": s_ru, UNION: scopes.union(key, c_by, c_ru)}
    return out
