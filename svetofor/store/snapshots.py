"""Snapshots: the diagram frozen under a name, as an opaque payload (``svetofor.progress``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from svetofor.store.engine import Database
from svetofor.store.schema import SNAPSHOTS


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    name: str
    created_at: datetime
    author: str
    automatic: bool
    size: int  # payload bytes


def insert_snapshot(
    conn: Connection, name: str, payload: bytes, *, user: str, automatic: bool, at: datetime
) -> SnapshotInfo:
    """Store a snapshot in a transaction of the caller's (an import leaves one with its data)."""
    values = {"name": name, "created_at": at, "author": user, "automatic": automatic, "size": len(payload)}
    new_id = conn.execute(insert(SNAPSHOTS).values(**values, payload=bytes(payload))).inserted_primary_key
    assert new_id is not None
    return SnapshotInfo(int(new_id[0]), name, at, user, automatic, len(payload))


class Snapshots:
    def __init__(self, db: Database) -> None:
        self._db = db

    def save(self, name: str, payload: bytes, *, user: str, automatic: bool = False) -> SnapshotInfo:
        if name is None or not name.strip():
            raise ValueError("a snapshot needs a name")
        name = name.strip()
        with self._db.write() as change:
            info = insert_snapshot(change.conn, name, payload, user=user, automatic=automatic, at=change.at)
            change.audit(
                user, "snapshot", name, None, {"id": info.id, "automatic": automatic, "size": info.size}
            )
        return info

    def all(self) -> list[SnapshotInfo]:
        """Newest first; without payloads."""
        cols = [SNAPSHOTS.c[n] for n in ("id", "name", "created_at", "author", "automatic", "size")]
        with self._db.read() as conn:
            rows = conn.execute(select(*cols).order_by(SNAPSHOTS.c.id.desc())).all()
        return [SnapshotInfo(r.id, r.name, r.created_at, r.author, bool(r.automatic), r.size) for r in rows]

    def payload(self, snapshot_id: int) -> bytes:
        """``KeyError`` if there is no such snapshot."""
        with self._db.read() as conn:
            payload = conn.execute(select(SNAPSHOTS.c.payload).where(SNAPSHOTS.c.id == snapshot_id)).scalar()
        if payload is None:
            raise KeyError(f"no snapshot {snapshot_id}")
        return bytes(payload)
