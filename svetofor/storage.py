"""Persistent store of the diagram: SQLAlchemy 2 over SQLite (embedded default) or PostgreSQL.

Design points that other modules rely on:

* Every change runs in ONE transaction whose first statement bumps ``meta.data_version``. That
  makes the version a cheap coherence key for caches in several app processes, and — because the
  bump takes the write lock (SQLite) or the meta row lock (PostgreSQL) first — it serialises
  writers, so the read-check-write of an override's version cannot race.
* Records store the enterprise key as read from the file; merges are applied when the dataset is
  loaded, so a merge applies to past and future imports and an unmerge restores the original.
* Item rows are never deleted: they keep a position in list order across imports. A position is
  part of the data while any country's list holds it (``list_membership``).
* Overrides keep a row after being cleared (colour NULL) so the per-cell version only ever grows:
  a client holding an old version can never match a newer state by accident.
* ``meta.dataset_version`` moves only with what the rules see (imports, merges, dismissed
  suggestions), so a cache may keep its classification across recolours and reviews.
* An undo restores the cell's state before the user's last change still in effect, and refuses
  (``ConflictError``) when someone else has changed that cell since.
* Timestamps are stored as naive UTC and returned timezone-aware (portable across databases).
* Queries are plain portable SQL (no SQLite- or PostgreSQL-only features); the SQLite pragmas
  (WAL, foreign keys, busy timeout) are set per connection.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    TypeDecorator,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import StaticPool

from svetofor.model import (
    COLOURS,
    COUNTRIES,
    SCOPES,
    Colour,
    Dataset,
    Enterprise,
    Item,
    Override,
    ReadResult,
    Record,
    Review,
    Statuses,
)

DATABASE_URL_ENV = "SVETOFOR_DATABASE_URL"
DATA_DIR_ENV = "SVETOFOR_DATA_DIR"
DEFAULT_DATA_DIR = "instance"
SQLITE_FILE = "svetofor.sqlite"
SCHEMA_VERSION = 1

# Colours a planner may set. "none" means "no data" and is computed, never chosen.
OVERRIDE_COLOURS: tuple[Colour, ...] = ("green", "yellow", "red")
REVIEW_STATES = ("open", "accepted", "resolved")


class ConflictError(Exception):
    """The cell changed underneath the caller (optimistic concurrency); ``current`` is its state now."""

    def __init__(self, current: Override | None, message: str | None = None) -> None:
        self.current = current
        super().__init__(message or "the cell was changed by someone else; reload and decide again")


# --------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ImportRecord:
    id: int
    file_name: str
    file_hash: str
    user: str
    at: datetime
    countries: tuple[str, ...]
    items: int
    enterprises: int
    records: int
    duplicate_of: int | None = None  # id of the first import of the same file (same sha256)


@dataclass(frozen=True)
class OverrideEvent:
    """One change of one cell. ``author`` is who made the change (for an undo: who undid)."""

    action: str  # "set" / "clear"
    colour: Colour | None  # the cell's override colour after the change (None after a clear)
    reason: str
    author: str
    at: datetime
    version: int
    item_key: str = ""
    scope: str = ""
    based_on: Colour | None = None
    undo_of: int | None = None  # id of the event this one reverted
    undone: bool = False  # a later undo reverted this event
    id: int = 0


@dataclass(frozen=True)
class ReviewEvent:
    warning_key: str
    state: str
    reason: str
    author: str
    at: datetime


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    user: str
    action: str
    target: str
    before: Any
    after: Any


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    name: str
    created_at: datetime
    author: str
    automatic: bool
    size: int  # payload bytes


@dataclass(frozen=True)
class MergeInfo:
    merged_key: str
    surviving_key: str
    author: str
    at: datetime
    # The names as stored from the lists: a merged enterprise is gone from the loaded dataset,
    # so its name can only come from here ("" if the row is somehow missing).
    merged_name: str = ""
    surviving_name: str = ""


@dataclass(frozen=True)
class UserInfo:
    username: str
    password_hash: str
    role: str
    created_at: datetime


# ---------------------------------------------------------------------------------------- schema


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC in Python, naive UTC in the database: SQLite has no time zones, PostgreSQL does."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class MetaRow(Base):
    __tablename__ = "meta"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    data_version: Mapped[int] = mapped_column(Integer, nullable=False)
    schema_version: Mapped[int] = mapped_column(Integer, nullable=False)
    # Bumped only by changes of what the rules see (imports, merges, dismissals), so a cache can
    # keep the classified dataset across recolours and rebuild only the rows.
    dataset_version: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")


class ItemRow(Base):
    __tablename__ = "items"
    item_key: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    code: Mapped[str | None] = mapped_column(String)
    kind: Mapped[str | None] = mapped_column(String)
    group_name: Mapped[str | None] = mapped_column(Text)
    hs_code: Mapped[str | None] = mapped_column(String)
    # JSON text (not the JSON type) so bulk inserts can go straight to the driver.
    used_in: Mapped[str] = mapped_column(Text, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)


class EnterpriseRow(Base):
    __tablename__ = "enterprises"
    enterprise_key: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    country: Mapped[str] = mapped_column(String(2), nullable=False)
    tax_id: Mapped[str | None] = mapped_column(String)
    position: Mapped[int] = mapped_column(Integer, nullable=False)


class RecordRow(Base):
    __tablename__ = "records"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_key: Mapped[str] = mapped_column(ForeignKey("items.item_key"), nullable=False)
    country: Mapped[str] = mapped_column(String(2), nullable=False)
    enterprise_key: Mapped[str | None] = mapped_column(ForeignKey("enterprises.enterprise_key"))
    existing: Mapped[bool] = mapped_column(Boolean, nullable=False)
    capacity: Mapped[float | None] = mapped_column(Float)
    action: Mapped[str | None] = mapped_column(String)
    launch_year: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    source_sheet: Mapped[str | None] = mapped_column(Text)
    source_row: Mapped[int | None] = mapped_column(Integer)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"))
    __table_args__ = (Index("ix_records_country", "country"),)


class DemandRow(Base):
    __tablename__ = "demand"
    item_key: Mapped[str] = mapped_column(ForeignKey("items.item_key"), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    value: Mapped[float] = mapped_column(Float, nullable=False)


class MembershipRow(Base):
    """Which country's list holds which position: a position stays while any list holds it."""

    __tablename__ = "list_membership"
    item_key: Mapped[str] = mapped_column(ForeignKey("items.item_key"), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True)


