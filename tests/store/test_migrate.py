"""Migrations: a new database gets the newest revision, whose schema is exactly the tables of
``schema.py``; a store made before migrations is upgraded with its data intact; processes
opening a new database at once take turns; the work is done once per process and database.
Runs on the database of ``SVETOFOR_TEST_DATABASE_URL`` when set."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, Table, Text, inspect, text

from svetofor.store import Store, make_engine, migrate
from svetofor.store.schema import UTCDateTime, metadata
from tests.store import old_schema

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}


def schema_differences(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return list(compare_metadata(MigrationContext.configure(conn), metadata))
    finally:
        engine.dispose()


def revision_of(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return migrate.current(conn)
    finally:
        engine.dispose()


def test_a_new_database_gets_the_newest_revision_and_exactly_the_schema(database_url: str) -> None:
    with Store.open(url=database_url) as store:
        assert store.versions() == (0, 0)
    assert revision_of(database_url) == migrate.head()
    assert schema_differences(database_url) == []


def test_every_revision_can_be_undone_and_redone(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        for target in ("head", "base", "head"):
            with migrate.locked(engine) as conn:
                if target == "base":
                    command.downgrade(migrate.alembic_config(conn), "base")
                else:
                    command.upgrade(migrate.alembic_config(conn), "head")
            tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
            assert tables == (set(metadata.tables) if target == "head" else set())
    finally:
        engine.dispose()
    assert schema_differences(database_url) == []


def build_old_store(url: str, *, dataset_version: bool, without: tuple[str, ...] = ()) -> None:
    """A store as the code before migrations left it: its tables and rows, no alembic_version."""
    engine = make_engine(url)
    at = datetime(2025, 3, 6, 9, 30)
    with engine.begin() as conn:
        for stmt in old_schema.ddl(engine.dialect.name, dataset_version=dataset_version, without=without):
            conn.exec_driver_sql(stmt)
        meta = (
            "(id, data_version, schema_version, dataset_version)"
            if dataset_version
            else "(id, data_version, schema_version)"
        )
        values = "(1, 7, 1, 3)" if dataset_version else "(1, 7, 1)"
        rows = [
            f"INSERT INTO meta {meta} VALUES {values}",
            "INSERT INTO items VALUES ('P1', 'Станок', NULL, 'machine', 'Токарные', NULL, '[]', 0)",
            """INSERT INTO items VALUES ('P2', 'Шпиндель', NULL, 'component', NULL, NULL, '["P1"]', 1)""",
            "INSERT INTO enterprises VALUES ('BY:а', 'Завод А', 'BY', NULL, 0)",
            "INSERT INTO enterprises VALUES ('BY:б', 'Завод Б', 'BY', '100000001', 1)",
            "INSERT INTO imports (file_name, file_hash, username, created_at, countries, items, enterprises, records)"
            """ VALUES ('by.xlsx', 'h-by', 'alice', :at, '["BY"]', 2, 2, 2)""",
            "INSERT INTO records (item_key, country, enterprise_key, existing, capacity, import_id)"
            " VALUES ('P1', 'BY', 'BY:а', TRUE, 100, 1), ('P2', 'BY', 'BY:б', FALSE, NULL, 1)",
            "INSERT INTO demand VALUES ('P1', 'BY', 50)",
            "INSERT INTO list_membership VALUES ('P1', 'BY'), ('P2', 'BY')",
            "INSERT INTO overrides VALUES ('P1', 'BY', 'red', 'проверено', 'alice', :at, 2, 'green')",
            "INSERT INTO override_history (item_key, scope, action, colour, reason, author, created_at, version,"
            " based_on, override_author, override_created_at, undone)"
            " VALUES ('P1', 'BY', 'set', 'red', 'проверено', 'alice', :at, 2, 'green', 'alice', :at, FALSE)",
            "INSERT INTO warning_reviews VALUES ('parallel-new|P2|', 'accepted', 'разные', 'alice', :at)",
            "INSERT INTO enterprise_merges VALUES ('BY:б', 'BY:а', 'admin', :at)",
            """INSERT INTO audit_log (created_at, username, action, target, "before", "after")"""
            """ VALUES (:at, 'alice', 'import', 'by.xlsx', 'null', '{"records": 2}')""",
        ]
        if "users" not in without:
            rows.append("INSERT INTO users VALUES ('ivan', 'scrypt:x', 'admin', :at)")
        for stmt in rows:
            conn.execute(text(stmt), {"at": at} if ":at" in stmt else {})
    engine.dispose()


@pytest.mark.parametrize(
    ("dataset_version", "without"),
    [(True, ()), (False, ()), (True, ("users", "snapshots"))],
    ids=["last-release", "first-release-without-dataset-version", "without-later-tables"],
)
def test_a_store_made_before_migrations_is_upgraded_with_its_data_intact(
    database_url: str, dataset_version: bool, without: tuple[str, ...]
) -> None:
    build_old_store(database_url, dataset_version=dataset_version, without=without)
    assert revision_of(database_url) is None
    with Store.open(url=database_url) as store:
        assert store.versions() == (7, 3 if dataset_version else 0)
        ds = store.lists.load_dataset()
        assert list(ds.items) == ["P1", "P2"] and ds.items["P2"].used_in == ("P1",)
        assert [(r.item_key, r.enterprise_key, r.existing) for r in ds.records] == [
            ("P1", "BY:а", True),
            ("P2", "BY:а", False),  # the stored merge applies
        ]
        assert ds.demand == {("P1", "BY"): 50.0}
        override = store.overrides.active()[("P1", "BY")]
        assert (override.colour, override.version, override.created_at) == (
            "red",
            2,
            datetime(2025, 3, 6, 9, 30, tzinfo=UTC),
        )
        assert store.reviews.all()["parallel-new|P2|"].state == "accepted"
        assert store.merges.direct() == {"BY:б": "BY:а"}
        assert [u.username for u in store.accounts.all()] == ([] if "users" in without else ["ivan"])
        assert store.audit.entries()[0].after == {"records": 2}
        # and it takes new changes: the ids of the old tables still count on
        store.overrides.set("P1", "BY", "yellow", "после обновления", user="boris", based_on="green")
        assert store.overrides.history("P1", "BY")[0].version == 3
        store.snapshots.save("после обновления", b"x", user="boris")
        assert store.versions() == (9, 3 if dataset_version else 0)
    assert revision_of(database_url) == migrate.head()
    assert schema_differences(database_url) == []


OPEN_WHEN_TOLD = """
import sys, time
from pathlib import Path
from svetofor.store import Store
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
print("opening", flush=True)
with Store.open(url=sys.argv[1]) as store:
    print(store.versions(), flush=True)
