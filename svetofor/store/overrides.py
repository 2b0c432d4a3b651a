"""Overrides: a planner's colour for a cell, with every change kept and undo (docs/domain.md §4).

* A cell's version only ever grows: a cleared cell keeps its row (colour NULL) and its version,
  so a client holding an old version can never match a newer state by accident.
* ``expected_version`` (what the caller saw: the override's version, or 0 for none) makes a
  change conditional; a mismatch raises :class:`ConflictError` with the cell's state now.
* An undo restores the cell's state before the user's last change still in effect, and refuses
  (``ConflictError``) when someone else has changed that cell since.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Row

from svetofor.model import COLOURS, SCOPES, Colour, Override
from svetofor.store.engine import Change, Database
from svetofor.store.schema import ITEMS, OVERRIDE_HISTORY, OVERRIDES
from svetofor.store.sql import upsert

# Colours a planner may set. "none" means "no data" and is computed, never chosen.
OVERRIDE_COLOURS: tuple[Colour, ...] = ("green", "yellow", "red")


class ConflictError(Exception):
    """The cell changed underneath the caller (optimistic concurrency); ``current`` is its state now."""

    def __init__(self, current: Override | None, message: str | None = None) -> None:
        self.current = current
        super().__init__(message or "the cell was changed by someone else; reload and decide again")


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
class _CellState:
    """What a change leaves in a cell: the override (``colour`` None: none) and whose it is."""

    colour: str | None
    reason: str
    owner: str
    owner_at: datetime
    based_on: str | None


def _override_of(row: Row[Any]) -> Override:
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


def _event_of(row: Row[Any]) -> OverrideEvent:
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


def _active(row: Row[Any] | None) -> Override | None:
    return _override_of(row) if row is not None and row.colour is not None else None


def _state_json(row: Row[Any] | None) -> dict[str, Any] | None:
    if row is None or row.colour is None:
        return None
    return {
        "colour": row.colour,
        "reason": row.reason,
        "author": row.author,
        "version": row.version,
        "based_on": row.based_on,
    }


def active_overrides(conn: Connection) -> dict[tuple[str, str], Override]:
    """Every cell with an override now, in a transaction of the caller's."""
    rows = conn.execute(select(OVERRIDES).where(OVERRIDES.c.colour.is_not(None)))
    return {(row.item_key, row.scope): _override_of(row) for row in rows}


