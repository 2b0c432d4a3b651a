"""Enterprise merges (applied on loading, undone by unmerge) and dismissed suggestions."""

from __future__ import annotations

import pytest

from svetofor.store import Store


def test_merge_applies_to_stored_and_later_imports_and_unmerge_restores(loaded: Store, by_list) -> None:
    loaded.merges.merge("BY:завод а", "BY:завод б", user="admin")
    ds = loaded.lists.load_dataset()
    assert "BY:завод б" not in ds.enterprises
    assert {r.enterprise_key for r in ds.records if r.country == "BY"} == {"BY:завод а"}

    rec = loaded.lists.import_result(by_list(), user="alice", file_hash="again")
    assert rec.enterprises == 1  # the file's two names are one enterprise now
    assert {r.enterprise_key for r in loaded.lists.load_dataset().records if r.country == "BY"} == {
        "BY:завод а"
    }

    loaded.merges.unmerge("BY:завод б", user="admin")
    assert loaded.merges.direct() == {}
    assert {r.enterprise_key for r in loaded.lists.load_dataset().records if r.country == "BY"} == {
        "BY:завод а",
        "BY:завод б",
    }


def test_merge_chains_resolve_and_cycles_are_refused(loaded: Store) -> None:
    loaded.merges.merge("BY:завод а", "BY:завод б", user="admin")
    loaded.merges.merge("RU:завод в", "BY:завод а", user="admin")
    assert loaded.merges.direct() == {"BY:завод б": "BY:завод а", "BY:завод а": "RU:завод в"}
    assert loaded.merges.resolved() == {"BY:завод б": "RU:завод в", "BY:завод а": "RU:завод в"}
    assert {r.enterprise_key for r in loaded.lists.load_dataset().records if r.item_key in ("P1", "P2")} == {
        "RU:завод в"
    }
    with pytest.raises(ValueError, match="already merged"):
        loaded.merges.merge("BY:завод б", "RU:завод в", user="admin")
    with pytest.raises(ValueError, match="itself"):
        loaded.merges.merge("BY:завод а", "BY:завод а", user="admin")
    with pytest.raises(ValueError, match="unknown enterprise"):
        loaded.merges.merge("BY:завод а", "BY:нет такого", user="admin")
    with pytest.raises(ValueError, match="not merged"):
        loaded.merges.unmerge("RU:завод г", user="admin")


def test_dismissed_suggestions_are_remembered_once(loaded: Store) -> None:
    pair = frozenset({"BY:завод а", "BY:завод б"})
    loaded.merges.dismiss(pair, user="alice")
    loaded.merges.dismiss(frozenset(reversed(sorted(pair))), user="boris")
    assert loaded.merges.dismissed() == {pair}
    assert [e.user for e in loaded.audit.entries(action="dismiss")] == ["alice"]  # the repeat changed nothing
    with pytest.raises(ValueError):
        loaded.merges.dismiss(frozenset({"BY:завод а"}), user="alice")
