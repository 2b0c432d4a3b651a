"""The network view's elements for a crafted list: which nodes and edges a position, a group and
an enterprise show, how edges and warnings are marked, merges, and the clicked-node details."""

from __future__ import annotations

import pytest

from svetofor.service import Svetofor
from svetofor.store import Store
from svetofor.ui import network_view as nv

ROWS = [
    {
        "item": "М1",
        "name": "Станок токарный",
        "kind": "machine",
        "group": "Токарные",
        "enterprise": "Альфа",
        "action": "new",
        "launch_year": 2027,
    },
    {"item": "М1", "country": "RU", "enterprise": "Бета", "action": "new"},
    {
        "item": "М2",
        "name": "Станок карусельный",
        "kind": "machine",
        "group": "Токарные",
        "enterprise": "Альфа",
        "existing": True,
        "action": "modernise",
    },
    {"item": "М2", "country": "RU", "enterprise": "Гамма", "existing": True, "capacity": 5},
    {
        "item": "К1",
        "name": "Шпиндель",
        "kind": "component",
        "group": "Узлы",
        "used_in": ["М1"],
        "existing": False,
    },
    {
        "item": "К2",
        "name": "Револьверная головка",
        "kind": "component",
        "group": "Узлы",
        "used_in": ["М1"],
        "enterprise": "Дельта",
        "existing": True,
    },
]


@pytest.fixture
def svc(store: Store, make_read_result) -> Svetofor:
    service = Svetofor(store)
    service.import_result(make_read_result(ROWS), user="alice", file_hash="a")
    return service


def ids(elements: list[dict], *, edges: bool) -> set[str]:
    return {e["data"]["id"] for e in elements if ("source" in e["data"]) == edges}


def edge_pairs(elements: list[dict]) -> set[tuple[str, str, str]]:
    return {
        (e["data"]["source"], e["data"]["target"], e["data"]["kind"])
        for e in elements
        if "source" in e["data"]
    }


def test_a_position_shows_its_producers_and_used_in_neighbours(svc: Svetofor) -> None:
    els = nv.elements_for(svc.view(), item="М1")
    assert ids(els, edges=False) == {"i:М1", "i:К1", "i:К2", "e:BY:альфа", "e:RU:бета"}
    assert edge_pairs(els) == {
        ("e:BY:альфа", "i:М1", "new"),
        ("e:RU:бета", "i:М1", "new"),
        ("i:К1", "i:М1", "used_in"),
        ("i:К2", "i:М1", "used_in"),
    }
    assert nv.counts(els) == {"items": 3, "enterprises": 2, "edges": 4, "warned": 3}  # М1 and its two plans
    m1 = next(e for e in els if e["data"]["id"] == "i:М1")
    assert m1["classes"].split() == ["item", "st-yellow", "warned", "focus"]
    alfa = next(e for e in els if e["data"]["id"] == "e:BY:альфа")
    assert "c-BY" in alfa["classes"].split() and alfa["data"]["country"] == "BY"


def test_a_group_shows_its_positions_and_all_their_producers(svc: Svetofor) -> None:
    els = nv.elements_for(svc.view(), group="Токарные")
    assert ids(els, edges=False) == {"i:М1", "i:М2", "e:BY:альфа", "e:RU:бета", "e:RU:гамма"}
    assert edge_pairs(els) == {
        ("e:BY:альфа", "i:М1", "new"),
        ("e:RU:бета", "i:М1", "new"),
        ("e:BY:альфа", "i:М2", "modernise"),
        ("e:RU:гамма", "i:М2", "existing"),
    }


def test_an_enterprise_shows_its_positions_and_their_other_producers(svc: Svetofor) -> None:
    els = nv.elements_for(svc.view(), enterprise="BY:альфа")
    assert ids(els, edges=False) == {"i:М1", "i:М2", "e:BY:альфа", "e:RU:бета", "e:RU:гамма"}
    assert len(ids(els, edges=True)) == 4
    focus = [e["data"]["id"] for e in els if "focus" in e.get("classes", "").split()]
    assert focus == ["e:BY:альфа"]


def test_a_record_without_production_or_plan_is_a_none_edge_and_unknown_focus_is_empty(svc: Svetofor) -> None:
    view = svc.view()
    assert nv.elements_for(view, item="нет такой") == []
    assert nv.elements_for(view, group="нет такой") == []
    assert nv.elements_for(view, enterprise="BY:нет такого") == []
    assert nv.elements_for(view) == []


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"existing": True, "action": None}, "existing"),
        ({"existing": True, "action": "modernise"}, "modernise"),
        ({"existing": True, "action": "new"}, "new"),
        ({"existing": False, "action": "new"}, "new"),
        ({"existing": False, "action": None}, "none"),
    ],
)
def test_edge_kind(data: dict, kind: str) -> None:
    assert nv.edge_kind(data) == kind


def test_a_merged_enterprise_shows_as_the_survivor(svc: Svetofor, make_read_result) -> None:
    rows = [
        *ROWS,
        {"item": "М3", "name": "Пресс", "group": "Токарные", "enterprise": "Альфа-2", "existing": True},
    ]
    svc.import_result(make_read_result(rows), user="alice", file_hash="b")
    svc.merge_enterprises("BY:альфа", "BY:альфа-2", user="alice")
    view = svc.view()
    els = nv.elements_for(view, enterprise="BY:альфа-2")
    assert "e:BY:альфа-2" not in ids(els, edges=False)
    assert {"i:М1", "i:М2", "i:М3", "e:BY:альфа"} <= ids(els, edges=False)


