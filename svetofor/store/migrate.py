"""Schema migrations with Alembic, run when a store is opened (how to add one: docs/migrations.md).

* The revisions are modules of ``svetofor/store/migrations/versions`` (shipped with the
  package); the Alembic configuration is built here, so no ``alembic.ini`` is needed.
* :func:`upgrade` brings a database to the newest revision, once per process and database: a
  service built per import job opens the store again and finds the work done.
* Several processes opening a new database at once (``gunicorn -w 2``) take turns instead of
  racing: the upgrade runs in one transaction that first takes a lock — PostgreSQL's
  transaction-level advisory lock, SQLite's exclusive write lock (``BEGIN EXCLUSIVE``, waiting
  out the busy timeout) — so the second process finds the first one's revision and does nothing.
* A store made before migrations were managed (its tables, no ``alembic_version``) is adopted
  by revision 0001, which creates only the tables that are missing and adds the column the
  first version of the store lacked; Alembic then stamps it like any other.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

from svetofor.store.engine import in_memory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Revision files are r0001_<slug>.py, r0002_…: a module name may not start with a digit.
FILE_TEMPLATE = "r%%(rev)s_%%(slug)s"
# The key of the PostgreSQL advisory lock the upgrade holds: "Svetofor" in ASCII.
PG_LOCK_KEY = 0x537665746F666F72

# Databases this process has brought to the newest revision (never an in-memory one: each of
# those is a database of its own under the same URL).
_upgraded: set[str] = set()
_upgrading = threading.Lock()


def alembic_config(connection: Connection | None = None) -> Config:
    """The Alembic configuration of the store; ``connection``: the one migrations run in."""
    config = Config(attributes={} if connection is None else {"connection": connection})
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("file_template", FILE_TEMPLATE)
    config.set_main_option("path_separator", "os")
    return config


def head() -> str:
    """The newest revision."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if revision is None:
        raise RuntimeError(f"no migrations in {MIGRATIONS}")
    return revision


def current(conn: Connection) -> str | None:
    """The revision the database is at (``None``: not managed yet, new or made before migrations)."""
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database of ``engine`` to the newest revision (once per process and database)."""
    key = engine.url.render_as_string(hide_password=False)
    with _upgrading:
        if key in _upgraded:
            return
        with engine.begin() as conn:
            _lock(conn)
            command.upgrade(alembic_config(conn), "head")
        if not in_memory(engine.url):
            _upgraded.add(key)


def forget(url: str) -> None:
    """Upgrade the database at ``url`` again on its next opening (a test dropped its tables)."""
    with _upgrading:
        _upgraded.discard(url)


def _lock(conn: Connection) -> None:
    """Wait for any other process migrating this database; held until the transaction ends."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
    elif dialect == "sqlite":
        # The driver begins transactions only before DML; DDL would run outside of one.
        conn.exec_driver_sql("BEGIN EXCLUSIVE")
    else:
        raise NotImplementedError(f"no migration lock for the {dialect} dialect (SQLite and PostgreSQL only)")
