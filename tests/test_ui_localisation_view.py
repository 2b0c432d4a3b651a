"""The localisation page's pure helpers over a crafted bill of materials: machine rows with their
components' Union colours and share, the machines a red component blocks, the cooperation rows,
and a planner's Union override counting as the diagram shows it."""

from __future__ import annotations

import pytest

from svetofor.service import Svetofor
from svetofor.store import Store
from svetofor.ui import localisation_view as lv

ROWS = [
    # machine М1 from a spindle (made in Belarus) and a CNC system nobody makes
    {"item": "М1", "name": "Станок токарный", "kind": "machine", "enterprise": "Альфа", "existing": True},
    {"item": "К1", "name": "Шпиндель", "kind": "component", "used_in": ["М1", "М2"]},
    {"item": "К1", "enterprise": "Альфа", "existing": True},
    {"item": "К2", "name": "Система [ЧПУ]", "kind": "component", "used_in": ["М1"]},
    # machine М2 only from the spindle: localisable
    {"item": "М2", "name": "Станок фрезерный", "kind": "machine", "enterprise": "Альфа", "existing": True},
    # Russia makes a tool Belarus lacks: a cooperation opportunity for Belarus
    {"item": "И1", "name": "Резец", "kind": "tool", "country": "BY"},
    {"item": "И1", "country": "RU", "enterprise": "Бета", "existing": True, "capacity": 50},
    {"item": "М1", "country": "RU", "enterprise": "Бета", "existing": True},
]


@pytest.fixture
def svc(store: Store, make_read_result) -> Svetofor:
    service = Svetofor(store)
    service.import_result(make_read_result(ROWS), user="alice", file_hash="a")
    return service


def test_machine_rows_name_components_share_and_blocking(svc: Svetofor) -> None:
    rows = lv.localisation_rows(svc.view(), "ru")
    assert [(r["id"], r["share"], r["localisable"], r["blocking"]) for r in rows] == [
        ("М1", 50, "нет", "Система [ЧПУ]"),  # blocked first
        ("М2", 100, "да", ""),
    ]
    first = rows[0]
    assert first["machine"] == "Станок токарный"
    assert first["components"] == "Шпиндель (З); Система [ЧПУ] (К)"
    # brackets in a name would end the markdown link text early
    assert first["position"] == "[Станок токарный](/?q=%D0%9C1)"
    en = lv.localisation_rows(svc.view(), "en")
    assert en[0]["localisable"] == "no" and en[0]["components"] == "Шпиндель (G); Система [ЧПУ] (R)"


def test_blocked_machines_name_their_blocking_components(svc: Svetofor) -> None:
    assert lv.blocked_machines(svc.view()) == [("М1", "Станок токарный", ["Система [ЧПУ]"])]


def test_a_union_override_counts_as_the_diagram_shows_it(svc: Svetofor) -> None:
    view = svc.view()
    assert lv.union_colour(view, "К2") == "red"
    svc.set_override("К2", "UNION", "yellow", "закупка по кооперации", user="alice")
    view = svc.view()
    assert lv.union_colour(view, "К2") == "yellow"
    assert "Система [ЧПУ] (Ж)" in lv.localisation_rows(view, "ru")[0]["components"]
    assert lv.union_colour(view, "нет такой") == "none"


def test_cooperation_rows_name_the_partner_and_its_producers(svc: Svetofor) -> None:
    rows = lv.cooperation_rows(svc.view(), "ru")
    got = {(r["name"], r["needs"], r["colour"], r["partner"], r["producers"], r["capacity"]) for r in rows}
    assert got == {
        ("Резец", "РБ", "К красный", "РФ", "Бета", 50),
        ("Шпиндель", "РФ", "К красный", "РБ", "Альфа", None),  # capacity not stated
        ("Станок фрезерный", "РФ", "К красный", "РБ", "Альфа", None),
    }
    assert len({r["id"] for r in rows}) == len(rows)  # the grid's row ids
    cutter = next(r for r in rows if r["name"] == "Резец")
    assert cutter["position"].startswith("[Резец](/?q=")
    english = lv.cooperation_rows(svc.view(), "en")
    assert {r["colour"] for r in english} == {"R red"}
    assert {(r["needs"], r["partner"]) for r in english} == {("BY", "RU"), ("RU", "BY")}


def test_a_component_overridden_to_green_no_longer_blocks_its_machine(svc: Svetofor) -> None:
    svc.set_override("К2", "UNION", "green", "налажен выпуск", user="alice")
    view = svc.view()
    assert lv.blocked_machines(view) == []
    first = next(r for r in lv.localisation_rows(view, "ru") if r["id"] == "М1")
    assert (first["components"], first["blocking"], first["share"], first["localisable"]) == (
        "Шпиндель (З); Система [ЧПУ] (З)",
        "",
        100,
        "да",
    )
    # the diagram's row of the machine says the same (its tooltip and the figure read it)
    machine = next(row for row in view.rows if row.item.key == "М1")
    assert machine.localisation is not None and machine.localisation.localisable
    svc.clear_override("К2", "UNION", user="alice")
    view = svc.view()
    assert lv.blocked_machines(view) == [("М1", "Станок токарный", ["Система [ЧПУ]"])]
    machine = next(row for row in view.rows if row.item.key == "М1")
    assert machine.localisation is not None and not machine.localisation.localisable
