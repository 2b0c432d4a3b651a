"""Diagram states and their comparison: exactly the changed cells, directions, warnings, overrides."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from svetofor.classify import classify
from svetofor.diagram import build_rows
from svetofor.diff import (
    CellChange,
    DiagramState,
    NamedItem,
    NamedStale,
    NamedWarning,
    change_line,
    changed_cells,
    diff_states,
    named_diff,
    state_of,
    totals_series,
)
from svetofor.duplication import find_warnings
from svetofor.messages import render
from svetofor.model import Dataset, Enterprise, Item, Override, Record

WHEN = datetime(2026, 3, 6, 10, 0)
ENTS = {
    "BY:a": Enterprise("BY:a", "ОАО Альфа", "BY"),
    "RU:c": Enterprise("RU:c", "АО Гамма", "RU"),
    "RU:d": Enterprise("RU:d", "ООО Дельта", "RU"),
}


def base_records():
    return [
        Record("P1", "BY", "BY:a", existing=True, capacity=100),  # BY green
        Record("P2", "RU", "RU:c", existing=False, action="new", launch_year=2027),  # RU yellow
        Record("P3", "BY", "BY:a", existing=True, capacity=10),  # BY yellow against demand 100
    ]


def make_state(records, items=("P1", "P2", "P3"), overrides=None, countries=("BY", "RU")):
    ds = Dataset(
        items={k: Item(k, f"Позиция {k}", code=k, kind="machine", group="Токарные" if k != "P3" else "Узлы", order=i) for i, k in enumerate(items)},
        enterprises=dict(ENTS),
        records=list(records),
        demand={("P3", "BY"): 100},
        countries=frozenset(countries),
    )  # fmt: skip
    statuses = classify(ds)
    warnings = find_warnings(ds, statuses)
    rows = build_rows(ds, statuses, overrides or {}, warnings, {})
    return state_of(rows, warnings)


def ov(item, scope, colour, based_on, reason="решение комиссии", version=1):
    return {
        (item, scope): Override(
            item, scope, colour, reason, "planner", WHEN, version=version, based_on=based_on
        )
    }


def test_identical_states_have_an_empty_diff():
    s = make_state(base_records())
    d = diff_states(s, s)
    assert d.empty and d.changes == () and d.summary() == []


def test_exactly_the_changed_cells_with_directions():
    before = make_state(base_records())
    after_records = base_records()
    after_records[1] = Record("P2", "RU", "RU:c", existing=True, capacity=5)  # RU yellow -> green
    after_records[2] = Record("P3", "BY", "BY:a", existing=False)  # BY yellow -> red
    after = make_state(after_records)
    d = diff_states(before, after)
    assert {(c.item, c.scope, c.before, c.after) for c in d.changes} == {
        ("P2", "RU", "yellow", "green"),
        ("P2", "UNION", "yellow", "green"),
        ("P3", "BY", "yellow", "red"),
        ("P3", "UNION", "yellow", "red"),
    }
    assert changed_cells(d) == {("P2", "RU"), ("P2", "UNION"), ("P3", "BY"), ("P3", "UNION")}
    assert d.count("improved") == 2 and d.count("regressed") == 2 and d.count("regressed", "BY") == 1
    assert d.counts == {
        ("RU", "yellow", "green"): 1,
        ("UNION", "yellow", "green"): 1,
        ("BY", "yellow", "red"): 1,
        ("UNION", "yellow", "red"): 1,
    }
    assert d.counts_by_group() == {
        "Токарные": {("RU", "yellow", "green"): 1, ("UNION", "yellow", "green"): 1},
        "Узлы": {("BY", "yellow", "red"): 1, ("UNION", "yellow", "red"): 1},
    }
    # improvements first, regressions last; each line in the reader's language
    assert [render(line, "ru") for line in d.summary()] == [
        "РФ: 1 ячейка жёлтый → зелёный",
        "Союз: 1 ячейка жёлтый → зелёный",
        "РБ: 1 ячейка жёлтый → красный",
        "Союз: 1 ячейка жёлтый → красный",
    ]
    assert [render(line, "en") for line in d.summary()] == [
        "RU: 1 cell yellow → green",
        "Union: 1 cell yellow → green",
        "BY: 1 cell yellow → red",
        "Union: 1 cell yellow → red",
    ]


@pytest.mark.parametrize(
    ("before", "after", "direction"),
    [
        ("red", "yellow", "improved"),
        ("red", "green", "improved"),
        ("yellow", "green", "improved"),
        ("green", "yellow", "regressed"),
        ("yellow", "red", "regressed"),
        ("green", "red", "regressed"),
        ("none", "red", "other"),
        ("green", "none", "other"),
    ],
)
def test_direction_order_red_yellow_green_none_apart(before, after, direction):
    assert CellChange("P", "P", "BY", before, after).direction == direction


def test_country_data_appearing_is_neither_better_nor_worse():
    before = make_state([r for r in base_records() if r.country == "BY"], countries=("BY",))
    after = make_state(base_records())
    d = diff_states(before, after)
    ru = [c for c in d.changes if c.scope == "RU"]
    assert {(c.before, c.after) for c in ru} == {("none", "red"), ("none", "yellow")}
    assert d.count("other") == 3 and d.count("regressed") == 0


def test_items_added_and_removed_are_not_cell_changes():
    before = make_state(base_records(), items=("P1", "P2", "P3"))
    after = make_state([*base_records(), Record("P4", "BY", "BY:a", existing=True)], items=("P1", "P3", "P4"))
    d = diff_states(before, after)
    assert d.added == ("P4",) and d.removed == ("P2",)
    assert all(c.item not in ("P2", "P4") for c in d.changes)


def test_warnings_opened_and_closed():
    before = make_state(base_records())
    after = make_state(
        [*base_records(), Record("P2", "RU", "RU:d", action="new"), Record("P2", "BY", "BY:a", existing=True)]
    )
    d = diff_states(before, after)
    assert d.warnings_opened == ("partner-covers|P2|RU", "parallel-new|P2|")  # severity order
    assert diff_states(after, before).warnings_closed == d.warnings_opened


def test_overrides_made_changed_cleared_and_stale():
    plain = make_state(base_records())
    with_ov = make_state(base_records(), overrides=ov("P3", "BY", "green", based_on="yellow"))
    d = diff_states(plain, with_ov)
    assert d.overrides_made == (("P3", "BY"),) and d.overrides_cleared == ()
    assert d.changes == (CellChange("P3", "Позиция P3", "BY", "yellow", "green", "Узлы", "machine"),)
    assert d.stale == ()

    changed = make_state(
        base_records(), overrides=ov("P3", "BY", "green", "yellow", reason="новое решение", version=2)
    )
    assert diff_states(with_ov, changed).overrides_made == (("P3", "BY"),)
    assert diff_states(with_ov, plain).overrides_cleared == (("P3", "BY"),)

    moved = base_records()
    moved[2] = Record("P3", "BY", "BY:a", existing=False)  # computed now red: the override is stale
    stale = make_state(moved, overrides=ov("P3", "BY", "green", based_on="yellow"))
    d = diff_states(with_ov, stale)
    assert d.stale == (("P3", "BY"),)
    assert d.overrides_made == () and ("P3", "BY") not in changed_cells(d)


def test_json_round_trip_is_exact_and_compact():
    state = make_state(base_records(), overrides=ov("P1", "UNION", "yellow", "green"))
    text = json.dumps(state.to_json(), ensure_ascii=False)
    back = DiagramState.from_json(json.loads(text))
    assert back == state
    assert diff_states(state, back).empty
    assert list(back.items) == ["P1", "P2", "P3"]


def test_json_round_trip_keeps_a_stale_override_next_to_plain_cells():
    moved = base_records()
    moved[2] = Record("P3", "BY", "BY:a", existing=False)
    state = make_state(moved, overrides=ov("P3", "BY", "green", based_on="yellow"))
    back = DiagramState.from_json(json.loads(json.dumps(state.to_json())))
    assert back == state
    cell = back.items["P3"].cells["BY"]
    assert cell.stale and cell.override is not None and cell.override.colour == "green"
    assert back.items["P1"].cells["RU"].override is None and not back.items["P1"].cells["RU"].stale


def test_from_json_refuses_an_unknown_format():
    with pytest.raises(ValueError, match="unsupported diagram state format 99"):
        DiagramState.from_json({"v": 99, "items": []})


def test_totals_and_series_for_the_progress_chart():
    a = make_state(base_records())
    assert a.totals()["BY"] == {"green": 1, "yellow": 1, "red": 1, "none": 0}
    series = totals_series([("Заседание 06.03.2025", a)])
    assert series == [("Заседание 06.03.2025", a.totals())]


@pytest.mark.parametrize(
    ("n", "russian", "english"),
    [
        (1, "РБ: 1 ячейка красный → жёлтый", "BY: 1 cell red → yellow"),
        (3, "РБ: 3 ячейки красный → жёлтый", "BY: 3 cells red → yellow"),
        (12, "РБ: 12 ячеек красный → жёлтый", "BY: 12 cells red → yellow"),
        (21, "РБ: 21 ячейка красный → жёлтый", "BY: 21 cells red → yellow"),
        (1200, "РБ: 1 200 ячеек красный → жёлтый", "BY: 1,200 cells red → yellow"),
    ],
)
def test_a_change_line_counts_cells_in_the_readers_language(n, russian, english):
    line = change_line("BY", "red", "yellow", n)
    assert (render(line, "ru"), render(line, "en")) == (russian, english)


# ---------------------------------------------------------------------------- named changes


def test_named_diff_names_new_and_removed_positions_with_their_colours():
    before = make_state(base_records(), items=("P1", "P2", "P3"))
    after = make_state([*base_records(), Record("P4", "BY", "BY:a", existing=True)], items=("P1", "P3", "P4"))
    named = named_diff(before, after)
    assert named.added == (NamedItem("P4", "Позиция P4", {"BY": "green", "RU": "red", "UNION": "green"}),)
    assert named.removed == (NamedItem("P2", "Позиция P2", {"BY": "red", "RU": "yellow", "UNION": "yellow"}),)
    assert named.counts() == {
        "changes": 0,
        "added": 1,
        "removed": 1,
        "warnings_opened": 0,
        "warnings_closed": 0,
        "stale": 0,
    }


def test_named_diff_names_the_warnings_that_appear_and_disappear():
    before = make_state(base_records())
    after = make_state(
        [*base_records(), Record("P2", "RU", "RU:d", action="new"), Record("P2", "BY", "BY:a", existing=True)]
    )
    opened = named_diff(before, after).warnings_opened
    assert [(w.kind, w.name) for w in opened] == [
        ("partner-covers", "Позиция P2"),
        ("parallel-new", "Позиция P2"),
    ]
    closed = named_diff(after, before).warnings_closed
    assert closed == opened and isinstance(closed[0], NamedWarning)


def test_named_diff_lists_only_overrides_that_newly_disagree_with_the_data():
    with_ov = make_state(base_records(), overrides=ov("P3", "BY", "green", based_on="yellow"))
    moved = base_records()
    moved[2] = Record("P3", "BY", "BY:a", existing=False)  # computed now red
    stale = make_state(moved, overrides=ov("P3", "BY", "green", based_on="yellow"))
    assert named_diff(with_ov, stale).stale == (
        NamedStale("P3", "Позиция P3", "BY", "green", "yellow", "red"),
    )
    assert named_diff(stale, stale).stale == ()  # it disagreed already
