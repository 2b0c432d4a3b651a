"""The schema of the store as it was when migrations began (data only: the frozen tables).

Revision 0001, the first. It also adopts a store made before migrations were managed (its
tables present, no ``alembic_version``): only the missing tables are created, and ``meta``
gets the ``dataset_version`` column the first version of the store did not have. The tables
are written out here, not imported from ``schema.py``, so this revision stays what it was when
later ones change the schema.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

frozen = sa.MetaData()


def _table(name: str, *columns: sa.Column[object] | sa.Index) -> sa.Table:
    return sa.Table(name, frozen, *columns)


def _id() -> sa.Column[object]:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


STR, TEXT, INT, TIME = sa.String, sa.Text, sa.Integer, sa.DateTime

meta = _table(
    "meta",
    sa.Column("id", INT, primary_key=True),
    sa.Column("data_version", INT, nullable=False),
    sa.Column("schema_version", INT, nullable=False),
    sa.Column("dataset_version", INT, nullable=False, server_default="0"),
)
_table(
    "items",
    sa.Column("item_key", STR, primary_key=True),
    sa.Column("name", TEXT, nullable=False),
    sa.Column("code", STR),
    sa.Column("kind", STR),
    sa.Column("group_name", TEXT),
    sa.Column("hs_code", STR),
    sa.Column("used_in", TEXT, nullable=False),
    sa.Column("position", INT, nullable=False),
)
_table(
    "enterprises",
    sa.Column("enterprise_key", STR, primary_key=True),
    sa.Column("name", TEXT, nullable=False),
    sa.Column("country", STR(2), nullable=False),
    sa.Column("tax_id", STR),
    sa.Column("position", INT, nullable=False),
)
_table(
    "imports",
    _id(),
    sa.Column("file_name", TEXT, nullable=False),
    sa.Column("file_hash", STR(64), nullable=False, index=True),
    sa.Column("username", STR, nullable=False),
    sa.Column("created_at", TIME, nullable=False),
    sa.Column("countries", sa.JSON, nullable=False),
    sa.Column("items", INT, nullable=False),
    sa.Column("enterprises", INT, nullable=False),
    sa.Column("records", INT, nullable=False),
    sa.Column("duplicate_of", INT),
)
_table(
    "records",
    _id(),
    sa.Column("item_key", STR, sa.ForeignKey("items.item_key"), nullable=False),
    sa.Column("country", STR(2), nullable=False),
    sa.Column("enterprise_key", STR, sa.ForeignKey("enterprises.enterprise_key")),
    sa.Column("existing", sa.Boolean, nullable=False),
    sa.Column("capacity", sa.Float),
    sa.Column("action", STR),
    sa.Column("launch_year", INT),
    sa.Column("note", TEXT),
    sa.Column("source_sheet", TEXT),
    sa.Column("source_row", INT),
    sa.Column("import_id", INT, sa.ForeignKey("imports.id")),
    sa.Index("ix_records_country", "country"),
)
_table(
    "demand",
    sa.Column("item_key", STR, sa.ForeignKey("items.item_key"), primary_key=True),
    sa.Column("country", STR(2), primary_key=True),
    sa.Column("value", sa.Float, nullable=False),
)
_table(
    "list_membership",
    sa.Column("item_key", STR, sa.ForeignKey("items.item_key"), primary_key=True),
    sa.Column("country", STR(2), primary_key=True),
)
_table(
    "overrides",
    sa.Column("item_key", STR, primary_key=True),
    sa.Column("scope", STR(8), primary_key=True),
    sa.Column("colour", STR(8)),
    sa.Column("reason", TEXT, nullable=False),
    sa.Column("author", STR, nullable=False),
    sa.Column("created_at", TIME, nullable=False),
    sa.Column("version", INT, nullable=False),
    sa.Column("based_on", STR(8)),
)
_table(
    "override_history",
    _id(),
    sa.Column("item_key", STR, nullable=False),
    sa.Column("scope", STR(8), nullable=False),
    sa.Column("action", STR(8), nullable=False),
    sa.Column("colour", STR(8)),
    sa.Column("reason", TEXT, nullable=False),
    sa.Column("author", STR, nullable=False),
    sa.Column("created_at", TIME, nullable=False),
    sa.Column("version", INT, nullable=False),
    sa.Column("based_on", STR(8)),
    sa.Column("override_author", STR),
    sa.Column("override_created_at", TIME),
    sa.Column("undo_of", INT),
    sa.Column("undone", sa.Boolean, nullable=False),
    sa.Index("ix_override_history_cell", "item_key", "scope"),
    sa.Index("ix_override_history_author", "author"),
)
_table(
    "warning_reviews",
    sa.Column("warning_key", STR, primary_key=True),
    sa.Column("state", STR(16), nullable=False),
    sa.Column("reason", TEXT, nullable=False),
    sa.Column("author", STR, nullable=False),
    sa.Column("updated_at", TIME, nullable=False),
)
_table(
    "review_history",
    _id(),
    sa.Column("warning_key", STR, nullable=False, index=True),
    sa.Column("state", STR(16), nullable=False),
    sa.Column("reason", TEXT, nullable=False),
    sa.Column("author", STR, nullable=False),
    sa.Column("created_at", TIME, nullable=False),
)
_table(
    "enterprise_merges",
    sa.Column("merged_key", STR, primary_key=True),
    sa.Column("surviving_key", STR, nullable=False),
    sa.Column("author", STR, nullable=False),
    sa.Column("created_at", TIME, nullable=False),
)
_table(
    "dismissed_suggestions",
    _id(),
    sa.Column("enterprise_keys", TEXT, nullable=False, unique=True),
    sa.Column("author", STR, nullable=False),
    sa.Column("created_at", TIME, nullable=False),
)
_table(
    "audit_log",
    _id(),
    sa.Column("created_at", TIME, nullable=False, index=True),
    sa.Column("username", STR, nullable=False, index=True),
    sa.Column("action", STR(32), nullable=False, index=True),
    sa.Column("target", TEXT, nullable=False),
    sa.Column("before", sa.JSON, nullable=False),
    sa.Column("after", sa.JSON, nullable=False),
)
_table(
    "snapshots",
    _id(),
    sa.Column("name", TEXT, nullable=False),
    sa.Column("created_at", TIME, nullable=False),
    sa.Column("author", STR, nullable=False),
    sa.Column("automatic", sa.Boolean, nullable=False),
    sa.Column("size", INT, nullable=False),
    sa.Column("payload", sa.LargeBinary, nullable=False),
)
_table(
    "users",
    sa.Column("username", STR, primary_key=True),
    sa.Column("password_hash", TEXT, nullable=False),
    sa.Column("role", STR(32), nullable=False),
    sa.Column("created_at", TIME, nullable=False),
)


def upgrade() -> None:
    bind = op.get_bind()
    frozen.create_all(bind, checkfirst=True)  # a store made before migrations keeps its tables
    if "dataset_version" not in {c["name"] for c in sa.inspect(bind).get_columns("meta")}:
        op.add_column("meta", sa.Column("dataset_version", INT, nullable=False, server_default="0"))
    if bind.execute(sa.select(meta.c.id).where(meta.c.id == 1)).first() is None:
        bind.execute(sa.insert(meta).values(id=1, data_version=0, dataset_version=0, schema_version=1))


def downgrade() -> None:
    frozen.drop_all(op.get_bind())
