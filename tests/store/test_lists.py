"""The lists: atomic imports, re-import semantics, the loaded and the previewed dataset. Runs on
the database of ``SVETOFOR_TEST_DATABASE_URL`` when set."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from svetofor.model import Problem
from svetofor.store import Store
from svetofor.store.engine import Change
from svetofor.store.lists import Lists
from tests.store.conftest import cell


def test_import_then_load_round_trips_the_dataset(store: Store, by_list) -> None:
    result = by_list()
    rec = store.lists.import_result(result, user="alice", file_hash="h-by")
    assert (rec.file_name, rec.user, rec.countries, rec.items, rec.enterprises, rec.records) == (
        "by.xlsx",
        "alice",
        ("BY",),
        3,
        2,
        2,
    )
    assert rec.duplicate_of is None
    ds = store.lists.load_dataset()
    assert list(ds.items) == ["P1", "P2", "P3"]
    assert ds.items["P2"].used_in == ("P1",)
    assert ds.items["P1"].group == "Токарные"
    assert ds.records == result.dataset.records
    assert ds.enterprises == result.dataset.enterprises
    assert ds.demand == {("P1", "BY"): 50.0}
    assert ds.countries == frozenset({"BY"})
    assert not store.lists.is_empty()


def test_a_list_with_positions_but_no_records_still_counts_as_data_of_its_country(
    store: Store, build
) -> None:
    store.lists.import_result(
        build([{"item": "X", "country": "RU"}], countries=["RU"]), user="u", file_hash="h"
    )
    ds = store.lists.load_dataset()
    assert ds.countries == frozenset({"RU"}) and list(ds.items) == ["X"] and ds.records == []


def test_import_of_a_result_with_errors_is_refused_and_changes_nothing(loaded: Store, build) -> None:
    before, version = loaded.dump(), loaded.data_version()
    bad = build(
        [{"item": "P9", "enterprise": "Новый", "existing": True}],
        countries=["BY"],
        errors=[Problem("неизвестное слово «может быть»", sheet="Лист1", row=5, column="Наличие")],
    )
    with pytest.raises(ValueError, match="error"):
        loaded.lists.import_result(bad, user="alice", file_hash="h-bad")
    assert loaded.dump() == before
    assert loaded.data_version() == version


@pytest.mark.parametrize(
    ("owner", "failing_step"), [(Lists, "_write_rows"), (Lists, "_delete_countries"), (Change, "audit")]
)
def test_an_exception_in_the_middle_of_an_import_leaves_the_store_unchanged(
    loaded: Store, monkeypatch, owner: type, failing_step: str, build
) -> None:
    before, version = loaded.dump(), loaded.data_version()
    original = getattr(owner, failing_step)

    def write_then_fail(self, *args, **kwargs):
        original(self, *args, **kwargs)  # the rows really go in, then the disk "fails"
        raise OSError("disk full")

    monkeypatch.setattr(owner, failing_step, write_then_fail)
    changed = build(
        [{"item": "P1", "enterprise": "Завод Новый", "existing": True}, {"item": "P7", "existing": True}],
        countries=["BY"],
    )
    with pytest.raises(OSError, match="disk full"):
        loaded.lists.import_result(changed, user="alice", file_hash="h-new")
    assert loaded.dump() == before
    assert loaded.data_version() == version


CRASHING_IMPORT = """
import os, sys, time
from svetofor.model import Dataset, Enterprise, Item, ReadResult, Record
from svetofor.store import Store
from svetofor.store.lists import Lists

store = Store.open(url=sys.argv[1])
original = Lists._write_rows

def write_then_hang(self, *args, **kwargs):
    original(self, *args, **kwargs)
    print("rows written", flush=True)
    time.sleep(60)  # killed here, inside the open transaction

