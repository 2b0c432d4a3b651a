"""docs/domain.md §5 duplication warnings, same-enterprise suggestions, localisation and cooperation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from svetofor.classify import classify
from svetofor.duplication import (
    ENTERPRISE,
    ITEM,
    RECORD,
    USED_IN,
    Cooperation,
    anonymous_node,
    build_graph,
    cooperation,
    enterprise_node,
    find_warnings,
    item_node,
    localisation,
    same_enterprise_suggestions,
)
from svetofor.messages import render
from svetofor.model import Dataset, Enterprise, Item, Override, Record

ENTS = {
    "BY:a": Enterprise("BY:a", "ОАО «Гомельский станкостроительный завод»", "BY", "400000001"),
    "BY:b": Enterprise("BY:b", "ОАО «Витебский станкостроительный завод»", "BY"),
    "RU:c": Enterprise("RU:c", "АО «Савёловский машиностроительный завод»", "RU"),
    "RU:d": Enterprise("RU:d", "ООО «Станкомаш»", "RU"),
}


def new(item, ent, country=None, year=None, existing=False, cap=None):
    country = country or ent.split(":")[0]
    return Record(item, country, ent, existing=existing, capacity=cap, action="new", launch_year=year)


def has(item, ent, cap=None, action=None):
    return Record(item, ent.split(":")[0], ent, existing=True, capacity=cap, action=action)


def dataset(records, items=("P",), demand=None, enterprises=None) -> Dataset:
    made = [
        it if isinstance(it, Item) else Item(it, f"Позиция {it}", code=it, kind="machine", order=i)
        for i, it in enumerate(items)
    ]
    its = {it.key: it for it in made}
    return Dataset(
        items=its,
        enterprises=dict(enterprises or ENTS),
        records=list(records),
        demand=dict(demand or {}),
        countries=frozenset({"BY", "RU"}),
    )


def warnings_of(ds, merges=None, kind=None):
    found = find_warnings(ds, classify(ds), merges)
    return [w for w in found if kind is None or w.kind == kind]


# (id, records, expected (kind, severity, country, countries, enterprise keys) or None)
CASES = [
    ("two BY enterprises plan new", [new("P", "BY:a", year=2026), new("P", "BY:b", year=2027)],
     [("parallel-new", "medium", None, ("BY",), ("BY:a", "BY:b"))]),
    ("across the border", [new("P", "BY:a"), new("P", "RU:c")],
     [("parallel-new", "high", None, ("BY", "RU"), ("BY:a", "RU:c"))]),
    ("expansion of running production also plans new", [new("P", "BY:a", existing=True, cap=10), new("P", "BY:b")],
     [("parallel-new", "medium", None, ("BY",), ("BY:a", "BY:b"))]),
    ("one enterprise on two rows is one enterprise", [new("P", "BY:a", year=2026), new("P", "BY:a", year=2027)], []),
    ("anonymous planner does not count", [new("P", "BY:a"), new("P", None, country="BY")], []),
    ("modernisation is not new capacity", [new("P", "BY:a"), has("P", "BY:b", 10, "modernise")], []),
    ("partner green", [new("P", "BY:a", year=2027), has("P", "RU:c", 500)],
     [("partner-covers", "high", "BY", ("BY", "RU"), ("BY:a", "RU:c"))]),
    ("anonymous planner with partner green", [new("P", None, country="RU"), has("P", "BY:b")],
     [("partner-covers", "high", "RU", ("BY", "RU"), ("BY:b",))]),
    ("partner only yellow", [new("P", "BY:a"), has("P", "RU:c", 500, "modernise")], []),
    ("both at once", [new("P", "BY:a"), new("P", "BY:b"), has("P", "RU:c")],
     [("partner-covers", "high", "BY", ("BY", "RU"), ("BY:a", "BY:b", "RU:c")),
      ("parallel-new", "medium", None, ("BY",), ("BY:a", "BY:b"))]),
    ("green partner short of summed demand is still green there", [new("P", "BY:a"), has("P", "RU:c", 100)],
     [("partner-covers", "high", "BY", ("BY", "RU"), ("BY:a", "RU:c"))]),
]  # fmt: skip


@pytest.mark.parametrize(("records", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_warning_rules(records, expected):
    got = [
        (w.kind, w.severity, w.country, w.countries, w.enterprise_keys)
        for w in warnings_of(dataset(records))
        if w.kind != "same-enterprise?"
    ]
    assert got == expected


def test_warning_disappears_when_the_list_changes():
    records = [new("P", "BY:a"), new("P", "RU:c")]
    assert warnings_of(dataset(records), kind="parallel-new")
    records[1] = Record("P", "RU", "RU:c", existing=False)
    assert warnings_of(dataset(records), kind="parallel-new") == []


def test_merges_are_applied_before_counting():
    records = [new("P", "RU:c", year=2026), new("P", "RU:d", year=2027), new("P", "BY:a")]
    before = warnings_of(dataset(records), kind="parallel-new")
    assert before[0].enterprise_keys == ("BY:a", "RU:c", "RU:d")
    after = warnings_of(dataset(records), merges={"RU:d": "RU:c"}, kind="parallel-new")
    assert after[0].enterprise_keys == ("BY:a", "RU:c")
    assert after[0].enterprises == (
        "АО «Савёловский машиностроительный завод»",
        "ОАО «Гомельский станкостроительный завод»",
    )
    merged_away = warnings_of(dataset(records[:2]), merges={"RU:d": "RU:c"}, kind="parallel-new")
    assert merged_away == []


def test_merge_chains_and_cycles_resolve():
    records = [new("P", "RU:c"), new("P", "RU:d"), new("P", "BY:b")]
    got = warnings_of(dataset(records), merges={"RU:d": "BY:b", "BY:b": "RU:d"}, kind="parallel-new")
    assert len(got) == 1  # a cycle ends the chain instead of hanging


def test_parallel_new_names_every_planner_with_russian_plural():
    ents = {f"BY:{i}": Enterprise(f"BY:{i}", f"Завод {i}", "BY") for i in range(5)}
    (w,) = warnings_of(dataset([new("P", k) for k in ents], enterprises=ents))
    assert render(w.rule, "ru").startswith(
        "Новые мощности создают 5 предприятий в одной стране (РБ): Завод 0 (РБ); "
    )
    assert len(w.enterprises) == 5


def test_rules_are_said_in_words_with_the_facts():
    ds = dataset([new("P", "BY:a", year=2026, cap=200), new("P", "RU:c", year=2027), has("P", "RU:d", 1200)])
    ws = {w.kind: w for w in warnings_of(ds)}
    par = ws["parallel-new"]
    assert render(par.rule, "ru") == (
        "Новые мощности создают 2 предприятия в разных странах: "
        "ОАО «Гомельский станкостроительный завод» (РБ, 2026, 200 шт./год); "
        "АО «Савёловский машиностроительный завод» (РФ, 2027)"
    )
    assert render(par.rule, "en").startswith("2 enterprises plan new capacity in different countries: ")
    cov = ws["partner-covers"]
    assert cov.country == "BY"
    assert render(cov.rule, "ru") == (
        "В РБ планируется создание мощностей (ОАО «Гомельский станкостроительный завод» (РБ, 2026, 200 шт./год)), "
        "а в РФ позиция зелёная — производство покрывает потребность: ООО «Станкомаш» (РФ, 1 200 шт./год)"
    )
    assert "(RU, 1,200 units/year)" in render(cov.rule, "en")


def test_sorted_by_severity_then_item():
    ds = dataset(
        [
            new("Q", "BY:a"),
            new("Q", "BY:b"),
            new("P", "BY:a"),
            new("P", "RU:c"),
            new("A", "BY:a"),
            has("A", "RU:c"),
        ],
        items=("Q", "P", "A"),
        enterprises={**ENTS, "RU:e": Enterprise("RU:e", "ООО Станкомаш", "RU", "7701234567")},
    )
    got = [(w.severity, w.kind, w.item) for w in warnings_of(ds)]
    assert got == [
        ("high", "partner-covers", "A"),
        ("high", "parallel-new", "P"),
        ("medium", "parallel-new", "Q"),
        ("info", "same-enterprise?", None),
    ]


def test_key_and_json_shape():
    (w,) = warnings_of(dataset([new("P", "BY:a"), has("P", "RU:c")]))
    assert w.key == "partner-covers|P|BY"
    assert w.to_json() == {
        "kind": "partner-covers",
        "severity": "high",
        "item": "P",
        "country": "BY",
        "countries": ["BY", "RU"],
        "enterprises": [
            "АО «Савёловский машиностроительный завод»",
            "ОАО «Гомельский станкостроительный завод»",
        ],
    }


# ---------------------------------------------------------------------------------------------
# same-enterprise?


def ent(key, name, country="RU", tax=None):
    return Enterprise(key, name, country, tax)


SAME = [
    ("legal form and quotes differ, one row had a tax id", [ent("RU:7701234567", "ООО «Станкомаш»", tax="7701234567"), ent("RU:станкомаш", "АО Станкомаш")], 1),
    ("typo", [ent("BY:1", "Гомельский станкостроительный завод", "BY"), ent("BY:2", "Гомельский станкостроительый завод", "BY")], 1),
    ("word order", [ent("RU:1", "Завод Савёловский машиностроительный"), ent("RU:2", "Савеловский машиностроительный завод")], 1),
    ("different numbers are two plants", [ent("RU:1", "Станкозавод № 1"), ent("RU:2", "Станкозавод № 2")], 0),
    ("different town of the same shape", [ent("BY:1", "Минский инструментальный завод", "BY"), ent("BY:2", "Пинский инструментальный завод", "BY")], 0),
    ("different countries never match", [ent("BY:станкомаш", "Станкомаш", "BY"), ent("RU:станкомаш", "Станкомаш")], 0),
    ("two registered tax ids are two entities", [ent("RU:7701234567", "Станкомаш", tax="7701234567"), ent("RU:7701234568", "Станкомаш", tax="7701234568")], 0),
    ("one tax id under different names", [ent("RU:x", "Станкомаш", tax="7701234567"), ent("RU:y", "Механический завод Восток", tax="7701234567")], 1),
    ("unrelated names", [ent("RU:1", "Станкомаш"), ent("RU:2", "Инструментальный завод")], 0),
]  # fmt: skip


@pytest.mark.parametrize(("enterprises", "count"), [c[1:] for c in SAME], ids=[c[0] for c in SAME])
def test_same_enterprise_suggestions(enterprises, count):
    got = same_enterprise_suggestions(enterprises)
    assert len(got) == count
    for w in got:
        assert (w.kind, w.severity, w.item, w.country) == ("same-enterprise?", "info", None, None)
        assert set(w.enterprise_keys) == {e.key for e in enterprises}
        assert w.key == f"same-enterprise?|{'|'.join(sorted(w.enterprise_keys))}"


def test_same_enterprise_spelled_two_ways_under_one_identity_is_not_two():
    # the reader gave both spellings the same identity: one enterprise, no suggestion, no parallel-new
    a = ent("RU:7701234567", "ООО «Станкомаш»", tax="7701234567")
    b = ent("RU:7701234567", "Станкомаш, общество с ограниченной ответственностью", tax="7701234567")
    assert same_enterprise_suggestions([a, b]) == []
    ds = dataset([new("P", a.key), new("P", b.key)], enterprises={a.key: a})
    assert warnings_of(ds) == []


def test_dismissed_pair_is_not_suggested_again():
    pair = [ent("RU:1", "ООО Станкомаш"), ent("RU:2", "ЗАО Станкомаш")]
    assert len(same_enterprise_suggestions(pair)) == 1
    assert same_enterprise_suggestions(pair, dismissed=[frozenset({"RU:1", "RU:2"})]) == []


def test_suggestion_rule_names_both_and_the_reason():
    (w,) = same_enterprise_suggestions(
        [ent("RU:x", "Станкомаш", tax="7701234567"), ent("RU:y", "Восток", tax="7701234567")]
    )
    assert render(w.rule, "ru") == "Одинаковый ИНН/УНП 7701234567: «Станкомаш» и «Восток» (РФ)"
    assert render(w.rule, "en") == "Same tax id 7701234567: “Станкомаш” and “Восток” (RU)"
    (w,) = same_enterprise_suggestions([ent("RU:1", "ООО Станкомаш"), ent("RU:2", "ЗАО Станкомаш")])
    assert render(w.rule, "ru") == "Похожие названия (сходство 100 %): «ООО Станкомаш» и «ЗАО Станкомаш» (РФ)"


def test_find_warnings_skips_merged_and_dismissed_enterprises():
    ents = {"RU:1": ent("RU:1", "ООО Станкомаш"), "RU:2": ent("RU:2", "ЗАО Станкомаш")}
    ds = dataset([], enterprises=ents)
    assert [w.kind for w in find_warnings(ds, classify(ds))] == ["same-enterprise?"]
    assert find_warnings(ds, classify(ds), {"RU:2": "RU:1"}) == []
    assert find_warnings(ds, classify(ds), dismissed=[frozenset({"RU:1", "RU:2"})]) == []


# ---------------------------------------------------------------------------------------------
# graph, localisation, cooperation


def bom_dataset():
    items = [
        Item("M", "Станок токарный с ЧПУ", code="M", kind="machine", order=0),
        Item("C1", "Шпиндель", code="C1", kind="component", used_in=("M",), order=1),
        Item("C2", "Система ЧПУ", code="C2", kind="component", used_in=("станок токарный с чпу",), order=2),
        Item("C3", "Шарико-винтовая пара", code="C3", kind="component", used_in=("M", "N"), order=3),
        Item("N", "Станок фрезерный", code="N", kind="machine", order=4),
    ]
    records = [
        has("C1", "BY:a"),  # green
        new("C3", "RU:c"),  # yellow; C2 has nothing: red
        has("M", "RU:c", 10),
        Record("M", "BY", None, existing=False, action="new"),
        has("N", "BY:b", 5),
    ]
    return dataset(records, items=tuple(items))


def test_lazy_warnings_behave_like_plain_ones():
    import pickle

    from svetofor.model import DuplicationWarning

    ds = dataset([new("P", "BY:a", year=2027), new("P", "RU:c"), has("P", "RU:d", 5)])
    found = [w for w in find_warnings(ds, classify(ds)) if w.kind != "same-enterprise?"]
    assert {w.kind for w in found} == {"parallel-new", "partner-covers"}
    for w in found:
        plain = DuplicationWarning(
            w.kind, w.severity, w.item, w.country, w.countries, w.enterprises, w.enterprise_keys, w.rule,
        )  # fmt: skip
        assert w == plain and plain == w and hash(w) == hash(plain) and repr(w) == repr(plain)
        assert type(pickle.loads(pickle.dumps(w))) is DuplicationWarning
        assert pickle.loads(pickle.dumps(w)) == plain
        assert w != DuplicationWarning(w.kind, w.severity, w.item, w.country, w.countries, w.enterprises)
    parallel = next(w for w in found if w.kind == "parallel-new")
    assert render(parallel.rule).startswith("Новые мощности создают 2 предприятия в разных странах: ")


def test_graph_nodes_and_edges():
    ds = bom_dataset()
    g = build_graph(ds)
    assert (
        g.nodes[item_node("M")]["type"] == ITEM and g.nodes[item_node("M")]["name"] == "Станок токарный с ЧПУ"
    )
    assert g.nodes[enterprise_node("BY:a")] == {
        "type": ENTERPRISE,
        "key": "BY:a",
        "name": ENTS["BY:a"].name,
        "country": "BY",
        "tax_id": "400000001",
    }
    assert g.nodes[anonymous_node("M", "BY")]["key"] is None
    records = [d for _u, _v, d in g.edges(data=True) if d["type"] == RECORD]
    assert len(records) == len(ds.records)
    (edge,) = g.get_edge_data(enterprise_node("RU:c"), item_node("M")).values()
    record = edge.pop("record")
    assert record.enterprise_key == "RU:c" and record.item_key == "M"
    assert edge == {
        "type": RECORD,
        "enterprise": "RU:c",
        "country": "RU",
        "existing": True,
        "capacity": 10,
        "action": None,
        "launch_year": None,
    }
    used = sorted((u, v) for u, v, d in g.edges(data=True) if d["type"] == USED_IN)
    assert used == [("i:C1", "i:M"), ("i:C2", "i:M"), ("i:C3", "i:M"), ("i:C3", "i:N")]


def test_localisation_share_and_blocking_components():
    ds = bom_dataset()
    loc = localisation(ds, classify(ds))
    assert set(loc) == {"M", "N"}
    m = loc["M"]
    assert m.components == ("C1", "C2", "C3")
    assert m.green == ("C1",) and m.blocking == ("C2",)
    assert m.share == pytest.approx(1 / 3) and not m.localisable
    n = loc["N"]
    assert (n.components, n.green, n.blocking, n.localisable) == (("C3",), (), (), True)


def _override(item: str, colour: str) -> Override:
    return Override(item, "UNION", colour, "решение комиссии", "alice", datetime(2026, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("overridden", "green", "blocking", "localisable"),
    [
        ({}, ("C1",), ("C2",), False),
        ({"C2": "green"}, ("C1", "C2"), (), True),  # the override wins: C2 no longer blocks
        ({"C2": "yellow"}, ("C1",), (), True),  # yellow does not block, nor count as green
        ({"C1": "red"}, (), ("C1", "C2"), False),
    ],
)
def test_localisation_reads_the_colours_the_cells_show(overridden, green, blocking, localisable):
    ds = bom_dataset()
    overrides = {(k, "UNION"): _override(k, c) for k, c in overridden.items()}
    m = localisation(ds, classify(ds), overrides=overrides)["M"]
    assert (m.green, m.blocking, m.localisable) == (green, blocking, localisable)


def test_localisation_reuses_a_given_graph():
    ds = bom_dataset()
    g = build_graph(ds)
    assert localisation(ds, classify(ds), graph=g) == localisation(ds, classify(ds))
    del g.graph["used_in"]  # a graph from elsewhere: the used_in edges alone must do
    assert localisation(ds, classify(ds), graph=g) == localisation(ds, classify(ds))


def test_cooperation_lists_the_green_side_producers():
    ds = bom_dataset()
    got = cooperation(ds, classify(ds))
    assert got == [
        Cooperation("M", "BY", "yellow", "RU", (ENTS["RU:c"].name,), ("RU:c",), 10.0),
        Cooperation("C1", "RU", "red", "BY", (ENTS["BY:a"].name,), ("BY:a",), None),
        Cooperation("N", "RU", "red", "BY", (ENTS["BY:b"].name,), ("BY:b",), 5.0),
    ]


def test_cooperation_skips_countries_without_data():
    ds = bom_dataset()
    ds.records = [r for r in ds.records if r.country == "BY"]
    ds.countries = frozenset({"BY"})
    assert cooperation(ds, classify(ds)) == []


def test_graph_equals_one_built_through_the_public_api():
    import networkx as nx

    ds = bom_dataset()
    ds.records.append(ds.records[0])  # two parallel edges between one pair
    ds.records.append(Record("M", "RU", "RU:unknown", existing=True))  # enterprise missing from the list
    fast = build_graph(ds)
    reference = nx.MultiDiGraph(**fast.graph)
    reference.add_nodes_from(fast.nodes(data=True))
    for u, v, d in fast.edges(data=True):
        reference.add_edge(u, v, **d)  # keys assigned by networkx itself
    assert nx.utils.graphs_equal(fast, reference)
    assert (
        fast.in_degree(item_node("C1")) == 2
        and fast.number_of_edges(enterprise_node("BY:a"), item_node("C1")) == 2
    )
    assert fast.nodes[enterprise_node("RU:unknown")]["country"] == "RU"
    assert list(fast.predecessors(item_node("M"))) and list(fast.successors(enterprise_node("RU:c")))


def test_warnings_are_read_off_the_graph():
    """The graph is the source of the warnings: a record edge taken out of it is a warning gone."""
    ds = dataset([new("P", "BY:a"), new("P", "RU:c")])
    g = build_graph(ds)
    assert [w.kind for w in find_warnings(ds, classify(ds), graph=g)] == ["parallel-new"]
    g.remove_edge(enterprise_node("RU:c"), item_node("P"))
    assert find_warnings(ds, classify(ds), graph=g) == []
