"""A ministry's list against the stored lists (docs/domain.md §3, §8): the countries a file
covers, how its positions and enterprises overlay the stored ones, and the dataset the rules see.

Pure: the store reads and writes the rows, these functions say what the rows mean. The store
applies them when it imports a file and when it loads the data; the import preview applies the
same ones to the stored rows and the file without writing anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from svetofor.merging import resolve_merges
from svetofor.model import COUNTRIES, Dataset, Enterprise, Item, ReadResult, Record
from svetofor.position_merges import PositionAliases, merged_item, resolve_positions


def file_countries(result: ReadResult) -> tuple[str, ...]:
    """The countries a read file covers, sorted: the file becomes the whole list of each of them
    when imported. They are the countries the reader found for the file and those its records
    and demand name."""
    ds = result.dataset
    return tuple(
        sorted(
            set(result.countries) | {r.country for r in ds.records} | {country for _, country in ds.demand}
        )
    )


def check_importable(result: ReadResult) -> tuple[str, ...]:
    """:func:`file_countries`, or ``ValueError`` for a file the store cannot take whole."""
    if result.errors:
        raise ValueError(f"{result.file}: the file has {len(result.errors)} error(s); nothing imported")
    ds = result.dataset
    countries = file_countries(result)
    if not countries and ds.items:
        raise ValueError(f"{result.file}: no country for the file; nothing imported")
    unknown = sorted(set(countries) - set(COUNTRIES))
    if unknown:
        raise ValueError(f"{result.file}: unknown country {unknown}; nothing imported")
    for record in ds.records:
        if record.item_key not in ds.items:
            raise ValueError(f"{result.file}: a record names an unknown position {record.item_key!r}")
        if record.enterprise_key is not None and record.enterprise_key not in ds.enterprises:
            raise ValueError(f"{result.file}: a record names an unknown enterprise {record.enterprise_key!r}")
    return countries


def file_dataset(result: ReadResult) -> Dataset:
    """The file alone, with the countries it covers (a country it does not cover has no data)."""
    ds = result.dataset
    countries = ds.countries | frozenset(file_countries(result))
    return ds if countries == ds.countries else replace(ds, countries=countries)


def overlay_items(existing: Mapping[str, Item], items: Iterable[Item]) -> tuple[list[Item], list[Item]]:
    """The file's positions over the stored ones: (new positions, changed stored positions).

    New positions are appended after every stored one (also those no list holds now), so a
    position keeps its first place in list order across imports. A list without a column (e.g.
    no "Применяется в") must not erase what another country's list said: only filled values
    overwrite."""
    position = max((item.order for item in existing.values()), default=-1)
    fresh: list[Item] = []
    changed: list[Item] = []
    for item in items:
        old = existing.get(item.key)
        if old is None:
            position += 1
            fresh.append(replace(item, order=position))
            continue
        merged = Item(
            key=item.key,
            name=item.name or old.name,
            code=item.code or old.code,
            kind=item.kind or old.kind,
            group=item.group or old.group,
            hs_code=item.hs_code or old.hs_code,
            used_in=tuple(item.used_in) or old.used_in,
            order=old.order,
        )
        if merged != old:
            changed.append(merged)
    return fresh, changed


def overlay_enterprises(
    existing: Mapping[str, Enterprise], enterprises: Iterable[Enterprise]
) -> tuple[list[Enterprise], list[Enterprise]]:
    """The file's enterprises over the stored ones: (new ones, changed stored ones). The latest
    list's name wins; a tax id is kept when the new list has none."""
    fresh: list[Enterprise] = []
    changed: list[Enterprise] = []
    for ent in enterprises:
        old = existing.get(ent.key)
        if old is None:
            fresh.append(ent)
            continue
        merged = Enterprise(ent.key, ent.name or old.name, ent.country, ent.tax_id or old.tax_id)
        if merged != old:
            changed.append(merged)
    return fresh, changed


@dataclass
class StoredLists:
    """The stored rows as read, enterprise keys as the lists wrote them (merges not applied)."""

    items: dict[str, Item] = field(default_factory=dict)  # every position ever imported, list order
    enterprises: dict[str, Enterprise] = field(default_factory=dict)  # every one ever imported
    membership: list[tuple[str, str]] = field(default_factory=list)  # (position, country whose list holds it)
    records: list[Record] = field(default_factory=list)
    demand: dict[tuple[str, str], float] = field(default_factory=dict)


def with_file(
    stored: StoredLists, dataset: Dataset, countries: Sequence[str], mode: str = "replace"
) -> StoredLists:
    """The stored lists after importing ``dataset`` into each of ``countries``, positions and
    enterprises overlaid. ``replace`` makes the file each country's whole list (their records,
    demand and membership replaced); ``update`` replaces only the rows of the positions the file
    names, for those countries, and leaves every other position's rows alone (docs/domain.md §8)."""
    if mode == "update":
        return _with_update(stored, dataset, countries)
    replaced = set(countries)
    items, enterprises = _overlaid(stored, dataset)
    membership = [(key, c) for key, c in stored.membership if c not in replaced]
    membership += [(key, c) for key in dataset.items for c in countries]
    demand = {k: v for k, v in stored.demand.items() if k[1] not in replaced}
    demand.update({k: float(v) for k, v in dataset.demand.items() if v and v > 0})
    return StoredLists(
        items=items,
        enterprises=enterprises,
        membership=membership,
        records=[r for r in stored.records if r.country not in replaced] + list(dataset.records),
        demand=demand,
    )


