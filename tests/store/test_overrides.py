"""Overrides: reason, author, time and version; optimistic concurrency; history; undo. Runs on
the database of ``SVETOFOR_TEST_DATABASE_URL`` when set."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from svetofor.store import ConflictError, Store


def test_set_override_stores_reason_author_time_version(loaded: Store) -> None:
    start = datetime.now(UTC) - timedelta(seconds=1)
    o = loaded.overrides.set("P1", "UNION", "red", "  нет комплектующих ", user="alice", based_on="green")
    stored = loaded.overrides.active()[("P1", "UNION")]
    assert stored == o
    assert (o.colour, o.reason, o.author, o.version, o.based_on) == (
        "red",
        "нет комплектующих",
        "alice",
        1,
        "green",
    )
    assert o.created_at >= start and o.created_at.tzinfo is not None


@pytest.mark.parametrize(
    ("scope", "colour", "reason", "message"),
    [
        ("BY", "red", "", "reason"),
        ("BY", "red", "   ", "reason"),
        ("KZ", "red", "причина", "scope"),
        ("BY", "blue", "причина", "recoloured"),
        ("BY", "none", "причина", "recoloured"),
    ],
)
def test_set_override_refuses_bad_input_without_a_change(loaded, scope, colour, reason, message) -> None:
    version = loaded.data_version()
    with pytest.raises(ValueError, match=message):
        loaded.overrides.set("P1", scope, colour, reason, user="alice", based_on="green")
    assert loaded.overrides.active() == {} and loaded.data_version() == version


def test_set_override_on_an_unknown_position_is_refused(loaded: Store) -> None:
    with pytest.raises(ValueError, match="unknown position"):
        loaded.overrides.set("NOPE", "BY", "red", "причина", user="a", based_on=None)


def test_version_check_detects_a_change_underneath(loaded: Store) -> None:
    first = loaded.overrides.set(
        "P1", "BY", "red", "первое", user="alice", based_on="green", expected_version=0
    )
    with pytest.raises(ConflictError) as caught:
        loaded.overrides.set(
            "P1", "BY", "yellow", "второе", user="boris", based_on="green", expected_version=0
        )
    assert caught.value.current == first
    second = loaded.overrides.set(
        "P1", "BY", "yellow", "второе", user="boris", based_on="green", expected_version=1
    )
    assert second.version == 2
    with pytest.raises(ConflictError):
        loaded.overrides.clear("P1", "BY", user="alice", expected_version=1)
    loaded.overrides.clear("P1", "BY", user="alice", expected_version=2)
    assert loaded.overrides.active() == {}


def test_a_cleared_and_reset_cell_never_matches_an_old_version(loaded: Store) -> None:
    loaded.overrides.set("P1", "BY", "red", "a", user="alice", based_on="green")  # v1, alice saw it
    loaded.overrides.clear("P1", "BY", user="boris")
    reset = loaded.overrides.set("P1", "BY", "green", "b", user="carl", based_on="green", expected_version=0)
    assert reset.version == 3
    with pytest.raises(ConflictError) as caught:
        loaded.overrides.set("P1", "BY", "yellow", "c", user="alice", based_on="green", expected_version=1)
    assert caught.value.current == reset


def test_concurrent_planners_lose_no_update(loaded: Store, database_url: str) -> None:
    """8 planners in threads over 4 store instances recolour one cell, each re-reading and retrying
    on a conflict: every accepted change has its own version, history and audit entry."""
    stores = [Store.open(url=database_url) for _ in range(4)]
    accepted: list[int] = []
    conflicts: list[int] = []
    failures: list[BaseException] = []

    def planner(n: int) -> None:
        store = stores[n % len(stores)]
        try:
            for i in range(10):
                while True:
                    seen = store.overrides.active().get(("P1", "BY"))
                    try:
                        ov = store.overrides.set(
                            "P1",
                            "BY",
                            ("red", "yellow")[i % 2],
                            f"{n}-{i}",
                            user=f"u{n}",
                            based_on="green",
                            expected_version=seen.version if seen else 0,
                        )
                    except ConflictError:
                        conflicts.append(n)
                        continue
                    accepted.append(ov.version)
                    break
        except BaseException as error:  # surfaced below: a thread's exception would vanish
            failures.append(error)

    threads = [threading.Thread(target=planner, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for store in stores:
        store.close()
    assert failures == []
    assert sorted(accepted) == list(range(1, 81))
    assert len(loaded.overrides.history("P1", "BY")) == 80
    assert len(loaded.audit.entries(action="override.set")) == 80


def test_without_expected_version_the_last_writer_wins(loaded: Store) -> None:
    loaded.overrides.set("P1", "BY", "red", "a", user="alice", based_on="green")
    loaded.overrides.set("P1", "BY", "yellow", "b", user="boris", based_on="green")
    assert loaded.overrides.active()[("P1", "BY")].colour == "yellow"


def test_clearing_a_cell_without_an_override_is_refused(loaded: Store) -> None:
    with pytest.raises(ValueError, match="no override"):
        loaded.overrides.clear("P1", "BY", user="alice")


def test_override_history_lists_every_set_and_clear_newest_first(loaded: Store) -> None:
    loaded.overrides.set("P1", "BY", "red", "a", user="alice", based_on="green")
    loaded.overrides.set("P1", "BY", "yellow", "b", user="boris", based_on="green")
    loaded.overrides.clear("P1", "BY", user="carl")
    history = loaded.overrides.history("P1", "BY")
    assert [(e.action, e.colour, e.reason, e.author, e.version) for e in history] == [
        ("clear", None, "", "carl", 3),
        ("set", "yellow", "b", "boris", 2),
        ("set", "red", "a", "alice", 1),
    ]
    assert history[0].at >= history[1].at >= history[2].at
    assert loaded.overrides.history("P1", "RU") == []


def test_undo_restores_the_previous_state_of_the_cell_step_by_step(loaded: Store) -> None:
    first = loaded.overrides.set("P1", "BY", "red", "a", user="alice", based_on="green")
    loaded.overrides.set("P1", "BY", "yellow", "b", user="alice", based_on="green")
    loaded.overrides.set("P4", "RU", "green", "c", user="alice", based_on="yellow")

    event = loaded.overrides.undo_last("alice")
    assert (event.item_key, event.scope, event.action) == ("P4", "RU", "clear")
    assert ("P4", "RU") not in loaded.overrides.active()

    event = loaded.overrides.undo_last("alice")
    assert (event.action, event.colour, event.reason) == ("set", "red", "a")
    restored = loaded.overrides.active()[("P1", "BY")]
    assert (restored.colour, restored.reason, restored.author, restored.created_at) == (
        "red",
        "a",
        "alice",
        first.created_at,
    )
    assert restored.version == 3  # versions keep growing even when a state comes back

    loaded.overrides.undo_last("alice")
    assert loaded.overrides.active() == {}
    assert loaded.overrides.undo_last("alice") is None


def test_undo_restores_another_users_earlier_override(loaded: Store) -> None:
    loaded.overrides.set("P1", "BY", "red", "от бориса", user="boris", based_on="green")
    loaded.overrides.set("P1", "BY", "green", "от алисы", user="alice", based_on="green")
    loaded.overrides.undo_last("alice")
    restored = loaded.overrides.active()[("P1", "BY")]
    assert (restored.colour, restored.reason, restored.author) == ("red", "от бориса", "boris")


def test_undo_refuses_to_overwrite_a_later_change_by_someone_else(loaded: Store) -> None:
    loaded.overrides.set("P1", "BY", "red", "a", user="alice", based_on="green")
    later = loaded.overrides.set("P1", "BY", "yellow", "b", user="boris", based_on="green")
    with pytest.raises(ConflictError) as caught:
        loaded.overrides.undo_last("alice")
    assert caught.value.current == later
    assert loaded.overrides.active()[("P1", "BY")] == later


def test_undo_of_one_user_does_not_touch_another_users_changes(loaded: Store) -> None:
    loaded.overrides.set("P1", "BY", "red", "a", user="alice", based_on="green")
    loaded.overrides.set("P4", "RU", "red", "b", user="boris", based_on="yellow")
    loaded.overrides.undo_last("alice")
    assert list(loaded.overrides.active()) == [("P4", "RU")]