class OverrideRow(Base):
    __tablename__ = "overrides"
    item_key: Mapped[str] = mapped_column(String, primary_key=True)
    scope: Mapped[str] = mapped_column(String(8), primary_key=True)
    colour: Mapped[str | None] = mapped_column(String(8))  # NULL: cleared (the version lives on)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(String, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    based_on: Mapped[str | None] = mapped_column(String(8))


class OverrideEventRow(Base):
    """Every set/clear of a cell with the cell's full state after it (so an undo can restore it)."""

    __tablename__ = "override_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_key: Mapped[str] = mapped_column(String, nullable=False)
    scope: Mapped[str] = mapped_column(String(8), nullable=False)
    action: Mapped[str] = mapped_column(String(8), nullable=False)
    colour: Mapped[str | None] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(String, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    based_on: Mapped[str | None] = mapped_column(String(8))
    # The override's own author and time after this event (differs from author/created_at for an
    # undo that restores someone's earlier override).
    override_author: Mapped[str | None] = mapped_column(String)
    override_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undo_of: Mapped[int | None] = mapped_column(Integer)
    undone: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    __table_args__ = (
        Index("ix_override_history_cell", "item_key", "scope"),
        Index("ix_override_history_author", "author"),
    )


class ReviewRow(Base):
    __tablename__ = "warning_reviews"
    warning_key: Mapped[str] = mapped_column(String, primary_key=True)
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(String, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class ReviewEventRow(Base):
    __tablename__ = "review_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    warning_key: Mapped[str] = mapped_column(String, nullable=False, index=True)
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(String, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class MergeRow(Base):
    __tablename__ = "enterprise_merges"
    merged_key: Mapped[str] = mapped_column(String, primary_key=True)
    surviving_key: Mapped[str] = mapped_column(String, nullable=False)
    author: Mapped[str] = mapped_column(String, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class DismissedRow(Base):
    __tablename__ = "dismissed_suggestions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # JSON list, sorted. Not named "keys": ``Table.c.keys`` is a method of the column collection.
    enterprise_keys: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    author: Mapped[str] = mapped_column(String, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class ImportRow(Base):
    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    file_name: Mapped[str] = mapped_column(Text, nullable=False)
    file_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    username: Mapped[str] = mapped_column(String, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    countries: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    items: Mapped[int] = mapped_column(Integer, nullable=False)
    enterprises: Mapped[int] = mapped_column(Integer, nullable=False)
    records: Mapped[int] = mapped_column(Integer, nullable=False)
    duplicate_of: Mapped[int | None] = mapped_column(Integer)


class AuditRow(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    username: Mapped[str] = mapped_column(String, nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    target: Mapped[str] = mapped_column(Text, nullable=False)
    before: Mapped[Any] = mapped_column(JSON)
    after: Mapped[Any] = mapped_column(JSON)


class SnapshotRow(Base):
    __tablename__ = "snapshots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    author: Mapped[str] = mapped_column(String, nullable=False)
    automatic: Mapped[bool] = mapped_column(Boolean, nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    payload: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class UserRow(Base):
    __tablename__ = "users"
    username: Mapped[str] = mapped_column(String, primary_key=True)
    password_hash: Mapped[str] = mapped_column(Text, nullable=False)
    role: Mapped[str] = mapped_column(String(32), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


def _t(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


META, ITEMS, ENTERPRISES, RECORDS = _t(MetaRow), _t(ItemRow), _t(EnterpriseRow), _t(RecordRow)
DEMAND, MEMBERSHIP, OVERRIDES, OVERRIDE_HISTORY = (
    _t(DemandRow),
    _t(MembershipRow),
    _t(OverrideRow),
    _t(OverrideEventRow),
)
REVIEWS, REVIEW_HISTORY, MERGES, DISMISSED = (
    _t(ReviewRow),
    _t(ReviewEventRow),
    _t(MergeRow),
    _t(DismissedRow),
)
IMPORTS, AUDIT, SNAPSHOTS, USERS = _t(ImportRow), _t(AuditRow), _t(SnapshotRow), _t(UserRow)


# ---------------------------------------------------------------------------------------- engine


ITEM_COLUMNS = ("item_key", "name", "code", "kind", "group_name", "hs_code", "used_in", "position")
RECORD_COLUMNS = (
    "item_key",
    "country",
    "enterprise_key",
    "existing",
    "capacity",
    "action",
    "launch_year",
    "note",
    "source_sheet",
    "source_row",
    "import_id",
)


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


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    memory = parsed.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if memory:
        # One connection, or every checkout would see a different empty database.
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL survives a killed process (not a power cut) and keeps commits fast.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def _now() -> datetime:
    return datetime.now(UTC)


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _resolve_all(direct: Mapping[str, str]) -> dict[str, str]:
    """Merged key -> final surviving key, following chains (a merged into b, b into c)."""
    resolved: dict[str, str] = {}
    for start in direct:
        seen = {start}
        key = direct[start]
        while key in direct and key not in seen:
            seen.add(key)
            key = direct[key]
        resolved[start] = key
    return resolved


def _bulk_insert(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> None:
    """executemany straight to the driver with plain tuples: ``conn.execute(insert(t), dicts)``
    spends most of its time building parameters row by row, which keeps a 50k-row import under
    50k rows/s. Only for columns whose values the driver takes as they are (str, int, float,
    bool, None), so no SQLAlchemy type processing is skipped that matters."""
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=list(columns))
    if compiled.positional:
        where = {name: n for n, name in enumerate(columns)}
        order = [where[key] for key in compiled.positiontup or []]
        params: list[Any] = [
            row if order == list(range(len(columns))) else tuple(row[i] for i in order) for row in rows
        ]
    else:
        params = [dict(zip(columns, row, strict=True)) for row in rows]
    if params:
        conn.exec_driver_sql(str(compiled), params)


def _overlay_items(existing: Mapping[str, Item], items: Iterable[Item]) -> tuple[list[Item], list[Item]]:
    """The file's positions over the stored ones: (new positions, changed stored positions).

    New positions are appended after every stored one (also those no list holds now), so a
    position keeps its first place in list order across imports. A list without a column (e.g.
    no "Применяется в") must not erase what another country's list said: only filled values
    overwrite."""
    position = max((item.order for item in existing.values()), default=-1)
    fresh: list[Item] = []
    changed: list[Item] = []
    for item in items:
        old = existing.get(item.key)
        if old is None:
            position += 1
            fresh.append(replace(item, order=position))
            continue
        merged = Item(
            key=item.key,
            name=item.name or old.name,
            code=item.code or old.code,
            kind=item.kind or old.kind,
            group=item.group or old.group,
            hs_code=item.hs_code or old.hs_code,
            used_in=tuple(item.used_in) or old.used_in,
            order=old.order,
        )
        if merged != old:
            changed.append(merged)
    return fresh, changed


def _overlay_enterprises(
    existing: Mapping[str, Enterprise], enterprises: Iterable[Enterprise]
) -> tuple[list[Enterprise], list[Enterprise]]:
    fresh: list[Enterprise] = []
    changed: list[Enterprise] = []
    for ent in enterprises:
        old = existing.get(ent.key)
        if old is None:
            fresh.append(ent)
            continue
        merged = Enterprise(ent.key, ent.name or old.name, ent.country, ent.tax_id or old.tax_id)
        if merged != old:
            changed.append(merged)
    return fresh, changed


def _compose(
    items: Mapping[str, Item],
    enterprises: Mapping[str, Enterprise],
    membership: Iterable[tuple[str, str]],
    records: list[Record],
    demand: Mapping[tuple[str, str], float],
    merges: Mapping[str, str],
) -> Dataset:
    """The dataset as the rules see it: positions some list holds, in list order; enterprise
    keys resolved through merges; only enterprises that produce something."""
    held: set[str] = set()
    countries: set[str] = set()
    for key, country in membership:
        held.add(key)
        countries.add(country)
    ordered = sorted((items[k] for k in held if k in items), key=lambda item: item.order)
    resolve = _resolve_all(merges)
    used: set[str] = set()
    if resolve:
        resolved = []
        for r in records:
            ent = r.enterprise_key
            if ent is not None and ent in resolve:
                r = replace(r, enterprise_key=resolve[ent])
            resolved.append(r)
        records = resolved
    for r in records:
        countries.add(r.country)
        if r.enterprise_key is not None:
            used.add(r.enterprise_key)
    return Dataset(
        items={item.key: item for item in ordered},
        enterprises={k: e for k, e in enterprises.items() if k in used},
        records=records,
        demand={k: v for k, v in demand.items() if k[0] in held},
        countries=frozenset(countries),
    )


# ----------------------------------------------------------------------------------------- store


class Store:
    """All persistent state. Thread-safe: each call uses its own connection and transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Two app processes starting on a new database race to create it (gunicorn -w 2): the
        # loser's CREATE fails on a table the winner just made; the next pass finds them all.
        for attempt in range(3):
            try:
                self._create_schema()
                break
            except DBAPIError:
                if attempt == 2:
                    raise
                time.sleep(0.2 * (attempt + 1))

    def _create_schema(self) -> None:
        engine = self.engine
        Base.metadata.create_all(engine)
        # Stores made by the first version of this module lack the column (no other migration yet).
        if "dataset_version" not in {c["name"] for c in inspect(engine).get_columns("meta")}:
            with engine.begin() as conn:
                conn.execute(text("ALTER TABLE meta ADD COLUMN dataset_version INTEGER NOT NULL DEFAULT 0"))
        with engine.begin() as conn:
            if conn.execute(select(META.c.id)).first() is None:
                conn.execute(
                    insert(META).values(
                        id=1, data_version=0, dataset_version=0, schema_version=SCHEMA_VERSION
                    )
                )

    @classmethod
    def open(cls, data_dir: Path | str | None = None, url: str | None = None) -> Store:
        return cls(make_engine(database_url(data_dir, url)))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # ------------------------------------------------------------------ transactions and audit

    @contextmanager
    def _write(self, *, dataset: bool = False) -> Iterator[Connection]:
        """A write transaction whose first statement bumps the data version (see module doc);
        ``dataset``: the change alters what the rules see, bump the dataset version too."""
        values: dict[str, Any] = {"data_version": META.c.data_version + 1}
        if dataset:
            values["dataset_version"] = META.c.dataset_version + 1
        with self.engine.begin() as conn:
            conn.execute(update(META).where(META.c.id == 1).values(**values))
            yield conn

    def _audit(
        self, conn: Connection, user: str, action: str, target: str, before: Any, after: Any, at: datetime
    ) -> None:
        conn.execute(
            insert(AUDIT).values(
                created_at=at, username=user, action=action, target=target, before=before, after=after
            )
        )

    def data_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(META.c.data_version).where(META.c.id == 1)).scalar_one())

    def versions(self) -> tuple[int, int]:
        """``(data_version, dataset_version)`` in one read: every change bumps the first; only
        imports, merges and dismissed suggestions bump the second."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(META.c.data_version, META.c.dataset_version).where(META.c.id == 1)
            ).one()
        return int(row[0]), int(row[1])

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(MEMBERSHIP.c.item_key).limit(1)).first() is None

    # -------------------------------------------------------------------------------- import

    def _file_countries(self, result: ReadResult) -> list[str]:
        """The countries whose lists the file replaces; refuses what storage cannot take whole."""
        if result.errors:
            raise ValueError(f"{result.file}: the file has {len(result.errors)} error(s); nothing imported")
        ds = result.dataset
        countries = (
            set(result.countries) | {r.country for r in ds.records} | {country for _, country in ds.demand}
        )
        if not countries and ds.items:
            raise ValueError(f"{result.file}: no country for the file; nothing imported")
        unknown = countries - set(COUNTRIES)
        if unknown:
            raise ValueError(f"{result.file}: unknown country {sorted(unknown)}; nothing imported")
        for record in ds.records:
            if record.item_key not in ds.items:
                raise ValueError(f"{result.file}: a record names an unknown position {record.item_key!r}")
            if record.enterprise_key is not None and record.enterprise_key not in ds.enterprises:
                raise ValueError(
                    f"{result.file}: a record names an unknown enterprise {record.enterprise_key!r}"
                )
        return sorted(countries)

    def import_result(
        self,
        result: ReadResult,
        *,
        user: str,
        file_hash: str,
        computed: Statuses | None = None,
        snapshot: tuple[str, bytes] | None = None,
    ) -> ImportRecord:
        """Store one read file in one transaction: its countries' records, demand and list are
        replaced; items and enterprises are upserted; overrides, reviews and merges are kept.

        ``computed`` (the statuses of the data after this import, if the caller has them) lets the
        audit entry name the overrides that now differ from the data. ``snapshot`` (name,
        payload) is stored as an automatic snapshot in the same transaction.
        """
        country_list = self._file_countries(result)
        ds = result.dataset
        at = _now()
        with self._write(dataset=True) as conn:
            resolve = _resolve_all(self._direct_merges(conn))
            self._upsert_items(conn, ds.items.values())
            self._upsert_enterprises(conn, ds.enterprises.values())
            replaced = self._count_records(conn, country_list)
            self._delete_countries(conn, country_list)
            first = conn.execute(
                select(func.min(IMPORTS.c.id)).where(IMPORTS.c.file_hash == file_hash)
            ).scalar_one_or_none()
            n_enterprises = len({resolve.get(k, k) for k in ds.enterprises})
            import_id = conn.execute(
                insert(IMPORTS).values(
                    file_name=result.file,
                    file_hash=file_hash,
                    username=user,
                    created_at=at,
                    countries=country_list,
                    items=len(ds.items),
                    enterprises=n_enterprises,
                    records=len(ds.records),
                    duplicate_of=first,
                )
            ).inserted_primary_key[0]
            self._write_rows(conn, ds, country_list, import_id)
            after: dict[str, Any] = {
                "import_id": import_id,
                "file_hash": file_hash,
                "countries": country_list,
                "items": len(ds.items),
                "enterprises": n_enterprises,
                "records": len(ds.records),
                "duplicate_of": first,
            }
            if computed is not None:
                after["stale_overrides"] = [
                    {"item": o.item_key, "scope": o.scope, "colour": o.colour, "based_on": o.based_on}
                    for o in self._active_overrides(conn).values()
                    if (cell := computed.get(o.item_key, {}).get(o.scope)) is not None
                    and o.stale(cell.colour)
                ]
            if snapshot is not None:
                after["snapshot_id"] = self._insert_snapshot(conn, snapshot[0], snapshot[1], user, True, at)
            self._audit(conn, user, "import", result.file, {"records": replaced}, after, at)
        return ImportRecord(
            id=int(import_id),
            file_name=result.file,
            file_hash=file_hash,
            user=user,
            at=at,
            countries=tuple(country_list),
            items=len(ds.items),
            enterprises=n_enterprises,
            records=len(ds.records),
            duplicate_of=first,
        )

    @staticmethod
    def _item_of(row: Any) -> Item:
        """From a row of ``ITEM_COLUMNS`` (positional access: this runs for every position)."""
        used = row[6]
        return Item(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            tuple(json.loads(used)) if used != "[]" else (),
            row[7],
        )

    @staticmethod
    def _item_values(item: Item) -> dict[str, Any]:
        return {
            "item_key": item.key,
            "name": item.name,
            "code": item.code,
            "kind": item.kind,
            "group_name": item.group,
            "hs_code": item.hs_code,
            "used_in": json.dumps(list(item.used_in), ensure_ascii=False),
            "position": item.order,
        }

    def _all_items(self, conn: Connection) -> dict[str, Item]:
        return {
            row[0]: self._item_of(row)
            for row in conn.execute(
                select(*(ITEMS.c[n] for n in ITEM_COLUMNS)).order_by(ITEMS.c.position)
            ).all()
        }

    def _all_enterprises(self, conn: Connection) -> dict[str, Enterprise]:
        return {
            row.enterprise_key: Enterprise(row.enterprise_key, row.name, row.country, row.tax_id)
            for row in conn.execute(select(ENTERPRISES).order_by(ENTERPRISES.c.position)).all()
        }

    def _upsert_items(self, conn: Connection, items: Iterable[Item]) -> None:
        existing = self._all_items(conn)
        fresh, changed = _overlay_items(existing, items)
        if fresh:
            _bulk_insert(conn, ITEMS, ITEM_COLUMNS, [tuple(self._item_values(i).values()) for i in fresh])
        if changed:
            conn.execute(
                update(ITEMS)
                .where(ITEMS.c.item_key == bindparam("b_key"))
                .values(
                    name=bindparam("b_name"),
                    code=bindparam("b_code"),
                    kind=bindparam("b_kind"),
                    group_name=bindparam("b_group"),
                    hs_code=bindparam("b_hs"),
                    used_in=bindparam("b_used"),
                ),
                [
                    {
                        "b_key": i.key,
                        "b_name": i.name,
                        "b_code": i.code,
                        "b_kind": i.kind,
                        "b_group": i.group,
                        "b_hs": i.hs_code,
                        "b_used": json.dumps(list(i.used_in), ensure_ascii=False),
                    }
                    for i in changed
                ],
            )

    def _upsert_enterprises(self, conn: Connection, enterprises: Iterable[Enterprise]) -> None:
        existing = self._all_enterprises(conn)
        fresh, changed = _overlay_enterprises(existing, enterprises)
        if fresh:
            position = (
                conn.execute(select(func.max(ENTERPRISES.c.position))).scalar_one_or_none()
                if existing
                else None
            )
            start = -1 if position is None else position
            conn.execute(
                insert(ENTERPRISES),
                [
                    {
                        "enterprise_key": e.key,
                        "name": e.name,
                        "country": e.country,
                        "tax_id": e.tax_id,
                        "position": start + n,
                    }
                    for n, e in enumerate(fresh, start=1)
                ],
            )
        if changed:
            conn.execute(
                update(ENTERPRISES)
                .where(ENTERPRISES.c.enterprise_key == bindparam("b_key"))
                .values(name=bindparam("b_name"), country=bindparam("b_country"), tax_id=bindparam("b_tax")),
                [
                    {"b_key": e.key, "b_name": e.name, "b_country": e.country, "b_tax": e.tax_id}
                    for e in changed
                ],
            )

    def _count_records(self, conn: Connection, countries: list[str]) -> dict[str, int]:
        rows = conn.execute(
            select(RECORDS.c.country, func.count())
            .where(RECORDS.c.country.in_(countries))
            .group_by(RECORDS.c.country)
        )
        return {country: int(n) for country, n in rows}

    def _delete_countries(self, conn: Connection, countries: list[str]) -> None:
        conn.execute(delete(RECORDS).where(RECORDS.c.country.in_(countries)))
        conn.execute(delete(DEMAND).where(DEMAND.c.country.in_(countries)))
        conn.execute(delete(MEMBERSHIP).where(MEMBERSHIP.c.country.in_(countries)))

    def _write_rows(self, conn: Connection, ds: Dataset, countries: list[str], import_id: int) -> None:
        _bulk_insert(
            conn,
            RECORDS,
            RECORD_COLUMNS,
            [
                (
                    r.item_key,
                    r.country,
                    r.enterprise_key,
                    r.existing,
                    r.capacity,
                    r.action,
                    r.launch_year,
                    r.note,
                    r.sheet,
                    r.row,
                    import_id,
                )
                for r in ds.records
            ],
        )
        _bulk_insert(
            conn,
            DEMAND,
            ("item_key", "country", "value"),
            [(key, country, value) for (key, country), value in ds.demand.items() if value and value > 0],
        )
        # The file is the list of each of its countries, so each of them holds every position in it.
        _bulk_insert(
            conn, MEMBERSHIP, ("item_key", "country"), [(key, c) for key in ds.items for c in countries]
        )

    def imports(self) -> list[ImportRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(IMPORTS).order_by(IMPORTS.c.id.desc())).all()
        return [
            ImportRecord(
                id=row.id,
                file_name=row.file_name,
                file_hash=row.file_hash,
                user=row.username,
                at=row.created_at,
                countries=tuple(row.countries),
                items=row.items,
                enterprises=row.enterprises,
                records=row.records,
                duplicate_of=row.duplicate_of,
            )
            for row in rows
        ]

    def find_import(self, file_hash: str) -> ImportRecord | None:
        """The first import of a file with this sha256, to tell a planner "already imported"."""
        with self.engine.connect() as conn:
            first = conn.execute(
                select(func.min(IMPORTS.c.id)).where(IMPORTS.c.file_hash == file_hash)
            ).scalar_one_or_none()
        return None if first is None else next(rec for rec in self.imports() if rec.id == first)

    # --------------------------------------------------------------------------------- load

    def _read_rows(
        self, conn: Connection, without: Iterable[str] = ()
    ) -> tuple[list[tuple[str, str]], list[Record], dict[tuple[str, str], float]]:
        """Membership, records (enterprise keys as stored) and demand, except the ``without`` countries."""
        skip = list(without)
        mq = select(MEMBERSHIP.c.item_key, MEMBERSHIP.c.country)
        rq = select(
            RECORDS.c.item_key,
            RECORDS.c.country,
            RECORDS.c.enterprise_key,
            RECORDS.c.existing,
            RECORDS.c.capacity,
            RECORDS.c.action,
            RECORDS.c.launch_year,
            RECORDS.c.note,
            RECORDS.c.source_sheet,
            RECORDS.c.source_row,
        ).order_by(RECORDS.c.id)
        dq = select(DEMAND.c.item_key, DEMAND.c.country, DEMAND.c.value)
        if skip:
            mq = mq.where(MEMBERSHIP.c.country.not_in(skip))
            rq = rq.where(RECORDS.c.country.not_in(skip))
            dq = dq.where(DEMAND.c.country.not_in(skip))
        # fetchall, not row-by-row iteration: a third of the load time for 50k records
        membership = [(key, country) for key, country in conn.execute(mq).all()]
        records = [
            Record(r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6], r[7], r[8], r[9])
            for r in conn.execute(rq).all()
        ]
        demand = {(key, country): float(value) for key, country, value in conn.execute(dq).all()}
        return membership, records, demand

    def load_dataset(self) -> Dataset:
        """The stored data with merges applied; ``countries`` = countries with any stored row."""
        with self.engine.connect() as conn:
            membership, records, demand = self._read_rows(conn)
            return _compose(
                self._all_items(conn),
                self._all_enterprises(conn),
                membership,
                records,
                demand,
                self._direct_merges(conn),
            )

    def preview_dataset(self, result: ReadResult) -> Dataset:
        """What ``load_dataset()`` would return after importing ``result`` — computed without
        writing (no lock is taken), by the same rules as ``import_result``."""
        countries = self._file_countries(result)
        ds = result.dataset
        with self.engine.connect() as conn:
            membership, records, demand = self._read_rows(conn, without=countries)
            items = self._all_items(conn)
            enterprises = self._all_enterprises(conn)
            merges = self._direct_merges(conn)
        fresh, changed = _overlay_items(items, ds.items.values())
        for item in (*changed, *fresh):
            items[item.key] = item
        fresh_e, changed_e = _overlay_enterprises(enterprises, ds.enterprises.values())
        for ent in (*changed_e, *fresh_e):
            enterprises[ent.key] = ent
        membership += [(key, c) for key in ds.items for c in countries]
        records += ds.records
        demand.update({k: float(v) for k, v in ds.demand.items() if v and v > 0})
        return _compose(items, enterprises, membership, records, demand, merges)

    # ---------------------------------------------------------------------------- overrides

    @staticmethod
    def _override_of(row: Any) -> Override:
        return Override(
            item_key=row.item_key,
            scope=row.scope,
            colour=row.colour,
            reason=row.reason,
            author=row.author,
            created_at=row.created_at,
            version=row.version,
            based_on=row.based_on,
        )

    def _active_overrides(self, conn: Connection) -> dict[tuple[str, str], Override]:
        rows = conn.execute(select(OVERRIDES).where(OVERRIDES.c.colour.is_not(None)))
        return {(row.item_key, row.scope): self._override_of(row) for row in rows}

    def overrides(self) -> dict[tuple[str, str], Override]:
        with self.engine.connect() as conn:
            return self._active_overrides(conn)

    def _cell(self, conn: Connection, item_key: str, scope: str) -> Any:
        return conn.execute(
            select(OVERRIDES).where(OVERRIDES.c.item_key == item_key, OVERRIDES.c.scope == scope)
        ).first()

    @staticmethod
    def _check_version(row: Any, expected_version: int | None) -> None:
        """``expected_version`` is what the caller saw: the override's version, or 0 for none."""
        if expected_version is None:
            return
        active = row is not None and row.colour is not None
        current = row.version if active else 0
        if current != expected_version:
            raise ConflictError(Store._override_of(row) if active else None)

    def _write_cell(
        self,
        conn: Connection,
        row: Any,
        item_key: str,
        scope: str,
        *,
        colour: str | None,
        reason: str,
        owner: str,
        owner_at: datetime,
        based_on: str | None,
        actor: str,
        at: datetime,
        undo_of: int | None = None,
    ) -> int:
        version = (row.version if row is not None else 0) + 1
        values = {
            "colour": colour,
            "reason": reason,
            "author": owner,
            "created_at": owner_at,
            "version": version,
            "based_on": based_on,
        }
        if row is None:
            conn.execute(insert(OVERRIDES).values(item_key=item_key, scope=scope, **values))
        else:
            conn.execute(
                update(OVERRIDES)
                .where(OVERRIDES.c.item_key == item_key, OVERRIDES.c.scope == scope)
                .values(**values)
            )
        conn.execute(
            insert(OVERRIDE_HISTORY).values(
                item_key=item_key,
                scope=scope,
                action="set" if colour is not None else "clear",
                colour=colour,
                reason=reason,
                author=actor,
                created_at=at,
                version=version,
                based_on=based_on,
                override_author=owner if colour is not None else None,
                override_created_at=owner_at if colour is not None else None,
                undo_of=undo_of,
                undone=False,
            )
        )
        return version

    @staticmethod
    def _state_json(row: Any) -> dict[str, Any] | None:
        if row is None or row.colour is None:
            return None
        return {
            "colour": row.colour,
            "reason": row.reason,
            "author": row.author,
            "version": row.version,
            "based_on": row.based_on,
        }

    def set_override(
        self,
        item_key: str,
        scope: str,
        colour: str,
        reason: str,
        *,
        user: str,
        based_on: Colour | None,
        expected_version: int | None = None,
    ) -> Override:
        if _blank(reason):
            raise ValueError("a reason is required to recolour a cell")
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}; expected one of {', '.join(SCOPES)}")
        if colour not in OVERRIDE_COLOURS:
            raise ValueError(f"a cell can be recoloured to {', '.join(OVERRIDE_COLOURS)}, not {colour!r}")
        if based_on is not None and based_on not in COLOURS:
            raise ValueError(f"unknown computed colour {based_on!r}")
        reason = reason.strip()
        at = _now()
        with self._write() as conn:
            if conn.execute(select(ITEMS.c.item_key).where(ITEMS.c.item_key == item_key)).first() is None:
                raise ValueError(f"unknown position {item_key!r}")
            row = self._cell(conn, item_key, scope)
            self._check_version(row, expected_version)
            version = self._write_cell(
                conn,
                row,
                item_key,
                scope,
                colour=colour,
                reason=reason,
                owner=user,
                owner_at=at,
                based_on=based_on,
                actor=user,
                at=at,
            )
            after = {
                "colour": colour,
                "reason": reason,
                "author": user,
                "version": version,
                "based_on": based_on,
            }
            self._audit(conn, user, "override.set", f"{item_key}|{scope}", self._state_json(row), after, at)
        return Override(item_key, scope, colour, reason, user, at, version, based_on)  # type: ignore[arg-type]

    def clear_override(
        self, item_key: str, scope: str, *, user: str, expected_version: int | None = None
    ) -> None:
        at = _now()
        with self._write() as conn:
            row = self._cell(conn, item_key, scope)
            self._check_version(row, expected_version)
            if row is None or row.colour is None:
                raise ValueError(f"no override on {item_key!r} / {scope}")
            self._write_cell(
                conn,
                row,
                item_key,
                scope,
                colour=None,
                reason="",
                owner=user,
                owner_at=at,
                based_on=None,
                actor=user,
                at=at,
            )
            self._audit(conn, user, "override.clear", f"{item_key}|{scope}", self._state_json(row), None, at)

    @staticmethod
    def _event_of(row: Any) -> OverrideEvent:
        return OverrideEvent(
            action=row.action,
            colour=row.colour,
            reason=row.reason,
            author=row.author,
            at=row.created_at,
            version=row.version,
            item_key=row.item_key,
            scope=row.scope,
            based_on=row.based_on,
            undo_of=row.undo_of,
            undone=bool(row.undone),
            id=row.id,
        )

    def override_history(self, item_key: str, scope: str) -> list[OverrideEvent]:
        """Every change of the cell, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(OVERRIDE_HISTORY)
                .where(OVERRIDE_HISTORY.c.item_key == item_key, OVERRIDE_HISTORY.c.scope == scope)
                .order_by(OVERRIDE_HISTORY.c.id.desc())
            ).all()
        return [self._event_of(row) for row in rows]

    def undo_target(self, user: str) -> OverrideEvent | None:
        """The change ``undo_last_override(user)`` would revert now (to check permissions first)."""
        hist = OVERRIDE_HISTORY
        with self.engine.connect() as conn:
            row = conn.execute(
                select(hist)
                .where(hist.c.author == user, hist.c.undo_of.is_(None), hist.c.undone.is_(False))
                .order_by(hist.c.id.desc())
                .limit(1)
            ).first()
        return None if row is None else self._event_of(row)

    def undo_last_override(self, user: str) -> OverrideEvent | None:
        """Revert ``user``'s most recent override change still in effect, restoring the cell's
        state before it. Repeated calls walk further back. ``ConflictError`` if someone else has
        changed that cell since (their change is not silently overwritten); ``None`` if nothing
        is left to undo."""
        at = _now()
        with self._write() as conn:
            hist = OVERRIDE_HISTORY
            target = conn.execute(
                select(hist)
                .where(hist.c.author == user, hist.c.undo_of.is_(None), hist.c.undone.is_(False))
                .order_by(hist.c.id.desc())
                .limit(1)
            ).first()
            if target is None:
                return None
            cell = (hist.c.item_key == target.item_key, hist.c.scope == target.scope)
            row = self._cell(conn, target.item_key, target.scope)
            if (
                conn.execute(
                    select(hist.c.id).where(*cell, hist.c.id > target.id, hist.c.author != user)
                ).first()
                is not None
            ):
                current = self._override_of(row) if row is not None and row.colour is not None else None
                raise ConflictError(current, "someone else changed this cell after your change; undo refused")
            previous = conn.execute(
                select(hist).where(*cell, hist.c.id < target.id).order_by(hist.c.id.desc()).limit(1)
            ).first()
            restored = previous if previous is not None and previous.colour is not None else None
            version = self._write_cell(
                conn,
                row,
                target.item_key,
                target.scope,
                colour=restored.colour if restored else None,
                reason=restored.reason if restored else "",
                owner=(restored.override_author or restored.author) if restored else user,
                owner_at=(restored.override_created_at or restored.created_at) if restored else at,
                based_on=restored.based_on if restored else None,
                actor=user,
                at=at,
                undo_of=target.id,
            )
            conn.execute(update(hist).where(hist.c.id == target.id).values(undone=True))
            after = self._state_json(self._cell(conn, target.item_key, target.scope))
            self._audit(
                conn,
                user,
                "override.undo",
                f"{target.item_key}|{target.scope}",
                self._state_json(row),
                after,
                at,
            )
            event = conn.execute(
                select(hist).where(*cell, hist.c.version == version).order_by(hist.c.id.desc()).limit(1)
            ).one()
            return self._event_of(event)

    # ------------------------------------------------------------------------------ reviews

    def reviews(self) -> dict[str, Review]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(REVIEWS)).all()
        return {
            row.warning_key: Review(row.warning_key, row.state, row.reason, row.author, row.updated_at)
            for row in rows
        }

    def review_warning(self, key: str, state: str, reason: str, *, user: str) -> Review:
        if state not in REVIEW_STATES:
            raise ValueError(f"unknown review state {state!r}; expected one of {', '.join(REVIEW_STATES)}")
        if state == "accepted" and _blank(reason):
            raise ValueError("accepting a warning requires a reason")
        reason = (reason or "").strip()
        at = _now()
        with self._write() as conn:
            row = conn.execute(select(REVIEWS).where(REVIEWS.c.warning_key == key)).first()
            values = {"state": state, "reason": reason, "author": user, "updated_at": at}
            if row is None:
                conn.execute(insert(REVIEWS).values(warning_key=key, **values))
            else:
                conn.execute(update(REVIEWS).where(REVIEWS.c.warning_key == key).values(**values))
            conn.execute(
                insert(REVIEW_HISTORY).values(
                    warning_key=key, state=state, reason=reason, author=user, created_at=at
                )
            )
            before = None if row is None else {"state": row.state, "reason": row.reason, "author": row.author}
            self._audit(conn, user, "review", key, before, {"state": state, "reason": reason}, at)
        return Review(key, state, reason, user, at)  # type: ignore[arg-type]

    def review_history(self, key: str) -> list[ReviewEvent]:
        """Every review of the warning, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(REVIEW_HISTORY)
                .where(REVIEW_HISTORY.c.warning_key == key)
                .order_by(REVIEW_HISTORY.c.id.desc())
            ).all()
        return [
            ReviewEvent(row.warning_key, row.state, row.reason, row.author, row.created_at) for row in rows
        ]

    # ------------------------------------------------------------------------------- merges

    def _direct_merges(self, conn: Connection) -> dict[str, str]:
        return {row.merged_key: row.surviving_key for row in conn.execute(select(MERGES))}

    def merges(self) -> dict[str, str]:
        """Merged enterprise key -> the key it is merged into (as stored; chains are possible)."""
        with self.engine.connect() as conn:
            return self._direct_merges(conn)

    def resolved_merges(self) -> dict[str, str]:
        """Merged enterprise key -> final surviving key (chains followed)."""
        return _resolve_all(self.merges())

    def merge_info(self) -> list[MergeInfo]:
        """Stored merges, newest first, with both enterprises' names as last imported."""
        with self.engine.connect() as conn:
            names = dict(
                conn.execute(
                    select(ENTERPRISES.c.enterprise_key, ENTERPRISES.c.name).where(
                        ENTERPRISES.c.enterprise_key.in_(
                            select(MERGES.c.merged_key).union(select(MERGES.c.surviving_key))
                        )
                    )
                ).all()
            )
            rows = conn.execute(select(MERGES).order_by(MERGES.c.created_at.desc())).all()
        return [
            MergeInfo(
                r.merged_key,
                r.surviving_key,
                r.author,
                r.created_at,
                merged_name=names.get(r.merged_key, ""),
                surviving_name=names.get(r.surviving_key, ""),
            )
            for r in rows
        ]

    def merge_enterprises(self, surviving_key: str, merged_key: str, *, user: str) -> None:
        """Treat ``merged_key`` as ``surviving_key`` in the stored data and in future imports."""
        if surviving_key == merged_key:
            raise ValueError("an enterprise cannot be merged into itself")
        at = _now()
        with self._write(dataset=True) as conn:
            known = {
                key
                for (key,) in conn.execute(
                    select(ENTERPRISES.c.enterprise_key).where(
                        ENTERPRISES.c.enterprise_key.in_([surviving_key, merged_key])
                    )
                )
            }
            for key in (surviving_key, merged_key):
                if key not in known:
                    raise ValueError(f"unknown enterprise {key!r}")
            direct = self._direct_merges(conn)
            if _resolve_all(direct).get(surviving_key, surviving_key) == merged_key:
                raise ValueError(f"{surviving_key!r} is already merged into {merged_key!r}")
            before = direct.get(merged_key)
            if before is None:
                conn.execute(
                    insert(MERGES).values(
                        merged_key=merged_key, surviving_key=surviving_key, author=user, created_at=at
                    )
                )
            else:
                conn.execute(
                    update(MERGES)
                    .where(MERGES.c.merged_key == merged_key)
                    .values(surviving_key=surviving_key, author=user, created_at=at)
                )
            self._audit(
                conn,
                user,
                "merge",
                merged_key,
                None if before is None else {"surviving": before},
                {"surviving": surviving_key},
                at,
            )

    def unmerge(self, merged_key: str, *, user: str) -> None:
        at = _now()
        with self._write(dataset=True) as conn:
            row = conn.execute(select(MERGES).where(MERGES.c.merged_key == merged_key)).first()
            if row is None:
                raise ValueError(f"{merged_key!r} is not merged into another enterprise")
            conn.execute(delete(MERGES).where(MERGES.c.merged_key == merged_key))
            self._audit(conn, user, "unmerge", merged_key, {"surviving": row.surviving_key}, None, at)

    def dismissed_suggestions(self) -> set[frozenset[str]]:
        with self.engine.connect() as conn:
            return {
                frozenset(json.loads(keys)) for (keys,) in conn.execute(select(DISMISSED.c.enterprise_keys))
            }

    def dismiss_suggestion(self, keys: frozenset[str], *, user: str) -> None:
        """Do not suggest these enterprises as one again."""
        keys = frozenset(keys)
        if len(keys) < 2:
            raise ValueError("a suggestion names at least two enterprises")
        encoded = json.dumps(sorted(keys), ensure_ascii=False)
        at = _now()
        with self._write(dataset=True) as conn:
            if (
                conn.execute(select(DISMISSED.c.id).where(DISMISSED.c.enterprise_keys == encoded)).first()
                is not None
            ):
                return
            conn.execute(insert(DISMISSED).values(enterprise_keys=encoded, author=user, created_at=at))
            self._audit(conn, user, "dismiss", " + ".join(sorted(keys)), None, {"keys": sorted(keys)}, at)

    # -------------------------------------------------------------------------------- audit

    def audit(
        self,
        *,
        action: str | None = None,
        user: str | None = None,
        since: datetime | None = None,
        limit: int = 1000,
        until: datetime | None = None,
        target: str | None = None,
    ) -> list[AuditEntry]:
        """Audit entries, newest first. ``action`` matches exactly or as a prefix ("override");
        ``until`` is exclusive; ``target`` matches a part of the target, case-insensitively."""
        query = select(AUDIT)
        if action is not None:
            query = query.where((AUDIT.c.action == action) | AUDIT.c.action.startswith(action + "."))
        if user is not None:
            query = query.where(AUDIT.c.username == user)
        if since is not None:
            query = query.where(AUDIT.c.created_at >= since)
        if until is not None:
            query = query.where(AUDIT.c.created_at < until)
        query = query.order_by(AUDIT.c.id.desc())
        with self.engine.connect() as conn:
            if target:
                # SQLite's lower() knows only ASCII: match Cyrillic case-insensitively here.
                wanted = target.casefold()
                matching = (row for row in conn.execute(query) if wanted in row.target.casefold())
                rows = [row for _, row in zip(range(limit), matching, strict=False)]
            else:
                rows = conn.execute(query.limit(limit)).all()
        return [
            AuditEntry(row.id, row.created_at, row.username, row.action, row.target, row.before, row.after)
            for row in rows
        ]

    def record_audit(
        self, action: str, target: str, *, user: str, before: Any = None, after: Any = None
    ) -> None:
        """An audit entry for a change made outside the store's own tables (e.g. a users file)."""
        with self._write() as conn:
            self._audit(conn, user, action, target, before, after, _now())

    # ---------------------------------------------------------------------------- snapshots

    def _insert_snapshot(
        self, conn: Connection, name: str, payload: bytes, user: str, automatic: bool, at: datetime
    ) -> int:
        snap_id = conn.execute(
            insert(SNAPSHOTS).values(
                name=name,
                created_at=at,
                author=user,
                automatic=automatic,
                size=len(payload),
                payload=bytes(payload),
            )
        ).inserted_primary_key[0]
        return int(snap_id)

    def save_snapshot(self, name: str, payload: bytes, *, user: str, automatic: bool = False) -> SnapshotInfo:
        if _blank(name):
            raise ValueError("a snapshot needs a name")
        name = name.strip()
        at = _now()
        with self._write() as conn:
            snap_id = self._insert_snapshot(conn, name, payload, user, automatic, at)
            after = {"id": snap_id, "automatic": automatic, "size": len(payload)}
            self._audit(conn, user, "snapshot", name, None, after, at)
        return SnapshotInfo(snap_id, name, at, user, automatic, len(payload))

    def snapshots(self) -> list[SnapshotInfo]:
        """Newest first; without payloads."""
        cols = [SNAPSHOTS.c[n] for n in ("id", "name", "created_at", "author", "automatic", "size")]
        with self.engine.connect() as conn:
            rows = conn.execute(select(*cols).order_by(SNAPSHOTS.c.id.desc())).all()
        return [SnapshotInfo(r.id, r.name, r.created_at, r.author, bool(r.automatic), r.size) for r in rows]

    def snapshot_payload(self, snapshot_id: int) -> bytes:
        with self.engine.connect() as conn:
            payload = conn.execute(
                select(SNAPSHOTS.c.payload).where(SNAPSHOTS.c.id == snapshot_id)
            ).scalar_one_or_none()
        if payload is None:
            raise KeyError(f"no snapshot {snapshot_id}")
        return bytes(payload)

    # -------------------------------------------------------------------------------- users

    def users(self) -> list[UserInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(USERS).order_by(USERS.c.username)).all()
        return [UserInfo(r.username, r.password_hash, r.role, r.created_at) for r in rows]

    def has_users(self) -> bool:
        """Whether sign-in is configured (any user exists)."""
        with self.engine.connect() as conn:
            return conn.execute(select(USERS.c.username).limit(1)).first() is not None

    def audit_users(self) -> list[str]:
        """Every name that appears in the audit log (for the audit page's filter)."""
        with self.engine.connect() as conn:
            return sorted(n for (n,) in conn.execute(select(AUDIT.c.username).distinct()))

    def get_user(self, username: str) -> UserInfo | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(USERS).where(USERS.c.username == username)).first()
        return None if r is None else UserInfo(r.username, r.password_hash, r.role, r.created_at)

    def put_user(self, username: str, password_hash: str, role: str, *, actor: str) -> UserInfo:
        """Add a user or replace their password hash and role. The hash is made by the caller."""
        if _blank(username):
            raise ValueError("a user needs a name")
        at = _now()
        with self._write() as conn:
            row = conn.execute(select(USERS).where(USERS.c.username == username)).first()
            if row is None:
                conn.execute(
                    insert(USERS).values(
                        username=username, password_hash=password_hash, role=role, created_at=at
                    )
                )
            else:
                conn.execute(
                    update(USERS)
                    .where(USERS.c.username == username)
                    .values(password_hash=password_hash, role=role)
                )
            # Never the hash in the audit log.
            before = None if row is None else {"role": row.role}
            self._audit(conn, actor, "user.put", username, before, {"role": role}, at)
        return UserInfo(username, password_hash, role, row.created_at if row is not None else at)

    def remove_user(self, username: str, *, actor: str) -> None:
        at = _now()
        with self._write() as conn:
            row = conn.execute(select(USERS).where(USERS.c.username == username)).first()
            if row is None:
                raise ValueError(f"no user {username!r}")
            conn.execute(delete(USERS).where(USERS.c.username == username))
            self._audit(conn, actor, "user.remove", username, {"role": row.role}, None, at)

    # --------------------------------------------------------------------------- inspection

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table in a stable order: for tests, backups and debugging."""
        out: dict[str, list[tuple[Any, ...]]] = {}
        with self.engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                order = list(table.primary_key.columns) or list(table.columns)
                out[table.name] = [tuple(row) for row in conn.execute(select(table).order_by(*order))]
        return out
