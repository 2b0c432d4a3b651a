"""The Store container: opening a new or existing database, several stores on one database,
reads that change nothing, the dump. Runs on the database of ``SVETOFOR_TEST_DATABASE_URL``
when set."""

from __future__ import annotations

import threading

from svetofor.store import Store


def test_new_store_is_empty_at_version_zero(store: Store) -> None:
    assert store.lists.is_empty()
    assert store.data_version() == 0
    ds = store.lists.load_dataset()
    assert (ds.items, ds.records, ds.countries) == ({}, [], frozenset())


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
        assert other.lists.load_dataset() == loaded.lists.load_dataset()
        other.overrides.set("P1", "BY", "red", "проверено на месте", user="carl", based_on="green")
        assert loaded.data_version() == other.data_version()
        assert loaded.overrides.active()[("P1", "BY")].author == "carl"
    finally:
        other.close()


def test_reads_do_not_bump_the_data_version(loaded: Store) -> None:
    version = loaded.data_version()
    (
        loaded.lists.load_dataset(),
        loaded.overrides.active(),
        loaded.reviews.all(),
        loaded.imports.history(),
        loaded.audit.entries(),
    )
    (
        loaded.snapshots.all(),
        loaded.merges.direct(),
        loaded.lists.is_empty(),
        loaded.overrides.history("P1", "BY"),
    )
    assert loaded.data_version() == version
