"""A file against the stored lists, as tables (svetofor.lists): the countries a file covers, what
the store refuses, the overlay of positions and enterprises, the would-be and the loaded dataset."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pytest

from svetofor.lists import (
    StoredLists,
    check_importable,
    compose_dataset,
    file_countries,
    file_dataset,
    overlay_enterprises,
    overlay_items,
    with_file,
)
from svetofor.model import Dataset, Enterprise, Item, Problem, ReadResult, Record

P1, P2 = Item("P1", "Станок", order=0), Item("P2", "Шпиндель", order=1)
BY_E, RU_E = Enterprise("BY:а", "Завод А", "BY"), Enterprise("RU:в", "Завод В", "RU")


def result(
    *,
    countries: Iterable[str] = (),
    records: Iterable[Record] = (),
    demand: Mapping[tuple[str, str], float] | None = None,
    items: Iterable[Item] = (P1,),
    enterprises: Iterable[Enterprise] = (BY_E, RU_E),
    errors: Iterable[Problem] = (),
) -> ReadResult:
    """A read file of ``list.xlsx``: by default one position and two enterprises, no records."""
    ds = Dataset(
        items={i.key: i for i in items},
        enterprises={e.key: e for e in enterprises},
        records=list(records),
        demand=dict(demand or {}),
    )
    return ReadResult("list.xlsx", ds, errors=list(errors), countries=frozenset(countries))


# ------------------------------------------------------------------------------ countries


@pytest.mark.parametrize(
    ("read", "covered"),
    [
        (result(countries={"BY"}), ("BY",)),
        (result(records=[Record("P1", "RU", "RU:в")]), ("RU",)),  # no country found, records say it
        (result(demand={("P1", "RU"): 5.0}), ("RU",)),  # demand names a country too
        (result(countries={"BY"}, records=[Record("P1", "RU", None)]), ("BY", "RU")),
        (result(countries={"RU", "BY"}), ("BY", "RU")),  # sorted
        (result(items=[]), ()),
    ],
)
def test_the_countries_a_file_covers(read: ReadResult, covered: tuple[str, ...]) -> None:
    assert file_countries(read) == covered


@pytest.mark.parametrize(
    ("read", "message"),
    [
        (
            result(countries={"BY"}, errors=[Problem("x"), Problem("y")]),
            "list.xlsx: the file has 2 error(s); nothing imported",
        ),
        (result(), "list.xlsx: no country for the file; nothing imported"),
        (result(countries={"KZ", "BY"}), "list.xlsx: unknown country ['KZ']; nothing imported"),
        (
            result(countries={"BY"}, records=[Record("P9", "BY", None)]),
            "list.xlsx: a record names an unknown position 'P9'",
        ),
        (
            result(countries={"BY"}, records=[Record("P1", "BY", "BY:нет")]),
            "list.xlsx: a record names an unknown enterprise 'BY:нет'",
        ),
    ],
)
def test_what_the_store_cannot_take_whole_is_refused_with_its_reason(read: ReadResult, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        check_importable(read)
    assert str(caught.value) == message


def test_an_importable_file_gives_the_countries_it_replaces() -> None:
    read = result(countries={"BY"}, records=[Record("P1", "BY", "BY:а"), Record("P1", "RU", None)])
    assert check_importable(read) == ("BY", "RU")
    assert check_importable(result(items=[])) == ()  # an empty file replaces nothing


def test_the_file_alone_has_the_countries_it_covers() -> None:
    read = result(countries={"BY"}, demand={("P1", "RU"): 1.0})
    assert file_dataset(read).countries == frozenset({"BY", "RU"})
    unchanged = result(countries={"BY"})
    unchanged.dataset.countries = frozenset({"BY"})
    assert file_dataset(unchanged) is unchanged.dataset


# -------------------------------------------------------------------------------- overlay


STORED = {
    "P1": Item("P1", "Станок", code="1", kind="machine", group="Токарные", used_in=(), order=0),
    "P2": Item("P2", "Шпиндель", kind="component", used_in=("P1",), order=5),
}


@pytest.mark.parametrize(
    ("incoming", "fresh", "changed"),
    [
        ([Item("P3", "Фреза", order=0)], [Item("P3", "Фреза", order=6)], []),  # after every stored one
        (
            [Item("P3", "Фреза"), Item("P4", "Люнет")],
            [Item("P3", "Фреза", order=6), Item("P4", "Люнет", order=7)],
            [],
        ),
        ([Item("P1", "Станок", order=9)], [], []),  # nothing new: not changed, keeps its place
        (
            [Item("P2", "Шпиндель (RU)", order=0)],  # the latest name wins, empty fields do not erase
            [],
            [Item("P2", "Шпиндель (RU)", kind="component", used_in=("P1",), order=5)],
        ),
        (
            [Item("P1", "", hs_code="8458", used_in=("M",))],  # a filled value overwrites, an empty name not
            [],
            [
                Item(
                    "P1", "Станок", code="1", kind="machine", group="Токарные", hs_code="8458", used_in=("M",)
                )
            ],
        ),
    ],
)
def test_a_files_positions_overlay_the_stored_ones(
    incoming: list[Item], fresh: list[Item], changed: list[Item]
) -> None:
    assert overlay_items(STORED, incoming) == (fresh, changed)


def test_the_first_positions_of_an_empty_store_start_at_zero() -> None:
    assert overlay_items({}, [Item("A", "a", order=3), Item("B", "b", order=1)]) == (
        [Item("A", "a", order=0), Item("B", "b", order=1)],
        [],
    )


@pytest.mark.parametrize(
    ("incoming", "fresh", "changed"),
    [
        ([Enterprise("BY:б", "Завод Б", "BY")], [Enterprise("BY:б", "Завод Б", "BY")], []),
        ([Enterprise("BY:а", "Завод А", "BY")], [], []),
        (
            [Enterprise("BY:а", "ОАО «Завод А»", "BY")],
            [],
            [Enterprise("BY:а", "ОАО «Завод А»", "BY", "100000001")],  # the tax id stays
        ),
        ([Enterprise("BY:а", "", "BY", "200")], [], [Enterprise("BY:а", "Завод А", "BY", "200")]),
    ],
)
def test_a_files_enterprises_overlay_the_stored_ones(
    incoming: list[Enterprise], fresh: list[Enterprise], changed: list[Enterprise]
) -> None:
    stored = {"BY:а": Enterprise("BY:а", "Завод А", "BY", "100000001")}
    assert overlay_enterprises(stored, incoming) == (fresh, changed)


# ------------------------------------------------------------------------- the dataset


def stored_lists() -> StoredLists:
    return StoredLists(
        items={"P1": P1, "P2": P2, "P3": Item("P3", "Фреза", order=2)},
        enterprises={"BY:а": BY_E, "RU:в": RU_E, "BY:б": Enterprise("BY:б", "Завод Б", "BY")},
        membership=[("P2", "RU"), ("P1", "BY"), ("P1", "RU")],
        records=[
            Record("P1", "BY", "BY:а", existing=True),
            Record("P2", "RU", "RU:в"),
            Record("P1", "RU", None),
        ],
        demand={("P1", "BY"): 5.0, ("P3", "BY"): 1.0},
    )


def test_the_dataset_holds_the_positions_some_list_holds_in_list_order() -> None:
    ds = compose_dataset(stored_lists(), {})
    assert list(ds.items) == ["P1", "P2"]  # P3 is stored, but no list holds it now
    assert ds.demand == {("P1", "BY"): 5.0}
    assert list(ds.enterprises) == ["BY:а", "RU:в"]  # only enterprises that produce something
    assert ds.countries == frozenset({"BY", "RU"})


def test_the_dataset_applies_merges_through_their_chains() -> None:
    ds = compose_dataset(stored_lists(), {"BY:а": "BY:б", "BY:б": "RU:в"})
    assert [r.enterprise_key for r in ds.records] == ["RU:в", "RU:в", None]
    assert list(ds.enterprises) == ["RU:в"]


@pytest.mark.parametrize(
    ("membership", "records", "countries"),
    [
        ([("P1", "RU")], [], {"RU"}),  # a list of positions without records is data of its country
        ([], [Record("P1", "BY", None)], {"BY"}),
        ([], [], set()),
    ],
)
def test_the_countries_with_data_are_those_with_any_stored_row(
    membership: list[tuple[str, str]], records: list[Record], countries: set[str]
) -> None:
    stored = StoredLists(items={"P1": P1}, membership=membership, records=records)
    assert compose_dataset(stored, {}).countries == frozenset(countries)


def test_a_file_replaces_its_countries_lists_and_overlays_the_rest() -> None:
    file = result(
        countries={"BY"},
        items=[Item("P2", "Шпиндель новый"), Item("P4", "Люнет")],
        enterprises=[Enterprise("BY:г", "Завод Г", "BY")],
        records=[Record("P4", "BY", "BY:г")],
        demand={("P4", "BY"): 2.0, ("P2", "BY"): 0.0},
    )
    after = with_file(stored_lists(), file.dataset, ("BY",))
    assert after.membership == [("P2", "RU"), ("P1", "RU"), ("P2", "BY"), ("P4", "BY")]
    assert after.records == [Record("P2", "RU", "RU:в"), Record("P1", "RU", None), Record("P4", "BY", "BY:г")]
    assert after.demand == {("P4", "BY"): 2.0}  # BY's old demand replaced; a zero is no demand
    assert after.items["P2"].name == "Шпиндель новый" and after.items["P4"].order == 3
    assert list(after.enterprises) == ["BY:а", "RU:в", "BY:б", "BY:г"]
    ds = compose_dataset(after, {})
    assert list(ds.items) == ["P1", "P2", "P4"]
    assert list(ds.enterprises) == ["RU:в", "BY:г"]


def test_an_update_replaces_only_the_rows_of_the_positions_the_file_names() -> None:
    file = result(
        countries={"BY"},
        items=[Item("P1", "Станок"), Item("P4", "Люнет")],
        enterprises=[Enterprise("BY:г", "Завод Г", "BY")],
        records=[Record("P1", "BY", "BY:г"), Record("P4", "BY", "BY:г")],
        demand={("P4", "BY"): 2.0},
    )
    after = with_file(stored_lists(), file.dataset, ("BY",), "update")
    # P1's BY rows replaced (its old record and demand gone), P3's BY demand kept, RU untouched
    assert after.membership == [("P2", "RU"), ("P1", "RU"), ("P1", "BY"), ("P4", "BY")]
    assert after.records == [
        Record("P2", "RU", "RU:в"),
        Record("P1", "RU", None),
        Record("P1", "BY", "BY:г"),
        Record("P4", "BY", "BY:г"),
    ]
    assert after.demand == {("P3", "BY"): 1.0, ("P4", "BY"): 2.0}


def test_mode_effects_count_what_each_mode_renews_adds_keeps_and_drops() -> None:
    from svetofor.lists import ModeEffect, mode_effects

    held = {"BY": {"a", "b", "c"}, "RU": {"a"}}
    assert mode_effects(held, ["a", "d"], ("BY",), "update") == [ModeEffect("BY", "update", 3, 2, 1, 1, 2, 0)]
    assert mode_effects(held, ["a", "d"], ("BY", "RU"), "replace") == [
        ModeEffect("BY", "replace", 3, 2, 1, 1, 0, 2),
        ModeEffect("RU", "replace", 1, 2, 1, 1, 0, 0),
    ]
