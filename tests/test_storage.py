"""Store: atomic imports, re-import semantics, overrides with versions and undo, reviews, merges,
import history, audit, snapshots. Runs on the database of ``SVETOFOR_TEST_DATABASE_URL`` when set."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from svetofor.messages import msg
from svetofor.model import CellStatus, Problem
from svetofor.storage import ConflictError, Store, database_url, make_engine

BY_ROWS = [
    {
        "item": "P1",
        "name": "Станок токарный",
        "group": "Токарные",
        "kind": "machine",
        "enterprise": "Завод А",
        "existing": True,
        "capacity": 100,
    },
    {
        "item": "P2",
        "name": "Шпиндель",
        "kind": "component",
        "used_in": ["P1"],
        "enterprise": "Завод Б",
        "action": "new",
        "launch_year": 2027,
    },
    {"item": "P3", "name": "Фреза", "kind": "tool", "existing": False},
]
RU_ROWS = [
    {"item": "P1", "name": "Станок токарный", "country": "RU", "enterprise": "Завод В", "existing": True},
    {
        "item": "P4",
        "name": "Патрон",
        "country": "RU",
        "enterprise": "Завод Г",
        "action": "modernise",
        "existing": True,
        "capacity": 10,
    },
]


@pytest.fixture
def build(make_read_result):
    """The ``make_read_result`` builder, for tests that craft their own lists."""
    return make_read_result


@pytest.fixture
def by_list(make_read_result):
    return lambda: make_read_result(BY_ROWS, countries=["BY"], demand={("P1", "BY"): 50}, file="by.xlsx")


@pytest.fixture
def ru_list(make_read_result):
    return lambda: make_read_result(RU_ROWS, countries=["RU"], file="ru.xlsx")


@pytest.fixture
def loaded(store: Store, by_list, ru_list) -> Store:
    store.import_result(by_list(), user="alice", file_hash="h-by")
    store.import_result(ru_list(), user="boris", file_hash="h-ru")
    return store


def cell(colour: str) -> CellStatus:
    return CellStatus(colour, msg(f"colour.{colour}"))  # type: ignore[arg-type]


# ------------------------------------------------------------------------------- opening


def test_new_store_is_empty_at_version_zero(store: Store) -> None:
    assert store.is_empty()
    assert store.data_version() == 0
    ds = store.load_dataset()
    assert (ds.items, ds.records, ds.countries) == ({}, [], frozenset())


def test_url_precedence_argument_then_env_then_data_dir(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("SVETOFOR_DATABASE_URL", raising=False)
    assert database_url(tmp_path / "d") == f"sqlite:///{(tmp_path / 'd' / 'svetofor.sqlite').resolve()}"
    monkeypatch.setenv("SVETOFOR_DATABASE_URL", "sqlite:///from-env.sqlite")
    assert database_url(tmp_path / "d") == "sqlite:///from-env.sqlite"
    assert database_url(tmp_path / "d", "sqlite:///explicit.sqlite") == "sqlite:///explicit.sqlite"


def test_sqlite_default_uses_wal_and_foreign_keys(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("SVETOFOR_DATABASE_URL", raising=False)
    store = Store.open(tmp_path)
    try:
        assert (tmp_path / "svetofor.sqlite").exists()
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000
    finally:
        store.close()


def test_several_app_workers_can_create_a_new_store_at_once(database_url: str) -> None:
    barrier = threading.Barrier(4)
    opened: list[Store] = []
    failures: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            opened.append(Store.open(url=database_url))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert {store.versions() for store in opened} == {(0, 0)}
    for store in opened:
        store.close()


def test_data_survives_reopening_and_two_stores_on_one_database_agree(loaded: Store, database_url) -> None:
    other = Store.open(url=database_url)
    try:
        assert other.load_dataset() == loaded.load_dataset()
        other.set_override("P1", "BY", "red", "проверено на месте", user="carl", based_on="green")
        assert loaded.data_version() == other.data_version()
        assert loaded.overrides()[("P1", "BY")].author == "carl"
    finally:
        other.close()


# -------------------------------------------------------------------------------- import


def test_import_then_load_round_trips_the_dataset(store: Store, by_list) -> None:
    result = by_list()
    rec = store.import_result(result, user="alice", file_hash="h-by")
    assert (rec.file_name, rec.user, rec.countries, rec.items, rec.enterprises, rec.records) == (
        "by.xlsx",
        "alice",
        ("BY",),
        3,
        2,
        2,
    )
    assert rec.duplicate_of is None
    ds = store.load_dataset()
    assert list(ds.items) == ["P1", "P2", "P3"]
    assert ds.items["P2"].used_in == ("P1",)
    assert ds.items["P1"].group == "Токарные"
    assert ds.records == result.dataset.records
    assert ds.enterprises == result.dataset.enterprises
    assert ds.demand == {("P1", "BY"): 50.0}
    assert ds.countries == frozenset({"BY"})
    assert not store.is_empty()


def test_a_list_with_positions_but_no_records_still_counts_as_data_of_its_country(
    store: Store, build
) -> None:
    store.import_result(build([{"item": "X", "country": "RU"}], countries=["RU"]), user="u", file_hash="h")
    ds = store.load_dataset()
    assert ds.countries == frozenset({"RU"}) and list(ds.items) == ["X"] and ds.records == []


def test_import_of_a_result_with_errors_is_refused_and_changes_nothing(loaded: Store, build) -> None:
    before, version = loaded.dump(), loaded.data_version()
    bad = build(
        [{"item": "P9", "enterprise": "Новый", "existing": True}],
        countries=["BY"],
        errors=[Problem("неизвестное слово «может быть»", sheet="Лист1", row=5, column="Наличие")],
    )
    with pytest.raises(ValueError, match="error"):
        loaded.import_result(bad, user="alice", file_hash="h-bad")
    assert loaded.dump() == before
    assert loaded.data_version() == version


@pytest.mark.parametrize("failing_step", ["_write_rows", "_delete_countries", "_audit"])
def test_an_exception_in_the_middle_of_an_import_leaves_the_store_unchanged(
    loaded: Store, monkeypatch, failing_step: str, build
) -> None:
    before, version = loaded.dump(), loaded.data_version()
    original = getattr(Store, failing_step)

    def write_then_fail(self, *args, **kwargs):
        original(self, *args, **kwargs)  # the rows really go in, then the disk "fails"
        raise OSError("disk full")

    monkeypatch.setattr(Store, failing_step, write_then_fail)
    changed = build(
        [{"item": "P1", "enterprise": "Завод Новый", "existing": True}, {"item": "P7", "existing": True}],
        countries=["BY"],
    )
    with pytest.raises(OSError, match="disk full"):
        loaded.import_result(changed, user="alice", file_hash="h-new")
    assert loaded.dump() == before
    assert loaded.data_version() == version


CRASHING_IMPORT = """
import os, sys, time
from svetofor.model import Dataset, Enterprise, Item, ReadResult, Record
from svetofor.storage import Store

