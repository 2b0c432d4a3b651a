"""Import history, revert and re-apply through the service (docs/domain.md §8): the records
return exactly; overrides, reviews and merges stay; newest first per country; audited; the
right to import a country is the right to revert its imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from svetofor.auth import EDITOR_RU, User
from svetofor.messages import MessageError, render
from svetofor.service import PermissionDenied, Svetofor
from svetofor.services.imports import mode_line
from svetofor.store import Store
from tests.test_service import BY_ROWS, RU_ROWS, write_list

ONE_BY_ROW = [("М-1", *BY_ROWS[0][1:5], "нет", None, 50, None, None, None)]  # production stopped


@pytest.fixture
def svc(store: Store) -> Svetofor:
    return Svetofor(store)


@pytest.fixture
def loaded(svc: Svetofor, tmp_path: Path) -> Svetofor:
    svc.import_file(write_list(tmp_path / "by.xlsx", BY_ROWS, sheet="Беларусь"), user="alice")
    svc.import_file(write_list(tmp_path / "ru.xlsx", RU_ROWS, sheet="Россия"), user="boris")
    return svc


def lists_rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """What a revert must bring back exactly: the rows of records, demand and membership."""
    dump = store.dump()
    return {name: dump[name] for name in ("records", "demand", "list_membership")}


def colours(svc: Svetofor, item: str) -> dict[str, str]:
    row = next(r for r in svc.view().rows if r.item.key == item)
    return {scope: cell.colour for scope, cell in row.cells.items()}


@pytest.mark.parametrize("mode", ["replace", "update"])
def test_revert_returns_the_records_exactly_and_reapply_puts_the_import_back(
    loaded: Svetofor, tmp_path: Path, mode: str
) -> None:
    before = lists_rows(loaded.store)
    dataset_before = loaded.view().dataset
    record = loaded.import_file(write_list(tmp_path / "by2.xlsx", ONE_BY_ROW), user="alice", mode=mode)
    after = lists_rows(loaded.store)
    assert after != before
    assert colours(loaded, "М-1")["BY"] == "red"

    entry = loaded.revert_import(record.id, user="alice")
    assert entry.reverted and entry.reverted_by == "alice" and entry.mode == mode
    assert lists_rows(loaded.store) == before
    assert loaded.view().dataset == dataset_before
    assert colours(loaded, "М-1")["BY"] == "green"

    loaded.reapply_import(record.id, user="alice")
    assert lists_rows(loaded.store) == after
    assert colours(loaded, "М-1")["BY"] == "red"
    assert not loaded.store.import_states.entry(record.id).reverted  # type: ignore[union-attr]


def test_update_mode_changes_only_the_positions_the_file_names(loaded: Svetofor, tmp_path: Path) -> None:
    kept = {k: colours(loaded, k) for k in ("М-2", "К-1")}
    loaded.import_file(write_list(tmp_path / "by2.xlsx", ONE_BY_ROW), user="alice", mode="update")
    view = loaded.view()
    assert set(view.dataset.items) == {"М-1", "М-2", "К-1"}  # replace would drop М-2 and К-1 from BY
    assert {k: colours(loaded, k) for k in kept} == kept
    assert colours(loaded, "М-1")["BY"] == "red"
    by_records = sorted(r.item_key for r in view.dataset.records if r.country == "BY")
    assert by_records == ["М-1", "М-2"]  # М-2 still from the first list
    assert [e.mode for e in loaded.import_entries()] == ["update", "replace", "replace"]


def test_overrides_reviews_and_merges_made_since_stay_and_the_data_moving_flags_the_override(
    loaded: Svetofor, tmp_path: Path
) -> None:
    record = loaded.import_file(write_list(tmp_path / "by2.xlsx", ONE_BY_ROW), user="alice")
    ov = loaded.set_override("М-1", "BY", "yellow", "ждём запуска", user="alice")
    assert ov.based_on == "red"
    warning = loaded.view().warnings[0] if loaded.view().warnings else None
    if warning is not None:
        loaded.review_warning(warning.key, "accepted", "проверено", user="alice")
    loaded.revert_import(record.id, user="alice")
    view = loaded.view()
    assert view.overrides[("М-1", "BY")].colour == "yellow"  # the override stays
    cell = next(r for r in view.rows if r.item.key == "М-1").cells["BY"]
    assert (cell.colour, cell.computed.colour, cell.stale) == ("yellow", "green", True)
    if warning is not None:
        assert warning.key in loaded.store.reviews.all()


def test_an_import_superseded_by_a_later_one_of_the_same_country_is_refused_plainly(
    loaded: Svetofor, tmp_path: Path
) -> None:
    first = loaded.import_file(write_list(tmp_path / "by2.xlsx", ONE_BY_ROW), user="alice")
    second = loaded.import_file(write_list(tmp_path / "by3.xlsx", BY_ROWS[1:]), user="alice")
    with pytest.raises(MessageError) as refused:
        loaded.revert_import(first.id, user="alice")
    assert refused.value.text("ru").startswith(
        f"Импорт «by2.xlsx» нельзя отменить: после него загружен «by3.xlsx» (№ {second.id}, alice, "
    )
    assert refused.value.text("en").endswith("Revert the later import first.")
    summary = loaded.revert_summary(first.id)
    assert summary is not None and summary.blocked == refused.value.message
    # the other country's later import does not block; newest first per country does
    ru_import = loaded.import_entries()[2]
    assert ru_import.record.countries == ("RU",)
    loaded.revert_import(second.id, user="alice")
    loaded.revert_import(first.id, user="alice")
    with pytest.raises(MessageError, match="уже отменён"):
        loaded.revert_import(first.id, user="alice")
    # re-applying the older one while the newer is reverted is fine; the newer then waits its turn
    loaded.reapply_import(first.id, user="alice")
    loaded.reapply_import(second.id, user="alice")
    # a revert followed by a new import of the country: the reverted one cannot come back over it
    loaded.revert_import(second.id, user="alice")
    loaded.import_file(write_list(tmp_path / "by4.xlsx", ONE_BY_ROW), user="alice")
    with pytest.raises(MessageError, match="нельзя применить снова"):
        loaded.reapply_import(second.id, user="alice")


def test_revert_and_reapply_are_audited_changes(loaded: Svetofor, tmp_path: Path) -> None:
    record = loaded.import_file(write_list(tmp_path / "by2.xlsx", ONE_BY_ROW), user="alice")
    version = loaded.store.data_version()
    loaded.revert_import(record.id, user="alice")
    assert loaded.store.data_version() == version + 1
    loaded.reapply_import(record.id, user="alice")
    entries = loaded.store.audit.entries(limit=2)
    assert [e.action for e in entries] == ["reapply", "revert"]
    assert entries[1].after == {"import_id": record.id, "countries": ["BY"], "records": {"BY": 2}}
    assert entries[0].after == {"import_id": record.id, "countries": ["BY"], "records": {"BY": 1}}


def test_who_may_import_a_country_may_revert_its_imports(loaded: Svetofor, tmp_path: Path) -> None:
    record = loaded.import_file(write_list(tmp_path / "by2.xlsx", ONE_BY_ROW), user="alice")
    with pytest.raises(PermissionDenied):
        loaded.revert_import(record.id, user=User("rita", EDITOR_RU))
    assert not loaded.store.import_states.entry(record.id).reverted  # type: ignore[union-attr]


def test_revert_summary_names_what_will_be_restored(loaded: Svetofor, tmp_path: Path) -> None:
    record = loaded.import_file(write_list(tmp_path / "by2.xlsx", ONE_BY_ROW), user="alice")
    summary = loaded.revert_summary(record.id)
    assert summary is not None
    assert (summary.action, summary.records, summary.blocked) == ("revert", {"BY": 2}, None)
    loaded.revert_import(record.id, user="alice")
    summary = loaded.revert_summary(record.id)
    assert summary is not None and (summary.action, summary.records) == ("reapply", {"BY": 1})
    assert loaded.revert_summary(999) is None
    with pytest.raises(MessageError, match="Нет импорта № 999"):
        loaded.revert_import(999, user="alice")


@pytest.mark.parametrize(
    ("mode", "russian"),
    [
        (
            "replace",
            "Замена: файл станет всем перечнем РБ. Позиций в файле: 1, в перечне сейчас: 3; "
            "уйдут из перечня: 2.",
        ),
        (
            "update",
            "Обновление: меняются только позиции из файла. В перечне РБ заменяются данные позиций: 1, "
            "новых позиций: 0; остальные (2) остаются как есть.",
        ),
    ],
)
def test_the_preview_states_the_mode_in_numbers(
    loaded: Svetofor, tmp_path: Path, mode: str, russian: str
) -> None:
    result = loaded.read(write_list(tmp_path / "by2.xlsx", ONE_BY_ROW))
    (effect,) = loaded.mode_effects(result, mode)
    assert render(mode_line(effect), "ru") == russian


def test_a_merge_made_since_the_import_stays_after_the_revert(loaded: Svetofor, tmp_path: Path) -> None:
    record = loaded.import_file(write_list(tmp_path / "by2.xlsx", ONE_BY_ROW), user="alice")
    keys = sorted(loaded.view().dataset.enterprises)
    surviving, merged = keys[0], keys[1]
    loaded.merge_enterprises(surviving, merged, user="alice")
    loaded.revert_import(record.id, user="alice")
    assert loaded.store.merges.direct() == {merged: surviving}
    assert merged not in loaded.view().dataset.enterprises


def test_an_import_made_before_reverts_existed_cannot_be_reverted(loaded: Svetofor) -> None:
    from sqlalchemy import delete

    from svetofor.store.schema import IMPORT_STATES

    first = loaded.import_entries()[-1]
    with loaded.store.db.write() as change:  # as a store migrated from revision 0001 holds it
        change.conn.execute(delete(IMPORT_STATES).where(IMPORT_STATES.c.import_id == first.record.id))
    entry = loaded.import_entries()[-1]
    assert (entry.mode, entry.revertible, entry.reverted) == ("replace", False, False)
    with pytest.raises(MessageError) as refused:
        loaded.revert_import(first.record.id, user="alice")
    assert refused.value.text("ru") == (
        "Импорт «by.xlsx» сделан до того, как импорты стали отменяемыми: его нельзя отменить."
    )
