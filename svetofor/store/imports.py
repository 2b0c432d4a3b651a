"""The history of imports: which file, whose, when, how much, and whether it came before."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection, Row

from svetofor.store.engine import Database
from svetofor.store.schema import IMPORTS


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


def _record_of(row: Row[Any]) -> ImportRecord:
    return ImportRecord(
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


def _first_of(conn: Connection, file_hash: str) -> int | None:
    first = conn.execute(select(func.min(IMPORTS.c.id)).where(IMPORTS.c.file_hash == file_hash)).scalar()
    return None if first is None else int(first)


def insert_import(
    conn: Connection,
    *,
    file_name: str,
    file_hash: str,
    user: str,
    at: datetime,
    countries: Sequence[str],
    counts: tuple[int, int, int],
) -> ImportRecord:
    """Add an import to the history in a transaction of the caller's; ``counts``: positions,
    enterprises and records of the file."""
    first = _first_of(conn, file_hash)
    items, enterprises, records = counts
    values: dict[str, Any] = {
        "file_name": file_name,
        "file_hash": file_hash,
        "username": user,
        "created_at": at,
        "countries": list(countries),
        "items": items,
        "enterprises": enterprises,
        "records": records,
        "duplicate_of": first,
    }
    new_id = conn.execute(insert(IMPORTS).values(**values)).inserted_primary_key
    assert new_id is not None
    return ImportRecord(
        int(new_id[0]), file_name, file_hash, user, at, tuple(countries), *counts, duplicate_of=first
    )


class Imports:
    def __init__(self, db: Database) -> None:
        self._db = db

    def history(self) -> list[ImportRecord]:
        """Every import, newest first."""
        with self._db.read() as conn:
            rows = conn.execute(select(IMPORTS).order_by(IMPORTS.c.id.desc())).all()
        return [_record_of(row) for row in rows]

    def find(self, file_hash: str) -> ImportRecord | None:
        """The first import of a file with this sha256, to tell a planner "already imported"."""
        with self._db.read() as conn:
            first = _first_of(conn, file_hash)
            row = None if first is None else conn.execute(select(IMPORTS).where(IMPORTS.c.id == first)).one()
        return None if row is None else _record_of(row)