store = Store.open(url=sys.argv[1])
original = Store._write_rows

def write_then_hang(self, *args, **kwargs):
    original(self, *args, **kwargs)
    print("rows written", flush=True)
    time.sleep(60)  # killed here, inside the open transaction

Store._write_rows = write_then_hang
items = {f"X{i}": Item(f"X{i}", f"Позиция {i}") for i in range(2000)}
ent = {"BY:e": Enterprise("BY:e", "Е", "BY")}
records = [Record(f"X{i}", "BY", "BY:e", existing=True) for i in range(2000)]
store.import_result(ReadResult("big.xlsx", Dataset(items, ent, records), countries=frozenset({"BY"})),
                    user="crash", file_hash="c")
"""


def test_a_process_killed_in_the_middle_of_an_import_leaves_the_store_as_before(
    loaded: Store, database_url: str
) -> None:
    before = loaded.dump()
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASHING_IMPORT, database_url], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "rows written"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    reopened = Store.open(url=database_url)
    try:
        assert reopened.dump() == before
        reopened.set_override("P1", "BY", "red", "после сбоя", user="alice", based_on="green")
    finally:
        reopened.close()


def test_a_record_naming_an_unknown_enterprise_is_refused_before_writing(store: Store, build) -> None:
    result = build([{"item": "A", "enterprise": "E", "existing": True}], countries=["BY"])
    result.dataset.enterprises.clear()
    with pytest.raises(ValueError, match="unknown enterprise"):
        store.import_result(result, user="u", file_hash="h")
    assert store.is_empty() and store.data_version() == 0


def test_reimport_replaces_that_country_only_and_keeps_overrides_and_reviews(loaded: Store, build) -> None:
    loaded.set_override("P3", "BY", "yellow", "договор подписан", user="alice", based_on="red")
    loaded.review_warning("parallel-new|P2|", "accepted", "разные типоразмеры", user="alice")
    ru_before = [r for r in loaded.load_dataset().records if r.country == "RU"]

    new_by = build(
        [
            {"item": "P2", "enterprise": "Завод Б", "existing": True, "capacity": 5},
            {"item": "P5", "name": "Люнет", "enterprise": "Завод Д", "action": "new"},
        ],
        countries=["BY"],
        file="by-v2.xlsx",
    )
    loaded.import_result(new_by, user="alice", file_hash="h-by-2")
    ds = loaded.load_dataset()

    assert [r for r in ds.records if r.country == "BY"] == new_by.dataset.records
    assert [r for r in ds.records if r.country == "RU"] == ru_before
    # P1 stays (RU's list holds it), P3 is gone (no list holds it), P5 is appended after the old order.
    assert list(ds.items) == ["P1", "P2", "P4", "P5"]
    assert ds.demand == {}  # BY's demand was replaced by the new list's (none)
    assert "BY:завод а" not in ds.enterprises and "BY:завод д" in ds.enterprises
    assert loaded.overrides()[("P3", "BY")].reason == "договор подписан"
    assert loaded.reviews()["parallel-new|P2|"].state == "accepted"


def test_a_position_that_comes_back_keeps_its_first_place_in_list_order(
    loaded: Store, build, by_list
) -> None:
    loaded.import_result(build([{"item": "P9"}], countries=["BY"]), user="u", file_hash="a")
    assert "P3" not in loaded.load_dataset().items
    loaded.import_result(by_list(), user="u", file_hash="b")
    assert list(loaded.load_dataset().items) == ["P1", "P2", "P3", "P4"]


def test_a_list_without_a_column_does_not_erase_what_another_list_said(loaded: Store, build) -> None:
    loaded.import_result(
        build(
            [{"item": "P2", "name": "Шпиндель (RU)", "country": "RU", "enterprise": "Е", "existing": True}]
        ),
        user="u",
        file_hash="c",
    )
    item = loaded.load_dataset().items["P2"]
    # the latest list's name wins; its empty kind and used-in do not erase BY's
    assert (item.name, item.kind, item.used_in) == ("Шпиндель (RU)", "component", ("P1",))


def test_same_file_imported_twice_is_recognised(loaded: Store, by_list) -> None:
    again = loaded.import_result(by_list(), user="carl", file_hash="h-by")
    history = loaded.imports()
    assert [h.file_hash for h in history] == ["h-by", "h-ru", "h-by"]  # newest first
    assert again.duplicate_of == history[-1].id
    assert history[0] == again
    assert loaded.find_import("h-by").id == history[-1].id
    assert loaded.find_import("nope") is None


def test_import_audit_names_overrides_that_now_differ_from_the_data(loaded: Store, by_list) -> None:
    loaded.set_override("P1", "BY", "yellow", "ждём поставку", user="alice", based_on="green")
    loaded.set_override("P4", "RU", "red", "закрыто", user="alice", based_on="yellow")
    computed = {"P1": {"BY": cell("red")}, "P4": {"RU": cell("yellow")}}
    loaded.import_result(by_list(), user="alice", file_hash="h3", computed=computed)
    entry = loaded.audit(action="import", limit=1)[0]
    assert entry.after["stale_overrides"] == [
        {"item": "P1", "scope": "BY", "colour": "yellow", "based_on": "green"}
    ]
    assert entry.before == {"records": {"BY": 2}}
    # the override itself is kept and tells the view it is stale
    assert loaded.overrides()[("P1", "BY")].stale("red")


# ----------------------------------------------------------------------------- overrides


def test_set_override_stores_reason_author_time_version(loaded: Store) -> None:
    start = datetime.now(UTC) - timedelta(seconds=1)
    o = loaded.set_override("P1", "UNION", "red", "  нет комплектующих ", user="alice", based_on="green")
    stored = loaded.overrides()[("P1", "UNION")]
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
        loaded.set_override("P1", scope, colour, reason, user="alice", based_on="green")
    assert loaded.overrides() == {} and loaded.data_version() == version


def test_set_override_on_an_unknown_position_is_refused(loaded: Store) -> None:
    with pytest.raises(ValueError, match="unknown position"):
        loaded.set_override("NOPE", "BY", "red", "причина", user="a", based_on=None)


def test_version_check_detects_a_change_underneath(loaded: Store) -> None:
    first = loaded.set_override(
        "P1", "BY", "red", "первое", user="alice", based_on="green", expected_version=0
    )
    with pytest.raises(ConflictError) as caught:
        loaded.set_override(
            "P1", "BY", "yellow", "второе", user="boris", based_on="green", expected_version=0
        )
    assert caught.value.current == first
    second = loaded.set_override(
        "P1", "BY", "yellow", "второе", user="boris", based_on="green", expected_version=1
    )
    assert second.version == 2
    with pytest.raises(ConflictError):
        loaded.clear_override("P1", "BY", user="alice", expected_version=1)
    loaded.clear_override("P1", "BY", user="alice", expected_version=2)
    assert loaded.overrides() == {}


def test_a_cleared_and_reset_cell_never_matches_an_old_version(loaded: Store) -> None:
    loaded.set_override("P1", "BY", "red", "a", user="alice", based_on="green")  # v1, alice saw it
    loaded.clear_override("P1", "BY", user="boris")
    reset = loaded.set_override("P1", "BY", "green", "b", user="carl", based_on="green", expected_version=0)
    assert reset.version == 3
    with pytest.raises(ConflictError) as caught:
        loaded.set_override("P1", "BY", "yellow", "c", user="alice", based_on="green", expected_version=1)
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
                    seen = store.overrides().get(("P1", "BY"))
                    try:
                        ov = store.set_override(
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
    assert len(loaded.override_history("P1", "BY")) == 80
    assert len(loaded.audit(action="override.set")) == 80


def test_without_expected_version_the_last_writer_wins(loaded: Store) -> None:
    loaded.set_override("P1", "BY", "red", "a", user="alice", based_on="green")
    loaded.set_override("P1", "BY", "yellow", "b", user="boris", based_on="green")
    assert loaded.overrides()[("P1", "BY")].colour == "yellow"


def test_clearing_a_cell_without_an_override_is_refused(loaded: Store) -> None:
    with pytest.raises(ValueError, match="no override"):
        loaded.clear_override("P1", "BY", user="alice")


def test_override_history_lists_every_set_and_clear_newest_first(loaded: Store) -> None:
    loaded.set_override("P1", "BY", "red", "a", user="alice", based_on="green")
    loaded.set_override("P1", "BY", "yellow", "b", user="boris", based_on="green")
    loaded.clear_override("P1", "BY", user="carl")
    history = loaded.override_history("P1", "BY")
    assert [(e.action, e.colour, e.reason, e.author, e.version) for e in history] == [
        ("clear", None, "", "carl", 3),
        ("set", "yellow", "b", "boris", 2),
        ("set", "red", "a", "alice", 1),
    ]
    assert history[0].at >= history[1].at >= history[2].at
    assert loaded.override_history("P1", "RU") == []


def test_undo_restores_the_previous_state_of_the_cell_step_by_step(loaded: Store) -> None:
    first = loaded.set_override("P1", "BY", "red", "a", user="alice", based_on="green")
    loaded.set_override("P1", "BY", "yellow", "b", user="alice", based_on="green")
    loaded.set_override("P4", "RU", "green", "c", user="alice", based_on="yellow")

    event = loaded.undo_last_override("alice")
    assert (event.item_key, event.scope, event.action) == ("P4", "RU", "clear")
    assert ("P4", "RU") not in loaded.overrides()

    event = loaded.undo_last_override("alice")
    assert (event.action, event.colour, event.reason) == ("set", "red", "a")
    restored = loaded.overrides()[("P1", "BY")]
    assert (restored.colour, restored.reason, restored.author, restored.created_at) == (
        "red",
        "a",
        "alice",
        first.created_at,
    )
    assert restored.version == 3  # versions keep growing even when a state comes back

    loaded.undo_last_override("alice")
    assert loaded.overrides() == {}
    assert loaded.undo_last_override("alice") is None


def test_undo_restores_another_users_earlier_override(loaded: Store) -> None:
    loaded.set_override("P1", "BY", "red", "от бориса", user="boris", based_on="green")
    loaded.set_override("P1", "BY", "green", "от алисы", user="alice", based_on="green")
    loaded.undo_last_override("alice")
    restored = loaded.overrides()[("P1", "BY")]
    assert (restored.colour, restored.reason, restored.author) == ("red", "от бориса", "boris")


def test_undo_refuses_to_overwrite_a_later_change_by_someone_else(loaded: Store) -> None:
    loaded.set_override("P1", "BY", "red", "a", user="alice", based_on="green")
    later = loaded.set_override("P1", "BY", "yellow", "b", user="boris", based_on="green")
    with pytest.raises(ConflictError) as caught:
        loaded.undo_last_override("alice")
    assert caught.value.current == later
    assert loaded.overrides()[("P1", "BY")] == later


def test_undo_of_one_user_does_not_touch_another_users_changes(loaded: Store) -> None:
    loaded.set_override("P1", "BY", "red", "a", user="alice", based_on="green")
    loaded.set_override("P4", "RU", "red", "b", user="boris", based_on="yellow")
    loaded.undo_last_override("alice")
    assert list(loaded.overrides()) == [("P4", "RU")]


# ------------------------------------------------------------------------------- reviews


def test_reviews_store_state_and_history(loaded: Store) -> None:
    key = "partner-covers|P1|BY"
    loaded.review_warning(key, "accepted", "разные типоразмеры", user="alice")
    loaded.review_warning(key, "resolved", "", user="boris")
    review = loaded.reviews()[key]
    assert (review.state, review.author) == ("resolved", "boris")
    assert [(e.state, e.reason, e.author) for e in loaded.review_history(key)] == [
        ("resolved", "", "boris"),
        ("accepted", "разные типоразмеры", "alice"),
    ]


@pytest.mark.parametrize(("state", "reason"), [("accepted", ""), ("accepted", "  "), ("closed", "x")])
def test_review_refuses_accept_without_reason_and_unknown_states(loaded: Store, state, reason) -> None:
    with pytest.raises(ValueError):
        loaded.review_warning("k", state, reason, user="alice")
    assert loaded.reviews() == {} and loaded.review_history("k") == []


# -------------------------------------------------------------------------------- merges


def test_merge_applies_to_stored_and_later_imports_and_unmerge_restores(loaded: Store, by_list) -> None:
    loaded.merge_enterprises("BY:завод а", "BY:завод б", user="admin")
    ds = loaded.load_dataset()
    assert "BY:завод б" not in ds.enterprises
    assert {r.enterprise_key for r in ds.records if r.country == "BY"} == {"BY:завод а"}

    rec = loaded.import_result(by_list(), user="alice", file_hash="again")
    assert rec.enterprises == 1  # the file's two names are one enterprise now
    assert {r.enterprise_key for r in loaded.load_dataset().records if r.country == "BY"} == {"BY:завод а"}

    loaded.unmerge("BY:завод б", user="admin")
    assert loaded.merges() == {}
    assert {r.enterprise_key for r in loaded.load_dataset().records if r.country == "BY"} == {
        "BY:завод а",
        "BY:завод б",
    }


def test_merge_chains_resolve_and_cycles_are_refused(loaded: Store) -> None:
    loaded.merge_enterprises("BY:завод а", "BY:завод б", user="admin")
    loaded.merge_enterprises("RU:завод в", "BY:завод а", user="admin")
    assert loaded.merges() == {"BY:завод б": "BY:завод а", "BY:завод а": "RU:завод в"}
    assert loaded.resolved_merges() == {"BY:завод б": "RU:завод в", "BY:завод а": "RU:завод в"}
    assert {r.enterprise_key for r in loaded.load_dataset().records if r.item_key in ("P1", "P2")} == {
        "RU:завод в"
    }
    with pytest.raises(ValueError, match="already merged"):
        loaded.merge_enterprises("BY:завод б", "RU:завод в", user="admin")
    with pytest.raises(ValueError, match="itself"):
        loaded.merge_enterprises("BY:завод а", "BY:завод а", user="admin")
    with pytest.raises(ValueError, match="unknown enterprise"):
        loaded.merge_enterprises("BY:завод а", "BY:нет такого", user="admin")
    with pytest.raises(ValueError, match="not merged"):
        loaded.unmerge("RU:завод г", user="admin")


def test_dismissed_suggestions_are_remembered_once(loaded: Store) -> None:
    pair = frozenset({"BY:завод а", "BY:завод б"})
    loaded.dismiss_suggestion(pair, user="alice")
    loaded.dismiss_suggestion(frozenset(reversed(sorted(pair))), user="boris")
    assert loaded.dismissed_suggestions() == {pair}
    with pytest.raises(ValueError):
        loaded.dismiss_suggestion(frozenset({"BY:завод а"}), user="alice")


# ------------------------------------------------------------------------ audit, version


CHANGES = {
    "import": lambda s, by: s.import_result(by(), user="zoe", file_hash="z"),
    "override.set": lambda s, by: s.set_override("P1", "BY", "red", "r", user="zoe", based_on="green"),
    "override.clear": lambda s, by: (
        s.set_override("P1", "BY", "red", "r", user="ann", based_on="green"),
        s.clear_override("P1", "BY", user="zoe"),
    ),
    "override.undo": lambda s, by: (
        s.set_override("P1", "BY", "red", "r", user="zoe", based_on="green"),
        s.undo_last_override("zoe"),
    ),
    "review": lambda s, by: s.review_warning("k", "resolved", "", user="zoe"),
    "merge": lambda s, by: s.merge_enterprises("BY:завод а", "BY:завод б", user="zoe"),
    "unmerge": lambda s, by: (
        s.merge_enterprises("BY:завод а", "BY:завод б", user="ann"),
        s.unmerge("BY:завод б", user="zoe"),
    ),
    "dismiss": lambda s, by: s.dismiss_suggestion(frozenset({"BY:завод а", "BY:завод б"}), user="zoe"),
    "snapshot": lambda s, by: s.save_snapshot("Заседание", b"\x00\x01", user="zoe"),
    "user.put": lambda s, by: s.put_user("ivan", "hash", "viewer", actor="zoe"),
    "user.remove": lambda s, by: (
        s.put_user("ivan", "h", "viewer", actor="ann"),
        s.remove_user("ivan", actor="zoe"),
    ),
}


@pytest.mark.parametrize("action", list(CHANGES))
def test_every_change_is_audited_and_bumps_the_data_version(loaded: Store, action: str, by_list) -> None:
    version = loaded.data_version()
    since = datetime.now(UTC) - timedelta(seconds=1)
    CHANGES[action](loaded, by_list)
    assert loaded.data_version() > version
    mine = loaded.audit(user="zoe")
    assert mine[0].action == action  # the newest entry; an undo follows zoe's own set
    assert {e.action for e in mine[1:]} <= {"override.set"}
    assert mine[0].at >= since
    assert loaded.audit(action=action, user="zoe", since=since) == [mine[0]]


def test_only_changes_of_what_the_rules_see_bump_the_dataset_version(loaded: Store, by_list) -> None:
    data, dataset = loaded.versions()
    loaded.set_override("P1", "BY", "red", "r", user="zoe", based_on="green")
    loaded.review_warning("k", "resolved", "", user="zoe")
    assert loaded.versions() == (data + 2, dataset)
    loaded.merge_enterprises("BY:завод а", "BY:завод б", user="zoe")
    loaded.import_result(by_list(), user="zoe", file_hash="z")
    assert loaded.versions() == (data + 4, dataset + 2)


def test_reads_do_not_bump_the_data_version(loaded: Store) -> None:
    version = loaded.data_version()
    loaded.load_dataset(), loaded.overrides(), loaded.reviews(), loaded.imports(), loaded.audit()
    loaded.snapshots(), loaded.merges(), loaded.is_empty(), loaded.override_history("P1", "BY")
    assert loaded.data_version() == version


def test_audit_keeps_before_and_after_and_filters(loaded: Store) -> None:
    loaded.set_override("P1", "BY", "red", "a", user="alice", based_on="green")
    loaded.set_override("P1", "BY", "yellow", "b", user="boris", based_on="green")
    entry = loaded.audit(action="override", limit=1)[0]
    assert entry.target == "P1|BY" and entry.user == "boris"
    assert entry.before["colour"] == "red" and entry.after["colour"] == "yellow"
    assert [e.user for e in loaded.audit(action="override")] == ["boris", "alice"]
    assert loaded.audit(since=datetime.now(UTC) + timedelta(minutes=1)) == []
    assert len(loaded.audit(limit=2)) == 2


# ----------------------------------------------------------------------------- snapshots


def test_snapshots_round_trip_bytes(store: Store) -> None:
    payload = bytes(range(256)) * 100
    info = store.save_snapshot("Заседание 06.03.2025", payload, user="alice")
    auto = store.save_snapshot("после импорта", b"", user="system", automatic=True)
    assert store.snapshot_payload(info.id) == payload
    assert store.snapshot_payload(auto.id) == b""
    assert store.snapshots() == [auto, info]
    assert (info.name, info.author, info.automatic, info.size) == (
        "Заседание 06.03.2025",
        "alice",
        False,
        25600,
    )
    with pytest.raises(KeyError):
        store.snapshot_payload(999)


def test_an_import_can_leave_an_automatic_snapshot_in_its_transaction(store: Store, by_list) -> None:
    store.import_result(by_list(), user="alice", file_hash="h", snapshot=("Импорт «by.xlsx»", b"state"))
    [info] = store.snapshots()
    assert (info.name, info.author, info.automatic) == ("Импорт «by.xlsx»", "alice", True)
    assert store.snapshot_payload(info.id) == b"state"
    assert store.audit(action="import")[0].after["snapshot_id"] == info.id


def test_a_failed_import_leaves_no_snapshot(store: Store, by_list, monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(Store, "_write_rows", fail)
    with pytest.raises(OSError):
        store.import_result(by_list(), user="alice", file_hash="h", snapshot=("Импорт", b"state"))
    assert store.snapshots() == [] and store.is_empty()


def test_users_are_stored_for_sign_in(store: Store) -> None:
    store.put_user("ivan", "pbkdf2:x", "editor-BY", actor="admin")
    store.put_user("ivan", "pbkdf2:y", "admin", actor="admin")
    assert [(u.username, u.password_hash, u.role) for u in store.users()] == [("ivan", "pbkdf2:y", "admin")]
    assert store.get_user("nobody") is None
    assert "pbkdf2" not in repr(store.audit())  # hashes never reach the audit log


def test_memory_url_keeps_one_database(by_list) -> None:
    store = Store(make_engine("sqlite://"))
    store.import_result(by_list(), user="u", file_hash="h")
    assert len(store.load_dataset().records) == 2
