"""Where the database is and how it is opened: URL precedence, SQLite pragmas, an in-memory
database, and the write transaction (version bump first, audit entry with the change)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from svetofor.store import Store, database_url, make_engine


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


def test_memory_url_keeps_one_database(by_list) -> None:
    store = Store(make_engine("sqlite://"))
    store.lists.import_result(by_list(), user="u", file_hash="h")
    assert len(store.lists.load_dataset().records) == 2


def test_a_write_bumps_the_versions_first_and_commits_its_audit_entry_with_it(store: Store) -> None:
    with store.db.write() as change:
        # the bump is the transaction's first statement: it is visible inside it already
        assert change.conn.execute(text("SELECT data_version FROM meta")).scalar() == 1
        change.audit("zoe", "note", "target", None, {"n": 1})
    assert store.versions() == (1, 0)
    with store.db.write(dataset=True) as change:
        pass
    assert store.versions() == (2, 1)
    [entry] = store.audit.entries()
    assert (entry.user, entry.action, entry.target, entry.before, entry.after) == (
        "zoe",
        "note",
        "target",
        None,
        {"n": 1},
    )


def test_a_failed_write_leaves_neither_its_rows_nor_its_bump_nor_its_audit_entry(store: Store) -> None:
    with pytest.raises(OSError, match="disk full"), store.db.write(dataset=True) as change:
        change.audit("zoe", "note", "target")
        raise OSError("disk full")
    assert store.versions() == (0, 0) and store.audit.entries() == []


def test_change_times_are_aware_utc_and_stored_naive(store: Store) -> None:
    with store.db.write() as change:
        change.audit("zoe", "note", "target")
    assert change.at.tzinfo is UTC
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT created_at FROM audit_log")).scalar()
    assert store.audit.entries()[0].at == change.at
    assert not isinstance(stored, datetime) or stored.tzinfo is None
