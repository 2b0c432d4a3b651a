"""Pure helpers of the import page and the export buttons: upload checks, the server-side upload
folder, mapping corrections, the effect and history rows, export file names and filters."""

from __future__ import annotations

import base64
import datetime as dt
import os
import time
from pathlib import Path

import pytest

from svetofor.diagram import DiagramFilter
from svetofor.model import ColumnMapping, Problem
from svetofor.reader import read_file
from svetofor.service import Svetofor, file_sha256
from svetofor.ui import exporting
from svetofor.ui import importing as imp
from tests.conftest import build_read_result
from tests.workbooks import xlsx

HEADER = ["Наименование продукции", "Предприятие", "Наличие производства", "Мощность, шт./год"]


def data_url(data: bytes, mime: str = "application/octet-stream") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode()


# ---------------------------------------------------------------------------- upload checks


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("Перечень РБ.xlsx", True),
        ("list.XLSM", True),
        ("list.ods", True),
        ("list.csv", True),
        ("old.xls", True),
        ("report.pdf", False),
        ("archive.zip", False),
        ("noextension", False),
        ("", False),
        (None, False),
    ],
)
def test_check_name_accepts_spreadsheets_only(name, ok):
    if ok:
        assert imp.check_name(name) == name
    else:
        with pytest.raises(imp.UploadRefused):
            imp.check_name(name)


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 5, 1000, 1001, 1002])
def test_decoded_size_matches_the_bytes(size):
    data = os.urandom(size)
    assert imp.decoded_size(data_url(data)) == size


def test_decode_upload_round_trip_and_refusals():
    data = b"PK\x03\x04" + b"x" * 100
    assert imp.decode_upload(data_url(data), "a.xlsx") == data

    with pytest.raises(imp.UploadRefused) as refused:
        imp.decode_upload(data_url(b"x" * 2000), "a.xlsx", max_bytes=1000)
    assert refused.value.key == "import.refused.size"
    assert "0" in refused.value.message("ru") and "МиБ" in refused.value.message("ru")

    with pytest.raises(imp.UploadRefused) as refused:
        imp.decode_upload(data_url(data), "a.exe")
    assert refused.value.key == "import.refused.type"
    assert "a.exe" in refused.value.message("en")

    with pytest.raises(imp.UploadRefused) as refused:
        imp.decode_upload("data:text/plain,not-base64", "a.csv")
    assert refused.value.key == "import.refused.encoding"

    with pytest.raises(imp.UploadRefused) as refused:
        imp.decode_upload("data:text/csv;base64,", "a.csv")
    assert refused.value.key == "import.refused.empty"

    with pytest.raises(imp.UploadRefused) as refused:
        imp.decode_upload(None, "a.csv")
    assert refused.value.key == "import.refused.no_file"


def test_max_upload_follows_the_environment(monkeypatch):
    monkeypatch.setenv("SVETOFOR_MAX_UPLOAD_MB", "3")
    assert imp.max_upload_bytes() == 3 * 1024 * 1024
    # base64 inflates by 4/3: the request limit must let a file of exactly the limit through
    assert imp.request_limit_bytes() >= len(data_url(b"x" * imp.max_upload_bytes()))
    monkeypatch.delenv("SVETOFOR_MAX_UPLOAD_MB")
    assert imp.max_upload_bytes() == 20 * 1024 * 1024


# ---------------------------------------------------------------------------- upload folder


def test_uploads_are_kept_by_token_and_discarded(tmp_path: Path):
    up = imp.save_upload(tmp_path, "Перечень.xlsx", b"abc")
    assert up.path.read_bytes() == b"abc"
    assert up.path.parent == tmp_path / imp.UPLOAD_DIR
    again = imp.load_upload(tmp_path, up.token)
    assert again == up
    other = imp.save_upload(tmp_path, "Перечень.xlsx", b"abc")
    assert other.token != up.token
    imp.discard_upload(tmp_path, up.token)
    assert imp.load_upload(tmp_path, up.token) is None
    assert not up.path.exists()
    assert imp.load_upload(tmp_path, other.token) is not None


def test_the_plan_of_a_preview_is_kept_beside_its_upload_for_that_reading(tmp_path: Path):
    up = imp.save_upload(tmp_path / "data", "by.xlsx", b"abc")
    svc = Svetofor.open(tmp_path / "data")
    try:
        plan = svc.plan_import(build_read_result([{"item": "М-1", "existing": True}]), file_hash=up.sha256)
    finally:
        svc.close()
    corrections = {("Лист1", 2): "name"}
    imp.keep_plan(tmp_path / "data", up, "BY", corrections, plan)
    kept = imp.kept_plan(tmp_path / "data", up.token, "BY", corrections)
    assert kept is not None and kept.rules.dataset == plan.rules.dataset
    assert kept.versions == plan.versions
    # read another way (another country, another correction): that reading was never planned
    assert imp.kept_plan(tmp_path / "data", up.token, None, corrections) is None
    assert imp.kept_plan(tmp_path / "data", up.token, "BY", {}) is None
    assert imp.kept_plan(tmp_path / "data", "../" + up.token, "BY", corrections) is None
    imp.discard_upload(tmp_path / "data", up.token)
    assert list((tmp_path / "data" / imp.UPLOAD_DIR).iterdir()) == []


