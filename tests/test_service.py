"""Service: the check report of docs/domain.md §6, the per-version view cache, imports from files,
previews that write nothing, overrides flagged stale after a re-import, merges and dismissals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from svetofor.diagram import build_rows
from svetofor.diff import state_of
from svetofor.messages import render
from svetofor.model import COLOURS, SCOPES, SEVERITY_ORDER
from svetofor.progress import decode_snapshot, info_name
from svetofor.service import ImportRefused, Svetofor, file_sha256
from svetofor.store import Store

HEADER = (
    "Код позиции",
    "Наименование продукции",
    "Вид",
    "Группа",
    "Предприятие",
    "Наличие производства",
    "Мощность, шт./год",
    "Потребность",
    "Требуется",
    "Срок ввода",
    "Применяется в",
)
# code, name, kind, group, enterprise, existing, capacity, demand, action, year, used in
BY_ROWS = [
    (
        "М-1",
        "Станок токарный с ЧПУ",
        "станок",
        "Токарные",
        "ОАО Гомельский станкостроительный завод",
        "да",
        100,
        50,
        None,
        None,
        None,
    ),
    (
        "М-2",
        "Обрабатывающий центр",
        "станок",
        "Фрезерные",
        "ОАО Минский завод",
        "нет",
        None,
        None,
        "создание",
        2027,
        None,
    ),
    ("К-1", "Шпиндель", "комплектующие", "Узлы", None, "нет", None, None, None, None, "М-1"),
]
RU_ROWS = [
    (
        "М-1",
        "Станок токарный с ЧПУ",
        "станок",
        "Токарные",
        "АО Тверской завод",
        "нет",
        None,
        None,
        "создание",
        2028,
        None,
    ),
    (
        "М-2",
        "Обрабатывающий центр",
        "станок",
        "Фрезерные",
        "АО Савёловский завод",
        "нет",
        None,
        None,
        "создание",
        2026,
        None,
    ),
]


def write_list(path: Path, rows, *, sheet: str = "Беларусь", header=HEADER) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([f"Перечень продукции ({sheet})"])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


@pytest.fixture
def svc(store: Store) -> Svetofor:
    return Svetofor(store)


@pytest.fixture
def by_file(tmp_path: Path) -> Path:
    return write_list(tmp_path / "by.xlsx", BY_ROWS, sheet="Беларусь")


@pytest.fixture
def ru_file(tmp_path: Path) -> Path:
    return write_list(tmp_path / "ru.xlsx", RU_ROWS, sheet="Россия")


@pytest.fixture
def loaded(svc: Svetofor, by_file: Path, ru_file: Path) -> Svetofor:
    svc.import_file(by_file, user="alice")
    svc.import_file(ru_file, user="boris")
    return svc


def colours(view, item: str) -> dict[str, str]:
    row = next(r for r in view.rows if r.item.key == item)
    return {scope: cell.colour for scope, cell in row.cells.items()}


def enterprise_key(view, name_part: str) -> str:
    return next(k for k, e in view.dataset.enterprises.items() if name_part in e.name)


# ------------------------------------------------------------------------------------ check


def test_check_json_has_exactly_the_spec_shape(svc: Svetofor, by_file: Path) -> None:
    report = svc.check(by_file)
    data = json.loads(json.dumps(report.to_json(), ensure_ascii=False))
    assert list(data) == [
        "ok",
        "items",
        "enterprises",
        "records",
        "errors",
        "remarks",
        "status",
        "cells",
        "duplicates",
    ]
    assert data["ok"] is True and data["errors"] == []
    assert (data["items"], data["enterprises"], data["records"]) == (3, 2, 2)
    assert list(data["status"]) == ["BY", "RU", "UNION"]
    for counts in data["status"].values():
        assert set(counts) == {"green", "yellow", "red", "none"} and sum(counts.values()) == 3
    assert data["status"]["RU"]["none"] == 3  # the file names Belarus only: no data for Russia
    assert [c["item"] for c in data["cells"]] == ["М-1", "М-2", "К-1"]  # list order
    first = data["cells"][0]
    assert list(first) == ["item", "name", "group", "kind", "BY", "RU", "UNION"]
    assert first == {
        "item": "М-1",
        "name": "Станок токарный с ЧПУ",
        "group": "Токарные",
        "kind": "machine",
        "BY": "green",
        "RU": "none",
        "UNION": "green",
    }
    for cell in data["cells"]:
        assert {cell[s] for s in SCOPES} <= set(COLOURS)


def test_check_lists_duplicates_by_severity_then_item(svc: Svetofor, tmp_path: Path) -> None:
    both = [(*row[:4], row[4], *row[5:]) for row in BY_ROWS] + [
        (
            "М-2",
            "Обрабатывающий центр",
            "станок",
            "Фрезерные",
            "ОАО Витебский завод",
            "нет",
            None,
            None,
            "создание",
            2026,
            None,
        ),
        (
            "М-0",
            "Станок сверлильный",
            "станок",
            "Сверлильные",
            "ОАО Гомельский станкостроительныи завод",
            "да",
            5,
            None,
            None,
            None,
            None,
        ),
    ]
    report = svc.check(write_list(tmp_path / "both.xlsx", both))
    dups = report.to_json()["duplicates"]
    assert {d["kind"] for d in dups} == {"parallel-new", "same-enterprise?"}
    assert [(SEVERITY_ORDER[d["severity"]], d["item"] or "") for d in dups] == sorted(
        (SEVERITY_ORDER[d["severity"]], d["item"] or "") for d in dups
    )
    parallel = next(d for d in dups if d["kind"] == "parallel-new")
    assert parallel == {
        "kind": "parallel-new",
        "severity": "medium",
        "item": "М-2",
        "country": None,
        "countries": ["BY"],
        "enterprises": ["ОАО Витебский завод", "ОАО Минский завод"],
    }


def test_check_of_a_bad_file_reports_every_error_and_no_cells(svc: Svetofor, tmp_path: Path) -> None:
    rows = [
        ("М-1", "Станок", "станок", "Т", "Завод", "может быть", None, None, None, None, None),
        ("М-2", "Центр", "станок", "Т", "Завод", "да", -5, None, None, None, None),
    ]
    data = svc.check(write_list(tmp_path / "bad.xlsx", rows)).to_json()
    assert data["ok"] is False
    assert [(e["sheet"], e["row"]) for e in data["errors"]] == [("Беларусь", 3), ("Беларусь", 4)]
    assert data["errors"][0]["column"] == "Наличие производства"
    assert data["cells"] == [] and data["duplicates"] == []
    assert all(n == 0 for counts in data["status"].values() for n in counts.values())


def test_check_stores_nothing(svc: Svetofor, by_file: Path) -> None:
    svc.check(by_file)
    assert svc.store.lists.is_empty() and svc.store.data_version() == 0


# ------------------------------------------------------------------------------------- view


def test_view_of_the_stored_lists(loaded: Svetofor) -> None:
    view = loaded.view()
    assert [r.item.key for r in view.rows] == ["М-1", "М-2", "К-1"]
    assert colours(view, "М-1") == {"BY": "green", "RU": "yellow", "UNION": "green"}
    assert colours(view, "К-1")["BY"] == "red"
    kinds = {w.kind for w in view.warnings}
    assert {"parallel-new", "partner-covers"} <= kinds
    assert view.localisation["М-1"].blocking == ("К-1",)
    assert view.version == loaded.store.data_version()
    assert [(c.item_key, c.country, c.partner) for c in view.cooperation] == [("М-1", "RU", "BY")]


def test_view_is_cached_per_version_and_recolours_keep_the_rules(loaded: Svetofor) -> None:
    first = loaded.view()
    assert loaded.view() is first
    loaded.set_override("М-1", "BY", "yellow", "износ оборудования", user="alice")
    second = loaded.view()
    assert second is not first and second.version > first.version
    assert second.statuses is first.statuses  # not re-classified for a recolour
    assert colours(second, "М-1")["BY"] == "yellow"
    assert second.rows[0].cells["BY"].override.reason == "износ оборудования"


def test_rows_updated_after_recolours_equal_a_full_rebuild(loaded: Svetofor) -> None:
    loaded.view()
    loaded.set_override("М-1", "BY", "yellow", "a", user="alice")
    loaded.set_override("М-1", "UNION", "red", "b", user="alice")
    loaded.view()
    loaded.set_override("К-1", "RU", "green", "c", user="boris")
    loaded.clear_override("М-1", "BY", user="alice")
    view = loaded.view()
    assert view.rows == build_rows(
        view.dataset, view.statuses, view.overrides, view.warnings, view.localisation
    )
    assert colours(view, "М-1") == {"BY": "green", "RU": "yellow", "UNION": "red"}


def test_two_services_on_one_database_stay_coherent(loaded: Svetofor, database_url: str, tmp_path) -> None:
    other = Svetofor(Store.open(url=database_url))
    try:
        assert colours(other.view(), "К-1")["BY"] == "red"
        other.set_override("К-1", "BY", "yellow", "поставщик найден", user="boris")
        assert colours(loaded.view(), "К-1")["BY"] == "yellow"
        loaded.import_file(write_list(tmp_path / "by2.xlsx", BY_ROWS[:1]), user="alice")
        assert [r.item.key for r in other.view().rows] == ["М-1", "М-2"]  # К-1 left with BY's list
    finally:
        other.close()


def test_override_remembers_the_computed_colour_and_is_flagged_stale_after_reimport(
    loaded: Svetofor, tmp_path: Path
) -> None:
    ov = loaded.set_override("М-1", "BY", "yellow", "станок устарел", user="alice", expected_version=0)
    assert ov.based_on == "green"
    assert not loaded.view().rows[0].cells["BY"].stale
    # the BY list now says production stopped: computed red, override yellow, based on green
    stopped = [("М-1", *BY_ROWS[0][1:5], "нет", None, 50, None, None, None), *BY_ROWS[1:]]
    loaded.import_file(write_list(tmp_path / "by2.xlsx", stopped), user="alice")
    cell = loaded.view().rows[0].cells["BY"]
    assert (cell.colour, cell.computed.colour, cell.stale) == ("yellow", "red", True)
    assert loaded.view().stale_overrides() == [loaded.store.overrides.active()[("М-1", "BY")]]
    audit = loaded.store.audit.entries(action="import", limit=1)[0]
    assert audit.after["stale_overrides"] == [
        {"item": "М-1", "scope": "BY", "colour": "yellow", "based_on": "green"}
    ]


# ----------------------------------------------------------------------------------- import


def test_import_of_a_file_with_errors_is_refused_and_stores_nothing(loaded: Svetofor, tmp_path: Path) -> None:
    before = loaded.store.dump()
    bad = write_list(
        tmp_path / "bad.xlsx", [("М-9", "Станок", "станок", "Т", "З", "да", "много", None, None, None, None)]
    )
    with pytest.raises(ImportRefused) as refused:
        loaded.import_file(bad, user="alice")
    assert [(p.row, p.column) for p in refused.value.errors] == [(3, "Мощность, шт./год")]
    assert "bad.xlsx" in str(refused.value)
    assert loaded.store.dump() == before


def test_the_same_file_imported_twice_is_recognised_by_its_hash(loaded: Svetofor, by_file: Path) -> None:
    again = loaded.import_file(by_file, user="carl", file_name="копия.xlsx")
    first = loaded.store.imports.history()[-1]
    assert again.file_hash == first.file_hash == file_sha256(by_file)
    assert again.duplicate_of == first.id and again.file_name == "копия.xlsx"


def test_every_import_leaves_an_automatic_snapshot_of_the_diagram_it_made(loaded: Svetofor) -> None:
    snapshots = loaded.store.snapshots.all()
    # named by a message with the file as its parameter, each reader sees it in their language
    assert [(render(info_name(s), "ru"), s.automatic) for s in snapshots] == [
        ("Импорт «ru.xlsx»", True),
        ("Импорт «by.xlsx»", True),
    ]
    assert [render(info_name(s), "en") for s in snapshots] == ["Import “ru.xlsx”", "Import “by.xlsx”"]
    assert json.loads(snapshots[0].name) == {"id": "snapshot.import", "params": {"file": "ru.xlsx"}}
    frozen = decode_snapshot(loaded.store.snapshots.payload(snapshots[0].id))
    assert frozen.state == state_of(loaded.view().rows, loaded.view().warnings)


def test_the_view_after_an_import_reuses_the_classification_done_while_importing(
    loaded: Svetofor, by_file: Path, monkeypatch
) -> None:
    loaded.import_file(by_file, user="alice")

    def no_reload():
        raise AssertionError("the dataset was loaded and classified a second time")

    monkeypatch.setattr(loaded.store.lists, "load_dataset", no_reload)
    view = loaded.view()
    assert view.version == loaded.store.data_version()
    assert colours(view, "М-1") == {"BY": "green", "RU": "yellow", "UNION": "green"}
    assert view.rows == build_rows(
        view.dataset, view.statuses, view.overrides, view.warnings, view.localisation
    )
    loaded.set_override("М-1", "BY", "red", "после импорта", user="alice")
    assert colours(loaded.view(), "М-1")["BY"] == "red"


def test_open_seeds_an_empty_store_once(tmp_path: Path, by_file: Path, monkeypatch) -> None:
    monkeypatch.delenv("SVETOFOR_DATABASE_URL", raising=False)
    svc = Svetofor.open(tmp_path / "data", seed=by_file)
    assert [(i.user, i.items) for i in svc.store.imports.history()] == [("system", 3)]
    svc.close()
    again = Svetofor.open(tmp_path / "data", seed=by_file)
    assert len(again.store.imports.history()) == 1
    again.close()


# ---------------------------------------------------------------------------------- preview


def test_preview_shows_the_effect_without_writing(loaded: Svetofor, tmp_path: Path) -> None:
    loaded.set_override("М-1", "BY", "yellow", "станок устарел", user="alice")
    before = loaded.store.dump()
    rows = [
        ("М-1", *BY_ROWS[0][1:5], "нет", None, 50, None, None, None),  # production stopped
        ("М-3", "Пресс", "станок", "Прессы", "ОАО Новый завод", "да", None, None, None, None, None),
    ]
    path = write_list(tmp_path / "by2.xlsx", rows)
    result = loaded.read(path)
    preview = loaded.preview(result, file_hash=file_sha256(path))
    assert loaded.store.dump() == before

    assert [i.key for i in preview.new_items] == ["М-3"]
    assert [i.key for i in preview.removed_items] == ["К-1"]  # М-2 stays: Russia's list holds it
    assert [e.name for e in preview.new_enterprises] == ["ОАО Новый завод"]
    assert [e.name for e in preview.removed_enterprises] == ["ОАО Минский завод"]
    assert [(s.override.item_key, s.was, s.now) for s in preview.stale_overrides] == [("М-1", "green", "red")]
    assert {w.key for w in preview.gone_warnings} == {"partner-covers|М-1|RU", "parallel-new|М-2|"}
    assert preview.already_imported is None
    diff = preview.diff
    assert (diff.added, diff.removed, diff.stale) == (("М-3",), ("К-1",), (("М-1", "BY"),))
    assert ("М-1", "UNION", "green", "yellow") in {(c.item, c.scope, c.before, c.after) for c in diff.changes}

    loaded.import_result(result, user="alice", file_hash="x")
    assert loaded.store.lists.load_dataset() == preview.dataset  # the preview predicted the import exactly


def test_preview_refuses_a_file_with_errors(loaded: Svetofor, tmp_path: Path) -> None:
    bad = write_list(
        tmp_path / "bad.xlsx", [("М-9", "Станок", "станок", "Т", "З", "да", -1, None, None, None, None)]
    )
    with pytest.raises(ImportRefused):
        loaded.preview(loaded.read(bad))


# ------------------------------------------------------------------------- merges, reviews


def test_merge_makes_two_names_one_enterprise_and_unmerge_restores(svc: Svetofor, tmp_path: Path) -> None:
    rows = [
        *BY_ROWS[:2],
        (
            "М-2",
            "Обрабатывающий центр",
            "станок",
            "Фрезерные",
            "ОАО Гомельский станкостроительныи завод",
            "нет",
            None,
            None,
            "создание",
            2026,
            None,
        ),
    ]
    svc.import_file(write_list(tmp_path / "by.xlsx", rows), user="alice")
    view = svc.view()
    suggestion = next(w for w in view.warnings if w.kind == "same-enterprise?")
    surviving = enterprise_key(view, "станкостроительный")
    merged = enterprise_key(view, "станкостроительныи")
    assert set(suggestion.enterprise_keys) == {surviving, merged}
    parallel = next(w for w in view.warnings if w.kind == "parallel-new")
    assert len(parallel.enterprises) == 2

    svc.merge_enterprises(surviving, merged, user="admin")
    after = svc.view()
    assert merged not in after.dataset.enterprises
    assert not any(w.kind == "same-enterprise?" for w in after.warnings)
    assert next(w for w in after.warnings if w.kind == "parallel-new").enterprise_keys == tuple(
        sorted({surviving, enterprise_key(after, "Минский")})
    )

    svc.unmerge(merged, user="admin")
    assert merged in svc.view().dataset.enterprises


def test_a_dismissed_suggestion_does_not_come_back(svc: Svetofor, tmp_path: Path) -> None:
    rows = [
        BY_ROWS[0],
        (
            "М-0",
            "Сверлильный",
            "станок",
            "С",
            "Гомельский станкостроительныи завод",
            "да",
            1,
            None,
            None,
            None,
            None,
        ),
    ]
    svc.import_file(write_list(tmp_path / "by.xlsx", rows), user="alice")
    suggestion = next(w for w in svc.view().warnings if w.kind == "same-enterprise?")
    svc.dismiss_suggestion(frozenset(suggestion.enterprise_keys), user="alice")
    assert not any(w.kind == "same-enterprise?" for w in svc.view().warnings)
    svc.import_file(write_list(tmp_path / "by-again.xlsx", rows), user="alice")
    assert not any(w.kind == "same-enterprise?" for w in svc.view().warnings)


def test_review_survives_a_reimport_while_the_warning_applies(loaded: Svetofor, by_file: Path) -> None:
    key = next(w.key for w in loaded.view().warnings if w.kind == "parallel-new")
    loaded.review_warning(key, "accepted", "разные типоразмеры", user="alice")
    loaded.import_file(by_file, user="alice")
    view = loaded.view()
    assert key in {w.key for w in view.warnings}
    assert view.reviews[key].state == "accepted"
    assert view.gone_reviews() == {}


def test_a_review_of_a_warning_that_no_longer_applies_is_kept_as_gone(
    loaded: Svetofor, tmp_path: Path
) -> None:
    key = "partner-covers|М-1|RU"
    loaded.review_warning(key, "accepted", "другой типоразмер", user="alice")
    stopped = [("М-1", *BY_ROWS[0][1:5], "нет", None, 50, None, None, None), *BY_ROWS[1:]]
    loaded.import_file(write_list(tmp_path / "by2.xlsx", stopped), user="alice")
    view = loaded.view()
    assert key not in {w.key for w in view.warnings}
    assert view.gone_reviews()[key].reason == "другой типоразмер"
    assert [e.state for e in loaded.store.reviews.history(key)] == ["accepted"]


def test_review_history_and_merge_info_for_the_pages(svc: Svetofor, tmp_path: Path) -> None:
    rows = [
        *BY_ROWS[:2],
        (
            "М-2",
            "Обрабатывающий центр",
            "станок",
            "Фрезерные",
            "ОАО Гомельский станкостроительныи завод",
            "нет",
            None,
            None,
            "создание",
            2026,
            None,
        ),
    ]
    svc.import_file(write_list(tmp_path / "by.xlsx", rows), user="alice")
    view = svc.view()
    key = next(w.key for w in view.warnings if w.kind == "parallel-new")
    svc.review_warning(key, "accepted", "разные типоразмеры", user="alice")
    svc.review_warning(key, "resolved", "", user="bob")
    assert [(e.state, e.author) for e in svc.review_history(key)] == [
        ("resolved", "bob"),
        ("accepted", "alice"),
    ]
    surviving = enterprise_key(view, "станкостроительный")
    merged = enterprise_key(view, "станкостроительныи")
    assert svc.merge_info() == []
    svc.merge_enterprises(surviving, merged, user="admin")
    assert [(m.merged_key, m.surviving_key, m.author) for m in svc.merge_info()] == [
        (merged, surviving, "admin")
    ]
    # the merged enterprise has left the view, its name has not left the merge list
    assert merged not in svc.view().dataset.enterprises
    (info,) = svc.merge_info()
    names = view.dataset.enterprises
    assert (info.merged_name, info.surviving_name) == (names[merged].name, names[surviving].name)
    assert info.merged_name == "ОАО Гомельский станкостроительныи завод"
