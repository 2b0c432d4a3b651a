"""Reading the audit log (every change writes its entry through ``engine.Change.audit``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from svetofor.store.engine import Database
from svetofor.store.schema import AUDIT


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    user: str
    action: str
    target: str
    before: Any
    after: Any


class Audit:
    def __init__(self, db: Database) -> None:
        self._db = db

    def entries(
        self,
        *,
        action: str | None = None,
        user: str | None = None,
        since: datetime | None = None,
        limit: int = 1000,
        until: datetime | None = None,
        target: str | None = None,
    ) -> list[AuditEntry]:
        """Audit entries, newest first. ``action`` matches exactly or as a prefix ("override");
        ``until`` is exclusive; ``target`` matches a part of the target, case-insensitively."""
        query = select(AUDIT)
        if action is not None:
            query = query.where((AUDIT.c.action == action) | AUDIT.c.action.startswith(action + "."))
        if user is not None:
            query = query.where(AUDIT.c.username == user)
        if since is not None:
            query = query.where(AUDIT.c.created_at >= since)
        if until is not None:
            query = query.where(AUDIT.c.created_at < until)
        query = query.order_by(AUDIT.c.id.desc())
        with self._db.read() as conn:
            if target:
                # SQLite's lower() knows only ASCII: match Cyrillic case-insensitively here.
                wanted = target.casefold()
                matching = (row for row in conn.execute(query) if wanted in row.target.casefold())
                rows = [row for _, row in zip(range(limit), matching, strict=False)]
            else:
                rows = list(conn.execute(query.limit(limit)).all())
        return [
            AuditEntry(row.id, row.created_at, row.username, row.action, row.target, row.before, row.after)
            for row in rows
        ]

    def users(self) -> list[str]:
        """Every name that appears in the audit log (for the audit page's filter)."""
        with self._db.read() as conn:
            return sorted(conn.execute(select(AUDIT.c.username).distinct()).scalars())

    def record(self, action: str, target: str, *, user: str, before: Any = None, after: Any = None) -> None:
        """An entry for a change made outside the store's own tables (a sign-in, a users file)."""
        with self._db.write() as change:
            change.audit(user, action, target, before, after)
