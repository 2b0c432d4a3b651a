"""What each import replaced, so it can be reverted and re-applied (docs/domain.md §8).

An import keeps, in its own transaction, the records, demand and list membership of its
countries just before it (``import_states.before``). Reverting puts them back and keeps what
it took away (``after``), so a re-apply can put that back in turn. Positions and enterprises
are only ever overlaid, never deleted, so the rows the lists name are always there; overrides,
reviews and merges live in their own tables and are not touched.

Newest first per country: an import can be reverted only while no later import of any of its
countries is in force, and re-applied only while none is (else the later import's data would
be silently replaced).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import orjson
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from svetofor.store.engine import Database
from svetofor.store.imports import ImportRecord, _record_of
from svetofor.store.schema import DEMAND, IMPORT_STATES, IMPORTS, MEMBERSHIP, RECORD_COLUMNS, RECORDS
from svetofor.store.sql import bulk_insert

Mode = Literal["replace", "update"]
MODES: tuple[Mode, ...] = ("replace", "update")
_RECORD_ROW = ("id", *RECORD_COLUMNS)


def check_mode(mode: str) -> Mode:
    """A mode from a caller (a form, the command line), or ``ValueError``."""
    for known in MODES:
        if mode == known:
            return known
    raise ValueError(f"unknown import mode {mode!r}; expected one of {', '.join(MODES)}")


# Why a revert or re-apply is refused: the import is "superseded" by a later import in force,
# its state was "not_kept" (made before reverts existed), it is "already_reverted", or it is
# "not_reverted" (nothing to re-apply), or there is "no_import" of that id.
Refusal = Literal["superseded", "not_kept", "already_reverted", "not_reverted", "no_import"]


class RevertRefused(ValueError):
    """A revert or re-apply the history does not allow; ``by``: the later import in the way."""

    def __init__(self, import_id: int, reason: Refusal, by: ImportRecord | None = None) -> None:
        super().__init__(f"import {import_id}: {reason}" + (f" (by import {by.id})" if by else ""))
        self.import_id = import_id
        self.reason: Refusal = reason
        self.by = by


@dataclass(frozen=True)
class ImportEntry:
    """One import of the history, with its mode and whether it is reverted now."""

    record: ImportRecord
    mode: Mode
    revertible: bool  # its state was kept (imports before reverts existed have none)
    reverted_at: datetime | None = None
    reverted_by: str | None = None

    @property
    def reverted(self) -> bool:
        return self.reverted_at is not None


def _pack(data: dict[str, Any]) -> bytes:
    # orjson: a 50k-record list is encoded and decoded several times faster than by json
    return zlib.compress(orjson.dumps(data), 1)


def _unpack(blob: bytes) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(zlib.decompress(blob))
    return data


_CHUNK = 500  # keys per statement: the databases' limits on bound parameters


def _scoped(
    conn: Connection, query: Any, table: Any, countries: list[str], keys: list[str] | None
) -> list[Any]:
    """Rows of ``query`` for ``countries`` (and only the positions ``keys``, if given)."""
    query = query.where(table.c.country.in_(countries))
    if keys is None:
        return list(conn.execute(query).all())
    rows: list[Any] = []
    for start in range(0, len(keys), _CHUNK):
        rows += conn.execute(query.where(table.c.item_key.in_(keys[start : start + _CHUNK]))).all()
    return rows


def capture(conn: Connection, countries: Sequence[str], keys: Sequence[str] | None = None) -> bytes:
    """The records (with their ids, to restore their order), demand and membership of
    ``countries``; with ``keys`` (an ``update`` import) only those positions' rows, so an update
    of a few positions keeps and restores a few rows, not the whole list."""
    chosen = list(countries)
    named = None if keys is None else list(keys)
    records = _scoped(conn, select(*(RECORDS.c[n] for n in _RECORD_ROW)), RECORDS, chosen, named)
    records.sort(key=lambda r: r[0])
    demand = _scoped(conn, select(DEMAND.c.item_key, DEMAND.c.country, DEMAND.c.value), DEMAND, chosen, named)
    membership = _scoped(conn, select(MEMBERSHIP.c.item_key, MEMBERSHIP.c.country), MEMBERSHIP, chosen, named)
    return _pack(
        {
            "countries": chosen,
            "keys": named,
            "records": [list(r) for r in records],
            "demand": [list(r) for r in demand],
            "membership": [list(r) for r in membership],
        }
    )


def _delete(conn: Connection, countries: list[str], keys: list[str] | None) -> None:
    for table in (RECORDS, DEMAND, MEMBERSHIP):
        if keys is None:
            conn.execute(delete(table).where(table.c.country.in_(countries)))
            continue
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            conn.execute(delete(table).where(table.c.country.in_(countries), table.c.item_key.in_(chunk)))


def restore(conn: Connection, data: dict[str, Any]) -> dict[str, int]:
    """Make the countries (or positions) of a captured state (:func:`_unpack` of it) hold
    exactly its rows again; the records per country it brought back."""
    _delete(conn, data["countries"], data.get("keys"))
    rows = [tuple(r) for r in data["records"]]
    ids = [r[0] for r in rows]
    taken = set()
    for start in range(0, len(ids), _CHUNK):  # another country's records may have taken an id since
        chunk = ids[start : start + _CHUNK]
        taken |= set(conn.execute(select(RECORDS.c.id).where(RECORDS.c.id.in_(chunk))).scalars())
    if taken:
        bulk_insert(conn, RECORDS, RECORD_COLUMNS, [r[1:] for r in rows])
    else:
        bulk_insert(conn, RECORDS, _RECORD_ROW, rows)
    bulk_insert(conn, DEMAND, ("item_key", "country", "value"), [tuple(r) for r in data["demand"]])
    bulk_insert(conn, MEMBERSHIP, ("item_key", "country"), [tuple(r) for r in data["membership"]])
    return _counts(data)


def keep_state(conn: Connection, import_id: int, mode: Mode, before: bytes) -> None:
    """Remember what import ``import_id`` replaces, in the import's own transaction."""
    conn.execute(insert(IMPORT_STATES).values(import_id=import_id, mode=mode, before=before))


