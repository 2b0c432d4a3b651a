"""The upsert and the bulk insert, on the dialect of the test database."""

from __future__ import annotations

from sqlalchemy import select

from svetofor.store import Store
from svetofor.store.schema import ITEMS, USERS
from svetofor.store.sql import bulk_insert, upsert

ITEM = ("item_key", "name", "code", "kind", "group_name", "hs_code", "used_in", "position")


def test_an_upsert_inserts_then_updates_the_chosen_columns_only(store: Store) -> None:
    row = {"username": "ivan", "password_hash": "a", "role": "viewer", "created_at": None}
    with store.db.write() as change:
        row["created_at"] = change.at
        upsert(change.conn, USERS, row, key=("username",))
        first = change.at
    with store.db.write() as change:
        later = {**row, "password_hash": "b", "role": "admin", "created_at": change.at}
        upsert(change.conn, USERS, later, key=("username",), update=("password_hash", "role"))
    [user] = store.accounts.all()
    assert (user.password_hash, user.role, user.created_at) == ("b", "admin", first)


def test_an_upsert_without_columns_to_update_inserts_only_what_is_absent(store: Store) -> None:
    with store.db.write() as change:
        row = {"username": "ivan", "password_hash": "a", "role": "viewer", "created_at": change.at}
        assert upsert(change.conn, USERS, row, key=("username",), update=()) is True
        again = {**row, "role": "admin"}
        assert upsert(change.conn, USERS, again, key=("username",), update=()) is False
    assert store.accounts.get("ivan").role == "viewer"


def test_the_bulk_insert_takes_plain_tuples_and_can_upsert(store: Store) -> None:
    with store.db.write() as change:
        bulk_insert(
            change.conn,
            ITEMS,
            ITEM,
            [("A", "a", None, None, None, None, "[]", 0), ("B", "b", "2", None, None, None, "[]", 1)],
        )
        bulk_insert(change.conn, ITEMS, ITEM, [])  # nothing to write is no statement
    with store.db.write() as change:
        rows = [("B", "b2", None, None, None, None, "[]", 9), ("C", "c", None, None, None, None, "[]", 2)]
        bulk_insert(change.conn, ITEMS, ITEM, rows, key=("item_key",), update=("name", "code"))
    with store.engine.connect() as conn:
        stored = conn.execute(
            select(ITEMS.c.item_key, ITEMS.c.name, ITEMS.c.code, ITEMS.c.position).order_by(ITEMS.c.item_key)
        ).all()
    assert [tuple(r) for r in stored] == [("A", "a", None, 0), ("B", "b2", None, 1), ("C", "c", None, 2)]
