"""Duplication, localisation and cooperation (docs/domain.md §5, §7) over one networkx graph.

The graph has an item node per position and an enterprise node per producer (one anonymous
node per item x country for records whose producer is still to be chosen); every capacity
record is an enterprise -> item edge, every ``used_in`` link a component -> machine edge. It is
built once per data version (:func:`build_graph`) and passed to the functions below, which then
only walk adjacency dicts.

Merges (a planner's "these two are one enterprise") map a merged enterprise key to the surviving
key and are applied before any enterprise is counted, so merged producers are one producer.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import partial
from typing import Any, cast

import networkx as nx
import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from svetofor.classify import paused_gc
from svetofor.merging import resolver
from svetofor.messages import Message, Param, msg
from svetofor.model import (
    COUNTRIES,
    SEVERITY_ORDER,
    Dataset,
    DuplicationWarning,
    Enterprise,
    Localisation,
    Override,
    Record,
    Statuses,
    effective_colour,
)
from svetofor.vocabulary import enterprise_identity_name, normalise_name

ITEM = "item"
ENTERPRISE = "enterprise"
USED_IN = "used_in"
RECORD = "record"


def item_node(key: str) -> str:
    return f"i:{key}"


def enterprise_node(key: str) -> str:
    return f"e:{key}"


def anonymous_node(item_key: str, country: str) -> str:
    return f"a:{country}:{item_key}"


def _other(country: str) -> str:
    return "RU" if country == "BY" else "BY"


def resolve_used_in(dataset: Dataset) -> dict[str, list[str]]:
    """Machine key -> component keys, in list order.

    ``used_in`` holds identities; a value that is no item key is tried as a name, because a
    component's list may name a machine that the other list identifies by its code.
    """
    by_name: dict[str, str] = {}
    for key, item in dataset.items.items():
        by_name.setdefault(normalise_name(item.name), key)
    out: dict[str, list[str]] = {}
    for item in sorted(dataset.items.values(), key=lambda i: i.order):
        for ref in item.used_in:
            machine = ref if ref in dataset.items else by_name.get(normalise_name(ref))
            if machine is None or machine == item.key:
                continue
            components = out.setdefault(machine, [])
            if item.key not in components:
                components.append(item.key)
    return out


def build_graph(dataset: Dataset) -> nx.MultiDiGraph:
    """Item and enterprise nodes with their attributes, an edge per record, component -> machine edges.

    Node ids are strings (:func:`item_node`, :func:`enterprise_node`, :func:`anonymous_node`) so
    the network view can use them as element ids; node attribute ``type`` tells items from
    enterprises, edge attribute ``type`` records from ``used_in`` links.
    """
    with paused_gc():
        return _build_graph(dataset)


def _build_graph(dataset: Dataset) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_nodes_from(
        (
            item_node(key),
            {
                "type": ITEM,
                "key": key,
                "name": it.name,
                "code": it.code,
                "kind": it.kind,
                "group": it.group,
                "order": it.order,
            },
        )
        for key, it in dataset.items.items()
    )
    g.add_nodes_from(
        (
            enterprise_node(key),
            {"type": ENTERPRISE, "key": key, "name": e.name, "country": e.country, "tax_id": e.tax_id},
        )
        for key, e in dataset.enterprises.items()
    )
    # Record edges go straight into the adjacency dicts, exactly as ``add_edge`` would put them
    # (key = number of parallel edges so far). The public ``add_edges_from`` with a prepared list
    # was measured at 20k positions x 5k enterprises x 100k records: 0.76 s against 0.49 s here
    # (CPU time, same run), which alone takes warnings + localisation over the 1 s target.
    # test_duplication checks the result against the public API, so a networkx change that
    # breaks this cannot pass unnoticed.
    succ, pred = g._succ, g._pred
    planning: set[str] = set()  # item nodes with an edge of planned new capacity
    ent_ids: dict[str, str] = {}  # key -> node id, so ids are formatted once per node, not per record
    item_ids: dict[str, str] = {}
    for r in dataset.records:
        if r.enterprise_key is None:
            source = anonymous_node(r.item_key, r.country)
            if source not in succ:
                g.add_node(source, type=ENTERPRISE, key=None, name=None, country=r.country, tax_id=None)
        else:
            known = ent_ids.get(r.enterprise_key)
            if known is None:
                known = ent_ids[r.enterprise_key] = enterprise_node(r.enterprise_key)
            source = known
            if source not in succ:  # a record of an enterprise missing from the list: keep it visible
                g.add_node(
                    source, type=ENTERPRISE, key=r.enterprise_key, name=r.enterprise_key, country=r.country
                )
        target = item_ids.get(r.item_key)
        if target is None:
            target = item_ids[r.item_key] = item_node(r.item_key)
        if target not in succ:
            g.add_node(target, type=ITEM, key=r.item_key, name=r.item_key)
        keydict = succ[source].get(target)
        if keydict is None:
            keydict = succ[source][target] = pred[target][source] = {}
        keydict[len(keydict)] = {
            "type": RECORD,
            "enterprise": r.enterprise_key,
            "country": r.country,
            "existing": r.existing,
            "capacity": r.capacity,
            "action": r.action,
            "launch_year": r.launch_year,
            "record": r,  # the warnings' facts (enterprise, year, capacity) without a second lookup
        }
        if r.action == "new":
            planning.add(target)
    used_in = resolve_used_in(dataset)
    g.add_edges_from(
        (item_node(c), item_node(m), {"type": USED_IN})
        for m, components in used_in.items()
        for c in components
    )
    g.graph["used_in"] = used_in  # machine key -> component keys in list order, read by localisation()
    # Duplication starts from planned new capacity; most positions plan none, so find_warnings
    # walks only these nodes' in-edges instead of every item's.
    g.graph["planning"] = planning
    return g


def _records_in(g: nx.MultiDiGraph, key: str) -> Iterable[dict[str, Any]]:
    """The record edges into an item node (the attribute dicts)."""
    for edges in g.pred[item_node(key)].values():
        for data in edges.values():
            if data["type"] == RECORD:
                yield data


def _producing(r: Record) -> bool:
    """A covering record (docs/domain.md §4.1, §7): serial production that is not waiting for modernisation."""
    return r.existing and r.capacity != 0 and r.action != "modernise"


def _producing_edge(d: Mapping[str, Any]) -> bool:
    """:func:`_producing` for a record edge's attributes."""
    return bool(d["existing"]) and d["capacity"] != 0 and d["action"] != "modernise"