@pytest.mark.parametrize(
    "token", ["../../etc/passwd", "x" * 10, "", None, 42, "a/" + "b" * 40, "..%2f" + "c" * 40]
)
def test_malformed_tokens_name_no_file(tmp_path: Path, token):
    imp.save_upload(tmp_path, "a.csv", b"abc")
    assert imp.load_upload(tmp_path, token) is None
    imp.discard_upload(tmp_path, token)  # no error, nothing removed
    assert len(list((tmp_path / imp.UPLOAD_DIR).iterdir())) == 2


def test_old_uploads_are_swept(tmp_path: Path):
    old = imp.save_upload(tmp_path, "old.csv", b"1")
    past = time.time() - imp.UPLOAD_TTL_S - 10
    for p in (old.path, old.path.with_name(f"{old.token}.json")):
        os.utime(p, (past, past))
    new = imp.save_upload(tmp_path, "new.csv", b"2")
    assert imp.load_upload(tmp_path, old.token) is None
    assert imp.load_upload(tmp_path, new.token) is not None


# ---------------------------------------------------------------------------------- mapping


MAPPING = [
    ColumnMapping("РБ", 0, "A", "Наименование продукции", "item"),
    ColumnMapping("РБ", 1, "B", "Выпуск", None),
    ColumnMapping(None, 2, "3", "Мощность", "capacity"),
]


def test_mapping_rows_and_overrides_from_edits():
    rows = imp.mapping_rows(MAPPING)
    assert [r["field"] for r in rows] == ["item", imp.IGNORE, "capacity"]
    assert rows[1]["id"] == "РБ|1" and rows[2]["sheet"] == ""
    assert imp.field_overrides(rows, rows) == []  # untouched: the file is read as detected
    edited = [dict(r) for r in rows]
    edited[1]["field"] = "capacity"
    edited[2]["field"] = imp.IGNORE
    assert imp.field_overrides(edited, rows) == [["РБ", 1, "capacity"], [None, 2, None]]
    edited[0]["field"] = "no-such-field"  # a tampered value is dropped, not passed on
    assert ["РБ", 0, "no-such-field"] not in imp.field_overrides(edited, rows)


def test_overrides_merge_and_convert_for_the_reader():
    merged = imp.merge_overrides([["РБ", 1, "capacity"], [None, 2, None]], [["РБ", 1, "demand"]])
    assert merged == [["РБ", 1, "demand"], [None, 2, None]]
    assert imp.overrides_dict([*merged, ["x"], ["РБ", "nan", "item"], ["РБ", 4, "bogus"]]) == {
        ("РБ", 1): "demand",
        (None, 2): None,
    }
    assert imp.overrides_dict(None) == {}


def test_field_labels_cover_every_field():
    refs = imp.field_ref_data("ru")
    assert refs[imp.IGNORE] == "— не использовать —"
    assert all(not label.startswith("import.field") for label in refs.values())
    assert all(not label.startswith("import.field") for label in imp.field_ref_data("en").values())


def test_correcting_a_column_changes_the_reading(tmp_path: Path):
    path = xlsx(
        tmp_path / "l.xlsx",
        [
            ["Перечень Республики Беларусь"],
            ["Наименование продукции", "Предприятие", "Выпуск"],
            ["Станок", "ОАО Завод", 5],
        ],
    )
    first = read_file(path)
    assert first.ok
    rows = imp.mapping_rows(first.mapping)
    assert rows[2]["field"] == imp.IGNORE and rows[2]["header"] == "Выпуск"
    edited = [dict(r) for r in rows]
    edited[2]["field"] = "capacity"
    second = read_file(path, field_overrides=imp.overrides_dict(imp.field_overrides(edited, rows)))
    assert second.ok
    assert second.dataset.records[0].capacity == 5


# --------------------------------------------------------------------------- report, effect


def test_error_rows_keep_location_and_are_capped():
    problems = [Problem(f"bad {i}", "Лист1", i, "Мощность") for i in range(5)] + [Problem("file-level")]
    rows = imp.error_rows(problems)
    assert rows[0] == {"sheet": "Лист1", "row": 0, "column": "Мощность", "message": "bad 0"}
    assert rows[-1] == {"sheet": "", "row": "", "column": "", "message": "file-level"}
    assert len(imp.error_rows(problems, limit=2)) == 2


@pytest.mark.parametrize(
    ("n", "ru"),
    [
        (1, "ячейка"),
        (2, "ячейки"),
        (5, "ячеек"),
        (11, "ячеек"),
        (12, "ячеек"),
        (21, "ячейка"),
        (24, "ячейки"),
    ],
)
def test_cell_counts_take_the_plural_of_their_number(n, ru):
    assert imp.change_lines({("BY", "red", "green"): n}, "ru") == [f"РБ: {n} {ru} красный → зелёный"]
    cells = "cell" if n == 1 else "cells"
    assert imp.change_lines({("BY", "red", "green"): n}, "en") == [f"BY: {n} {cells} red → green"]


