"""Server-side sessions (SQLite, and PostgreSQL with SVETOFOR_TEST_DATABASE_URL): a token's row is
the session; ending it, a new password or role, or removing the user ends it for every copy."""

from __future__ import annotations

from datetime import timedelta

import pytest

from svetofor.store import Store
from svetofor.store.sessions import token_hash

HOUR = timedelta(hours=1)


@pytest.fixture
def users(store: Store) -> Store:
    store.accounts.put("anna", "hash-a", "editor-BY", actor="admin")
    store.accounts.put("boris", "hash-b", "viewer", actor="admin")
    return store


def test_a_session_is_a_row_and_ends_at_logout(users: Store) -> None:
    token = users.sessions.start("anna", lifetime=HOUR, audit={"role": "editor-BY", "ip": "127.0.0.1"})
    found = users.sessions.user_of(token)
    assert found is not None and (found.username, found.role) == ("anna", "editor-BY")
    assert token not in repr(users.dump()["sessions"])  # only the hash is kept
    assert users.dump()["sessions"][0][0] == token_hash(token)
    assert users.sessions.end(token) == "anna"
    assert users.sessions.user_of(token) is None
    assert users.sessions.end(token) is None  # ended once; a second logout writes nothing
    actions = [e.action for e in users.audit.entries(user="anna")]
    assert actions == ["logout", "login"]


@pytest.mark.parametrize("token", [None, "", "x", 42, "a" * 300, ["list"]])
def test_unknown_or_malformed_tokens_are_nobody(users: Store, token: object) -> None:
    users.sessions.start("anna", lifetime=HOUR)
    assert users.sessions.user_of(token) is None
    assert users.sessions.end(token) is None


def test_a_session_expires_and_expired_rows_are_swept(users: Store) -> None:
    old = users.sessions.start("anna", lifetime=HOUR)
    row = users.sessions.user_of(old)
    assert row is not None
    assert users.sessions.user_of(old, at=row.expires_at) is None  # expired at its expiry time
    short = users.sessions.start("boris", lifetime=timedelta(seconds=-1))  # born expired
    assert users.sessions.user_of(short) is None
    users.sessions.start("boris", lifetime=HOUR)  # a new sign-in sweeps the expired row
    assert users.sessions.count("boris") == 1 and users.sessions.count("anna") == 1


def test_a_new_password_or_role_or_removal_ends_every_session_of_the_user(users: Store) -> None:
    first, second = (users.sessions.start("anna", lifetime=HOUR) for _ in range(2))
    other = users.sessions.start("boris", lifetime=HOUR)
    users.accounts.put("anna", "hash-a", "editor-BY", actor="admin")  # nothing changed: they stay
    assert users.sessions.count("anna") == 2
    users.accounts.put("anna", "hash-a2", "editor-BY", actor="admin")
    assert users.sessions.user_of(first) is None and users.sessions.user_of(second) is None
    again = users.sessions.start("anna", lifetime=HOUR)
    users.accounts.put("anna", "hash-a2", "viewer", actor="admin")
    assert users.sessions.user_of(again) is None
    assert users.sessions.user_of(other) is not None  # another user's session is untouched
    users.accounts.remove("boris", actor="admin")
    assert users.sessions.user_of(other) is None and users.sessions.count() == 0
