"""Users who sign in: name, password hash (made by ``svetofor.auth``, never audited), role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import Row

from svetofor.store.engine import Database
from svetofor.store.schema import USERS
from svetofor.store.sessions import end_user_sessions
from svetofor.store.sql import upsert


@dataclass(frozen=True)
class UserInfo:
    username: str
    password_hash: str
    role: str
    created_at: datetime


def _user_of(row: Row[Any]) -> UserInfo:
    return UserInfo(row.username, row.password_hash, row.role, row.created_at)


class Accounts:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self) -> list[UserInfo]:
        """Every user, by name."""
        with self._db.read() as conn:
            return [_user_of(r) for r in conn.execute(select(USERS).order_by(USERS.c.username)).all()]

    def configured(self) -> bool:
        """Whether sign-in is configured (any user exists)."""
        with self._db.read() as conn:
            return conn.execute(select(USERS.c.username).limit(1)).first() is not None

    def get(self, username: str) -> UserInfo | None:
        with self._db.read() as conn:
            row = conn.execute(select(USERS).where(USERS.c.username == username)).first()
        return None if row is None else _user_of(row)

    def put(self, username: str, password_hash: str, role: str, *, actor: str) -> UserInfo:
        """Add a user or replace their password hash and role (the creation time stays)."""
        if username is None or not username.strip():
            raise ValueError("a user needs a name")
        with self._db.write() as change:
            conn = change.conn
            row = conn.execute(select(USERS).where(USERS.c.username == username)).first()
            values = {
                "username": username,
                "password_hash": password_hash,
                "role": role,
                "created_at": change.at,
            }
            upsert(conn, USERS, values, key=("username",), update=("password_hash", "role"))
            if row is not None and (row.password_hash != password_hash or row.role != role):
                # A new password or role ends every open session of the user, in this
                # transaction: nobody keeps acting under the old credentials or the old role.
                end_user_sessions(conn, username)
            # Never the hash in the audit log.
            change.audit(
                actor, "user.put", username, None if row is None else {"role": row.role}, {"role": role}
            )
        return UserInfo(username, password_hash, role, change.at if row is None else row.created_at)

    def remove(self, username: str, *, actor: str) -> None:
        with self._db.write() as change:
            conn = change.conn
            row = conn.execute(select(USERS).where(USERS.c.username == username)).first()
            if row is None:
                raise ValueError(f"no user {username!r}")
            conn.execute(delete(USERS).where(USERS.c.username == username))
            end_user_sessions(conn, username)
            change.audit(actor, "user.remove", username, {"role": row.role}, None)