# ---------------------------------------------------------------------------------------------
# Warnings


def find_warnings(
    dataset: Dataset,
    statuses: Statuses,
    merges: Mapping[str, str] | None = None,
    *,
    dismissed: Collection[frozenset[str]] = (),
    graph: nx.MultiDiGraph | None = None,
) -> list[DuplicationWarning]:
    """parallel-new, partner-covers and same-enterprise? warnings, high severity first, then item.

    ``merges`` maps a merged enterprise key to the surviving one; ``dismissed`` holds the
    same-enterprise? pairs a planner rejected. The warnings are read off the graph's record
    edges into each item node; pass ``graph`` to reuse the one built per data version.
    """
    with paused_gc():
        return _find_warnings(dataset, statuses, merges, dismissed, graph or build_graph(dataset))


def _find_warnings(
    dataset: Dataset,
    statuses: Statuses,
    merges: Mapping[str, str] | None,
    dismissed: Collection[frozenset[str]],
    graph: nx.MultiDiGraph,
) -> list[DuplicationWarning]:
    resolve = resolver(merges)
    enterprises = dataset.enterprises

    def name_of(key: str) -> str:
        e = enterprises.get(key)
        return e.name if e is not None else key

    def country_of(key: str, fallback: str) -> str:
        e = enterprises.get(key)
        return e.country if e is not None else fallback

    out: list[DuplicationWarning] = []
    pred = graph.pred
    planning = graph.graph.get("planning")
    for item_key in dataset.items:
        node = item_node(item_key)
        if node not in pred or (planning is not None and node not in planning):
            continue
        item_records = [
            d["record"] for parallel in pred[node].values() for d in parallel.values() if d["type"] == RECORD
        ]
        if not any(r.action == "new" for r in item_records):
            continue
        planners: dict[str, list[Record]] = {}  # surviving enterprise key -> its planning records
        planning_countries: set[str] = set()
        producers: dict[str, dict[str, list[Record]]] = {"BY": {}, "RU": {}}
        for r in item_records:
            ek = r.enterprise_key
            if r.action == "new":
                planning_countries.add(r.country)
                if ek is not None:
                    planners.setdefault(resolve(ek), []).append(r)
            if ek is not None and _producing(r) and r.country in producers:
                producers[r.country].setdefault(resolve(ek), []).append(r)
        if len(planners) >= 2:
            out.append(_parallel_new(item_key, planners, name_of, country_of))
        cells = statuses.get(item_key, {})
        for country in sorted(planning_countries):
            partner = _other(country)
            partner_status = cells.get(partner)
            if partner_status is None or partner_status.colour != "green":
                continue
            mine = {k: v for k, v in planners.items() if country_of(k, v[0].country) == country}
            out.append(_partner_covers(item_key, country, mine, producers.get(partner, {}), name_of))

    live = [e for k, e in enterprises.items() if resolve(k) == k]
    out.extend(same_enterprise_suggestions(live, dismissed))
    out.sort(key=lambda w: (SEVERITY_ORDER[w.severity], w.item or "", w.kind, w.country or "", w.key))
    return out


