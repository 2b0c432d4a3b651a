"""Pure helpers of the diagram page: cell paths for partial updates, filters <-> controls <-> URL,
totals that follow the filter, paging, validation, hover text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from svetofor.classify import classify
from svetofor.diagram import DiagramFilter, build_rows
from svetofor.model import SCOPES, Override
from svetofor.ui import diagram_view as dv

ROWS = [
    {
        "item": "A-1",
        "name": "Станок токарный",
        "kind": "machine",
        "group": "Токарные",
        "enterprise": "Завод А",
        "existing": True,
    },
    {
        "item": "A-2",
        "name": "Станок фрезерный",
        "kind": "machine",
        "group": "Фрезерные",
        "enterprise": "Завод Б",
        "action": "new",
    },
    {"item": "A-3", "name": "Центр обрабатывающий", "kind": "machine", "group": "Токарные"},
    {
        "item": "C-1",
        "name": "Шпиндель",
        "kind": "component",
        "group": "Узлы",
        "country": "RU",
        "enterprise": "Завод В",
        "existing": True,
    },
    {
        "item": "T-1",
        "name": "Резец",
        "kind": "tool",
        "group": None,
        "country": "RU",
        "enterprise": "Завод Г",
        "existing": True,
        "action": "modernise",
    },
]


def make_rows(make_dataset, overrides=None):
    ds = make_dataset(ROWS)
    return build_rows(ds, classify(ds), overrides or {}, [], {})


def as_json(component):
    """The JSON Dash sends for a component tree (what ``dash.Patch`` locations walk)."""
    import json

    import plotly

    return json.loads(json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder))


def walk(tree, location):
    node = tree
    for key in location:
        node = node[key]
    return node


def test_render_body_paths_lead_to_their_cells(make_dataset):
    rows = make_rows(make_dataset)
    body, paths = dv.render_body(rows, "ru")
    tree = as_json(body)
    assert len(paths) == len(rows) * len(SCOPES)
    for key, path in paths.items():
        item, scope = key.split("|")
        cell = walk(tree, dv.patch_path(path))["props"]
        assert (cell["data-item"], cell["data-scope"]) == (item, scope)


def test_sections_follow_kind_then_group_in_list_order(make_dataset):
    rows = make_rows(make_dataset)
    sections = dv.sections(rows)
    assert [kind for kind, _ in sections] == ["machine", "component", "tool"]
    machine_groups = sections[0][1]
    assert [g for g, _ in machine_groups] == ["Токарные", "Фрезерные"]
    assert [r.item.key for r in machine_groups[0][1]] == ["A-1", "A-3"]


def test_empty_body_says_so(make_dataset):
    body, paths = dv.render_body([], "en")
    assert paths == {}
    assert "No positions" in str(body)


FILTERS = [
    DiagramFilter(),
    DiagramFilter(groups=("Токарные",)),
    DiagramFilter(kinds=("machine", "tool"), scope_colours={"BY": ("red", "yellow")}),
    DiagramFilter(text="шпиндель", only_overridden=True, only_warnings=True, only_stale=True),
    DiagramFilter(groups=("a,b", ""), scope_colours={"UNION": ("none",)}),
    DiagramFilter(colours=("red",), scope_colours={"BY": ("red",), "RU": ("green",), "UNION": ("yellow",)}),
]


def _from_controls(controls: dict) -> DiagramFilter:
    return dv.filter_from_controls(
        controls["groups"],
        controls["kinds"],
        controls["colours_BY"],
        controls["colours_RU"],
        controls["colours_UNION"],
        controls["colours"],
        controls["text"],
        controls["flags"],
    )


def _params(query: str) -> dict:
    from urllib.parse import parse_qs

    return {k: v if len(v) > 1 else v[0] for k, v in parse_qs(query.lstrip("?")).items()}


@pytest.mark.parametrize("flt", FILTERS)
def test_filter_round_trips_through_controls_and_url(flt):
    assert _from_controls(dv.controls_from_filter(flt)) == flt
    query = dv.query_string(flt)
    assert dv.filter_from_query(_params(query)) == flt
    assert (query == "") == (flt == DiagramFilter())


@pytest.mark.parametrize(
    ("old_link", "controls"),
    [
        ("?colour=red&scope=BY", {"colours_BY": ["red"], "colours": []}),
        ("?colour=red%2Cnone&scope=UNION&colour_ru=green", {"colours_UNION": ["red", "none"], "colours_RU": ["green"]}),
        ("?colour=red", {"colours": ["red"], "colours_BY": []}),  # any of the three
    ],
)  # fmt: skip
def test_old_links_fill_the_per_country_controls(old_link, controls):
    flt = dv.filter_from_query(_params(old_link))
    shown = dv.controls_from_filter(flt)
    assert {k: shown[k] for k in controls} == controls
    # and the view is the one the old link asked for
    assert flt == DiagramFilter.from_query({k: str(v) for k, v in _params(old_link).items()}).normalised()


def test_bad_control_values_are_ignored():
    flt = dv.filter_from_controls(None, None, ["purple", "red"], None, [], ["red", "purple"], "  x  ", None)
    assert flt == DiagramFilter(colours=("red",), text="x", scope_colours={"BY": ("red",)})


@pytest.mark.parametrize(
    ("params", "page"),
    [({}, 1), ({"page": "3"}, 3), ({"page": ["2", "5"]}, 2), ({"page": "0"}, 1), ({"page": "-2"}, 1), ({"page": "x"}, 1)],
)  # fmt: skip
def test_page_from_query(params, page):
    assert dv.page_from_query(params) == page


def test_the_page_number_is_in_the_link(make_dataset):
    rows = make_rows(make_dataset)
    flt = DiagramFilter(groups=("Токарные",))
    assert dv.query_string(flt, 1) == "?group=%D0%A2%D0%BE%D0%BA%D0%B0%D1%80%D0%BD%D1%8B%D0%B5"
    assert dv.query_string(flt, 3).endswith("&page=3")
    assert dv.query_string(DiagramFilter(), 2) == "?page=2"
    # The page is not part of the filter: an export or a recolour reading the query ignores it.
    assert dv.filter_from_query(_params(dv.query_string(flt, 3))) == flt
    small = dv.diagram_state(rows, DiagramFilter(), page=4, lang="ru")
    assert small.page == 1 and small.query == ""  # beyond the last page: page 1, nothing to say


def test_paged_state_carries_its_page(make_dataset):
    rows = make_rows(make_dataset)
    state = dv.diagram_state(rows, DiagramFilter(), page=2, lang="ru", page_size=2)
    assert state.page == 2 and state.query == "?page=2"
    assert dv.page_from_query(_params(state.query)) == 2
    assert [k.split("|")[0] for k in state.paths][::3] == [r.item.key for r in rows[2:4]]


def test_totals_follow_the_filter_and_the_body_is_paged(make_dataset):
    rows = make_rows(make_dataset)
    everything = dv.diagram_state(rows, DiagramFilter(), page=1, lang="ru")
    assert sum(everything.totals["BY"].values()) == len(rows)
    only_group = dv.diagram_state(rows, DiagramFilter(groups=("Токарные",)), page=1, lang="ru")
    assert sum(only_group.totals["UNION"].values()) == 2
    assert only_group.totals != everything.totals
    assert set(k.split("|")[0] for k in only_group.paths) == {"A-1", "A-3"}
    assert only_group.query.startswith("?group=")


@pytest.mark.parametrize(
    ("n", "page", "size", "expected_pages", "expected_first", "expected_len"),
    [
        (0, 1, 3, 1, None, 0),
        (7, 1, 3, 3, 0, 3),
        (7, 3, 3, 3, 6, 1),
        (7, 9, 3, 3, 6, 1),
        (7, None, 3, 3, 0, 3),
    ],
)
def test_paging(n, page, size, expected_pages, expected_first, expected_len):
    items = list(range(n))
    assert dv.page_count(n, size) == expected_pages
    shown = dv.page_rows(items, page, size)
    assert len(shown) == expected_len
    if expected_len:
        assert shown[0] == expected_first


@pytest.mark.parametrize(
    ("colour", "reason", "error"),
    [
        ("red", "письмо министерства", None),
        ("green", "  x ", None),
        ("red", "", "error.reason_required"),
        ("red", "   ", "error.reason_required"),
        ("red", None, "error.reason_required"),
        (None, "причина", "error.colour_required"),
        ("none", "причина", "error.colour_required"),
        ("purple", "причина", "error.colour_required"),
    ],
)
def test_validate_override(colour, reason, error):
    assert dv.validate_override(colour, reason) == error


def test_cell_shows_override_and_stale_flag(make_dataset):
    at = datetime(2026, 3, 1, 10, 30, tzinfo=UTC)
    # A-1 is green by the data; the override was set when it was red, so the data moved: stale.
    ov = Override("A-1", "BY", "yellow", "ждём модернизацию", "petrov", at, 3, based_on="red")
    rows = make_rows(make_dataset, {("A-1", "BY"): ov})
    cell = rows[0].cells["BY"]
    rendered = as_json(dv.render_cell("A-1", "BY", cell, "ru"))["props"]
    assert rendered["className"].split() == ["sv-cell", "sv-yellow", "sv-overridden", "sv-stale"]
    title = rendered["title"]
    # shown in the planners' time: 10:30 UTC is 13:30 in Minsk and Moscow
    assert "ждём модернизацию" in title and "petrov" in title and "01.03.2026 13:30" in title
    assert "Почему" in title
    assert "данные изменились" in title
    plain = as_json(dv.render_cell("A-2", "BY", rows[1].cells["BY"], "en"))["props"]
    assert plain["className"] == f"sv-cell sv-{rows[1].cells['BY'].colour}"
    assert "Why" in plain["title"] and "Override" not in plain["title"]


def test_every_colour_has_a_distinct_letter():
    letters = {c: dv.icon(c, "ru") for c in ("green", "yellow", "red", "none")}
    assert len(set(letters.values())) == 4
    assert letters["none"] == "н/д"


def test_totals_patch_rewrites_exactly_the_twelve_numbers():
    old = {s: {c: 0 for c in ("green", "yellow", "red", "none")} for s in SCOPES}
    new = {
        s: {c: i * 10 + j for j, c in enumerate(("green", "yellow", "red", "none"))}
        for i, s in enumerate(SCOPES)
    }
    table = as_json(dv.render_totals(old, "ru"))["props"]["children"]
    ops = dv.totals_patch(new).to_plotly_json()["operations"]
    assert len(ops) == 12
    for op in ops:
        *location, last = op["location"]
        td = walk(table, location)
        assert last == "children"
        scope, colour = td["data-scope"], td["data-colour"]
        assert op["params"]["value"] == str(new[scope][colour])


def test_cell_patch_replaces_one_cell_only(make_dataset):
    rows = make_rows(make_dataset)
    _body, paths = dv.render_body(rows, "ru")
    new_cell = dv.render_cell("A-3", "RU", rows[2].cells["RU"], "ru")
    ops = dv.cell_patch(paths["A-3|RU"], new_cell).to_plotly_json()["operations"]
    assert len(ops) == 1
    assert ops[0]["location"] == dv.patch_path(paths["A-3|RU"])
    assert dv.cell_patch(None, new_cell).to_plotly_json()["operations"] == []
