"""Enterprise merges and dismissed "same enterprise?" suggestions (docs/domain.md §5).

A merge is stored as one step (merged key -> the key it is merged into); readers follow the
chain through :mod:`svetofor.merging`. Both change what the rules see, so both bump the
dataset version.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection

from svetofor.merging import check_merge, resolve_merges
from svetofor.store.engine import Database
from svetofor.store.schema import DISMISSED, ENTERPRISES, MERGES
from svetofor.store.sql import upsert


@dataclass(frozen=True)
class MergeInfo:
    merged_key: str
    surviving_key: str
    author: str
    at: datetime
    # The names as stored from the lists: a merged enterprise is gone from the loaded dataset,
    # so its name can only come from here ("" if the row is somehow missing).
    merged_name: str = ""
    surviving_name: str = ""


def direct_merges(conn: Connection) -> dict[str, str]:
    """Merged key -> the key it is merged into, as stored, in a transaction of the caller's."""
    return {row.merged_key: row.surviving_key for row in conn.execute(select(MERGES))}


class Merges:
    def __init__(self, db: Database) -> None:
        self._db = db

    def direct(self) -> dict[str, str]:
        """Merged enterprise key -> the key it is merged into (as stored; chains are possible)."""
        with self._db.read() as conn:
            return direct_merges(conn)

    def resolved(self) -> dict[str, str]:
        """Merged enterprise key -> final surviving key (chains followed)."""
        return resolve_merges(self.direct())

    def info(self) -> list[MergeInfo]:
        """Stored merges, newest first, with both enterprises' names as last imported."""
        named = select(MERGES.c.merged_key).union(select(MERGES.c.surviving_key))
        with self._db.read() as conn:
            names = {
                row.enterprise_key: row.name
                for row in conn.execute(
                    select(ENTERPRISES.c.enterprise_key, ENTERPRISES.c.name).where(
                        ENTERPRISES.c.enterprise_key.in_(named)
                    )
                )
            }
            rows = conn.execute(select(MERGES).order_by(MERGES.c.created_at.desc())).all()
        return [
            MergeInfo(
                r.merged_key,
                r.surviving_key,
                r.author,
                r.created_at,
                merged_name=names.get(r.merged_key, ""),
                surviving_name=names.get(r.surviving_key, ""),
            )
            for r in rows
        ]

    def merge(self, surviving_key: str, merged_key: str, *, user: str) -> None:
        """Treat ``merged_key`` as ``surviving_key`` in the stored data and in future imports."""
        self.merge_group(surviving_key, [merged_key], user=user)

    def merge_group(self, surviving_key: str, merged_keys: Sequence[str], *, user: str) -> None:
        """Merge every one of ``merged_keys`` into ``surviving_key`` in ONE transaction (one
        audit entry each): a suggestion's group is merged whole or, on any refusal, not at all."""
        with self._db.write(dataset=True) as change:
            conn = change.conn
            direct = direct_merges(conn)
            wanted = [surviving_key, *merged_keys]
            known = set(
                conn.execute(
                    select(ENTERPRISES.c.enterprise_key).where(ENTERPRISES.c.enterprise_key.in_(wanted))
                ).scalars()
            )
            for key in wanted:
                if key not in known:
                    raise ValueError(f"unknown enterprise {key!r}")
            for merged_key in merged_keys:
                # checked against the merges made so far in this group, so a cycle within it is refused
                check_merge(direct, surviving_key, merged_key)
                before = direct.get(merged_key)
                values = {
                    "merged_key": merged_key,
                    "surviving_key": surviving_key,
                    "author": user,
                    "created_at": change.at,
                }
                upsert(conn, MERGES, values, key=("merged_key",))
                direct[merged_key] = surviving_key
                change.audit(
                    user,
                    "merge",
                    merged_key,
                    None if before is None else {"surviving": before},
                    {"surviving": surviving_key},
                )

    def unmerge(self, merged_key: str, *, user: str) -> None:
        """Undo the merge of ``merged_key``: its records are its own enterprise's again."""
        with self._db.write(dataset=True) as change:
            conn = change.conn
            row = conn.execute(select(MERGES).where(MERGES.c.merged_key == merged_key)).first()
            if row is None:
                raise ValueError(f"{merged_key!r} is not merged into another enterprise")
            conn.execute(delete(MERGES).where(MERGES.c.merged_key == merged_key))
            change.audit(user, "unmerge", merged_key, {"surviving": row.surviving_key}, None)

    def dismissed(self) -> set[frozenset[str]]:
        """The groups of enterprises a planner said are not one enterprise."""
        with self._db.read() as conn:
            return {
                frozenset(json.loads(keys))
                for keys in conn.execute(select(DISMISSED.c.enterprise_keys)).scalars()
            }

    def dismiss(self, keys: frozenset[str], *, user: str) -> None:
        """Do not suggest these enterprises as one again."""
        keys = frozenset(keys)
        if len(keys) < 2:
            raise ValueError("a suggestion names at least two enterprises")
        ordered = sorted(keys)
        values = {"enterprise_keys": json.dumps(ordered, ensure_ascii=False), "author": user}
        with self._db.write(dataset=True) as change:
            added = upsert(
                change.conn,
                DISMISSED,
                {**values, "created_at": change.at},
                key=("enterprise_keys",),
                update=(),
            )
            if added:  # else dismissed before: nothing to audit
                change.audit(user, "dismiss", " + ".join(ordered), None, {"keys": ordered})
