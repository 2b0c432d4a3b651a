"""Colour rules of SPEC §4 (with the readings of §7) and their one-line explanations.

The rules look at facts per item x country, not at the raw rows, so the UNION cell is the
merge of the two countries' facts and every record is looked at exactly once. Explanations name
the facts (capacities, demand, enterprises, planned projects) in Russian and English because the
diagram shows them on hover and a planner must be able to check the colour against the list.

Reading of "unknown does not cover" (§4.1): as soon as one covering record has no capacity
figure, the summed capacity is unknown and cannot cover a stated demand, even if the known part
alone would reach it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import MappingProxyType

from svetofor.model import CellStatus, Dataset, Record, Statuses

UNION = "UNION"
_NO_NAMES: Mapping[str, str] = MappingProxyType({})
_MAX_NAMES = 3  # more names make the hover line unreadable; the rest is counted

NO_DATA_COUNTRY = CellStatus("none", "нет данных по стране", "no data for this country")
NO_DATA_UNION = CellStatus("none", "нет данных ни по одной стране", "no data for either country")
_RED_PLAIN = CellStatus("red", "нет производства и не планируется", "no production and none planned")


class CellFacts:
    """What the rules need to know about the records of one item in one scope.

    Entries are ``(enterprise key or None, country, number)`` tuples, kept unresolved so that
    building facts costs no string work; names are looked up only for the explanation.
    """

    __slots__ = ("covering", "modernise", "neither", "planned", "zero")

    def __init__(self) -> None:
        self.covering: list[tuple[str | None, str, float | None]] = []  # (ent, country, capacity)
        self.modernise: list[tuple[str | None, str, int | None]] = []  # producing, to modernise
        self.planned: list[tuple[str | None, str, int | None]] = []  # new capacity, no production
        self.zero: list[tuple[str | None, str, None]] = []  # existing = yes with capacity 0
        self.neither: list[tuple[str | None, str, None]] = []  # modernise without production

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


_EMPTY_FACTS = CellFacts()


# ---------------------------------------------------------------------------------------------
# Formatting helpers


def _num_ru(x: float) -> str:
    if x == int(x):
        return f"{int(x):,}".replace(",", " ")
    return f"{x:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",")


def _num_en(x: float) -> str:
    if x == int(x):
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _plural_ru(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def _count_ru(n: int) -> str:
    return f"{n} {_plural_ru(n, 'предприятие', 'предприятия', 'предприятий')}"


def _count_en(n: int) -> str:
    return f"{n} enterprise" if n == 1 else f"{n} enterprises"


def _producers(entries: Iterable[tuple[str | None, str, object]]) -> int:
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
    """Turns fact entries into "ОАО Х, 2027; …" lists; UNION names carry their country."""

    __slots__ = ("names", "union")

    def __init__(self, names: Mapping[str, str], union: bool) -> None:
        self.names = names
        self.union = union

    def _one(self, ent: str | None, country: str, lang: str) -> str:
        if ent is None:
            name = "предприятие не определено" if lang == "ru" else "producer not yet chosen"
        else:
            name = self.names.get(ent, ent)
        return f"{name} ({country})" if self.union else name

    def listing(self, entries: Sequence[tuple[str | None, str, object]], lang: str, years: bool) -> str:
        parts: list[str] = []
        seen: set[tuple[str | None, str, object]] = set()
        for ent, country, extra in entries:
            # the same enterprise on two rows (two plants) is named once per distinct year
            token = (ent, country, extra) if ent is not None else (None, country, len(parts))
            if token in seen:
                continue
            seen.add(token)
            text = self._one(ent, country, lang)
            if years and extra is not None:
                text = f"{text}, {extra}"
            parts.append(text)
        if len(parts) > _MAX_NAMES:
            rest = len(parts) - _MAX_NAMES
            more = f"и ещё {rest}" if lang == "ru" else f"and {rest} more"
            parts = [*parts[:_MAX_NAMES], more]
        return "; ".join(parts)


# ---------------------------------------------------------------------------------------------
# The rules


def _demand_text(demand: float | None, parts: Sequence[tuple[str, float]], lang: str) -> str:
    assert demand is not None
    num = _num_ru if lang == "ru" else _num_en
    unit = "шт./год" if lang == "ru" else "units/year"
    if len(parts) > 1:
        split = " + ".join(f"{c} {num(v)}" for c, v in parts)
        return f"{num(demand)} {unit} ({split})"
    return f"{num(demand)} {unit}"


def decide(
    facts: CellFacts,
    demand: float | None,
    names: Mapping[str, str] = _NO_NAMES,
    *,
    union: bool = False,
    demand_parts: Sequence[tuple[str, float]] = (),
) -> CellStatus:
    """Apply SPEC §4 to the facts of one cell. ``demand`` of 0 or ``None`` means no demand."""
    if demand is not None and demand <= 0:
        demand = None
    if not (facts.covering or facts.modernise or facts.planned or facts.zero or facts.neither):
        if demand is None:
            return _RED_PLAIN
        return CellStatus(
            "red",
            f"{_RED_PLAIN.explanation_ru}; потребность {_demand_text(demand, demand_parts, 'ru')}",
            f"{_RED_PLAIN.explanation_en}; demand {_demand_text(demand, demand_parts, 'en')}",
        )

    namer = _Namer(names, union)
    ru: list[str] = []
    en: list[str] = []
    covering = facts.covering

    if covering:
        n = _producers(covering)
        unknown = [e for e in covering if e[2] is None]
        if demand is None:
            colour = "green"
            known = sum(e[2] for e in covering if e[2] is not None)
            cap_ru = f"мощность {_num_ru(known)} шт./год: " if not unknown else ""
            cap_en = f"capacity {_num_en(known)} units/year: " if not unknown else ""
            ru.append(
                f"производство есть, потребность не указана ({cap_ru}{namer.listing(covering, 'ru', False)})"
            )
            en.append(
                f"production exists, demand not stated ({cap_en}{namer.listing(covering, 'en', False)})"
            )
        elif unknown:
            colour = "yellow"
            ru.append(
                f"мощность неизвестна (не указана: {namer.listing(unknown, 'ru', False)}), "
                f"потребность {_demand_text(demand, demand_parts, 'ru')}"
            )
            en.append(
                f"capacity unknown (not stated: {namer.listing(unknown, 'en', False)}), "
                f"demand {_demand_text(demand, demand_parts, 'en')}"
            )
        else:
            total = sum(e[2] for e in covering)  # type: ignore[misc]
            colour = "green" if total >= demand else "yellow"
            sign = "≥" if total >= demand else "<"
            ru.append(
                f"мощность {_num_ru(total)} {sign} потребность {_demand_text(demand, demand_parts, 'ru')} "
                f"({_count_ru(n)})"
            )
            en.append(
                f"capacity {_num_en(total)} {sign} demand {_demand_text(demand, demand_parts, 'en')} "
                f"({_count_en(n)})"
            )
        if facts.modernise:
            ru.append(f"модернизация: {namer.listing(facts.modernise, 'ru', True)}")
            en.append(f"modernisation: {namer.listing(facts.modernise, 'en', True)}")
    elif facts.modernise:
        colour = "yellow"
        ru.append(f"производство есть, требуется модернизация: {namer.listing(facts.modernise, 'ru', True)}")
        en.append(f"production exists, modernisation required: {namer.listing(facts.modernise, 'en', True)}")
    elif facts.planned:
        colour = "yellow"
        ru.append(
            f"нет производства; создание мощностей планируется: {namer.listing(facts.planned, 'ru', True)}"
        )
        en.append(f"no production; new capacity planned: {namer.listing(facts.planned, 'en', True)}")
    else:
        colour = "red"
        ru.append(_RED_PLAIN.explanation_ru)
        en.append(_RED_PLAIN.explanation_en)
        if demand is not None:
            ru.append(f"потребность {_demand_text(demand, demand_parts, 'ru')}")
            en.append(f"demand {_demand_text(demand, demand_parts, 'en')}")

    if facts.planned and (covering or facts.modernise):
        ru.append(f"создание мощностей планируется: {namer.listing(facts.planned, 'ru', True)}")
        en.append(f"new capacity planned: {namer.listing(facts.planned, 'en', True)}")
    if facts.zero:
        ru.append(f"мощность 0 (не считается производством): {namer.listing(facts.zero, 'ru', False)}")
        en.append(f"capacity 0 (not counted as production): {namer.listing(facts.zero, 'en', False)}")
    if facts.neither:
        ru.append(f"модернизация без производства не учтена: {namer.listing(facts.neither, 'ru', False)}")
        en.append(
            f"modernisation without production not counted: {namer.listing(facts.neither, 'en', False)}"
        )
    return CellStatus(colour, "; ".join(ru), "; ".join(en))  # type: ignore[arg-type]


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


def _colour(records: Iterable[Record], demand: float | None) -> str:
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
    """A :class:`CellStatus` whose explanation is written on first read.

    Classifying 20k positions must take well under a second, and formatting 60k explanations
    costs most of that while the UI reads a handful (on hover). Equality, hashing, pickling and
    ``repr`` behave exactly like a plain ``CellStatus`` with the same values.
    """

    # Slots, like CellStatus itself: one object per cell and no instance dict, which matters
    # because the collector walks every cell once after classification.
    __slots__ = ("_demand", "_names", "_parts", "_records", "_union")

    def __init__(
        self,
        colour: str,
        records: Sequence[Record],
        demand: float | None,
        names: Mapping[str, str],
        union: bool,
        parts: Sequence[tuple[str, float]],
    ) -> None:
        # frozen: the slots are written through their descriptors; the explanations stay empty
        _set_colour(self, colour)
        _set_records(self, records)
        _set_demand(self, demand)
        _set_names(self, names)
        _set_union(self, union)
        _set_parts(self, parts)

    def __getattr__(self, name: str) -> str:
        # called only while an explanation slot is still empty
        if name not in ("explanation_ru", "explanation_en"):
            raise AttributeError(name)
        facts = CellFacts()
        for r in self._records:
            facts.add(r)
        status = decide(facts, self._demand, self._names, union=self._union, demand_parts=self._parts)
        _set_ru(self, status.explanation_ru)
        _set_en(self, status.explanation_en)
        return getattr(self, name)

    def _plain(self) -> CellStatus:
        return CellStatus(self.colour, self.explanation_ru, self.explanation_en)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CellStatus):
            return NotImplemented
        return (self.colour, self.explanation_ru, self.explanation_en) == (
            other.colour,
            other.explanation_ru,
            other.explanation_en,
        )

    def __hash__(self) -> int:
        return hash(self._plain())

    def __reduce__(self) -> tuple:
        return (CellStatus, (self.colour, self.explanation_ru, self.explanation_en))

    def __repr__(self) -> str:
        return repr(self._plain())


_set_colour = CellStatus.colour.__set__  # type: ignore[attr-defined]
_set_ru = CellStatus.explanation_ru.__set__  # type: ignore[attr-defined]
_set_en = CellStatus.explanation_en.__set__  # type: ignore[attr-defined]
_set_records = _LazyStatus._records.__set__  # type: ignore[attr-defined]
_set_demand = _LazyStatus._demand.__set__  # type: ignore[attr-defined]
_set_names = _LazyStatus._names.__set__  # type: ignore[attr-defined]
_set_union = _LazyStatus._union.__set__  # type: ignore[attr-defined]
_set_parts = _LazyStatus._parts.__set__  # type: ignore[attr-defined]


def classify(dataset: Dataset) -> Statuses:
    """Status of every item for BY, RU and UNION (SPEC §4, §7).

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