def _facts(name: str, country: str, records: Sequence[Record], planned: bool) -> Message:
    """ "ОАО Х (РБ, 2027, 100 шт./год)": who, where, when and how much."""
    details: list[Param] = [msg(f"country.{country}")]
    if planned:
        details.extend(str(y) for y in sorted({r.launch_year for r in records if r.launch_year is not None}))
    caps = [r.capacity for r in records if r.capacity is not None]
    if caps:
        details.append(msg("quantity.per_year", n=sum(caps)))
    return msg("rules.name.details", name=name, details=tuple(details))


class _LazyWarning(DuplicationWarning):
    """A :class:`DuplicationWarning` whose rule message is built on first read.

    A large list has thousands of parallel-new and partner-covers warnings; ``svetofor check``
    and the counts never show their rule, the pages show a few. Equality, hashing, pickling and
    ``repr`` behave exactly like a plain ``DuplicationWarning`` with the same values.
    """

    def __init__(self, rule: Callable[[], Message], **values: Any) -> None:
        # Frozen: fill the instance dict directly; ``rule`` is the property below, which
        # replaces the builder with the message it builds.
        d = self.__dict__
        d.update(values)
        d["_rule"] = rule

    @property
    def rule(self) -> Message:
        d = self.__dict__
        built = d["_rule"]
        if not isinstance(built, Message):
            with paused_gc():  # thousands of small messages: see classify.paused_gc
                built = d["_rule"] = built()
        return cast(Message, built)

    def _plain(self) -> DuplicationWarning:
        return DuplicationWarning(**{f.name: getattr(self, f.name) for f in fields(DuplicationWarning)})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DuplicationWarning):
            return NotImplemented
        return self._plain() == (other._plain() if isinstance(other, _LazyWarning) else other)

    def __hash__(self) -> int:
        return hash(self._plain())

    def __reduce__(self) -> tuple[type[DuplicationWarning], tuple[Any, ...]]:
        return (DuplicationWarning, tuple(getattr(self, f.name) for f in fields(DuplicationWarning)))

    def __repr__(self) -> str:
        return repr(self._plain())


NameOf = Callable[[str], str]
CountryOf = Callable[[str, str], str]


def _parallel_new(
    item_key: str, planners: dict[str, list[Record]], name_of: NameOf, country_of: CountryOf
) -> DuplicationWarning:
    keys = sorted(planners)
    countries = tuple(sorted({country_of(k, planners[k][0].country) for k in keys}))
    across = len(countries) > 1
    return _LazyWarning(
        partial(_parallel_new_rule, keys, planners, countries, name_of, country_of),
        kind="parallel-new",
        severity="high" if across else "medium",
        item=item_key,
        country=None,
        countries=countries,
        enterprises=tuple(sorted(name_of(k) for k in keys)),
        enterprise_keys=tuple(keys),
    )


def _parallel_new_rule(
    keys: list[str],
    planners: dict[str, list[Record]],
    countries: tuple[str, ...],
    name_of: NameOf,
    country_of: CountryOf,
) -> Message:
    facts = tuple(_facts(name_of(k), country_of(k, planners[k][0].country), planners[k], True) for k in keys)
    if len(countries) > 1:
        where = msg("rules.where.across")
    else:
        where = msg("rules.where.one", country=msg(f"country.{countries[0]}"))
    return msg("rules.parallel_new", n=len(keys), where=where, facts=facts)


def _partner_covers(
    item_key: str,
    country: str,
    planners: dict[str, list[Record]],
    partner_producers: dict[str, list[Record]],
    name_of: NameOf,
) -> DuplicationWarning:
    partner = _other(country)
    keys = sorted(planners)
    partner_keys = sorted(partner_producers)
    return _LazyWarning(
        partial(_partner_covers_rule, country, keys, planners, partner_keys, partner_producers, name_of),
        kind="partner-covers",
        severity="high",
        item=item_key,
        country=country,
        countries=tuple(sorted((country, partner))),
        enterprises=tuple(sorted({name_of(k) for k in (*keys, *partner_keys)})),
        enterprise_keys=tuple(sorted({*keys, *partner_keys})),
    )


