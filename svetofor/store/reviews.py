"""Reviews of duplication warnings: the state of each warning and every review of it (docs/domain.md §5).

A review is keyed by the warning's identity, so it is kept (with its history) when a re-import
makes the warning stop applying, and applies again when the warning comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select

from svetofor.model import Review, ReviewState
from svetofor.store.engine import Database
from svetofor.store.schema import REVIEW_HISTORY, REVIEWS
from svetofor.store.sql import upsert

REVIEW_STATES: tuple[ReviewState, ...] = ("open", "accepted", "resolved")


@dataclass(frozen=True)
class ReviewEvent:
    warning_key: str
    state: str
    reason: str
    author: str
    at: datetime


class Reviews:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self) -> dict[str, Review]:
        """Warning key -> its review now."""
        with self._db.read() as conn:
            rows = conn.execute(select(REVIEWS)).all()
        return {
            row.warning_key: Review(row.warning_key, row.state, row.reason, row.author, row.updated_at)
            for row in rows
        }

    def review(self, key: str, state: str, reason: str, *, user: str) -> Review:
        """Set the state of warning ``key``; accepting a warning needs a reason."""
        if state not in REVIEW_STATES:
            raise ValueError(f"unknown review state {state!r}; expected one of {', '.join(REVIEW_STATES)}")
        if state == "accepted" and (reason is None or not reason.strip()):
            raise ValueError("accepting a warning requires a reason")
        reason = (reason or "").strip()
        with self._db.write() as change:
            conn, at = change.conn, change.at
            row = conn.execute(select(REVIEWS).where(REVIEWS.c.warning_key == key)).first()
            values = {"warning_key": key, "state": state, "reason": reason, "author": user, "updated_at": at}
            upsert(conn, REVIEWS, values, key=("warning_key",))
            conn.execute(
                insert(REVIEW_HISTORY).values(
                    warning_key=key, state=state, reason=reason, author=user, created_at=at
                )
            )
            before = None if row is None else {"state": row.state, "reason": row.reason, "author": row.author}
            change.audit(user, "review", key, before, {"state": state, "reason": reason})
        return Review(key, state, reason, user, at)

    def history(self, key: str) -> list[ReviewEvent]:
        """Every review of the warning, newest first."""
        hist = REVIEW_HISTORY
        with self._db.read() as conn:
            rows = conn.execute(
                select(hist).where(hist.c.warning_key == key).order_by(hist.c.id.desc())
            ).all()
        return [
            ReviewEvent(row.warning_key, row.state, row.reason, row.author, row.created_at) for row in rows
        ]
