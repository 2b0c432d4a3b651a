"""Position merges (applied on loading, kept by re-imports, undone by unmerge), proposals and
dismissed pairs: every write audited."""

from __future__ import annotations

import pytest

from svetofor.position_merges import Identity
from svetofor.store import Store

BY = [
    {"item": "Б1", "name": "Станок плоскошлифовальный", "enterprise": "Завод А", "existing": True},
    {"item": "Б2", "name": "Патрон трёхкулачковый", "enterprise": "Завод А", "existing": True},
]
RU = [
    {
        "item": "Р7",
        "name": "Плоскошлифовальный станок",
        "country": "RU",
        "enterprise": "Завод В",
        "action": "new",
    },
]


@pytest.fixture
def two_lists(store: Store, build) -> Store:
    store.lists.import_result(build(BY, countries=["BY"], file="by.xlsx"), user="alice", file_hash="by")
    store.lists.import_result(build(RU, countries=["RU"], file="ru.xlsx"), user="boris", file_hash="ru")
    return store


def _records(store: Store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in store.lists.load_dataset().records:
        out.setdefault(r.item_key, set()).add(r.country)
    return out


def test_merge_moves_records_survives_reimport_and_unmerge_restores(two_lists: Store, build) -> None:
    two_lists.positions.merge("Б1", "Р7", user="admin", identity=Identity("Станок плоскошлифовальный", "1.1"))
    ds = two_lists.lists.load_dataset()
    assert "Р7" not in ds.items
    assert (ds.items["Б1"].name, ds.items["Б1"].code) == ("Станок плоскошлифовальный", "1.1")
    assert _records(two_lists)["Б1"] == {"BY", "RU"}

    two_lists.lists.import_result(build(RU, countries=["RU"], file="ru2.xlsx"), user="boris", file_hash="ru2")
    assert _records(two_lists)["Б1"] == {"BY", "RU"}  # the re-imported list lands on the survivor

    assert two_lists.positions.unmerge("Р7", user="admin") == "Б1"
    ds = two_lists.lists.load_dataset()
    assert ds.items["Р7"].name == "Плоскошлифовальный станок"
    assert ds.items["Б1"].code is None  # the chosen identity went with the merge
    assert _records(two_lists) == {"Б1": {"BY"}, "Б2": {"BY"}, "Р7": {"RU"}}
    assert [e.action for e in two_lists.audit.entries()][:3] == [
        "position-unmerge",
        "import",
        "position-merge",
    ]


def test_a_renumbered_row_with_the_merged_wording_lands_on_the_survivor(two_lists: Store, build) -> None:
    two_lists.positions.merge("Б1", "Р7", user="admin")
    renumbered = [{**RU[0], "item": "Р99"}]
    two_lists.lists.import_result(
        build(renumbered, countries=["RU"], file="ru.xlsx"), user="b", file_hash="x"
    )
    ds = two_lists.lists.load_dataset()
    assert "Р99" not in ds.items
    assert _records(two_lists)["Б1"] == {"BY", "RU"}


def test_refusals(two_lists: Store) -> None:
    two_lists.positions.merge("Б1", "Р7", user="admin")
    with pytest.raises(ValueError, match=r"^'Р7' is already merged into 'Б1'$"):
        two_lists.positions.merge("Б2", "Р7", user="admin")
    with pytest.raises(ValueError, match=r"^'Р7' is already merged into 'Б1'$"):
        two_lists.positions.merge("Р7", "Б1", user="admin")
    with pytest.raises(ValueError, match=r"^a position cannot be merged into itself$"):
        two_lists.positions.merge("Б2", "Б2", user="admin")
    with pytest.raises(ValueError, match=r"^unknown position 'нет'$"):
        two_lists.positions.merge("Б2", "нет", user="admin")
    with pytest.raises(ValueError, match=r"^'Б2' is not merged into another position$"):
        two_lists.positions.unmerge("Б2", user="admin")
    with pytest.raises(ValueError, match=r"^no merge of 'Б2' is proposed$"):
        two_lists.positions.withdraw("Б2", user="admin")


def test_a_failed_merge_stores_nothing(two_lists: Store) -> None:
    before = two_lists.dump()
    with pytest.raises(ValueError):
        two_lists.positions.merge("Б1", "нет", user="admin")
    assert two_lists.dump() == before


def test_proposal_waits_then_confirmation_merges(two_lists: Store) -> None:
    two_lists.positions.propose("Б1", "Р7", user="ed-by", country="BY", identity=Identity(code="7"))
    assert "Р7" in two_lists.lists.load_dataset().items  # nothing merged yet
    [pending] = two_lists.positions.proposals()
    assert (pending.surviving_key, pending.merged_key, pending.code, pending.country) == (
        "Б1",
        "Р7",
        "7",
        "BY",
    )
    assert pending.merged_name == "Плоскошлифовальный станок"

    p = two_lists.positions.proposal("Р7")
    two_lists.positions.merge(
        p.surviving_key, p.merged_key, user=p.author, identity=Identity(p.name, p.code), confirmed_by="ed-ru"
    )
    assert two_lists.positions.proposals() == []
    [merge] = two_lists.positions.merges()
    assert (merge.author, merge.confirmed_by, merge.code) == ("ed-by", "ed-ru", "7")
    entry = two_lists.audit.entries(action="position-merge")[0]
    assert (entry.user, entry.after["confirmed_by"]) == ("ed-ru", "ed-ru")


def test_withdrawn_proposal_is_gone_and_audited(two_lists: Store) -> None:
    two_lists.positions.propose("Б1", "Р7", user="ed-by", country="BY")
    two_lists.positions.withdraw("Р7", user="ed-ru")
    assert two_lists.positions.proposals() == []
    assert [e.action for e in two_lists.audit.entries()][:2] == ["position-reject", "position-propose"]


def test_dismissed_pairs_are_remembered_once(two_lists: Store) -> None:
    pair = frozenset({"Б1", "Р7"})
    two_lists.positions.dismiss(pair, user="alice")
    two_lists.positions.dismiss(pair, user="boris")
    assert two_lists.positions.dismissed() == {pair}
    assert [e.user for e in two_lists.audit.entries(action="position-dismiss")] == ["alice"]
    with pytest.raises(ValueError, match=r"^a suggestion names two positions$"):
        two_lists.positions.dismiss(frozenset({"Б1"}), user="alice")


def test_holders_are_the_lists_as_written(two_lists: Store) -> None:
    two_lists.positions.merge("Б1", "Р7", user="admin")
    assert two_lists.positions.holders() == {"Б1": {"BY"}, "Б2": {"BY"}, "Р7": {"RU"}}
