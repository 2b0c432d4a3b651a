"""The diagram view model: effective colours, stale overrides, filters, URL state, totals, sections."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svetofor.classify import classify
from svetofor.diagram import DiagramFilter, build_rows, filter_rows, group_rows, totals
from svetofor.model import (
    COLOURS,
    Dataset,
    DuplicationWarning,
    Enterprise,
    Item,
    Localisation,
    Override,
    Record,
)

WHEN = datetime(2026, 3, 6, 10, 0)


def make_dataset() -> Dataset:
    items = [
        Item("T1", "Станок токарный с ЧПУ", code="T1", kind="machine", group="Токарные станки", order=0),
        Item("T2", "Станок токарно-винторезный", code="T2", kind="machine", group="Токарные станки", order=1),
        Item(
            "C1",
            "Шпиндель мотор-шпиндель",
            code="C1",
            kind="component",
            group="Узлы",
            used_in=("T1",),
            order=2,
        ),
        Item("X1", "Фреза концевая твёрдосплавная", code=None, kind="tool", group=None, order=3),
        Item(
            "T3", "Станок токарный карусельный", code="T3", kind="machine", group="Токарные станки", order=4
        ),
    ]
    ents = [
        Enterprise("BY:100000001", "ОАО «Гомельский станкозавод»", "BY", "100000001"),
        Enterprise("RU:sasta", "АО САСТА", "RU"),
        Enterprise("RU:stankomash", "ООО Станкомаш", "RU"),
    ]
    records = [
        Record("T1", "BY", "BY:100000001", existing=True, capacity=100),
        Record("T1", "RU", "RU:sasta", existing=False, action="new", launch_year=2027),
        Record("T2", "RU", "RU:stankomash", existing=True, capacity=50),
        Record("C1", "BY", None, existing=False, action="new"),
        Record("T3", "BY", "BY:100000001", existing=True, capacity=None, action="modernise"),
    ]
    return Dataset(
        items={i.key: i for i in items},
        enterprises={e.key: e for e in ents},
        records=records,
        demand={("T2", "RU"): 100},
        countries=frozenset({"BY", "RU"}),
    )


def override(item, scope, colour, based_on):
    return Override(item, scope, colour, "решение комиссии", "planner", WHEN, based_on=based_on)


@pytest.fixture
def rows():
    ds = make_dataset()
    statuses = classify(ds)
    overrides = {
        ("T1", "RU"): override("T1", "RU", "green", based_on="yellow"),  # data agrees with the basis
        ("X1", "BY"): override("X1", "BY", "yellow", based_on="green"),  # data moved: stale
    }
    warnings = [
        DuplicationWarning("partner-covers", "high", "T1", "RU", ("BY", "RU"), ("АО САСТА",)),
        DuplicationWarning("same-enterprise?", "info", None, None, ("RU",), ("a", "b"), ("RU:a", "RU:b")),
    ]
    loc = {"T1": Localisation("T1", ("C1",), (), ())}
    return build_rows(ds, statuses, overrides, warnings, loc)


def colours(row):
    return {s: c.colour for s, c in row.cells.items()}


def test_rows_follow_list_order_and_carry_effective_colours(rows):
    assert [r.item.key for r in rows] == ["T1", "T2", "C1", "X1", "T3"]
    t1 = rows[0]
    assert colours(t1) == {"BY": "green", "RU": "green", "UNION": "green"}
    assert t1.cells["RU"].computed.colour == "yellow" and t1.cells["RU"].override is not None
    assert not t1.cells["RU"].stale
    assert t1.enterprises == ("ОАО «Гомельский станкозавод»", "АО САСТА")
    assert t1.warning_keys == ("partner-covers|T1|RU",)
    assert t1.localisation is not None and t1.localisation.components == ("C1",)
    x1 = rows[3]
    assert x1.cells["BY"].colour == "yellow" and x1.cells["BY"].computed.colour == "red"
    assert x1.cells["BY"].stale and x1.stale
    assert rows[2].enterprises == ()  # anonymous record names nobody


def test_order_field_wins_over_insertion_order():
    ds = make_dataset()
    ds.items = {k: ds.items[k] for k in reversed(list(ds.items))}
    rows = build_rows(ds, classify(ds), {}, [], {})
    assert [r.item.key for r in rows] == ["T1", "T2", "C1", "X1", "T3"]


FILTERS = [
    (DiagramFilter(), ["T1", "T2", "C1", "X1", "T3"]),
    (DiagramFilter(groups=("Токарные станки",)), ["T1", "T2", "T3"]),
    (DiagramFilter(groups=("",)), ["X1"]),
    (DiagramFilter(kinds=("component", "tool")), ["C1", "X1"]),
    (DiagramFilter(colours=("red",), colour_scope="RU"), ["C1", "X1", "T3"]),
    (DiagramFilter(colours=("yellow",), colour_scope="BY"), ["C1", "X1", "T3"]),
    (DiagramFilter(colours=("green",), colour_scope="ANY"), ["T1"]),
    (DiagramFilter(colours=("yellow", "green"), colour_scope="UNION"), ["T1", "T2", "C1", "T3"]),
    (DiagramFilter(text="ТОКАРНЫЙ"), ["T1", "T3"]),
    (DiagramFilter(text="твердосплавная"), ["X1"]),  # ё-insensitive
    (DiagramFilter(text="сасТа"), ["T1"]),  # enterprise name
    (DiagramFilter(text="t2"), ["T2"]),  # code
    (DiagramFilter(text="узлы"), ["C1"]),  # group
    (DiagramFilter(text="нет такого"), []),
    (DiagramFilter(only_overridden=True), ["T1", "X1"]),
    (DiagramFilter(only_warnings=True), ["T1"]),
    (DiagramFilter(only_stale=True), ["X1"]),
    (DiagramFilter(groups=("Токарные станки",), colours=("yellow",), colour_scope="RU"), ["T2"]),
    # per country, all at once: BY in {yellow} and RU in {red}
    (DiagramFilter(scope_colours={"BY": ("yellow",), "RU": ("red",)}), ["C1", "X1", "T3"]),
    (DiagramFilter(scope_colours={"BY": ("yellow",), "UNION": ("red",)}), ["X1"]),
    (DiagramFilter(scope_colours={"BY": ("red", "green"), "RU": ("yellow",)}), ["T2"]),
    (DiagramFilter(scope_colours={"RU": ("green",), "UNION": ("red",)}), []),
    # the old pair and the per-country choice together
    (DiagramFilter(colours=("green",), scope_colours={"BY": ("yellow",)}), []),
    (DiagramFilter(colours=("red",), scope_colours={"UNION": ("yellow",)}), ["T2", "C1", "T3"]),
]


@pytest.mark.parametrize(("flt", "expected"), FILTERS)
def test_filters(rows, flt, expected):
    assert [r.item.key for r in filter_rows(rows, flt)] == expected


def test_totals_count_effective_colours_with_all_colours_present(rows):
    got = totals(rows)
    assert got["BY"] == {"green": 1, "yellow": 3, "red": 1, "none": 0}
    assert got["RU"] == {"green": 1, "yellow": 1, "red": 3, "none": 0}
    assert sum(got["UNION"].values()) == 5
    empty = totals([])
    assert empty == {s: dict.fromkeys(COLOURS, 0) for s in ("BY", "RU", "UNION")}


def test_totals_follow_filters(rows):
    got = totals(filter_rows(rows, DiagramFilter(kinds=("machine",))))
    assert sum(got["BY"].values()) == 3


def test_group_rows_keeps_list_order_and_joins_a_group_seen_again(rows):
    sections = group_rows(rows)
    assert [(k, g, [r.item.key for r in rs]) for k, g, rs in sections] == [
        ("machine", "Токарные станки", ["T1", "T2", "T3"]),
        ("component", "Узлы", ["C1"]),
        ("tool", None, ["X1"]),
    ]


def test_no_data_country_is_none_in_rows():
    ds = make_dataset()
    ds.records = [r for r in ds.records if r.country == "BY"]
    ds.countries = frozenset({"BY"})
    rows = build_rows(ds, classify(ds), {}, [], {})
    assert {r.cells["RU"].colour for r in rows} == {"none"}
    assert totals(rows)["RU"]["none"] == 5


QUERY_CASES = [
    (DiagramFilter(), {}),
    (DiagramFilter(groups=("Токарные станки",)), {"group": "Токарные станки"}),
    (DiagramFilter(groups=("Узлы, агрегаты", "")), {"group": "Узлы\\, агрегаты,"}),
    (DiagramFilter(kinds=("machine",), colours=("red", "none"), colour_scope="RU"), {"kind": "machine", "colour": "red,none", "scope": "RU"}),
    (DiagramFilter(text="станок", only_overridden=True, only_warnings=True, only_stale=True), {"q": "станок", "overridden": "1", "warnings": "1", "stale": "1"}),
    (DiagramFilter(scope_colours={"BY": ("red",), "RU": ("green",)}), {"colour_by": "red", "colour_ru": "green"}),
    (DiagramFilter(colours=("none",), scope_colours={"UNION": ("yellow", "red")}), {"colour": "none", "colour_union": "yellow,red"}),
]  # fmt: skip


@pytest.mark.parametrize(("flt", "query"), QUERY_CASES)
def test_filter_query_round_trip(flt, query):
    assert flt.to_query() == query
    assert DiagramFilter.from_query(query) == flt


def test_from_query_drops_what_a_hand_edited_link_got_wrong():
    flt = DiagramFilter.from_query({"colour": "red,purple", "scope": "MARS", "stale": "yes"})
    assert flt == DiagramFilter(colours=("red",), only_stale=True)


def test_filter_refuses_invalid_values():
    with pytest.raises(ValueError, match="colour_scope"):
        DiagramFilter(colour_scope="EU")
    with pytest.raises(ValueError, match="unknown colour 'blue'"):
        DiagramFilter(colours=("blue",))
    with pytest.raises(ValueError, match="scope must be one of BY, RU, UNION, not 'ANY'"):
        DiagramFilter(scope_colours={"ANY": ("red",)})
    with pytest.raises(ValueError, match="unknown colour 'blue'"):
        DiagramFilter(scope_colours={"BY": ("blue",)})


def test_scope_colours_have_one_form():
    """A mapping, pairs, a lone colour, any order and repeats all make the same filter, and a
    country with no colour asked is no condition."""
    canonical = DiagramFilter(scope_colours=(("BY", ("yellow", "red")), ("RU", ("green",))))
    assert (
        DiagramFilter(scope_colours={"RU": "green", "BY": ["red", "yellow", "red"], "UNION": ()}) == canonical
    )
    assert canonical.scope_colours == (("BY", ("yellow", "red")), ("RU", ("green",)))
    assert canonical.colours_in("BY") == ("yellow", "red") and canonical.colours_in("UNION") == ()
    assert hash(canonical) == hash(
        DiagramFilter(scope_colours=[("RU", ["green"]), ("BY", ["red", "yellow"])])
    )
    assert not DiagramFilter(scope_colours={"BY": ()}).active


def test_from_query_drops_unknown_colours_of_a_country():
    flt = DiagramFilter.from_query({"colour_by": "red,purple", "colour_ru": "purple", "colour_eu": "red"})
    assert flt == DiagramFilter(scope_colours={"BY": ("red",)})


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # an old link's one-country choice moves to that country's control
        (DiagramFilter(colours=("red",), colour_scope="BY"), DiagramFilter(scope_colours={"BY": ("red",)})),
        (
            DiagramFilter(colours=("red", "none"), colour_scope="UNION", scope_colours={"RU": ("green",)}),
            DiagramFilter(scope_colours={"RU": ("green",), "UNION": ("red", "none")}),
        ),
        # "any of the three" has no one country: it stays
        (DiagramFilter(colours=("red",)), DiagramFilter(colours=("red",))),
        # the country already has its own choice: both conditions stay as they are
        (
            DiagramFilter(colours=("red",), colour_scope="BY", scope_colours={"BY": ("red", "yellow")}),
            DiagramFilter(colours=("red",), colour_scope="BY", scope_colours={"BY": ("red", "yellow")}),
        ),
        (DiagramFilter(colour_scope="RU"), DiagramFilter()),
    ],
)
def test_normalised_moves_old_one_country_choice(rows, old, new):
    assert old.normalised() == new
    assert filter_rows(rows, old) == filter_rows(rows, new)  # the same view


text_values = st.text(alphabet=st.sampled_from(list("аб,\\ ё|=&")), max_size=6)


@given(
    groups=st.lists(text_values, max_size=3).map(tuple),
    kinds=st.lists(text_values, max_size=3).map(tuple),
    colours=st.lists(st.sampled_from(COLOURS), max_size=3, unique=True).map(tuple),
    scope=st.sampled_from(["BY", "RU", "UNION", "ANY"]),
    text=text_values,
    flags=st.tuples(st.booleans(), st.booleans(), st.booleans()),
    per_scope=st.dictionaries(
        st.sampled_from(["BY", "RU", "UNION"]), st.lists(st.sampled_from(COLOURS), max_size=4), max_size=3
    ),
)
def test_query_round_trip_is_exact(groups, kinds, colours, scope, text, flags, per_scope):
    flt = DiagramFilter(groups, kinds, colours, scope, text, *flags, scope_colours=per_scope)
    assert DiagramFilter.from_query(flt.to_query()) == flt