def _entries(conn: Connection) -> list[ImportEntry]:
    states = {row.import_id: row for row in conn.execute(select(IMPORT_STATES)).all()}
    out = []
    for row in conn.execute(select(IMPORTS).order_by(IMPORTS.c.id.desc())).all():
        state = states.get(row.id)
        record = _record_of(row)
        if state is None:
            out.append(ImportEntry(record, "replace", revertible=False))
        else:
            out.append(ImportEntry(record, state.mode, True, state.reverted_at, state.reverted_by))
    return out


def _later_in_force(entries: Sequence[ImportEntry], target: ImportEntry) -> ImportEntry | None:
    """The newest later import in force that shares a country with ``target``, if any."""
    countries = set(target.record.countries)
    for entry in entries:  # newest first
        if entry.record.id <= target.record.id:
            break
        if not entry.reverted and countries & set(entry.record.countries):
            return entry
    return None


class ImportStates:
    """The import history with modes and reverts; ``revert`` and ``reapply`` write."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def entries(self) -> list[ImportEntry]:
        """Every import, newest first."""
        with self._db.read() as conn:
            return _entries(conn)

    def entry(self, import_id: int) -> ImportEntry | None:
        return next((e for e in self.entries() if e.record.id == import_id), None)

    def held(self, countries: Sequence[str]) -> dict[str, set[str]]:
        """The positions each of ``countries``' lists holds now."""
        out: dict[str, set[str]] = {c: set() for c in countries}
        query = select(MEMBERSHIP.c.item_key, MEMBERSHIP.c.country).where(
            MEMBERSHIP.c.country.in_(list(countries))
        )
        with self._db.read() as conn:
            for key, country in conn.execute(query).all():
                out[country].add(key)
        return out

    def pending_counts(self, import_id: int) -> dict[str, int]:
        """Records per country that reverting (or, once reverted, re-applying) would bring back."""
        with self._db.read() as conn:
            row = conn.execute(select(IMPORT_STATES).where(IMPORT_STATES.c.import_id == import_id)).first()
        if row is None:
            return {}
        blob = row.after if row.reverted_at is not None else row.before
        return {} if blob is None else state_counts(blob)

    def revert(self, import_id: int, *, user: str) -> ImportEntry:
        """Return the import's countries to their rows before it; ``RevertRefused`` if the
        history does not allow it (checked again inside the write, so two planners cannot race)."""
        return self._swap(import_id, user=user, reverting=True)

    def reapply(self, import_id: int, *, user: str) -> ImportEntry:
        """Put back what reverting ``import_id`` took away."""
        return self._swap(import_id, user=user, reverting=False)

    def _swap(self, import_id: int, *, user: str, reverting: bool) -> ImportEntry:
        with self._db.write(dataset=True) as change:
            conn = change.conn
            entries = _entries(conn)
            target = next((e for e in entries if e.record.id == import_id), None)
            if target is None:
                raise RevertRefused(import_id, "no_import")
            if not target.revertible:
                raise RevertRefused(import_id, "not_kept")
            if reverting and target.reverted:
                raise RevertRefused(import_id, "already_reverted")
            if not reverting and not target.reverted:
                raise RevertRefused(import_id, "not_reverted")
            later = _later_in_force(entries, target)
            if later is not None:
                raise RevertRefused(import_id, "superseded", later.record)
            state = conn.execute(select(IMPORT_STATES).where(IMPORT_STATES.c.import_id == import_id)).one()
            countries = list(target.record.countries)
            if reverting:  # what the revert takes away, limited like what the import replaced
                before = _unpack(state.before)
                taken = capture(conn, countries, before.get("keys"))
                counts = restore(conn, before)
                values: dict[str, Any] = {"after": taken, "reverted_at": change.at, "reverted_by": user}
            else:
                counts = restore(conn, _unpack(state.after))
                values = {"after": None, "reverted_at": None, "reverted_by": None}
            conn.execute(update(IMPORT_STATES).where(IMPORT_STATES.c.import_id == import_id).values(**values))
            action = "revert" if reverting else "reapply"  # audit groups of their own
            after = {"import_id": import_id, "countries": countries, "records": counts}
            change.audit(user, action, target.record.file_name, {"import_id": import_id}, after)
        done = values["reverted_at"]
        return ImportEntry(target.record, target.mode, True, done, values["reverted_by"])


def state_counts(blob: bytes) -> dict[str, int]:
    """Records per country of a captured state (what a revert or re-apply would bring back)."""
    return _counts(_unpack(blob))


def _counts(data: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(data["countries"], 0)
    for row in data["records"]:
        counts[row[2]] += 1
    return counts
