"""Users for sign-in: stored with their hash and role; hashes never reach the audit log."""

from __future__ import annotations

from svetofor.store import Store


def test_users_are_stored_for_sign_in(store: Store) -> None:
    store.accounts.put("ivan", "pbkdf2:x", "editor-BY", actor="admin")
    store.accounts.put("ivan", "pbkdf2:y", "admin", actor="admin")
    assert [(u.username, u.password_hash, u.role) for u in store.accounts.all()] == [
        ("ivan", "pbkdf2:y", "admin")
    ]
    assert store.accounts.get("nobody") is None
    assert "pbkdf2" not in repr(store.audit.entries())  # hashes never reach the audit log
