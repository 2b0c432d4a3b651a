"""Several app instances on one database (PostgreSQL): two real gunicorn processes,
each with its own data dir, share only the database — an override made through one instance's
callback endpoint is visible through the other's, and a clear made through the second is seen
by the first.

The database is the ``database_url`` fixture's: PostgreSQL when ``SVETOFOR_TEST_DATABASE_URL``
names one (``make test`` runs this file again with the CI's PostgreSQL), else one SQLite file
both processes open.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from svetofor.store import Store
from tests.instances import DashClient, instance

pytestmark = pytest.mark.slow

LANG = "ru"
COLOURS = ("green", "yellow", "red")


def open_cell(client: DashClient, item: str, scope: str) -> dict[str, Any]:
    return client.call(
        ("cell-click",),
        {"cell-click.data": {"item": item, "scope": scope}, "diagram-lang.data": LANG},
        "cell-click.data",
    )


def save_cell(client: DashClient, target: dict, colour: str | None, reason: str, *, clear: bool = False):
    changed = "cell-clear.n_clicks" if clear else "cell-save.n_clicks"
    return client.call(
        ("cell-save", "cell-clear"),
        {
            changed: 1,
            "cell-target.data": target,
            "cell-colour.value": colour,
            "cell-reason.value": reason,
            "diagram-paths.data": {},
            "diagram-query.data": "",
            "diagram-lang.data": LANG,
        },
        changed,
    )


def text_of(response: dict[str, Any], component: str) -> str:
    return json.dumps(response.get(component, {}), ensure_ascii=False)


def a_stored_position(database_url: str) -> str:
    store = Store.open(url=database_url)
    try:
        items = store.lists.load_dataset().items
    finally:
        store.close()
    assert items, "the first instance did not seed the sample list"
    return next(iter(items))


def test_two_instances_on_one_database_see_each_others_overrides(database_url: str, tmp_path: Path) -> None:
    def env(name: str) -> dict[str, str]:
        data_dir = tmp_path / name  # nothing shared but the database
        data_dir.mkdir()
        return {"SVETOFOR_DATA_DIR": str(data_dir), "SVETOFOR_DATABASE_URL": database_url}

    # The first instance seeds the empty database with the sample list before the second starts.
    with instance(env("a"), tmp_path / "a.log") as base_a, instance(env("b"), tmp_path / "b.log") as base_b:
        a, b = DashClient(base_a), DashClient(base_b)
        item = a_stored_position(database_url)
        reason = f"проверка двух экземпляров {uuid.uuid4().hex[:8]}"

        # B has built its view of the data before A changes anything
        before = open_cell(b, item, "BY")
        assert before["cell-modal"]["is_open"] is True
        assert reason not in text_of(before, "cell-info")

        seen_by_a = open_cell(a, item, "BY")
        target = seen_by_a["cell-target"]["data"]
        current = seen_by_a["cell-colour"]["value"]
        colour = next(c for c in COLOURS if c != current)
        saved = save_cell(a, target, colour, reason)
        assert saved["cell-modal"]["is_open"] is False, text_of(saved, "cell-alert")

        after = open_cell(b, item, "BY")
        assert reason in text_of(after, "cell-info")
        assert after["cell-colour"]["value"] == colour

        # and the other way round: B clears it (with the version it saw), A no longer shows it
        cleared = save_cell(b, after["cell-target"]["data"], None, "", clear=True)
        assert cleared["cell-modal"]["is_open"] is False, text_of(cleared, "cell-alert")
        final = open_cell(a, item, "BY")
        assert reason not in text_of(final, "cell-info")
        assert final["cell-colour"]["value"] == current