def test_node_details(svc: Svetofor) -> None:
    view = svc.view()
    item = nv.node_details(view, {"type": "item", "key": "М1"}, "ru")
    assert item["title"] == "Станок токарный"
    assert item["producers"] == ["Альфа", "Бета"]
    assert len(item["warnings"]) == 1 and item["colours"]["UNION"] == "yellow"
    ent = nv.node_details(view, {"type": "enterprise", "key": "BY:альфа"}, "ru")
    assert (ent["country"], ent["items"]) == ("BY", ["Станок токарный", "Станок карусельный"])
    assert nv.node_details(view, None, "ru") is None


def test_stylesheet_and_layout() -> None:
    selectors = {rule["selector"] for rule in nv.stylesheet()}
    assert {".existing", ".modernise", ".new", "node.warned", ".st-red", ".c-BY", ".c-RU"} <= selectors
    assert nv.layout_for(None, 5)["name"] == "breadthfirst"
    assert nv.layout_for(None, 50)["name"] == "preset"  # "columns": placed by column_positions
    assert nv.uses_columns(None, 50) and not nv.uses_columns("cose", 50)
    assert nv.layout_for("circle", 50)["name"] == "circle"


def test_a_large_graph_is_spread_by_its_size_and_labels_stay_apart() -> None:
    small, large = nv.layout_for("cose", 20), nv.layout_for("cose", 80)
    assert large["nodeRepulsion"] > small["nodeRepulsion"]
    assert large["idealEdgeLength"] > small["idealEdgeLength"]
    assert small["nodeDimensionsIncludeLabels"] and large["nodeDimensionsIncludeLabels"]
    rules = {rule["selector"]: rule["style"] for rule in nv.stylesheet()}
    assert rules["node.quiet"]["label"] == ""
    assert rules["node.quiet:selected"]["label"] == "data(label)"
    assert rules["node"]["min-zoomed-font-size"] > 0
    assert "wheelSensitivity" not in nv.layout_for(None, 80)


def test_a_large_group_names_its_enterprises_on_selection_only(store: Store, make_read_result) -> None:
    rows = [
        {
            "item": f"С{n}",
            "name": f"Станок {n}",
            "kind": "machine",
            "group": "Большая",
            "country": "BY" if n % 2 else "RU",
            "enterprise": f"Завод {n % 30}",
            "existing": True,
        }
        for n in range(40)
    ]
    svc = Svetofor(store)
    svc.import_result(make_read_result(rows), user="alice", file_hash="big")
    view = svc.view()
    elements = nv.elements_for(view, group="Большая")
    counted = nv.counts(elements)
    assert counted["items"] + counted["enterprises"] == nv.node_count(elements) >= nv.QUIET_LABELS_FROM
    enterprises = [e for e in elements if e["data"].get("type") == "enterprise"]
    assert enterprises and all("quiet" in e["classes"].split() for e in enterprises)
    # an enterprise's own view is small: its name is shown
    one = nv.elements_for(view, enterprise=enterprises[0]["data"]["key"])
    assert not any("quiet" in e.get("classes", "").split() for e in one)


def _node(node_id: str, kind: str, country: str = "") -> dict:
    return {"data": {"id": node_id, "type": kind, "country": country}, "classes": kind}


def _edge(source: str, target: str) -> dict:
    return {"data": {"id": f"{source}>{target}", "source": source, "target": target}}


def test_columns_keep_countries_apart_and_producers_near_their_positions() -> None:
    elements = [
        *(_node(f"i{n}", "item") for n in range(4)),
        _node("by1", "enterprise", "BY"),
        _node("ru1", "enterprise", "RU"),
        _node("ru2", "enterprise", "RU"),
        _edge("by1", "i3"),
        _edge("ru1", "i0"),
        _edge("ru2", "i2"),
        _edge("ru2", "i3"),
    ]
    placed = {el["data"]["id"]: el["position"] for el in nv.column_positions(elements) if "position" in el}
    assert placed["by1"]["x"] < placed["i0"]["x"] == 0 < placed["ru1"]["x"]
    assert [placed[f"i{n}"]["y"] for n in range(4)] == [n * nv.ROW_GAP for n in range(4)]
    assert placed["by1"]["y"] == 3 * nv.ROW_GAP  # level with its one position
    assert placed["ru1"]["y"] == 0 and placed["ru2"]["y"] == 2.5 * nv.ROW_GAP  # mean of its two
    assert all("columns" in el["classes"] for el in nv.column_positions(elements) if "position" in el)
    assert nv.columns_height(nv.column_positions(elements)) >= 480


def test_legend_names_every_colour_of_the_graph() -> None:
    from svetofor.ui.i18n import t

    entries = nv.legend_entries()
    colours = {colour for _kind, colour, _key in entries}
    assert {nv.COUNTRY_COLOURS["BY"], nv.COUNTRY_COLOURS["RU"], nv.NEW_COLOUR, nv.MODERNISE_COLOUR} <= colours
    assert t("network.legend.by", "ru") == "предприятие Беларуси"