def _partner_covers_rule(
    country: str,
    keys: list[str],
    planners: dict[str, list[Record]],
    partner_keys: list[str],
    partner_producers: dict[str, list[Record]],
    name_of: NameOf,
) -> Message:
    partner = _other(country)
    plans = tuple(_facts(name_of(k), country, planners[k], True) for k in keys)
    producers = tuple(_facts(name_of(k), partner, partner_producers[k], False) for k in partner_keys)
    return msg(
        "rules.partner_covers",
        country=msg(f"country.{country}"),
        partner=msg(f"country.{partner}"),
        plans=plans or (msg("rules.name.anonymous"),),
        producers=producers or (msg("rules.name.unnamed"),),
    )


# ---------------------------------------------------------------------------------------------
# Same enterprise?

_DIGITS = re.compile(r"\d+")


def _match_name(name: str) -> str:
    """Identity name (legal forms, quotes, case, ё dropped), then punctuation to spaces."""
    return default_process(enterprise_identity_name(name))


def _words_agree(a: str, b: str) -> bool:
    """Every word of three or more letters of each name has a close twin in the other.

    88 lets one typo through in a word of eight letters or more ("цетр"/"центр" too) but not
    a different town of the same shape ("Минский"/"Пинский" scores 86).
    """
    wa = [w for w in a.split() if len(w) >= 3]
    wb = [w for w in b.split() if len(w) >= 3]
    return all(process.extractOne(w, wb, scorer=fuzz.ratio, score_cutoff=88) for w in wa) and all(
        process.extractOne(w, wa, scorer=fuzz.ratio, score_cutoff=88) for w in wb
    )


_BLOCK_CAP = 500  # a word shared by more names than this does not block on its own


def _blocks(names: list[str]) -> Iterable[list[int]]:
    """Candidate groups for the fuzzy comparison, so no country is compared all against all.

    A name is put in the block of its rarest word (first four letters; numbers whole) and of its
    second rarest one unless that word is common ("завод"). Two names similar enough to match
    share most words, so they meet in at least one block even with a typo in one word.
    """
    keys_of: list[list[str]] = []
    freq: dict[str, int] = defaultdict(int)
    for n in names:
        keys = sorted({w if w.isdigit() else w[:4] for w in n.split()})
        keys_of.append(keys)
        for k in keys:
            freq[k] += 1
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, keys in enumerate(keys_of):
        ranked = sorted(keys, key=lambda k: (freq[k], k))
        for rank, k in enumerate(ranked[:2]):
            if rank == 0 or freq[k] <= _BLOCK_CAP:
                blocks[k].append(i)
    return [members for members in blocks.values() if len(members) > 1]


def same_enterprise_suggestions(
    enterprises: Iterable[Enterprise],
    dismissed: Collection[frozenset[str]] = (),
    threshold: float = 90,
) -> list[DuplicationWarning]:
    """Pairs of enterprises of one country that are probably one: fuzzy-similar names, or one
    tax id under two keys. Several spellings under ONE key are already one enterprise."""
    dismissed_set = {frozenset(d) for d in dismissed}
    unique: dict[str, Enterprise] = {}
    for e in enterprises:
        unique.setdefault(e.key, e)

    found: dict[frozenset[str], DuplicationWarning] = {}

    def add(a: Enterprise, b: Enterprise, rule: str, **facts: Param) -> None:
        pair = frozenset((a.key, b.key))
        if pair in dismissed_set or pair in found:
            return
        first, second = sorted((a, b), key=lambda e: e.key)
        found[pair] = DuplicationWarning(
            kind="same-enterprise?",
            severity="info",
            item=None,
            country=None,
            countries=(a.country,),
            enterprises=tuple(sorted((a.name, b.name))),
            enterprise_keys=(first.key, second.key),
            rule=msg(
                rule, first=first.name, second=second.name, country=msg(f"country.{a.country}"), **facts
            ),
        )

    by_tax: dict[tuple[str, str], list[Enterprise]] = defaultdict(list)
    for e in unique.values():
        if e.tax_id:
            by_tax[(e.country, e.tax_id)].append(e)
    for (_country, tax_id), group in by_tax.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                add(a, b, "rules.same_tax_id", tax_id=tax_id)

    for country in COUNTRIES:
        members = [e for e in unique.values() if e.country == country]
        names = [_match_name(e.name) for e in members]
        numbers = [tuple(_DIGITS.findall(n)) for n in names]
        for block in _blocks(names):
            block_names = [names[i] for i in block]
            scores = process.cdist(
                block_names,
                block_names,
                scorer=fuzz.token_sort_ratio,
                score_cutoff=threshold,
                dtype=np.uint8,
                workers=1,
            )
            rows, cols = np.nonzero(np.triu(scores, k=1))
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                i, j = block[r], block[c]
                # "Станкозавод № 1" and "Станкозавод № 2" are two plants, however similar; and
                # a long shared tail must not hide a different town ("Брестский … объединение")
                if numbers[i] != numbers[j] or not _words_agree(names[i], names[j]):
                    continue
                a, b = members[i], members[j]
                if a.tax_id and b.tax_id and a.tax_id != b.tax_id:
                    continue  # two registered tax ids are two legal entities
                add(a, b, "rules.similar_names", score=int(scores[r, c]))
    return sorted(found.values(), key=lambda w: w.enterprise_keys)


