"""The import pipeline through the service: the file read, the stored data loaded and the rules
run once per import; a plan commits only on the store versions it was planned on, else it is
planned again once, else refused with nothing stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from svetofor import view
from svetofor.messages import render
from svetofor.progress import decode_snapshot
from svetofor.service import ImportConflict, ImportRefused, Svetofor
from svetofor.services import importing
from svetofor.store import Store
from svetofor.store import lists as stored_lists
from tests.conftest import build_read_result
from tests.workbooks import xlsx

BY = [
    {"item": "М-1", "name": "Станок токарный", "enterprise": "ОАО Гомель", "existing": True, "capacity": 100},
    {"item": "М-2", "name": "Обрабатывающий центр", "enterprise": "ОАО Минск", "action": "создание"},
]
RU = [
    {"item": "М-1", "name": "Станок токарный", "country": "RU", "enterprise": "АО Ковров", "existing": True},
]


class Spy:
    """Counts the calls of one function while passing them through."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
        self.calls = 0
        real: Callable[..., Any] = getattr(owner, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)


@pytest.fixture
def svc(store: Store) -> Svetofor:
    service = Svetofor(store)
    service.import_result(build_read_result(RU, countries=("RU",)), user="alice", file_hash="ru")
    return service


def test_a_planned_and_committed_import_reads_loads_and_classifies_once(
    svc: Svetofor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = xlsx(
        tmp_path / "by.xlsx",
        [
            ("Код позиции", "Наименование продукции", "Предприятие", "Наличие производства"),
            ("М-1", "Станок токарный", "ОАО Гомель", "да"),
        ],
    )
    svc.view()  # the app shows the diagram before the planner imports
    reads = Spy(monkeypatch, importing, "read_file")
    loads = Spy(monkeypatch, stored_lists, "_read_stored")
    rules = Spy(monkeypatch, view, "classify")

    result = svc.read(path, country="BY")
    plan = svc.plan_import(result, file_hash="by")
    assert plan.preview is not None and [i.key for i in plan.preview.new_items] == []
    svc.commit(plan, user="alice")
    after = svc.view()

    assert (reads.calls, loads.calls, rules.calls) == (1, 1, 1)
    assert after.statuses == plan.statuses
    assert svc.store.lists.load_dataset() == plan.rules.dataset  # the plan predicted the import


def test_a_plan_on_a_cold_service_reads_the_stored_rows_once(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    Svetofor(store).import_result(build_read_result(RU, countries=("RU",)), user="alice", file_hash="ru")
    cold = Svetofor(store)  # a fresh process: nothing cached
    loads = Spy(monkeypatch, stored_lists, "_read_stored")
    rules = Spy(monkeypatch, view, "classify")
    plan = cold.plan_import(build_read_result(BY, countries=("BY",)), file_hash="by")
    assert plan.preview is not None
    assert [i.key for i in plan.preview.new_items] == ["М-2"]
    # one read for the stored and the would-be data; the rules once on each of them
    assert (loads.calls, rules.calls) == (1, 2)


def test_the_plan_carries_the_automatic_snapshot_it_commits(svc: Svetofor) -> None:
    plan = svc.plan_import(build_read_result(BY, countries=("BY",), file="by.xlsx"), file_hash="by")
    record = svc.commit(plan, user="alice")
    info = svc.store.snapshots.all()[0]
    assert svc.store.snapshots.payload(info.id) == plan.snapshot[1]
    assert render(decode_snapshot(plan.snapshot[1]).name, "ru") == "Импорт «by.xlsx»"
    assert record.countries == ("BY",)


def test_a_plan_overtaken_by_a_change_is_planned_again_and_committed(
    svc: Svetofor, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = svc.plan_import(build_read_result(BY, countries=("BY",)), file_hash="by")
    svc.set_override("М-1", "RU", "red", "нет станка", user="alice")  # someone else, meanwhile
    reads = Spy(monkeypatch, importing, "read_file")
    rules = Spy(monkeypatch, view, "classify")
    record = svc.commit(plan, user="alice")
    assert (reads.calls, rules.calls) == (0, 1)  # planned again from the same reading
    assert record.countries == ("BY",)
    now = svc.view()
    assert now.rows[0].cells["RU"].colour == "red"  # the override made meanwhile is in the view
    assert now.version == svc.store.versions()[0]


def test_a_plan_overtaken_twice_is_refused_and_nothing_is_stored(
    svc: Svetofor, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = svc.plan_import(build_read_result(BY, countries=("BY",)), file_hash="by")
    svc.set_override("М-1", "RU", "red", "нет станка", user="alice")
    real = svc.plan_import

    def replan_then_change(*args: Any, **kwargs: Any) -> Any:
        again = real(*args, **kwargs)
        svc.set_override("М-1", "RU", "yellow", "ещё раз", user="alice")  # and again, meanwhile
        return again

    monkeypatch.setattr(svc, "plan_import", replan_then_change)
    history = svc.store.imports.history()
    with pytest.raises(ImportConflict) as refused:
        svc.commit(plan, user="alice")
    assert refused.value.text("en") == (
        "The data changed during the import, and so did it again while it was recomputed: "
        "nothing was imported, please try again."
    )
    assert svc.store.imports.history() == history
    assert "М-2" not in svc.store.lists.load_dataset().items


def test_a_file_with_errors_is_not_planned(svc: Svetofor) -> None:
    from svetofor.model import Problem

    bad = build_read_result(BY, countries=("BY",), errors=[Problem(message="плохо", sheet="Лист1", row=2)])
    with pytest.raises(ImportRefused):
        svc.plan_import(bad, file_hash="bad")
