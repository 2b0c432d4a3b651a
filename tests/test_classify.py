"""docs/domain.md §4, §7 colour rules: one table row per branch, UNION included."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svetofor.classify import CellFacts, _colour, classify, classify_cell, decide
from svetofor.messages import Message, msg, render
from svetofor.model import CellStatus, Dataset, Enterprise, Item, Record

ENTERPRISES = {
    "BY:a": Enterprise("BY:a", "ОАО «Альфа»", "BY"),
    "BY:b": Enterprise("BY:b", "ООО Бета", "BY"),
    "RU:c": Enterprise("RU:c", "АО Гамма", "RU"),
    "RU:d": Enterprise("RU:d", "ООО Х", "RU"),
}


def rec(ent, existing=False, cap=None, action=None, year=None, country=None):
    """A record of item "P"; the country follows the enterprise (anonymous: pass it)."""
    country = country or (ent.split(":")[0] if ent else "BY")
    return Record("P", country, ent, existing=existing, capacity=cap, action=action, launch_year=year)


def dataset(records, demand=None, countries=("BY", "RU")):
    return Dataset(
        items={"P": Item("P", "Станок токарный", code="P", kind="machine", group="Токарные")},
        enterprises=dict(ENTERPRISES),
        records=list(records),
        demand={("P", c): v for c, v in (demand or {}).items()},
        countries=frozenset(countries),
    )


# (id, records, demand by country, countries with data, expected BY, RU, UNION colours)
CASES = [
    ("no records at all", [], {}, ("BY", "RU"), "red", "red", "red"),
    ("existing, no demand", [rec("BY:a", True)], {}, ("BY", "RU"), "green", "red", "green"),
    ("existing, capacity equals demand", [rec("BY:a", True, 300)], {"BY": 300}, ("BY", "RU"), "green", "red", "green"),
    ("sum of two equals demand", [rec("BY:a", True, 100), rec("BY:b", True, 200)], {"BY": 300}, ("BY",), "green", "none", "green"),
    ("sum below demand", [rec("BY:a", True, 100), rec("BY:b", True, 50)], {"BY": 300}, ("BY",), "yellow", "none", "yellow"),
    ("capacity unknown, demand stated", [rec("BY:a", True)], {"BY": 100}, ("BY",), "yellow", "none", "yellow"),
    ("known part covers but one unknown", [rec("BY:a", True, 500), rec("BY:b", True)], {"BY": 100}, ("BY",), "yellow", "none", "yellow"),
    ("capacity unknown, no demand", [rec("BY:a", True)], {}, ("BY",), "green", "none", "green"),
    ("modernise only", [rec("BY:a", True, 500, "modernise", 2026)], {}, ("BY",), "yellow", "none", "yellow"),
    ("modernise does not cover", [rec("BY:a", True, 100), rec("BY:b", True, 500, "modernise")], {"BY": 300}, ("BY",), "yellow", "none", "yellow"),
    ("modernise without production is neither", [rec("BY:a", False, None, "modernise")], {}, ("BY",), "red", "none", "red"),
    ("planned only", [rec("RU:d", False, None, "new", 2027)], {}, ("BY", "RU"), "red", "yellow", "yellow"),
    ("capacity 0 is no production", [rec("BY:a", True, 0)], {}, ("BY",), "red", "none", "red"),
    ("capacity 0 with new is planned", [rec("BY:a", True, 0, "new", 2028)], {}, ("BY",), "yellow", "none", "yellow"),
    ("existing + new is an expansion that covers", [rec("BY:a", True, 300, "new", 2026)], {"BY": 200}, ("BY",), "green", "none", "green"),
    ("anonymous existing record counts", [rec(None, True, 100, country="RU")], {"RU": 100}, ("RU",), "none", "green", "green"),
    ("anonymous planned record counts", [rec(None, False, None, "new", country="BY")], {}, ("BY",), "yellow", "none", "yellow"),
    ("demand 0 is no demand", [rec("BY:a", True, 10)], {"BY": 0}, ("BY",), "green", "none", "green"),
    ("no data anywhere", [], {}, (), "none", "none", "none"),
    # UNION: demand is the sum of the stated demands, records of both countries count
    ("union short of summed demand", [rec("BY:a", True, 100)], {"BY": 100, "RU": 200}, ("BY", "RU"), "green", "red", "yellow"),
    ("union sum equals summed demand", [rec("BY:a", True, 100), rec("RU:c", True, 200)], {"BY": 100, "RU": 200}, ("BY", "RU"), "green", "green", "green"),
    ("union covers a partner's demand", [rec("BY:a", True, 100)], {"RU": 50}, ("BY", "RU"), "green", "red", "green"),
    ("union: one country's records, only the other's demand", [rec("RU:c", True, 100)], {"BY": 150}, ("BY", "RU"), "red", "green", "yellow"),
    ("union: records of a country without data still count", [rec("BY:a", True, 100)], {}, ("RU",), "none", "red", "green"),
    ("union unknown in one country", [rec("BY:a", True), rec("RU:c", True, 100)], {"RU": 50}, ("BY", "RU"), "green", "green", "yellow"),
    ("union from planned in one country", [rec("BY:a", False, None, "new")], {}, ("BY",), "yellow", "none", "yellow"),
    ("union modernise in one, new in other", [rec("BY:a", True, 10, "modernise"), rec("RU:c", False, None, "new")], {}, ("BY", "RU"), "yellow", "yellow", "yellow"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("records", "demand", "countries", "by", "ru", "union"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_colour_table(records, demand, countries, by, ru, union):
    statuses = classify(dataset(records, demand, countries))
    got = {scope: s.colour for scope, s in statuses["P"].items()}
    assert got == {"BY": by, "RU": ru, "UNION": union}


@pytest.mark.parametrize(
    ("records", "demand", "countries", "by", "ru", "union"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_classify_cell_agrees_with_classify(records, demand, countries, by, ru, union):
    ds = dataset(records, demand, countries)
    statuses = classify(ds)
    names = {k: e.name for k, e in ENTERPRISES.items()}
    for c in ("BY", "RU"):
        d = ds.demand.get(("P", c))
        cell = classify_cell(
            [r for r in records if r.country == c], d, names, scope=c, has_data=c in countries
        )
        assert cell == statuses["P"][c]
        assert render(cell.explanation) == render(statuses["P"][c].explanation)


EXPLANATIONS = [
    (
        [rec("BY:a", True, 100), rec("BY:b", True, 50)],
        {"BY": 300},
        "BY",
        "мощность 150 < потребность 300 шт./год (2 предприятия)",
        "capacity 150 < demand 300 units/year (2 enterprises)",
    ),
    (
        [rec("BY:a", True, 1200)],
        {"BY": 300},
        "BY",
        "мощность 1 200 ≥ потребность 300 шт./год (1 предприятие)",
        "capacity 1,200 ≥ demand 300 units/year (1 enterprise)",
    ),
    (
        [rec("BY:a", True, 150)],
        {},
        "BY",
        "производство есть, потребность не указана (мощность 150 шт./год: ОАО «Альфа»)",
        "production exists, demand not stated (capacity 150 units/year: ОАО «Альфа»)",
    ),
    (
        [rec("RU:d", False, None, "new", 2027)],
        {},
        "RU",
        "нет производства; создание мощностей планируется: ООО Х, 2027",
        "no production; new capacity planned: ООО Х, 2027",
    ),
    ([], {}, "BY", "нет производства и не планируется", "no production and none planned"),
    (
        [],
        {"BY": 300, "RU": 50},
        "UNION",
        "нет производства и не планируется; потребность 350 шт./год (РБ 300 + РФ 50)",
        "no production and none planned; demand 350 units/year (BY 300 + RU 50)",
    ),
    (
        [rec("BY:a", True, 0)],
        {"BY": 40},
        "BY",
        "нет производства и не планируется; потребность 40 шт./год; мощность 0 (не считается производством): ОАО «Альфа»",
        "no production and none planned; demand 40 units/year; capacity 0 (not counted as production): ОАО «Альфа»",
    ),
    ([rec("BY:a", True, 5)], {}, "RU", "нет данных по стране", "no data for this country"),
    (
        [rec("BY:a", True, 500, "modernise", 2026)],
        {},
        "BY",
        "производство есть, требуется модернизация: ОАО «Альфа», 2026",
        "production exists, modernisation required: ОАО «Альфа», 2026",
    ),
    (
        [rec("BY:a", True), rec("BY:b", True, 10)],
        {"BY": 100},
        "BY",
        "мощность неизвестна (не указана: ОАО «Альфа»), потребность 100 шт./год",
        "capacity unknown (not stated: ОАО «Альфа»), demand 100 units/year",
    ),
    (
        [rec("BY:a", True, 100), rec("RU:c", True, 50.5)],
        {"BY": 100, "RU": 200},
        "UNION",
        "мощность 150,5 < потребность 300 шт./год (РБ 100 + РФ 200) (2 предприятия)",
        "capacity 150.5 < demand 300 units/year (BY 100 + RU 200) (2 enterprises)",
    ),
    (
        [rec(None, False, None, "new", 2030, country="RU")],
        {},
        "UNION",
        "нет производства; создание мощностей планируется: предприятие не определено (РФ), 2030",
        "no production; new capacity planned: producer not yet chosen (RU), 2030",
    ),
    (
        [rec("BY:a", True, 0), rec("BY:b", False, None, "modernise")],
        {},
        "BY",
        "нет производства и не планируется; мощность 0 (не считается производством): ОАО «Альфа»; "
        "модернизация без производства не учтена: ООО Бета",
        "no production and none planned; capacity 0 (not counted as production): ОАО «Альфа»; "
        "modernisation without production not counted: ООО Бета",
    ),
]


@pytest.mark.parametrize(("records", "demand", "scope", "ru", "en"), EXPLANATIONS)
def test_explanations_name_the_facts(records, demand, scope, ru, en):
    # a country is without data when no record of it is given, except for the plain red case
    countries = {r.country for r in records} | ({"BY", "RU"} if not records else set())
    status = classify(dataset(records, demand, countries))["P"][scope]
    assert isinstance(status.explanation, Message)
    assert (render(status.explanation, "ru"), render(status.explanation, "en")) == (ru, en)
    assert status.explanation.text("en") == en and status.explanation.text() == ru


def test_the_same_enterprise_on_two_rows_is_one_producer():
    status = classify(dataset([rec("BY:a", True, 100), rec("BY:a", True, 50)], {"BY": 300}))["P"]["BY"]
    assert render(status.explanation) == "мощность 150 < потребность 300 шт./год (1 предприятие)"


def test_many_names_are_cut_with_a_count():
    ents = {f"BY:{i}": Enterprise(f"BY:{i}", f"Завод {i}", "BY") for i in range(5)}
    ds = dataset([rec(k, False, None, "new", 2027) for k in ents])
    ds.enterprises.update(ents)
    status = classify(ds)["P"]["BY"]
    assert render(status.explanation, "ru").endswith("Завод 2, 2027; и ещё 2")
    assert render(status.explanation, "en").endswith("and 2 more")


def test_lazy_status_behaves_like_a_plain_one():
    status = classify(dataset([rec("BY:a", True, 100)], {"BY": 300}))["P"]["BY"]
    plain = CellStatus(status.colour, status.explanation)
    assert status == plain and plain == status
    assert hash(status) == hash(plain)
    assert type(pickle.loads(pickle.dumps(status))) is CellStatus
    assert pickle.loads(pickle.dumps(status)) == plain
    assert repr(status) == repr(plain)
    assert status != CellStatus("yellow", msg("rules.red"))
    # the message survives a round trip through JSON (a job queue, a cache) unchanged
    assert Message.from_json(status.explanation.to_json()) == status.explanation


def test_every_item_gets_three_scopes_in_list_order():
    ds = dataset([rec("BY:a", True)])
    ds.items["Q"] = Item("Q", "Фреза", order=1)
    statuses = classify(ds)
    assert list(statuses) == ["P", "Q"]
    assert {s: c.colour for s, c in statuses["Q"].items()} == {"BY": "red", "RU": "red", "UNION": "red"}


records_strategy = st.lists(
    st.builds(
        Record,
        item_key=st.just("P"),
        country=st.sampled_from(["BY", "RU"]),
        enterprise_key=st.sampled_from([None, "BY:a", "RU:c"]),
        existing=st.booleans(),
        capacity=st.sampled_from([None, 0, 0.5, 50, 100, 300]),
        action=st.sampled_from([None, "new", "modernise"]),
    ),
    max_size=6,
)


@given(records=records_strategy, demand=st.sampled_from([None, 0, 50, 100, 300, 1000]))
def test_fast_colour_agrees_with_the_explained_rules(records, demand):
    facts = CellFacts()
    for r in records:
        facts.add(r)
    d = demand if demand else None
    assert _colour(records, d) == decide(facts, d).colour
