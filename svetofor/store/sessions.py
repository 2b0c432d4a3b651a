"""Signed-in sessions kept in the store, so that logging out really ends one (docs/security.md).

The browser's cookie holds a random token (256 bits); the store keeps only its SHA-256, the
user and the expiry. A session is valid while its row exists and has not expired, so:

* logout deletes the row: a copy of the cookie taken before reads and writes nothing after;
* a new password, a new role or removing the user deletes all of that user's rows, in the
  same transaction as the change (:func:`end_user_sessions`, called by ``Accounts``);
* expired rows are swept whenever a session starts, so the table stays as small as the number
  of signed-in browsers.

Every worker and instance on the database sees the same sessions; nothing lives in memory.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection

from svetofor.store.engine import Database, now
from svetofor.store.schema import SESSIONS, USERS

TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class SessionUser:
    """Who a valid session belongs to, with the role stored now."""

    username: str
    role: str
    expires_at: datetime


def end_user_sessions(conn: Connection, username: str) -> int:
    """Delete every session of ``username`` in the caller's transaction; how many there were."""
    return conn.execute(delete(SESSIONS).where(SESSIONS.c.username == username)).rowcount or 0


class Sessions:
    def __init__(self, db: Database) -> None:
        self._db = db

    def start(self, username: str, *, lifetime: timedelta, audit: dict[str, Any] | None = None) -> str:
        """A new session for ``username`` (with its ``login`` audit entry); returns the token
        for the cookie, which is stored nowhere but in the browser."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self._db.write() as change:
            conn = change.conn
            conn.execute(delete(SESSIONS).where(SESSIONS.c.expires_at <= change.at))
            conn.execute(
                insert(SESSIONS).values(
                    token_hash=token_hash(token),
                    username=username,
                    created_at=change.at,
                    expires_at=change.at + lifetime,
                )
            )
            change.audit(username, "login", username, None, audit)
        return token

    def user_of(self, token: object, *, at: datetime | None = None) -> SessionUser | None:
        """The user of a live session, or ``None`` (unknown, ended, expired, user removed)."""
        if not isinstance(token, str) or not token or len(token) > 256:
            return None
        query = (
            select(SESSIONS.c.username, USERS.c.role, SESSIONS.c.expires_at)
            .join(USERS, USERS.c.username == SESSIONS.c.username)
            .where(SESSIONS.c.token_hash == token_hash(token), SESSIONS.c.expires_at > (at or now()))
        )
        with self._db.read() as conn:
            row = conn.execute(query).first()
        return None if row is None else SessionUser(row.username, row.role, row.expires_at)

    def end(self, token: object) -> str | None:
        """End the session of ``token`` (with a ``logout`` audit entry); its user, or ``None``
        when there was no such session (nothing is written then)."""
        if not isinstance(token, str) or not token:
            return None
        hashed = token_hash(token)
        with self._db.read() as conn:
            username = conn.execute(
                select(SESSIONS.c.username).where(SESSIONS.c.token_hash == hashed)
            ).scalar()
        if username is None:
            return None
        with self._db.write() as change:
            gone = change.conn.execute(delete(SESSIONS).where(SESSIONS.c.token_hash == hashed)).rowcount
            if gone:
                change.audit(username, "logout", username)
        return str(username) if gone else None

    def count(self, username: str | None = None) -> int:
        """How many sessions exist (of ``username``), expired ones not yet swept included."""
        query = select(func.count()).select_from(SESSIONS)
        if username is not None:
            query = query.where(SESSIONS.c.username == username)
        with self._db.read() as conn:
            return int(conn.execute(query).scalar_one())