Lists._write_rows = write_then_hang
items = {f"X{i}": Item(f"X{i}", f"Позиция {i}") for i in range(2000)}
ent = {"BY:e": Enterprise("BY:e", "Е", "BY")}
records = [Record(f"X{i}", "BY", "BY:e", existing=True) for i in range(2000)]
store.lists.import_result(ReadResult("big.xlsx", Dataset(items, ent, records), countries=frozenset({"BY"})),
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
        reopened.overrides.set("P1", "BY", "red", "после сбоя", user="alice", based_on="green")
    finally:
        reopened.close()


def test_a_record_naming_an_unknown_enterprise_is_refused_before_writing(store: Store, build) -> None:
    result = build([{"item": "A", "enterprise": "E", "existing": True}], countries=["BY"])
    result.dataset.enterprises.clear()
    with pytest.raises(ValueError, match="unknown enterprise"):
        store.lists.import_result(result, user="u", file_hash="h")
    assert store.lists.is_empty() and store.data_version() == 0


def test_reimport_replaces_that_country_only_and_keeps_overrides_and_reviews(loaded: Store, build) -> None:
    loaded.overrides.set("P3", "BY", "yellow", "договор подписан", user="alice", based_on="red")
    loaded.reviews.review("parallel-new|P2|", "accepted", "разные типоразмеры", user="alice")
    ru_before = [r for r in loaded.lists.load_dataset().records if r.country == "RU"]

    new_by = build(
        [
            {"item": "P2", "enterprise": "Завод Б", "existing": True, "capacity": 5},
            {"item": "P5", "name": "Люнет", "enterprise": "Завод Д", "action": "new"},
        ],
        countries=["BY"],
        file="by-v2.xlsx",
    )
    loaded.lists.import_result(new_by, user="alice", file_hash="h-by-2")
    ds = loaded.lists.load_dataset()

    assert [r for r in ds.records if r.country == "BY"] == new_by.dataset.records
    assert [r for r in ds.records if r.country == "RU"] == ru_before
    # P1 stays (RU's list holds it), P3 is gone (no list holds it), P5 is appended after the old order.
    assert list(ds.items) == ["P1", "P2", "P4", "P5"]
    assert ds.demand == {}  # BY's demand was replaced by the new list's (none)
    assert "BY:завод а" not in ds.enterprises and "BY:завод д" in ds.enterprises
    assert loaded.overrides.active()[("P3", "BY")].reason == "договор подписан"
    assert loaded.reviews.all()["parallel-new|P2|"].state == "accepted"


def test_a_position_that_comes_back_keeps_its_first_place_in_list_order(
    loaded: Store, build, by_list
) -> None:
    loaded.lists.import_result(build([{"item": "P9"}], countries=["BY"]), user="u", file_hash="a")
    assert "P3" not in loaded.lists.load_dataset().items
    loaded.lists.import_result(by_list(), user="u", file_hash="b")
    assert list(loaded.lists.load_dataset().items) == ["P1", "P2", "P3", "P4"]


def test_a_list_without_a_column_does_not_erase_what_another_list_said(loaded: Store, build) -> None:
    loaded.lists.import_result(
        build(
            [{"item": "P2", "name": "Шпиндель (RU)", "country": "RU", "enterprise": "Е", "existing": True}]
        ),
        user="u",
        file_hash="c",
    )
    item = loaded.lists.load_dataset().items["P2"]
    # the latest list's name wins; its empty kind and used-in do not erase BY's
    assert (item.name, item.kind, item.used_in) == ("Шпиндель (RU)", "component", ("P1",))


def test_import_audit_names_overrides_that_now_differ_from_the_data(loaded: Store, by_list) -> None:
    loaded.overrides.set("P1", "BY", "yellow", "ждём поставку", user="alice", based_on="green")
    loaded.overrides.set("P4", "RU", "red", "закрыто", user="alice", based_on="yellow")
    computed = {"P1": {"BY": cell("red")}, "P4": {"RU": cell("yellow")}}
    loaded.lists.import_result(by_list(), user="alice", file_hash="h3", computed=computed)
    entry = loaded.audit.entries(action="import", limit=1)[0]
    assert entry.after["stale_overrides"] == [
        {"item": "P1", "scope": "BY", "colour": "yellow", "based_on": "green"}
    ]
    assert entry.before == {"records": {"BY": 2}}
    # the override itself is kept and tells the view it is stale
    assert loaded.overrides.active()[("P1", "BY")].stale("red")


def test_an_import_can_leave_an_automatic_snapshot_in_its_transaction(store: Store, by_list) -> None:
    store.lists.import_result(by_list(), user="alice", file_hash="h", snapshot=("Импорт «by.xlsx»", b"state"))
    [info] = store.snapshots.all()
    assert (info.name, info.author, info.automatic) == ("Импорт «by.xlsx»", "alice", True)
    assert store.snapshots.payload(info.id) == b"state"
    assert store.audit.entries(action="import")[0].after["snapshot_id"] == info.id


def test_a_failed_import_leaves_no_snapshot(store: Store, by_list, monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(Lists, "_write_rows", fail)
    with pytest.raises(OSError):
        store.lists.import_result(by_list(), user="alice", file_hash="h", snapshot=("Импорт", b"state"))
    assert store.snapshots.all() == [] and store.lists.is_empty()


def test_the_preview_is_the_dataset_the_import_then_stores(loaded: Store, build) -> None:
    loaded.merges.merge("BY:завод а", "BY:завод б", user="admin")
    file = build(
        [
            {
                "item": "P2",
                "name": "Шпиндель новый",
                "enterprise": "Завод Б",
                "existing": True,
                "capacity": 5,
            },
            {"item": "P7", "name": "Люнет", "enterprise": "Завод Е", "action": "new"},
        ],
        countries=["BY"],
        demand={("P7", "BY"): 3},
    )
    preview, before = loaded.lists.preview_dataset(file), loaded.dump()
    assert loaded.dump() == before  # nothing written
    loaded.lists.import_result(file, user="alice", file_hash="h-new")
    assert loaded.lists.load_dataset() == preview


def test_is_empty_until_some_list_holds_a_position(store: Store, build) -> None:
    assert store.lists.is_empty()
    store.lists.import_result(build([], countries=["BY"]), user="u", file_hash="h")
    assert store.lists.is_empty()
    store.lists.import_result(build([{"item": "X"}], countries=["BY"]), user="u", file_hash="h2")
    assert not store.lists.is_empty()
