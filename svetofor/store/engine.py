"""Where the database is, how it is opened, and the one way to change it.

* ``url`` argument > env ``SVETOFOR_DATABASE_URL`` > SQLite file ``<data dir>/svetofor.sqlite``
  (data dir: argument > env ``SVETOFOR_DATA_DIR`` > ``./instance``).
* SQLite runs in WAL mode with foreign keys and a busy timeout, set on every connection.
* Every change runs in ONE transaction (:meth:`Database.write`) whose first statement bumps
  ``meta.data_version``. That makes the version a cheap coherence key for caches in several app
  processes, and — because the bump takes the write lock (SQLite) or the meta row lock
  (PostgreSQL) first — it serialises writers, so a read-check-write (an override's version, a
  merge's chain) cannot race. The audit entry of the change is written in the same transaction.
* Queries are plain portable SQL; the only dialect-specific statements are the upserts
  (:mod:`svetofor.store.sql`) and the migration lock (:mod:`svetofor.store.migrate`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, select, update
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.pool import StaticPool

from svetofor.store.schema import AUDIT, META

DATABASE_URL_ENV = "SVETOFOR_DATABASE_URL"
DATA_DIR_ENV = "SVETOFOR_DATA_DIR"
DEFAULT_DATA_DIR = "instance"
SQLITE_FILE = "svetofor.sqlite"


def default_data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


def database_url(data_dir: Path | str | None = None, url: str | None = None) -> str:
    """``url`` > env ``SVETOFOR_DATABASE_URL`` > SQLite file ``<data_dir>/svetofor.sqlite``."""
    chosen = url or os.environ.get(DATABASE_URL_ENV)
    if chosen:
        return chosen
    directory = Path(data_dir) if data_dir is not None else default_data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(directory / SQLITE_FILE).resolve()}"


def in_memory(url: URL) -> bool:
    """An SQLite database that lives in one connection of one process."""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    memory = in_memory(parsed)
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if memory:
        # One connection, or every checkout would see a different empty database.
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # First, so that every statement below waits for a lock instead of failing at once.
        cursor.execute("PRAGMA busy_timeout=30000")
        if not memory:
            # Switching to WAL needs the database to itself and fails at once if it is busy:
            # only the first connection to a new database does it, under the migration's file
            # lock (svetofor.store.migrate.locked), so processes starting at once take turns.
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL survives a killed process (not a power cut) and keeps commits fast.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def now() -> datetime:
    return datetime.now(UTC)


class StaleVersions(Exception):
    """The store moved on since the caller read it: ``expected`` versions, ``found`` ones."""

    def __init__(self, expected: tuple[int, int], found: tuple[int, int]) -> None:
        self.expected = expected
        self.found = found
        super().__init__(f"the store is at versions {found}, not {expected}: someone else changed it")


def current_versions(conn: Connection) -> tuple[int, int]:
    """``(data_version, dataset_version)`` as ``conn`` sees them."""
    row = conn.execute(select(META.c.data_version, META.c.dataset_version).where(META.c.id == 1)).one()
    return int(row[0]), int(row[1])


@dataclass(frozen=True)
class Change:
    """An open write transaction: its connection and its time (of every row it stamps)."""

    conn: Connection
    at: datetime

    def audit(self, user: str, action: str, target: str, before: Any = None, after: Any = None) -> None:
        """The audit entry of this change, committed with it or not at all."""
        self.conn.execute(
            insert(AUDIT).values(
                created_at=self.at, username=user, action=action, target=target, before=before, after=after
            )
        )


class Database:
    """The engine shared by the repositories of one store, with its read and write paths."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def read(self) -> Connection:
        """A connection for reading (``with db.read() as conn``): nothing is written, no version moves."""
        return self.engine.connect()

    @contextmanager
    def write(self, *, dataset: bool = False) -> Iterator[Change]:
        """A write transaction whose first statement bumps the data version (see the module doc);
        ``dataset``: the change alters what the rules see, bump the dataset version too. An
        exception inside rolls everything back, the bump included."""
        values: dict[str, Any] = {"data_version": META.c.data_version + 1}
        if dataset:
            values["dataset_version"] = META.c.dataset_version + 1
        with self.engine.begin() as conn:
            conn.execute(update(META).where(META.c.id == 1).values(**values))
            # Taken once the write lock is held, so times follow the order of the commits.
            yield Change(conn, now())

    def versions(self) -> tuple[int, int]:
        """``(data_version, dataset_version)`` in one read."""
        with self.read() as conn:
            return current_versions(conn)
