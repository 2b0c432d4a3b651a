"""Position merges, dismissed "same position?" pairs and pending merge proposals
(docs/domain.md §8).

A merge is stored as one step (merged key -> surviving key, with the identity the planner
chose); readers apply it when composing the dataset (:mod:`svetofor.position_merges`), so it
holds for every later import of either list and an unmerge restores both positions. Merges and
dismissals change what the rules or the suggestions see, so they bump the dataset version; a
proposal changes nothing the rules see until it is confirmed.

Who may do what is the service's question (:mod:`svetofor.services.positions`): this
repository only refuses what can never be right (unknown positions, loops).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection

from svetofor.position_merges import Identity, PositionAliases, check_position_merge
from svetofor.store.engine import Database
from svetofor.store.schema import ITEMS, MEMBERSHIP, POSITION_DISMISSED, POSITION_MERGES, POSITION_PROPOSALS
from svetofor.store.sql import upsert


@dataclass(frozen=True)
class PositionMerge:
    """A stored merge, or (``confirmed_by`` unused) a pending proposal, with both positions'
    names as the lists last wrote them."""

    merged_key: str
    surviving_key: str
    name: str | None  # the chosen surviving name (None: the survivor's own)
    code: str | None
    author: str
    at: datetime
    merged_name: str = ""
    surviving_name: str = ""
    confirmed_by: str | None = None
    country: str | None = None  # a proposal: the proposing editor's country


def position_aliases(conn: Connection) -> PositionAliases:
    """The stored merges as readers apply them, in a transaction of the caller's."""
    rows = conn.execute(select(POSITION_MERGES).order_by(POSITION_MERGES.c.created_at)).all()
    identities: dict[str, Identity] = {}
    for r in rows:  # oldest first: the newest merge into a survivor decides its identity
        if r.name or r.code:
            identities[r.surviving_key] = Identity(r.name, r.code)
    return PositionAliases({r.merged_key: r.surviving_key for r in rows}, identities)


def _names(conn: Connection, keys: Iterable[str]) -> dict[str, str]:
    wanted = list(set(keys))
    query = select(ITEMS.c.item_key, ITEMS.c.name).where(ITEMS.c.item_key.in_(wanted))
    return {row.item_key: row.name for row in conn.execute(query)}


def _check_known(conn: Connection, *keys: str) -> None:
    known = _names(conn, keys)
    for key in keys:
        if key not in known:
            raise ValueError(f"unknown position {key!r}")


