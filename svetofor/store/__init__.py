"""The persistent store: SQLAlchemy 2 over SQLite (embedded default) or PostgreSQL.

:class:`Store` is a small container of one repository per kind of data, sharing one
:class:`~svetofor.store.engine.Database`::

    store = Store.open(data_dir)          # or Store.open(url=...), Store(engine)
    store.lists.import_result(result, user=..., file_hash=...)
    store.lists.load_dataset()
    store.overrides.set(item, scope, colour, reason, user=..., based_on=...)
    store.audit.entries(action="override")

Opening a store brings its database to the newest schema revision (:mod:`.migrate`, once per
process and database). Every change is one transaction with its audit entry, whose first
statement bumps the data version (:mod:`.engine`). Thread-safe: each call uses its own
connection and transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from svetofor.store import migrate
from svetofor.store.accounts import Accounts, UserInfo
from svetofor.store.audit import Audit, AuditEntry
from svetofor.store.engine import SQLITE_FILE, Database, StaleVersions, database_url, make_engine
from svetofor.store.imports import ImportRecord, Imports
from svetofor.store.lists import Lists
from svetofor.store.merges import MergeInfo, Merges
from svetofor.store.overrides import OVERRIDE_COLOURS, ConflictError, OverrideEvent, Overrides
from svetofor.store.positions import PositionMerge, Positions
from svetofor.store.reviews import REVIEW_STATES, ReviewEvent, Reviews
from svetofor.store.schema import metadata
from svetofor.store.snapshots import SnapshotInfo, Snapshots


class Store:
    """All persistent state, one repository per kind of data."""

    def __init__(self, engine: Engine) -> None:
        migrate.upgrade(engine)
        self.db = Database(engine)
        self.lists = Lists(self.db)
        self.overrides = Overrides(self.db)
        self.reviews = Reviews(self.db)
        self.merges = Merges(self.db)
        self.positions = Positions(self.db)
        self.imports = Imports(self.db)
        self.snapshots = Snapshots(self.db)
        self.accounts = Accounts(self.db)
        self.audit = Audit(self.db)

    @classmethod
    def open(cls, data_dir: Path | str | None = None, url: str | None = None) -> Store:
        """``url`` > env ``SVETOFOR_DATABASE_URL`` > SQLite in ``data_dir`` (see :mod:`.engine`)."""
        return cls(make_engine(database_url(data_dir, url)))

    @property
    def engine(self) -> Engine:
        return self.db.engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def versions(self) -> tuple[int, int]:
        """``(data_version, dataset_version)`` in one read: every change bumps the first; only
        imports, merges and dismissed suggestions bump the second."""
        return self.db.versions()

    def data_version(self) -> int:
        return self.versions()[0]

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table in a stable order: for tests, backups and debugging."""
        out: dict[str, list[tuple[Any, ...]]] = {}
        with self.db.read() as conn:
            for table in metadata.sorted_tables:
                order = list(table.primary_key.columns) or list(table.columns)
                out[table.name] = [tuple(row) for row in conn.execute(select(table).order_by(*order))]
        return out


__all__ = [
    "OVERRIDE_COLOURS",
    "REVIEW_STATES",
    "SQLITE_FILE",
    "AuditEntry",
    "ConflictError",
    "ImportRecord",
    "MergeInfo",
    "OverrideEvent",
    "PositionMerge",
    "ReviewEvent",
    "SnapshotInfo",
    "StaleVersions",
    "Store",
    "UserInfo",
    "database_url",
    "make_engine",
]