def test_change_lines_translate_scopes_and_colours():
    lines = imp.change_lines(
        {("RU", "red", "green"): 1, ("BY", "red", "yellow"): 12, ("BY", "green", "red"): 2}, "ru"
    )
    assert lines == [
        "РБ: 12 ячеек красный → жёлтый",
        "РБ: 2 ячейки зелёный → красный",
        "РФ: 1 ячейка красный → зелёный",
    ]
    assert imp.change_lines({("UNION", "none", "red"): 3}, "en") == ["Union: 3 cells n/a → red"]


def test_effect_of_a_preview_names_changes_and_a_repeated_file(tmp_path: Path, monkeypatch):
    svc = Svetofor.open(tmp_path / "data")
    try:
        first = xlsx(
            tmp_path / "by1.xlsx",
            [
                ["Перечень Республики Беларусь"],
                HEADER,
                ["Станок А", "ОАО Завод", "нет", None],
                ["Станок Б", "ОАО Завод", "да", 5],
            ],
        )
        svc.import_file(first, user="planner")
        second = xlsx(
            tmp_path / "by2.xlsx",
            [
                ["Перечень Республики Беларусь"],
                HEADER,
                ["Станок А", "ОАО Завод", "да", 5],
                ["Станок В", "ООО Новый", "да", 1],
            ],
        )
        preview = svc.preview(read_file(second), file_hash=file_sha256(second))
        effect = imp.effect_of(preview, "ru")
        assert effect["countries"] == ["BY"]
        assert "РБ: 1 ячейка красный → зелёный" in effect["changes"]
        assert effect["new_items"] == {"count": 1, "names": ["Станок В"]}
        assert effect["removed_items"] == {"count": 1, "names": ["Станок Б"]}
        assert effect["new_enterprises"]["names"] == ["ООО Новый"]
        assert effect["already"] is None

        repeat = svc.preview(read_file(first), file_hash=file_sha256(first))
        already = imp.effect_of(repeat, "en")["already"]
        assert already is not None and already["user"] == "planner" and already["file"] == "by1.xlsx"
        svc.import_file(first, user="planner")
        rows = imp.history_rows(svc.store.imports.history())
        assert [r["duplicate_of"] for r in rows] == [rows[1]["id"], None]
        assert rows[0]["hash"] == file_sha256(first)[:12]
        assert rows[0]["countries"] == "BY" and rows[0]["items"] == 2 and rows[0]["user"] == "planner"
    finally:
        svc.close()


# ----------------------------------------------------------------------------------- export


def test_export_filename_has_the_date_and_format():
    assert exporting.export_filename("png", dt.date(2026, 3, 6)) == "svetofor-2026-03-06.png"
    assert exporting.export_filename("xlsx").endswith(f"{dt.date.today().isoformat()}.xlsx")
    with pytest.raises(ValueError):
        exporting.export_filename("gif")


@pytest.mark.parametrize(
    "flt",
    [
        DiagramFilter(),
        DiagramFilter(groups=("Токарные станки", ""), colours=("red",), colour_scope="BY"),
        DiagramFilter(kinds=("machine",), text="станок с ЧПУ & more", only_overridden=True, only_stale=True),
        DiagramFilter(scope_colours={"BY": ("red",), "RU": ("green", "none")}),
    ],
)
def test_filter_of_query_inverts_the_page_query(flt):
    from svetofor.ui.diagram_view import query_string

    assert exporting.filter_of_query(query_string(flt)) == flt
    # The page number the query also carries is the view's, not the export's: all rows go out.
    assert exporting.filter_of_query(query_string(flt, page=3)) == flt


@pytest.mark.parametrize("query", [None, 5, "", "?", "?scope=MARS&colour=purple"])
def test_filter_of_a_bad_query_is_no_filter(query):
    assert exporting.filter_of_query(query) == DiagramFilter()


# ------------------------------------------------------------------------------ who may import


@pytest.mark.parametrize(
    ("role", "may", "ru_list_refused"),
    [("viewer", False, True), ("editor-BY", True, True), ("editor-RU", True, False), ("admin", True, False)],
)
def test_who_may_import_what(tmp_path: Path, role, may, ru_list_refused):
    from svetofor.auth import User
    from tests.test_service import RU_ROWS, write_list

    user = User("someone", role)
    assert imp.may_import(user) is may
    result = read_file(write_list(tmp_path / "ru.xlsx", RU_ROWS, sheet="Россия"))
    assert result.ok
    denial = imp.import_denial(user, result, "en")
    assert bool(denial) is ru_list_refused
    if ru_list_refused:
        role_en = {"viewer": "viewer", "editor-BY": "editor BY"}[role]
        assert denial == f"Not allowed: you may not import lists of Russia (your role: {role_en})."