"""


def opener(url: str, go: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", OPEN_WHEN_TOLD, url, str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


def test_processes_opening_a_new_database_at_once_all_succeed(database_url: str, tmp_path: Path) -> None:
    go = tmp_path / "go"
    procs = [opener(database_url, go) for _ in range(4)]
    time.sleep(2)  # let them all import and wait at the start line, so they open together
    go.touch()
    outcomes = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0, 0], [err for _, err in outcomes]
    assert all(out.splitlines()[-1] == "(0, 0)" for out, _ in outcomes)
    assert revision_of(database_url) == migrate.head()


def test_an_opening_waits_while_another_process_migrates(database_url: str, tmp_path: Path) -> None:
    go = tmp_path / "go"
    go.touch()
    engine = make_engine(database_url)
    try:
        with migrate.locked(engine):  # as if another process were migrating now
            proc = opener(database_url, go)
            assert proc.stdout is not None and proc.stdout.readline().strip() == "opening"
            time.sleep(1)
            assert proc.poll() is None, proc.communicate()  # still waiting for the lock
        out, err = proc.communicate(timeout=120)
    finally:
        engine.dispose()
    assert proc.returncode == 0, err
    assert out.splitlines()[-1] == "(0, 0)"


def test_the_schema_work_is_done_once_per_process_and_database(database_url: str, monkeypatch) -> None:
    upgrades: list[str] = []
    original = command.upgrade

    def counted(config, revision, **kwargs):
        upgrades.append(revision)
        return original(config, revision, **kwargs)

    monkeypatch.setattr(command, "upgrade", counted)
    for _ in range(3):
        Store.open(url=database_url).close()
    assert upgrades == ["head"]
    migrate.forget(database_url)
    Store.open(url=database_url).close()
    assert upgrades == ["head", "head"]


def test_every_in_memory_database_is_migrated_on_its_own() -> None:
    first, second = Store(make_engine("sqlite://")), Store(make_engine("sqlite://"))
    first.snapshots.save("a", b"", user="u")
    assert [s.name for s in first.snapshots.all()] == ["a"] and second.snapshots.all() == []


@pytest.fixture
def probe_table() -> Iterator[Table]:
    """A table added to schema.py, as a later engineer would, taken out again afterwards."""
    table = Table(
        "probe",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("name", Text, nullable=False),
        Column("created_at", UTCDateTime, nullable=False, index=True),
    )
    try:
        yield table
    finally:
        metadata.remove(table)


def test_a_new_revision_is_drafted_from_the_tables_and_upgrades_and_downgrades(
    database_url: str, tmp_path: Path, probe_table: Table
) -> None:
    location = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    before = migrate.head(location)  # the newest shipped revision (the next number follows it)
    after = f"{int(before) + 1:04d}"
    path = migrate.write_revision("probe table", location=location)
    assert path == location / "versions" / f"r{after}_probe_table.py"
    source = path.read_text()  # formatted by ruff, like the rest of the code
    assert f'revision = "{after}"\ndown_revision = "{before}"\n' in source
    # the store's own column type is written as the SQL type beneath it: nothing from schema.py
    assert "sa.DateTime()" in source and "UTCDateTime" not in source and "svetofor" not in source
    assert migrate.head(location) == after
    engine = make_engine(database_url)
    try:
        for target, has_probe in (("head", True), (before, False)):
            with migrate.locked(engine) as conn:
                config = migrate.alembic_config(conn, location)
                if has_probe:
                    command.upgrade(config, target)
                else:
                    command.downgrade(config, target)
            assert ("probe" in inspect(engine).get_table_names()) is has_probe
            assert revision_of(database_url) == target.replace("head", after)
    finally:
        engine.dispose()


def test_an_empty_revision_follows_the_newest(tmp_path: Path) -> None:
    location = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    after = f"{int(migrate.head(location)) + 1:04d}"
    path = migrate.write_revision("fill aliases", autogenerate=False, location=location)
    assert path.name == f"r{after}_fill_aliases.py" and migrate.head(location) == after
    assert "def upgrade() -> None:\n    pass" in path.read_text()
