"""Snapshots: payload bytes round-trip, newest first."""

from __future__ import annotations

import pytest

from svetofor.store import Store


def test_snapshots_round_trip_bytes(store: Store) -> None:
    payload = bytes(range(256)) * 100
    info = store.snapshots.save("Заседание 06.03.2025", payload, user="alice")
    auto = store.snapshots.save("после импорта", b"", user="system", automatic=True)
    assert store.snapshots.payload(info.id) == payload
    assert store.snapshots.payload(auto.id) == b""
    assert store.snapshots.all() == [auto, info]
    assert (info.name, info.author, info.automatic, info.size) == (
        "Заседание 06.03.2025",
        "alice",
        False,
        25600,
    )
    with pytest.raises(KeyError):
        store.snapshots.payload(999)
