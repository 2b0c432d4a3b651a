"""Table view helpers: grid rows carry colours and override versions; only status edits that
change a value become override requests."""

from __future__ import annotations

import pytest

from svetofor.classify import classify
from svetofor.diagram import build_rows
from svetofor.ui import table_view as tv


@pytest.fixture
def rows(make_dataset):
    ds = make_dataset(
        [
            {
                "item": "A-1",
                "name": "Станок",
                "code": "A-1",
                "kind": "machine",
                "group": "Токарные",
                "enterprise": "Завод А",
                "existing": True,
            },
            {"item": "A-2", "name": "Пресс", "kind": "machine", "country": "RU"},
        ]
    )
    return build_rows(ds, classify(ds), {}, [], {})


def test_grid_rows(rows):
    data = tv.grid_rows(rows, "ru")
    assert [d["id"] for d in data] == ["A-1", "A-2"]
    first = data[0]
    assert first["BY"] == rows[0].cells["BY"].colour
    assert first["BY_version"] == 0 and first["BY_override"] is False
    assert first["enterprises"] == "Завод А"
    assert first["kind"] == "Станки и оборудование"


def test_status_columns_are_the_only_editable_ones():
    defs = tv.column_defs("en")
    assert [d["field"] for d in defs if d.get("editable")] == ["BY", "RU", "UNION"]
    formatter = defs[4]["valueFormatter"]["function"]
    # dash-ag-grid's expression parser: no String(), no object literals.
    assert "String(" not in formatter and "{" not in formatter


@pytest.mark.parametrize(
    ("editable", "role", "note"),
    [
        (("BY", "RU", "UNION"), "admin", ""),
        (("RU",), "editor-RU", "You may change the columns: RU (your role: editor RU)."),
        ((), "viewer", "View only: your role (viewer) may not change colours."),
    ],
)
def test_only_the_columns_a_role_may_change_are_editable(editable, role, note):
    defs = tv.column_defs("en", editable)
    assert [d["field"] for d in defs if d.get("editable")] == list(editable)
    assert tv.permission_note(role, editable, "en") == note


CHANGE = {"colId": "BY", "value": "red", "oldValue": "green", "data": {"id": "A-1", "BY_version": 4}}


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (CHANGE, {"item": "A-1", "scope": "BY", "version": 4, "colour": "red", "old": "green"}),
        ([CHANGE], {"item": "A-1", "scope": "BY", "version": 4, "colour": "red", "old": "green"}),
        ({**CHANGE, "colId": "name"}, None),
        ({**CHANGE, "value": "green"}, None),
        ({**CHANGE, "data": {}}, None),
        ([], None),
        (None, None),
    ],
)
def test_edit_of(event, expected):
    assert tv.edit_of(event) == expected
