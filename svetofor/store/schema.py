"""The tables of the store (data only: one definition per table, read by every repository).

A change here needs a migration (docs/migrations.md): the test of the migrations compares the
schema they build with these tables.

* Item rows are never deleted: they keep a position in list order across imports. A position is
  part of the data while any country's list holds it (``list_membership``).
* Records store the enterprise key as read from the file; merges are applied when the dataset is
  loaded, so a merge applies to past and future imports and an unmerge restores the original.
* Overrides keep a row after being cleared (colour NULL) so the per-cell version only ever grows:
  a client holding an old version can never match a newer state by accident.
* Timestamps are stored as naive UTC and returned timezone-aware (portable across databases).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC in Python, naive UTC in the database: SQLite has no time zones, PostgreSQL does."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


metadata = MetaData()

META = Table(
    "meta",
    metadata,
    Column("id", Integer, primary_key=True),
    # Bumped by every change, as the first statement of its transaction (see engine.py).
    Column("data_version", Integer, nullable=False),
    # The schema number of the store before migrations were managed by Alembic (always 1).
    Column("schema_version", Integer, nullable=False),
    # Bumped only by changes of what the rules see (imports, merges, dismissals), so a cache can
    # keep the classified dataset across recolours and rebuild only the rows.
    Column("dataset_version", Integer, nullable=False, default=0, server_default="0"),
)

ITEMS = Table(
    "items",
    metadata,
    Column("item_key", String, primary_key=True),
    Column("name", Text, nullable=False),
    Column("code", String),
    Column("kind", String),
    Column("group_name", Text),
    Column("hs_code", String),
    # JSON text (not the JSON type) so bulk inserts can go straight to the driver.
    Column("used_in", Text, nullable=False),
    Column("position", Integer, nullable=False),
)

ENTERPRISES = Table(
    "enterprises",
    metadata,
    Column("enterprise_key", String, primary_key=True),
    Column("name", Text, nullable=False),
    Column("country", String(2), nullable=False),
    Column("tax_id", String),
    Column("position", Integer, nullable=False),
)

IMPORTS = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("file_name", Text, nullable=False),
    Column("file_hash", String(64), nullable=False, index=True),
    Column("username", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("countries", JSON, nullable=False),
    Column("items", Integer, nullable=False),
    Column("enterprises", Integer, nullable=False),
    Column("records", Integer, nullable=False),
    Column("duplicate_of", Integer),  # id of the first import of the same file (same sha256)
)

# What an import replaced, so it can be reverted (docs/domain.md §8): the records, demand and
# list membership of the import's countries just before it, as zlib-compressed JSON; ``after``
# is what a revert took away (filled by the revert), so a re-apply can put it back.
IMPORT_STATES = Table(
    "import_states",
    metadata,
    Column("import_id", Integer, ForeignKey(IMPORTS.c.id), primary_key=True),
    Column("mode", String(8), nullable=False),
    Column("before", LargeBinary, nullable=False),
    Column("after", LargeBinary),
    Column("reverted_at", UTCDateTime),
    Column("reverted_by", String),
)

RECORDS = Table(
    "records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_key", String, ForeignKey("items.item_key"), nullable=False),
    Column("country", String(2), nullable=False),
    Column("enterprise_key", String, ForeignKey("enterprises.enterprise_key")),
    Column("existing", Boolean, nullable=False),
    Column("capacity", Float),
    Column("action", String),
    Column("launch_year", Integer),
    Column("note", Text),
    Column("source_sheet", Text),
    Column("source_row", Integer),
    Column("import_id", Integer, ForeignKey("imports.id")),
    Index("ix_records_country", "country"),
)

DEMAND = Table(
    "demand",
    metadata,
    Column("item_key", String, ForeignKey("items.item_key"), primary_key=True),
    Column("country", String(2), primary_key=True),
    Column("value", Float, nullable=False),
)

# Which country's list holds which position: a position stays while any list holds it.
MEMBERSHIP = Table(
    "list_membership",
    metadata,
    Column("item_key", String, ForeignKey("items.item_key"), primary_key=True),
    Column("country", String(2), primary_key=True),
)

OVERRIDES = Table(
    "overrides",
    metadata,
    Column("item_key", String, primary_key=True),
    Column("scope", String(8), primary_key=True),
    Column("colour", String(8)),  # NULL: cleared (the version lives on)
    Column("reason", Text, nullable=False),
    Column("author", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Column("based_on", String(8)),
)

# Every set/clear of a cell with the cell's full state after it (so an undo can restore it).
OVERRIDE_HISTORY = Table(
    "override_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_key", String, nullable=False),
    Column("scope", String(8), nullable=False),
    Column("action", String(8), nullable=False),
    Column("colour", String(8)),
    Column("reason", Text, nullable=False),
    Column("author", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Column("based_on", String(8)),
    # The override's own author and time after this event (differs from author/created_at for an
    # undo that restores someone's earlier override).
    Column("override_author", String),
    Column("override_created_at", UTCDateTime),
    Column("undo_of", Integer),
    Column("undone", Boolean, nullable=False, default=False),
    Index("ix_override_history_cell", "item_key", "scope"),
    Index("ix_override_history_author", "author"),
)

REVIEWS = Table(
    "warning_reviews",
    metadata,
    Column("warning_key", String, primary_key=True),
    Column("state", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("author", String, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

REVIEW_HISTORY = Table(
    "review_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("warning_key", String, nullable=False, index=True),
    Column("state", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("author", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

MERGES = Table(
    "enterprise_merges",
    metadata,
    Column("merged_key", String, primary_key=True),
    Column("surviving_key", String, nullable=False),
    Column("author", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

DISMISSED = Table(
    "dismissed_suggestions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # JSON list, sorted. Not named "keys": ``Table.c.keys`` is a method of the column collection.
    Column("enterprise_keys", Text, nullable=False, unique=True),
    Column("author", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

# Position merges (docs/domain.md §8): one step each, like enterprise merges; ``name`` and
# ``code`` are the surviving identity the planner chose (NULL: as the lists say). The newest
# merge into a survivor decides its identity, so undoing it gives back the one before.
POSITION_MERGES = Table(
    "position_merges",
    metadata,
    Column("merged_key", String, primary_key=True),
    Column("surviving_key", String, nullable=False, index=True),
    Column("name", Text),
    Column("code", String),
    Column("author", String, nullable=False),  # who proposed or made it
    Column("confirmed_by", String),  # who confirmed a proposal (NULL: merged directly)
    Column("created_at", UTCDateTime, nullable=False),
)

# Pairs of positions a planner said are two products: never suggested again.
POSITION_DISMISSED = Table(
    "position_dismissed",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("position_keys", Text, nullable=False, unique=True),  # JSON list, sorted
    Column("author", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

# A merge an editor proposed that touches the other country's position: it waits for the
# other country's editor or an admin. One proposal per merged key.
POSITION_PROPOSALS = Table(
    "position_proposals",
    metadata,
    Column("merged_key", String, primary_key=True),
    Column("surviving_key", String, nullable=False),
    Column("name", Text),
    Column("code", String),
    Column("author", String, nullable=False),
    Column("country", String(2)),  # the proposing editor's country
    Column("created_at", UTCDateTime, nullable=False),
)

AUDIT = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", UTCDateTime, nullable=False, index=True),
    Column("username", String, nullable=False, index=True),
    Column("action", String(32), nullable=False, index=True),
    Column("target", Text, nullable=False),
    # JSON ``null`` (not SQL NULL) when there is no state before or after.
    Column("before", JSON, nullable=False),
    Column("after", JSON, nullable=False),
)

SNAPSHOTS = Table(
    "snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("author", String, nullable=False),
    Column("automatic", Boolean, nullable=False),
    Column("size", Integer, nullable=False),  # payload bytes
    Column("payload", LargeBinary, nullable=False),
)

USERS = Table(
    "users",
    metadata,
    Column("username", String, primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(32), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

# Columns written by the bulk insert of an import, in the order of the tuples it passes.
ITEM_COLUMNS = ("item_key", "name", "code", "kind", "group_name", "hs_code", "used_in", "position")
ENTERPRISE_COLUMNS = ("enterprise_key", "name", "country", "tax_id", "position")
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
