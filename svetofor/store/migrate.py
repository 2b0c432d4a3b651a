"""Schema migrations with Alembic, run when a store is opened (how to add one: docs/migrations.md).

* The revisions are modules of ``svetofor/store/migrations/versions`` (shipped with the
  package); the Alembic configuration is built here, so no ``alembic.ini`` is needed.
* :func:`upgrade` brings a database to the newest revision, once per process and database: a
  service built per import job opens the store again and finds the work done.
* Several processes opening a new database at once (``gunicorn -w 2``) take turns instead of
  racing (:func:`locked`): the upgrade runs in one transaction that first takes a lock —
  PostgreSQL's transaction-level advisory lock; for an SQLite file, an exclusive ``flock`` on
  ``<database>.migrate-lock`` beside it, taken before the first connection (whose switch to WAL
  needs the database to itself and, unlike other statements, does not wait out the busy
  timeout), then ``BEGIN EXCLUSIVE`` — so the second process finds the first one's revision and
  does nothing.
* A store made before migrations were managed (its tables, no ``alembic_version``) is adopted
  by revision 0001, which creates only the tables that are missing and adds the column the
  first version of the store lacked; Alembic then stamps it like any other.
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.engine import URL, Connection

from svetofor.store.engine import in_memory, make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Revision files are r0001_<slug>.py, r0002_…: a module name may not start with a digit.
FILE_TEMPLATE = "r%%(rev)s_%%(slug)s"
# The key of the PostgreSQL advisory lock the upgrade holds: "Svetofor" in ASCII.
PG_LOCK_KEY = 0x537665746F666F72

# Databases this process has brought to the newest revision (never an in-memory one: each of
# those is a database of its own under the same URL).
_upgraded: set[str] = set()
_upgrading = threading.Lock()


def alembic_config(connection: Connection | None = None, location: Path = MIGRATIONS) -> Config:
    """The Alembic configuration of the store; ``connection``: the one migrations run in;
    ``location``: where the migrations are (another one only to test :func:`write_revision`)."""
    config = Config(attributes={} if connection is None else {"connection": connection})
    config.set_main_option("script_location", str(location))
    config.set_main_option("file_template", FILE_TEMPLATE)
    config.set_main_option("path_separator", "os")
    return config


def head(location: Path = MIGRATIONS) -> str:
    """The newest revision."""
    revision = ScriptDirectory.from_config(alembic_config(location=location)).get_current_head()
    if revision is None:
        raise RuntimeError(f"no migrations in {location}")
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
        with locked(engine) as conn:
            command.upgrade(alembic_config(conn), "head")
        if not in_memory(engine.url):
            _upgraded.add(key)


def forget(url: str) -> None:
    """Upgrade the database at ``url`` again on its next opening (a test dropped its tables)."""
    with _upgrading:
        _upgraded.discard(url)


@contextmanager
def locked(engine: Engine) -> Iterator[Connection]:
    """A transaction holding the migration lock of the database (``with locked(engine) as
    conn``): every schema change runs in one, so it is all done or not at all, and any other
    process migrating the same database waits until it ends. Tests and
    ``scripts/new_migration.py`` run Alembic's commands in it with :func:`alembic_config`."""
    with _file_lock(engine.url), engine.begin() as conn:
        _lock(conn)
        yield conn


@contextmanager
def _file_lock(url: URL) -> Iterator[None]:
    """For an SQLite file: hold an exclusive ``flock`` beside it (see the module doc)."""
    if url.get_backend_name() != "sqlite" or in_memory(url) or url.database is None:
        yield
        return
    database = Path(url.database)
    lock = database.with_name(f"{database.name}.migrate-lock")
    fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)  # private like the database
    with os.fdopen(fd, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
        yield


def _lock(conn: Connection) -> None:
    """Wait for any other process migrating this database; held until the transaction ends."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
    elif dialect == "sqlite":
        # The driver begins transactions only before DML; DDL would run outside of one. Other
        # processes are kept out by the file lock already; this keeps out any other connection.
        conn.exec_driver_sql("BEGIN EXCLUSIVE")
    else:
        raise NotImplementedError(f"no migration lock for the {dialect} dialect (SQLite and PostgreSQL only)")


def write_revision(message: str, *, autogenerate: bool = True, location: Path = MIGRATIONS) -> Path:
    """Write the revision after the newest one (``r0002_<message>.py`` after ``r0001_…``) and
    return its path (``scripts/new_migration.py``; docs/migrations.md). With ``autogenerate``
    its operations are what the tables of ``schema.py`` have and the newest revision lacks,
    found on a scratch SQLite database brought to the newest revision: a draft to read and
    complete by hand (data to move, server defaults for new NOT NULL columns). Without, the
    revision is empty."""
    # "0001" or "r0002_sessions": the number the newest id starts with, plus one
    newest = re.match(r"r?(\d+)", head(location))
    if newest is None:
        raise RuntimeError(f"the newest revision id {head(location)!r} does not start with a number")
    number = f"{int(newest.group(1)) + 1:04d}"
    with tempfile.TemporaryDirectory(prefix="svetofor-revision-") as scratch:
        engine = make_engine(f"sqlite:///{Path(scratch) / 'head.sqlite'}")
        try:
            with locked(engine) as conn:
                config = alembic_config(conn, location)
                _format_with_ruff(config)
                command.upgrade(config, "head")
                written = command.revision(config, message=message, autogenerate=autogenerate, rev_id=number)
        finally:
            engine.dispose()
    scripts = written if isinstance(written, list) else [written]
    if len(scripts) != 1 or scripts[0] is None:
        raise RuntimeError(f"Alembic wrote {len(scripts)} revisions for {message!r}")
    return Path(scripts[0].path)


def _format_with_ruff(config: Config) -> None:
    """Have Alembic pass a written revision through ruff (when installed: the test extras), so
    the draft passes ``ruff check`` and ``ruff format --check`` like the rest of the code."""
    if importlib.util.find_spec("ruff") is None:
        return
    hooks = {"fix": "check --fix --quiet", "format": "format --quiet"}
    config.set_section_option("post_write_hooks", "hooks", ", ".join(hooks))
    for name, options in hooks.items():
        config.set_section_option("post_write_hooks", f"{name}.type", "module")
        config.set_section_option("post_write_hooks", f"{name}.module", "ruff")
        config.set_section_option(
            "post_write_hooks", f"{name}.options", f"{options} REVISION_SCRIPT_FILENAME"
        )