def _classify(dataset: Dataset) -> Statuses:
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
    of_by, of_ru = by_country["BY"], by_country["RU"]

    names = {k: e.name for k, e in dataset.enterprises.items()}
    # a demand of 0 (or below) is no demand (§7)
    demand_of: dict[str, dict[str, float]] = {"BY": {}, "RU": {}}
    for (key, country), value in dataset.demand.items():
        if value > 0 and country in demand_of:
            demand_of[country][key] = value
    dem_by, dem_ru = demand_of["BY"], demand_of["RU"]
    has_by = "BY" in dataset.countries
    has_ru = "RU" in dataset.countries
    any_data = bool(dataset.countries) or bool(dataset.records)
    empty: list[Record] = []
    union_none = None if any_data else NO_DATA_UNION
    out: Statuses = {}
    for key in dataset.items:
        rec_by = of_by.get(key, empty)
        rec_ru = of_ru.get(key, empty)
        d_by = dem_by.get(key)
        d_ru = dem_ru.get(key)
        c_by = c_ru = None
        if not has_by:
            s_by = NO_DATA_COUNTRY
        elif rec_by:
            c_by = _colour(rec_by, d_by)
            s_by = _LazyStatus(c_by, rec_by, d_by, names, False, ())
        else:  # a demand nobody covers is worth naming, so only the plain case is shared
            s_by = _RED_PLAIN if d_by is None else _LazyStatus("red", empty, d_by, names, False, ())
        if not has_ru:
            s_ru = NO_DATA_COUNTRY
        elif rec_ru:
            c_ru = _colour(rec_ru, d_ru)
            s_ru = _LazyStatus(c_ru, rec_ru, d_ru, names, False, ())
        else:
            s_ru = _RED_PLAIN if d_ru is None else _LazyStatus("red", empty, d_ru, names, False, ())
        if d_by is None or d_ru is None:
            d_union = d_by if d_ru is None else d_ru
            parts: tuple[tuple[str, float], ...] = ()
        else:
            d_union = d_by + d_ru
            parts = (("BY", d_by), ("RU", d_ru))
        if union_none is not None:
            s_union = union_none
        elif rec_by and rec_ru:
            recs = rec_by + rec_ru
            s_union = _LazyStatus(_colour(recs, d_union), recs, d_union, names, True, parts)
        elif rec_by:
            # one country's records and demand only: the union colour is that country's colour
            colour = c_by if c_by is not None and d_ru is None else _colour(rec_by, d_union)
            s_union = _LazyStatus(colour, rec_by, d_union, names, True, parts)
        elif rec_ru:
            colour = c_ru if c_ru is not None and d_by is None else _colour(rec_ru, d_union)
            s_union = _LazyStatus(colour, rec_ru, d_union, names, True, parts)
        else:
            s_union = (
                _RED_PLAIN if d_union is None else _LazyStatus("red", empty, d_union, names, True, parts)
            )
        out[key] = {"BY": s_by, "RU": s_ru, UNION: s_union}
    return out