class Overrides:
    def __init__(self, db: Database) -> None:
        self._db = db

    def active(self) -> dict[tuple[str, str], Override]:
        """``(item key, scope) -> override`` of every cell that has one."""
        with self._db.read() as conn:
            return active_overrides(conn)

    def set(
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
        """Recolour a cell; ``based_on`` is the computed colour it replaces (to flag it stale later)."""
        if reason is None or not reason.strip():
            raise ValueError("a reason is required to recolour a cell")
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}; expected one of {', '.join(SCOPES)}")
        if colour not in OVERRIDE_COLOURS:
            raise ValueError(f"a cell can be recoloured to {', '.join(OVERRIDE_COLOURS)}, not {colour!r}")
        if based_on is not None and based_on not in COLOURS:
            raise ValueError(f"unknown computed colour {based_on!r}")
        reason = reason.strip()
        with self._db.write() as change:
            conn = change.conn
            if conn.execute(select(ITEMS.c.item_key).where(ITEMS.c.item_key == item_key)).first() is None:
                raise ValueError(f"unknown position {item_key!r}")
            row = self._cell(conn, item_key, scope)
            self._check_version(row, expected_version)
            state = _CellState(colour, reason, user, change.at, based_on)
            version = self._write_cell(change, row, item_key, scope, state, actor=user)
            after = {
                "colour": colour,
                "reason": reason,
                "author": user,
                "version": version,
                "based_on": based_on,
            }
            change.audit(user, "override.set", f"{item_key}|{scope}", _state_json(row), after)
        return Override(item_key, scope, colour, reason, user, change.at, version, based_on)

    def clear(self, item_key: str, scope: str, *, user: str, expected_version: int | None = None) -> None:
        """Remove the cell's override (its version lives on)."""
        with self._db.write() as change:
            row = self._cell(change.conn, item_key, scope)
            self._check_version(row, expected_version)
            if row is None or row.colour is None:
                raise ValueError(f"no override on {item_key!r} / {scope}")
            self._write_cell(
                change, row, item_key, scope, _CellState(None, "", user, change.at, None), actor=user
            )
            change.audit(user, "override.clear", f"{item_key}|{scope}", _state_json(row), None)

    def history(self, item_key: str, scope: str) -> list[OverrideEvent]:
        """Every change of the cell, newest first."""
        hist = OVERRIDE_HISTORY
        with self._db.read() as conn:
            rows = conn.execute(
                select(hist)
                .where(hist.c.item_key == item_key, hist.c.scope == scope)
                .order_by(hist.c.id.desc())
            ).all()
        return [_event_of(row) for row in rows]

    def undo_target(self, user: str) -> OverrideEvent | None:
        """The change :meth:`undo_last` would revert now (to check permissions first)."""
        with self._db.read() as conn:
            row = self._last_change(conn, user)
        return None if row is None else _event_of(row)

    def undo_last(self, user: str) -> OverrideEvent | None:
        """Revert ``user``'s most recent override change still in effect, restoring the cell's
        state before it. Repeated calls walk further back. ``ConflictError`` if someone else has
        changed that cell since (their change is not silently overwritten); ``None`` if nothing
        is left to undo."""
        hist = OVERRIDE_HISTORY
        with self._db.write() as change:
            conn = change.conn
            target = self._last_change(conn, user)
            if target is None:
                return None
            cell = (hist.c.item_key == target.item_key, hist.c.scope == target.scope)
            row = self._cell(conn, target.item_key, target.scope)
            later = select(hist.c.id).where(*cell, hist.c.id > target.id, hist.c.author != user)
            if conn.execute(later).first() is not None:
                raise ConflictError(
                    _active(row), "someone else changed this cell after your change; undo refused"
                )
            previous = conn.execute(
                select(hist).where(*cell, hist.c.id < target.id).order_by(hist.c.id.desc()).limit(1)
            ).first()
            if previous is not None and previous.colour is not None:
                state = _CellState(
                    previous.colour,
                    previous.reason,
                    previous.override_author or previous.author,
                    previous.override_created_at or previous.created_at,
                    previous.based_on,
                )
            else:
                state = _CellState(None, "", user, change.at, None)
            version = self._write_cell(
                change, row, target.item_key, target.scope, state, actor=user, undo_of=target.id
            )
            conn.execute(update(hist).where(hist.c.id == target.id).values(undone=True))
            after = _state_json(self._cell(conn, target.item_key, target.scope))
            change.audit(user, "override.undo", f"{target.item_key}|{target.scope}", _state_json(row), after)
            event = conn.execute(
                select(hist).where(*cell, hist.c.version == version).order_by(hist.c.id.desc()).limit(1)
            ).one()
            return _event_of(event)

    @staticmethod
    def _cell(conn: Connection, item_key: str, scope: str) -> Row[Any] | None:
        return conn.execute(
            select(OVERRIDES).where(OVERRIDES.c.item_key == item_key, OVERRIDES.c.scope == scope)
        ).first()

    @staticmethod
    def _last_change(conn: Connection, user: str) -> Row[Any] | None:
        hist = OVERRIDE_HISTORY
        return conn.execute(
            select(hist)
            .where(hist.c.author == user, hist.c.undo_of.is_(None), hist.c.undone.is_(False))
            .order_by(hist.c.id.desc())
            .limit(1)
        ).first()

    @staticmethod
    def _check_version(row: Row[Any] | None, expected_version: int | None) -> None:
        """``expected_version`` is what the caller saw: the override's version, or 0 for none."""
        if expected_version is None:
            return
        current = _active(row)
        if (current.version if current is not None else 0) != expected_version:
            raise ConflictError(current)

    @staticmethod
    def _write_cell(
        change: Change,
        row: Row[Any] | None,
        item_key: str,
        scope: str,
        state: _CellState,
        *,
        actor: str,
        undo_of: int | None = None,
    ) -> int:
        """Give the cell ``state`` with the next version and record the change in its history."""
        version = (row.version if row is not None else 0) + 1
        values = {
            "item_key": item_key,
            "scope": scope,
            "colour": state.colour,
            "reason": state.reason,
            "author": state.owner,
            "created_at": state.owner_at,
            "version": version,
            "based_on": state.based_on,
        }
        upsert(change.conn, OVERRIDES, values, key=("item_key", "scope"))
        active = state.colour is not None
        change.conn.execute(
            OVERRIDE_HISTORY.insert().values(
                item_key=item_key,
                scope=scope,
                action="set" if active else "clear",
                colour=state.colour,
                reason=state.reason,
                author=actor,
                created_at=change.at,
                version=version,
                based_on=state.based_on,
                override_author=state.owner if active else None,
                override_created_at=state.owner_at if active else None,
                undo_of=undo_of,
                undone=False,
            )
        )
        return version
