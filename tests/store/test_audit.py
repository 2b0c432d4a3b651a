"""Every change is audited in its own transaction and bumps the data version; the log is read
newest first with filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from svetofor.store import Store

CHANGES = {
    "import": lambda s, by: s.lists.import_result(by(), user="zoe", file_hash="z"),
    "override.set": lambda s, by: s.overrides.set("P1", "BY", "red", "r", user="zoe", based_on="green"),
    "override.clear": lambda s, by: (
        s.overrides.set("P1", "BY", "red", "r", user="ann", based_on="green"),
        s.overrides.clear("P1", "BY", user="zoe"),
    ),
    "override.undo": lambda s, by: (
        s.overrides.set("P1", "BY", "red", "r", user="zoe", based_on="green"),
        s.overrides.undo_last("zoe"),
    ),
    "review": lambda s, by: s.reviews.review("k", "resolved", "", user="zoe"),
    "merge": lambda s, by: s.merges.merge("BY:завод а", "BY:завод б", user="zoe"),
    "unmerge": lambda s, by: (
        s.merges.merge("BY:завод а", "BY:завод б", user="ann"),
        s.merges.unmerge("BY:завод б", user="zoe"),
    ),
    "dismiss": lambda s, by: s.merges.dismiss(frozenset({"BY:завод а", "BY:завод б"}), user="zoe"),
    "snapshot": lambda s, by: s.snapshots.save("Заседание", b"\x00\x01", user="zoe"),
    "user.put": lambda s, by: s.accounts.put("ivan", "hash", "viewer", actor="zoe"),
    "user.remove": lambda s, by: (
        s.accounts.put("ivan", "h", "viewer", actor="ann"),
        s.accounts.remove("ivan", actor="zoe"),
    ),
}


@pytest.mark.parametrize("action", list(CHANGES))
def test_every_change_is_audited_and_bumps_the_data_version(loaded: Store, action: str, by_list) -> None:
    version = loaded.data_version()
    since = datetime.now(UTC) - timedelta(seconds=1)
    CHANGES[action](loaded, by_list)
    assert loaded.data_version() > version
    mine = loaded.audit.entries(user="zoe")
    assert mine[0].action == action  # the newest entry; an undo follows zoe's own set
    assert {e.action for e in mine[1:]} <= {"override.set"}
    assert mine[0].at >= since
    assert loaded.audit.entries(action=action, user="zoe", since=since) == [mine[0]]


def test_only_changes_of_what_the_rules_see_bump_the_dataset_version(loaded: Store, by_list) -> None:
    data, dataset = loaded.versions()
    loaded.overrides.set("P1", "BY", "red", "r", user="zoe", based_on="green")
    loaded.reviews.review("k", "resolved", "", user="zoe")
    assert loaded.versions() == (data + 2, dataset)
    loaded.merges.merge("BY:завод а", "BY:завод б", user="zoe")
    loaded.lists.import_result(by_list(), user="zoe", file_hash="z")
    assert loaded.versions() == (data + 4, dataset + 2)


def test_audit_keeps_before_and_after_and_filters(loaded: Store) -> None:
    loaded.overrides.set("P1", "BY", "red", "a", user="alice", based_on="green")
    loaded.overrides.set("P1", "BY", "yellow", "b", user="boris", based_on="green")
    entry = loaded.audit.entries(action="override", limit=1)[0]
    assert entry.target == "P1|BY" and entry.user == "boris"
    assert entry.before["colour"] == "red" and entry.after["colour"] == "yellow"
    assert [e.user for e in loaded.audit.entries(action="override")] == ["boris", "alice"]
    assert loaded.audit.entries(since=datetime.now(UTC) + timedelta(minutes=1)) == []
    assert len(loaded.audit.entries(limit=2)) == 2