class Positions:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --------------------------------------------------------------------------- reading

    def aliases(self) -> PositionAliases:
        with self._db.read() as conn:
            return position_aliases(conn)

    def holders(self) -> dict[str, frozenset[str]]:
        """Position key (as the lists wrote it) -> the countries whose lists hold it now."""
        out: dict[str, set[str]] = {}
        with self._db.read() as conn:
            for key, country in conn.execute(select(MEMBERSHIP.c.item_key, MEMBERSHIP.c.country)):
                out.setdefault(key, set()).add(country)
        return {key: frozenset(countries) for key, countries in out.items()}

    def merges(self) -> list[PositionMerge]:
        """Stored merges, newest first."""
        with self._db.read() as conn:
            rows = conn.execute(select(POSITION_MERGES).order_by(POSITION_MERGES.c.created_at.desc())).all()
            names = _names(conn, [k for r in rows for k in (r.merged_key, r.surviving_key)])
        return [
            PositionMerge(
                r.merged_key,
                r.surviving_key,
                r.name,
                r.code,
                r.author,
                r.created_at,
                names.get(r.merged_key, ""),
                names.get(r.surviving_key, ""),
                confirmed_by=r.confirmed_by,
            )
            for r in rows
        ]

    def proposals(self) -> list[PositionMerge]:
        """Pending proposals, oldest first (the first asked is the first answered)."""
        with self._db.read() as conn:
            rows = conn.execute(select(POSITION_PROPOSALS).order_by(POSITION_PROPOSALS.c.created_at)).all()
            names = _names(conn, [k for r in rows for k in (r.merged_key, r.surviving_key)])
        return [
            PositionMerge(
                r.merged_key,
                r.surviving_key,
                r.name,
                r.code,
                r.author,
                r.created_at,
                names.get(r.merged_key, ""),
                names.get(r.surviving_key, ""),
                country=r.country,
            )
            for r in rows
        ]

    def dismissed(self) -> set[frozenset[str]]:
        with self._db.read() as conn:
            return {
                frozenset(json.loads(keys))
                for keys in conn.execute(select(POSITION_DISMISSED.c.position_keys)).scalars()
            }

    # --------------------------------------------------------------------------- writing

    def merge(
        self,
        surviving_key: str,
        merged_key: str,
        *,
        user: str,
        identity: Identity | None = None,
        confirmed_by: str | None = None,
    ) -> None:
        """Treat ``merged_key`` as ``surviving_key`` (named and coded as ``identity`` says) in
        the stored data and every later import; a proposal for ``merged_key`` is settled."""
        identity = identity or Identity()
        with self._db.write(dataset=True) as change:
            conn = change.conn
            check_position_merge(position_aliases(conn).direct, surviving_key, merged_key)
            _check_known(conn, surviving_key, merged_key)
            values = {
                "merged_key": merged_key,
                "surviving_key": surviving_key,
                "name": identity.name or None,
                "code": identity.code or None,
                "author": user,
                "confirmed_by": confirmed_by,
                "created_at": change.at,
            }
            conn.execute(POSITION_MERGES.insert().values(**values))
            conn.execute(delete(POSITION_PROPOSALS).where(POSITION_PROPOSALS.c.merged_key == merged_key))
            after = {"surviving": surviving_key, "name": values["name"], "code": values["code"]}
            if confirmed_by is not None:
                after["confirmed_by"] = confirmed_by
            change.audit(confirmed_by or user, "position-merge", merged_key, None, after)

    def unmerge(self, merged_key: str, *, user: str) -> str:
        """Undo the merge of ``merged_key``: both positions are as the lists wrote them again.
        Returns the key it was merged into."""
        with self._db.write(dataset=True) as change:
            conn = change.conn
            row = conn.execute(
                select(POSITION_MERGES).where(POSITION_MERGES.c.merged_key == merged_key)
            ).first()
            if row is None:
                raise ValueError(f"{merged_key!r} is not merged into another position")
            conn.execute(delete(POSITION_MERGES).where(POSITION_MERGES.c.merged_key == merged_key))
            before = {"surviving": row.surviving_key, "name": row.name, "code": row.code}
            change.audit(user, "position-unmerge", merged_key, before, None)
            return str(row.surviving_key)

    def propose(
        self,
        surviving_key: str,
        merged_key: str,
        *,
        user: str,
        country: str | None,
        identity: Identity | None = None,
    ) -> None:
        """Ask for a merge that waits for confirmation (a second proposal of one key replaces
        the first)."""
        identity = identity or Identity()
        with self._db.write() as change:
            conn = change.conn
            check_position_merge(position_aliases(conn).direct, surviving_key, merged_key)
            _check_known(conn, surviving_key, merged_key)
            values = {
                "merged_key": merged_key,
                "surviving_key": surviving_key,
                "name": identity.name or None,
                "code": identity.code or None,
                "author": user,
                "country": country,
                "created_at": change.at,
            }
            upsert(conn, POSITION_PROPOSALS, values, key=("merged_key",))
            after = {"surviving": surviving_key, "name": values["name"], "code": values["code"]}
            change.audit(user, "position-propose", merged_key, None, after)

    def proposal(self, merged_key: str) -> PositionMerge:
        """The pending proposal for ``merged_key`` (``ValueError`` if there is none)."""
        for p in self.proposals():
            if p.merged_key == merged_key:
                return p
        raise ValueError(f"no merge of {merged_key!r} is proposed")

    def withdraw(self, merged_key: str, *, user: str) -> None:
        """Drop a pending proposal (withdrawn by its author, or rejected by the other side)."""
        with self._db.write() as change:
            conn = change.conn
            row = conn.execute(
                select(POSITION_PROPOSALS).where(POSITION_PROPOSALS.c.merged_key == merged_key)
            ).first()
            if row is None:
                raise ValueError(f"no merge of {merged_key!r} is proposed")
            conn.execute(delete(POSITION_PROPOSALS).where(POSITION_PROPOSALS.c.merged_key == merged_key))
            before = {"surviving": row.surviving_key, "author": row.author}
            change.audit(user, "position-reject", merged_key, before, None)

    def dismiss(self, keys: frozenset[str], *, user: str) -> None:
        """Do not suggest these positions as one again."""
        keys = frozenset(keys)
        if len(keys) != 2:
            raise ValueError("a suggestion names two positions")
        ordered = sorted(keys)
        values = {"position_keys": json.dumps(ordered, ensure_ascii=False), "author": user}
        with self._db.write(dataset=True) as change:
            added = upsert(
                change.conn,
                POSITION_DISMISSED,
                {**values, "created_at": change.at},
                key=("position_keys",),
                update=(),
            )
            if added:  # dismissed before: nothing to audit
                change.audit(user, "position-dismiss", " + ".join(ordered), None, {"keys": ordered})
