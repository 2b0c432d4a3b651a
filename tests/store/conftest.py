"""Two small lists (BY and RU) and a store holding both, for the tests of every repository."""

from __future__ import annotations

import pytest

from svetofor.messages import msg
from svetofor.model import CellStatus
from svetofor.store import Store

BY_ROWS = [
    {
        "item": "P1",
        "name": "Станок токарный",
        "group": "Токарные",
        "kind": "machine",
        "enterprise": "Завод А",
        "existing": True,
        "capacity": 100,
    },
    {
        "item": "P2",
        "name": "Шпиндель",
        "kind": "component",
        "used_in": ["P1"],
        "enterprise": "Завод Б",
        "action": "new",
        "launch_year": 2027,
    },
    {"item": "P3", "name": "Фреза", "kind": "tool", "existing": False},
]
RU_ROWS = [
    {"item": "P1", "name": "Станок токарный", "country": "RU", "enterprise": "Завод В", "existing": True},
    {
        "item": "P4",
        "name": "Патрон",
        "country": "RU",
        "enterprise": "Завод Г",
        "action": "modernise",
        "existing": True,
        "capacity": 10,
    },
]


@pytest.fixture
def build(make_read_result):
    """The ``make_read_result`` builder, for tests that craft their own lists."""
    return make_read_result


@pytest.fixture
def by_list(make_read_result):
    return lambda: make_read_result(BY_ROWS, countries=["BY"], demand={("P1", "BY"): 50}, file="by.xlsx")


@pytest.fixture
def ru_list(make_read_result):
    return lambda: make_read_result(RU_ROWS, countries=["RU"], file="ru.xlsx")


@pytest.fixture
def loaded(store: Store, by_list, ru_list) -> Store:
    store.lists.import_result(by_list(), user="alice", file_hash="h-by")
    store.lists.import_result(ru_list(), user="boris", file_hash="h-ru")
    return store


def cell(colour: str) -> CellStatus:
    return CellStatus(colour, msg(f"colour.{colour}"))  # type: ignore[arg-type]
