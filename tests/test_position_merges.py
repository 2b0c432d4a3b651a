"""Position merges applied when the dataset is composed (svetofor.position_merges and
svetofor.lists.with_position_aliases): one row per product with both countries' records."""

from __future__ import annotations

import re

import pytest

from svetofor.lists import StoredLists, compose_dataset, with_position_aliases
from svetofor.model import Item, Record
from svetofor.position_merges import (
    Identity,
    PositionAliases,
    check_position_merge,
    merged_item,
    resolve_positions,
)

A = Item("A", "Станок плоскошлифовальный", hs_code="8460", order=0)
B = Item("B", "Плоскошлифовальный станок", code="7", kind="machine", group="Шлифовальные", order=1)
C = Item("C", "Шпиндель", used_in=("B",), order=2)
B2 = Item("B2", "Плоскошлифовальный  станок", order=3)  # B's wording, renumbered


def stored(*items: Item) -> StoredLists:
    return StoredLists(
        items={i.key: i for i in items},
        membership=[("A", "BY"), ("C", "BY"), ("B", "RU"), *([("B2", "RU")] if B2 in items else [])],
        records=[Record("A", "BY", None, existing=True), Record("B", "RU", None, action="new")],
        demand={("A", "BY"): 5.0, ("B", "RU"): 3.0, ("B", "BY"): 9.0},
    )


def test_without_merges_nothing_changes() -> None:
    lists = stored(A, B, C)
    assert with_position_aliases(lists, PositionAliases()) is lists


def test_merge_makes_one_row_with_both_countries_records() -> None:
    aliases = PositionAliases({"B": "A"}, {"A": Identity("Станок плоскошлифовальный", "1.1")})
    ds = compose_dataset(stored(A, B, C), {}, aliases)
    assert list(ds.items) == ["A", "C"]
    assert ds.items["A"] == Item(
        "A", "Станок плоскошлифовальный", "1.1", "machine", "Шлифовальные", "8460", (), 0
    )
    assert ds.items["C"].used_in == ("A",)  # the component is used in the survivor now
    assert {(r.item_key, r.country) for r in ds.records} == {("A", "BY"), ("A", "RU")}
    # one need said twice by one country counts once, the larger
    assert ds.demand == {("A", "BY"): 9.0, ("A", "RU"): 3.0}


def test_renumbered_row_with_a_merged_wording_lands_on_the_survivor() -> None:
    resolve = resolve_positions(PositionAliases({"B": "A"}), {i.key: i for i in (A, B, B2, C)})
    assert resolve == {"B": "A", "B2": "A"}
    ds = compose_dataset(stored(A, B, B2, C), {}, PositionAliases({"B": "A"}))
    assert list(ds.items) == ["A", "C"]


def test_name_aliases_never_override_a_planners_decision() -> None:
    # B2 is itself a survivor: the wording it shares with B does not move it
    aliases = PositionAliases({"B": "A", "C": "B2"})
    assert resolve_positions(aliases, {i.key: i for i in (A, B, B2, C)}) == {"B": "A", "C": "B2"}


def test_chains_end_at_the_last_survivor() -> None:
    assert resolve_positions(PositionAliases({"B": "A", "A": "C"}), {i.key: i for i in (A, B, C)}) == {
        "B": "C",
        "A": "C",
    }


@pytest.mark.parametrize(
    ("direct", "keep", "other", "error"),
    [
        ({}, "A", "A", "a position cannot be merged into itself"),
        ({"B": "A"}, "C", "B", "'B' is already merged into 'A'"),
        ({"B": "A"}, "B", "A", "'B' is already merged into 'A'"),
        ({"B": "A", "A": "C"}, "B", "C", "'B' is already merged into 'C'"),
    ],
)
def test_refused_merges(direct: dict[str, str], keep: str, other: str, error: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(error)}$"):
        check_position_merge(direct, keep, other)


def test_merged_item_keeps_its_place_and_fills_what_it_lacks() -> None:
    assert merged_item(A, [B], None) == Item("A", A.name, "7", "machine", "Шлифовальные", "8460", (), 0)
    assert merged_item(A, [B], Identity(name="Станок шлифовальный")).name == "Станок шлифовальный"


def test_a_preview_merge_leaves_the_stored_aliases_alone() -> None:
    aliases = PositionAliases({"B": "A"})
    more = aliases.with_merge("A", "C", Identity(code="9"))
    assert dict(aliases.direct) == {"B": "A"}
    assert dict(more.direct) == {"B": "A", "C": "A"}
    assert more.identities["A"] == Identity(None, "9")