# ---------------------------------------------------------------------------------------------
# Localisation and cooperation


def localisation(
    dataset: Dataset,
    statuses: Statuses,
    *,
    graph: nx.MultiDiGraph | None = None,
    overrides: Mapping[tuple[str, str], Override] | None = None,
) -> dict[str, Localisation]:
    """For every machine that some item's ``used_in`` names: its components and their UNION
    colours as the diagram shows them (docs/domain.md §5): with ``overrides``, a planner's
    override wins, so a component overridden to green does not block its machine."""
    if graph is None:
        used_in = resolve_used_in(dataset)  # the links alone need no graph
    elif "used_in" in graph.graph:
        used_in = graph.graph["used_in"]
    else:  # a graph built elsewhere: read the used_in edges themselves
        used_in = {}
        for c, m, d in graph.edges(data=True):
            if d.get("type") == USED_IN:
                used_in.setdefault(graph.nodes[m]["key"], []).append(graph.nodes[c]["key"])
    shown = overrides or {}
    out: dict[str, Localisation] = {}
    for machine, comps in used_in.items():
        union = [
            (k, effective_colour(statuses.get(k, {}).get("UNION"), shown.get((k, "UNION")))) for k in comps
        ]
        out[machine] = Localisation(
            item_key=machine,
            components=tuple(comps),
            green=tuple(k for k, colour in union if colour == "green"),
            blocking=tuple(k for k, colour in union if colour == "red"),
        )
    return out


@dataclass(frozen=True)
class Cooperation:
    """A position one country lacks (red/yellow) and the other produces (green)."""

    item_key: str
    country: str  # the country that needs it
    colour: str  # its colour there: red or yellow
    partner: str  # the green country
    producers: tuple[str, ...]  # names of the partner's producing enterprises, sorted
    producer_keys: tuple[str, ...] = ()
    capacity: float | None = None  # the partner's summed capacity, None if unknown or not stated


def cooperation(
    dataset: Dataset,
    statuses: Statuses,
    merges: Mapping[str, str] | None = None,
    *,
    graph: nx.MultiDiGraph | None = None,
) -> list[Cooperation]:
    """Positions red or yellow in one country and green in the other, in list order."""
    g = graph if graph is not None else build_graph(dataset)
    resolve = resolver(merges)
    out: list[Cooperation] = []
    for item in sorted(dataset.items.values(), key=lambda i: i.order):
        cells = statuses.get(item.key, {})
        for country in COUNTRIES:
            partner = _other(country)
            mine, theirs = cells.get(country), cells.get(partner)
            if (
                mine is None
                or theirs is None
                or mine.colour not in ("red", "yellow")
                or theirs.colour != "green"
            ):
                continue
            keys: set[str] = set()
            caps: list[float | None] = []
            for d in _records_in(g, item.key):
                if d["country"] == partner and _producing_edge(d):
                    caps.append(d["capacity"])
                    if d["enterprise"] is not None:
                        keys.add(resolve(d["enterprise"]))
            names = {k: dataset.enterprises[k].name if k in dataset.enterprises else k for k in keys}
            out.append(
                Cooperation(
                    item_key=item.key,
                    country=country,
                    colour=mine.colour,
                    partner=partner,
                    producers=tuple(sorted(names.values())),
                    producer_keys=tuple(sorted(keys)),
                    capacity=None if not caps or None in caps else float(sum(caps)),  # type: ignore[arg-type]
                )
            )
    return out
