"""Two statements the repositories share: the fast bulk insert and the upsert.

The upsert is ``INSERT … ON CONFLICT (key) DO UPDATE``, which SQLite (3.24+) and PostgreSQL
both have; SQLAlchemy spells it in each dialect's own ``insert``, so :func:`upsert` picks the
dialect's. It replaces "select the row, then insert or update it": one statement, no window
between the read and the write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect


def _dialect_insert(dialect: Dialect, table: Table) -> sqlite.Insert | postgresql.Insert:
    if dialect.name == "sqlite":
        return sqlite.insert(table)
    if dialect.name == "postgresql":
        return postgresql.insert(table)
    raise NotImplementedError(f"no upsert for the {dialect.name} dialect (SQLite and PostgreSQL only)")


def upsert_statement(
    dialect: Dialect, table: Table, key: Sequence[str], update: Iterable[str]
) -> sqlite.Insert | postgresql.Insert:
    """``INSERT INTO table … ON CONFLICT (key) DO UPDATE SET col = excluded.col`` for ``update``;
    with no columns to update, ``DO NOTHING`` (insert if absent)."""
    stmt = _dialect_insert(dialect, table)
    columns = list(update)
    if not columns:
        return stmt.on_conflict_do_nothing(index_elements=list(key))
    excluded = stmt.excluded
    return stmt.on_conflict_do_update(index_elements=list(key), set_={c: excluded[c] for c in columns})


def upsert(
    conn: Connection,
    table: Table,
    values: Mapping[str, Any],
    *,
    key: Sequence[str],
    update: Iterable[str] | None = None,
) -> bool:
    """Insert the row ``values``, or when a row with the same ``key`` columns exists, set its
    ``update`` columns (default: every column of ``values`` but the key) to the new values.
    ``update=()`` inserts only if absent. Whether a row was written (false only when
    ``update=()`` found one): told by ``RETURNING``, since a driver's rowcount is not reliable
    here (psycopg gives -1 for an insert SQLAlchemy adds its own ``RETURNING`` to)."""
    columns = [c for c in values if c not in key] if update is None else list(update)
    stmt = upsert_statement(conn.dialect, table, key, columns).values(**values)
    return conn.execute(stmt.returning(*(table.c[k] for k in key))).first() is not None


def bulk_insert(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    *,
    key: Sequence[str] = (),
    update: Sequence[str] = (),
) -> None:
    """executemany straight to the driver with plain tuples: ``conn.execute(insert(t), dicts)``
    spends most of its time building parameters row by row, which keeps a 50k-row import under
    50k rows/s. Only for columns whose values the driver takes as they are (str, int, float,
    bool, None), so no SQLAlchemy type processing is skipped that matters.

    With ``key`` and ``update`` the statement is the upsert of :func:`upsert_statement`."""
    stmt = upsert_statement(conn.dialect, table, key, update) if key else insert(table)
    compiled = stmt.compile(dialect=conn.dialect, column_keys=list(columns))
    if compiled.positional:
        where = {name: n for n, name in enumerate(columns)}
        order = [where[name] for name in compiled.positiontup or []]
        params: list[Any] = (
            list(rows)
            if order == list(range(len(columns)))
            else [tuple(row[i] for i in order) for row in rows]
        )
    else:
        params = [dict(zip(columns, row, strict=True)) for row in rows]
    if params:
        conn.exec_driver_sql(str(compiled), params)