def _overlaid(stored: StoredLists, dataset: Dataset) -> tuple[dict[str, Item], dict[str, Enterprise]]:
    items = dict(stored.items)
    fresh, changed = overlay_items(items, dataset.items.values())
    for item in (*changed, *fresh):
        items[item.key] = item
    enterprises = dict(stored.enterprises)
    fresh_e, changed_e = overlay_enterprises(enterprises, dataset.enterprises.values())
    for ent in (*changed_e, *fresh_e):
        enterprises[ent.key] = ent
    return items, enterprises


def _with_update(stored: StoredLists, dataset: Dataset, countries: Sequence[str]) -> StoredLists:
    """``update`` mode of :func:`with_file`: a (position, country) row is replaced only when the
    file names the position and covers the country."""
    replaced = set(countries)
    named = set(dataset.items)

    def kept(key: str, country: str) -> bool:
        return country not in replaced or key not in named

    items, enterprises = _overlaid(stored, dataset)
    membership = [(key, c) for key, c in stored.membership if kept(key, c)]
    membership += [(key, c) for key in dataset.items for c in countries]
    demand = {k: v for k, v in stored.demand.items() if kept(*k)}
    demand.update({k: float(v) for k, v in dataset.demand.items() if v and v > 0})
    return StoredLists(
        items=items,
        enterprises=enterprises,
        membership=membership,
        records=[r for r in stored.records if kept(r.item_key, r.country)] + list(dataset.records),
        demand=demand,
    )


def with_position_aliases(stored: StoredLists, aliases: PositionAliases) -> StoredLists:
    """The stored lists with position merges applied (docs/domain.md §8): the records,
    membership and demand of a merged position move to its survivor, so the product is one
    row with both countries' records; the survivor takes the chosen name and code. Two demand
    figures of one country for one product are one need said twice: the larger counts."""
    known = stored.items
    resolve = {k: s for k, s in resolve_positions(aliases, known).items() if s in known}
    if not resolve:
        return stored
    merged: dict[str, list[Item]] = {}
    for key, survivor in resolve.items():
        if key in known:
            merged.setdefault(survivor, []).append(known[key])
    items: dict[str, Item] = {}
    for key, item in known.items():
        if key in resolve:
            continue
        if key in merged:
            item = merged_item(item, merged[key], aliases.identities.get(key))
        used = tuple(dict.fromkeys(u for u in (resolve.get(u, u) for u in item.used_in) if u != key))
        items[key] = item if used == item.used_in else replace(item, used_in=used)
    demand: dict[tuple[str, str], float] = {}
    for (key, country), value in stored.demand.items():
        moved = (resolve.get(key, key), country)
        demand[moved] = max(value, demand.get(moved, value))
    return StoredLists(
        items=items,
        enterprises=stored.enterprises,
        membership=list(dict.fromkeys((resolve.get(k, k), c) for k, c in stored.membership)),
        records=[
            replace(r, item_key=resolve[r.item_key]) if r.item_key in resolve else r for r in stored.records
        ],
        demand=demand,
    )


def compose_dataset(
    stored: StoredLists, merges: Mapping[str, str], positions: PositionAliases | None = None
) -> Dataset:
    """The dataset as the rules see it: positions some list holds, in list order, position
    merges applied (:func:`with_position_aliases`); enterprise keys resolved through merges;
    only enterprises that produce something; ``countries`` = the countries with any stored row."""
    if positions:
        stored = with_position_aliases(stored, positions)
    held: set[str] = set()
    countries: set[str] = set()
    for key, country in stored.membership:
        held.add(key)
        countries.add(country)
    items = stored.items
    ordered = sorted((items[k] for k in held if k in items), key=lambda item: item.order)
    resolve = resolve_merges(merges)
    records = stored.records
    if resolve:
        records = [
            replace(r, enterprise_key=resolve[r.enterprise_key])
            if r.enterprise_key is not None and r.enterprise_key in resolve
            else r
            for r in records
        ]
    used: set[str] = set()
    for r in records:
        countries.add(r.country)
        if r.enterprise_key is not None:
            used.add(r.enterprise_key)
    return Dataset(
        items={item.key: item for item in ordered},
        enterprises={k: e for k, e in stored.enterprises.items() if k in used},
        records=records,
        demand={k: v for k, v in stored.demand.items() if k[0] in held},
        countries=frozenset(countries),
    )


@dataclass(frozen=True)
class ModeEffect:
    """What an import's mode means for one country's list, in numbers (docs/domain.md §8)."""

    country: str
    mode: str
    held: int  # positions the country's list holds now
    in_file: int  # positions the file names
    renewed: int  # held now and named by the file: their rows are replaced
    added: int  # named by the file, not held now
    untouched: int  # held now, not named: ``update`` keeps them as they are
    dropped: int  # held now, not named: ``replace`` takes them out of the country's list


def mode_effects(
    held: Mapping[str, Iterable[str]], file_items: Iterable[str], countries: Sequence[str], mode: str
) -> list[ModeEffect]:
    """Per country of the file: how many positions its list holds, how many the file renews or
    adds, and how many ``update`` leaves alone or ``replace`` drops."""
    named = set(file_items)
    out = []
    for country in countries:
        now = set(held.get(country, ()))
        rest = len(now - named)
        out.append(
            ModeEffect(
                country,
                mode,
                held=len(now),
                in_file=len(named),
                renewed=len(now & named),
                added=len(named - now),
                untouched=rest if mode == "update" else 0,
                dropped=rest if mode == "replace" else 0,
            )
        )
    return out
