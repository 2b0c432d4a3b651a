"""Progress: forecast by year, green years, horizon list, snapshots and their comparison."""

from __future__ import annotations

import json
import random
import zlib
from datetime import UTC, datetime

import pytest

from svetofor import progress
from svetofor.classify import classify
from svetofor.messages import format_date, render
from svetofor.model import Dataset, Enterprise, Item, Record


def _dataset(records: list[Record], demand: dict | None = None, countries=("BY", "RU")) -> Dataset:
    items: dict[str, Item] = {}
    for i, key in enumerate(dict.fromkeys([r.item_key for r in records] + ["P-EMPTY"])):
        items[key] = Item(
            key=key, name=f"Позиция {key}", code=key, kind="machine", group="Токарные станки", order=i
        )
    enterprises = {
        f"{c}:{n}": Enterprise(key=f"{c}:{n}", name=f"Завод {n}", country=c)
        for c in ("BY", "RU")
        for n in ("a", "b")
    }
    return Dataset(
        items=items,
        enterprises=enterprises,
        records=records,
        demand=demand or {},
        countries=frozenset(countries),
    )


def _new(item: str, country: str, year: int | None, capacity: float | None = None, ent: str = "a") -> Record:
    return Record(
        item, country, f"{country}:{ent}", existing=False, capacity=capacity, action="new", launch_year=year
    )


def _mod(item: str, country: str, year: int | None, existing: bool = True) -> Record:
    return Record(item, country, f"{country}:a", existing=existing, action="modernise", launch_year=year)


# (records, demand, year, expected colours BY/RU/UNION of item "P")
FORECAST_CASES = [
    ("new, due before year", [_new("P", "BY", 2026)], {}, 2027, ("green", "red", "green")),
    ("new, due in year", [_new("P", "BY", 2027)], {}, 2027, ("green", "red", "green")),
    ("new, due after year", [_new("P", "BY", 2028)], {}, 2027, ("yellow", "red", "yellow")),
    ("new without year never done", [_new("P", "RU", None)], {}, 2040, ("red", "yellow", "yellow")),
    ("modernise due", [_mod("P", "RU", 2026)], {}, 2026, ("red", "green", "green")),
    ("modernise not due", [_mod("P", "RU", 2029)], {}, 2026, ("red", "yellow", "yellow")),
    (
        "modernise without production stays",
        [_mod("P", "RU", 2025, existing=False)],
        {},
        2030,
        ("red", "red", "red"),
    ),
    (
        "planned capacity below demand stays yellow",
        [_new("P", "BY", 2026, capacity=50)],
        {("P", "BY"): 100},
        2030,
        ("yellow", "red", "yellow"),
    ),
    (
        "two countries together reach the union demand",
        [_new("P", "BY", 2026, capacity=60), _new("P", "RU", 2028, capacity=60)],
        {("P", "BY"): 50, ("P", "RU"): 70},
        2028,
        ("green", "yellow", "green"),
    ),
    (
        "union demand not yet reached before the second plan",
        [_new("P", "BY", 2026, capacity=60), _new("P", "RU", 2028, capacity=60)],
        {("P", "BY"): 50, ("P", "RU"): 70},
        2027,
        ("green", "yellow", "yellow"),
    ),
]


@pytest.mark.parametrize(
    ("records", "demand", "year", "expected"),
    [c[1:] for c in FORECAST_CASES],
    ids=[c[0] for c in FORECAST_CASES],
)
def test_forecast_colours(records, demand, year, expected):
    statuses = progress.forecast_statuses(_dataset(records, demand), year)
    assert tuple(statuses["P"][s].colour for s in ("BY", "RU", "UNION")) == expected


def test_forecast_does_not_touch_the_original():
    data = _dataset([_new("P", "BY", 2026)])
    progress.forecast(data, 2030)
    assert data.records[0].action == "new" and data.records[0].existing is False


def test_green_year_per_scope():
    data = _dataset(
        [
            _new("P", "BY", 2027, capacity=60),
            _new("P", "RU", 2029, capacity=60),
            Record("Q", "BY", "BY:a", existing=True, capacity=10),  # green already
            _new("R", "RU", None),  # undated: never
            _new("S", "RU", 2033),  # beyond the horizon
            _mod("T", "BY", 2024),  # overdue plan counts as due now
        ],
        demand={("P", "BY"): 50, ("P", "RU"): 70},
    )
    years = progress.green_year(data, 2030, today=2026)
    assert years["P"] == {"BY": 2027, "RU": None, "UNION": 2029}  # RU 60 < 70 alone
    assert years["Q"] == {"BY": 2026, "RU": None, "UNION": 2026}
    assert years["R"] == {"BY": None, "RU": None, "UNION": None}
    assert years["S"] == {"BY": None, "RU": None, "UNION": None}
    assert years["T"] == {"BY": 2026, "RU": None, "UNION": 2026}
    assert years["P-EMPTY"] == {"BY": None, "RU": None, "UNION": None}


def test_not_green_by_horizon_lists_the_rest(monkeypatch):
    data = _dataset([_new("P", "BY", 2029), _new("S", "RU", 2033), _new("R", "RU", None)])
    monkeypatch.setenv("SVETOFOR_HORIZON", "2030")
    keys = [n.item_key for n in progress.not_green_by(data)]
    assert keys == ["S", "R", "P-EMPTY"]
    monkeypatch.setenv("SVETOFOR_HORIZON", "2035")
    late = progress.not_green_by(data)
    assert [n.item_key for n in late] == ["R", "P-EMPTY"]
    assert late[0].colour_now == "yellow" and late[0].colour_at_horizon == "yellow"
    assert late[1].colour_at_horizon == "red"


def test_not_green_by_country_without_data_lists_nothing():
    data = _dataset([_new("P", "BY", 2040)], countries=("BY",))
    assert progress.not_green_by(data, 2030, scope="RU") == []
    assert [n.item_key for n in progress.not_green_by(data, 2030, scope="BY")] == ["P", "P-EMPTY"]


@pytest.mark.parametrize(("raw", "expected"), [("", 2030), ("2035", 2035), ("soon", 2030), ("99", 2030)])
def test_horizon_from_environment(monkeypatch, raw, expected):
    monkeypatch.setenv("SVETOFOR_HORIZON", raw)
    assert progress.roadmap_horizon() == expected


# ------------------------------------------------------------------------------- snapshots

BEFORE_ROWS = [
    # П-1: BY yellow (planned) -> green after the change; RU red
    {
        "item": "П-1",
        "name": "Станки токарные",
        "group": "Токарные",
        "enterprise": "Гомельский завод",
        "action": "new",
        "launch_year": 2027,
    },
    # П-2: BY green, stays green
    {
        "item": "П-2",
        "name": "Станки фрезерные",
        "group": "Фрезерные",
        "enterprise": "Минский завод",
        "existing": True,
    },
    # П-3: RU green -> red (production stopped)
    {
        "item": "П-3",
        "name": "Патроны токарные",
        "group": "Оснастка",
        "country": "RU",
        "enterprise": "Савёловский",
        "existing": True,
    },
    # П-4: removed from the list later
    {
        "item": "П-4",
        "name": "Люнеты",
        "group": "Оснастка",
        "country": "RU",
        "enterprise": "Савёловский",
        "existing": True,
    },
    # parallel-new in BY and RU for П-5: a warning that closes when RU drops its plan
    {
        "item": "П-5",
        "name": "Шпиндели",
        "group": "Узлы",
        "enterprise": "Гомельский завод",
        "action": "new",
        "launch_year": 2028,
    },
    {
        "item": "П-5",
        "name": "Шпиндели",
        "group": "Узлы",
        "country": "RU",
        "enterprise": "Стерлитамак",
        "action": "new",
        "launch_year": 2028,
    },
]


def _after_rows() -> list[dict]:
    rows = [dict(r) for r in BEFORE_ROWS if r["item"] != "П-4"]

    def row(item: str, country: str = "BY") -> dict:
        return next(r for r in rows if r["item"] == item and r.get("country", "BY") == country)

    row("П-1").update(existing=True, action=None)  # BY produces it now
    row("П-3", "RU").update(existing=False)  # RU stopped production
    row("П-5", "RU").update(action=None)  # RU dropped its plan
    rows.append(
        {
            "item": "П-6",
            "name": "Резцы",
            "group": "Инструмент",
            "country": "RU",
            "enterprise": "Стерлитамак",
            "existing": True,
        }
    )
    return rows


@pytest.fixture
def svc(store):
    from svetofor.service import Svetofor

    return Svetofor(store)


def _import(svc, rows, tag: str) -> None:
    from tests.conftest import build_read_result

    svc.import_result(build_read_result(rows, countries=("BY", "RU")), user="alice", file_hash=tag)


def _colours(state, key):
    return {s: c.colour for s, c in state.items[key].cells.items()}


def test_snapshot_then_change_then_compare_gives_exactly_the_changed_cells(svc):
    _import(svc, BEFORE_ROWS, "a")
    before_view = svc.view()
    payload = progress.snapshot_payload(before_view, name="Заседание 06.03.2025")
    info = svc.store.snapshots.save("Заседание 06.03.2025", payload, user="alice")
    frozen = progress.decode_snapshot(svc.store.snapshots.payload(info.id), name=info.name)
    assert frozen.name == "Заседание 06.03.2025"
    assert frozen.state == progress.state_of_view(before_view)

    _import(svc, _after_rows(), "b")
    svc.set_override("П-2", "RU", "yellow", "министерство сообщило о проекте", user="boris")
    now = progress.state_of_view(svc.view())
    cmp = progress.compare(frozen.state, now)

    assert {(c.item, c.scope, c.before, c.after) for c in cmp.changes} == {
        ("П-1", "BY", "yellow", "green"),
        ("П-1", "UNION", "yellow", "green"),
        ("П-3", "RU", "green", "red"),
        ("П-3", "UNION", "green", "red"),
        ("П-2", "RU", "red", "yellow"),  # the override
        ("П-5", "RU", "yellow", "red"),
    }
    assert cmp.directions["BY"] == {("yellow", "green"): 1}
    assert cmp.directions["RU"] == {("green", "red"): 1, ("red", "yellow"): 1, ("yellow", "red"): 1}
    assert cmp.directions["UNION"] == {("yellow", "green"): 1, ("green", "red"): 1}
    assert (cmp.count("improved", "RU"), cmp.count("regressed", "RU")) == (1, 2)
    assert cmp.by_group["Токарные"]["BY"] == {"improved": 1, "regressed": 0, "other": 0}
    assert cmp.by_group["Оснастка"]["RU"] == {"improved": 0, "regressed": 1, "other": 0}
    assert [a[:2] for a in cmp.added] == [("П-6", "Резцы")]
    assert [r[:2] for r in cmp.removed] == [("П-4", "Люнеты")]
    assert [w[:2] for w in cmp.warnings_closed] == [("parallel-new", "Шпиндели")]
    assert cmp.warnings_opened == []
    assert [(o.item_key, o.scope, o.colour, o.author) for o in cmp.overrides] == [
        ("П-2", "RU", "yellow", "boris")
    ]
    assert cmp.totals_after == now.totals()


def test_compare_of_a_state_with_itself_is_empty(svc):
    _import(svc, BEFORE_ROWS, "a")
    state = progress.state_of_view(svc.view())
    cmp = progress.compare(state, state)
    assert cmp.empty and cmp.changes == () and all(not d for d in cmp.directions.values())


def test_snapshot_round_trip_keeps_name_time_totals(svc):
    _import(svc, BEFORE_ROWS, "a")
    view = svc.view()
    when = datetime(2025, 3, 6, 10, 0, tzinfo=UTC)
    payload = progress.snapshot_payload(view, name="Заседание 06.03.2025", taken_at=when)
    snap = progress.decode_snapshot(payload)
    assert (snap.name, snap.taken_at) == ("Заседание 06.03.2025", when)
    assert snap.totals == progress.snapshot_totals(payload) == progress.state_of_view(view).totals()
    assert snap.totals["BY"] == {"green": 1, "yellow": 2, "red": 2, "none": 0}  # П-2; П-1, П-5; П-3, П-4


@pytest.mark.parametrize(
    "payload",
    [
        b"not a snapshot",
        zlib.compress(b"{not json"),
        zlib.compress(b"[1, 2, 3]"),
        zlib.compress(json.dumps({"format": 99, "state": {}}).encode()),
        zlib.compress(
            json.dumps(
                {"format": 1, "name": "x", "taken_at": "вчера", "state": {"v": 1, "items": []}}
            ).encode()
        ),
    ],
    ids=["raw bytes", "not json", "not an object", "unknown format", "bad date"],
)
def test_a_damaged_snapshot_is_a_clear_error(payload):
    with pytest.raises(progress.SnapshotError, match=r"«Заседание»|формате"):
        progress.decode_snapshot(payload, name="Заседание")


def test_snapshot_of_2000_positions_is_compact():
    """50 snapshots of a 2,000-position list must stay within a few MB of the store."""
    from svetofor.classify import classify
    from svetofor.diagram import build_rows
    from svetofor.diff import state_of

    rng = random.Random(5)
    records = []
    for i in range(2000):
        for country in ("BY", "RU"):
            if rng.random() < 0.7:
                action = rng.choice([None, None, "new", "modernise"])
                records.append(
                    Record(
                        f"ST-{i:05d}",
                        country,
                        f"{country}:{rng.randrange(300)}",
                        existing=rng.random() < 0.6,
                        capacity=rng.choice([None, 10.0, 120.0]),
                        action=action,
                        launch_year=rng.choice([None, 2027, 2029]),
                    )
                )
    ds = _dataset(records)
    for i in range(2000):  # realistic names: long, Russian, varied
        key = f"ST-{i:05d}"
        ds.items[key] = Item(
            key,
            f"Станок {rng.choice(['токарный', 'фрезерный', 'шлифовальный'])} с ЧПУ модели {rng.randrange(10**6)}",
            key,
            "machine",
            f"Группа {i % 17}",
            order=i,
        )
    statuses = classify(ds)
    state = state_of(build_rows(ds, statuses, {}, [], {}), [])
    payload = progress.encode_snapshot(state, name="Заседание")
    assert len(payload) * 50 < 4 * 1024 * 1024, f"{len(payload)} bytes per snapshot"
    assert progress.decode_snapshot(payload).state == state


# ------------------------------------------------------------------------ progress series


def _point_snapshot(name: str, when: datetime, green: int) -> progress.Snapshot:
    from svetofor.diff import DiagramState

    totals = {s: {"green": green, "yellow": 5, "red": 10 - green, "none": 0} for s in ("BY", "RU", "UNION")}
    return progress.Snapshot(name, when, DiagramState({}), totals)


def test_progress_series_is_oldest_first_and_the_chart_plots_every_count():
    later = _point_snapshot("Заседание 2", datetime(2025, 9, 1, tzinfo=UTC), 6)
    earlier = _point_snapshot("Заседание 1", datetime(2025, 3, 6, tzinfo=UTC), 3)
    series = progress.progress_series([later, earlier])  # the store lists newest first
    assert [p.label for p in series] == ["Заседание 1", "Заседание 2"]
    fig = progress.progress_figure(series, lang="ru")
    green_by = next(tr for tr in fig.data if tr.xaxis == "x" and tr.line.color == "#009e73")
    assert list(green_by.y) == [3, 6]
    assert len(fig.data) == 3 * 3  # three panels x green/yellow/red ("none" is never above 0 here)
    assert "06.03.2025" in fig.layout.xaxis.ticktext[0]
    assert [a.text for a in fig.layout.annotations] == ["РБ", "РФ", "Союз"]


def test_a_met_plan_without_capacity_never_makes_a_covered_cell_worse():
    covered = Record("P", "BY", "BY:a", existing=True, capacity=120)
    data = _dataset([covered, _new("P", "BY", 2027, ent="b")], demand={("P", "BY"): 100})
    assert classify(data)["P"]["BY"].colour == "green"
    # the rules alone would say yellow: the finished plan's capacity is unknown
    assert classify(progress.forecast(data, 2028))["P"]["BY"].colour == "yellow"
    assert progress.forecast_statuses(data, 2028)["P"]["BY"].colour == "green"
    assert progress.green_year(data, 2030, today=2026)["P"]["BY"] == 2026


# ------------------------------------------------------------------ stored snapshots, lines


def test_freeze_find_default_and_series_from_the_store(svc):
    _import(svc, BEFORE_ROWS, "a")  # leaves an automatic snapshot
    session = svc.freeze(" Заседание 06.03.2025 ", user="alice")
    _import(svc, _after_rows(), "b")  # a newer automatic one
    infos = svc.store.snapshots.all()
    assert [i.automatic for i in infos] == [True, False, True]
    assert progress.default_since(infos).id == session.id  # the last session, not the last import
    assert progress.find_snapshot(infos, "Заседание 06.03.2025").id == session.id
    assert progress.find_snapshot(infos, str(session.id)).id == session.id
    with pytest.raises(KeyError, match="не найден"):
        progress.find_snapshot(infos, "Заседание 1999")
    assert progress.default_since([]) is None

    frozen = svc.load_snapshot(session)
    assert (frozen.name, frozen.taken_at) == ("Заседание 06.03.2025", session.created_at)
    now = progress.current_snapshot(svc.view())
    series = svc.progress_points(now)
    # the automatic snapshot is named by a message with the file, "now" too: each in its language
    assert [render(p.label, "ru") for p in series][-2:] == ["Импорт «list.xlsx»", "Сейчас"]
    assert [render(p.label, "en") for p in series][-2:] == ["Import “list.xlsx”", "Now"]
    assert progress.find_snapshot(infos, "Import “list.xlsx”").id == infos[0].id
    assert series[1].totals == frozen.totals and series[-1].totals == now.totals


def test_diff_lines_mark_changed_added_and_removed(svc):
    _import(svc, BEFORE_ROWS, "a")
    before = progress.state_of_view(svc.view())
    _import(svc, _after_rows(), "b")
    after = progress.state_of_view(svc.view())
    lines = {ln.key: ln for ln in progress.diff_lines(progress.compare(before, after), before, after)}
    assert lines["П-1"].cells["BY"] == ("yellow", "green") and lines["П-1"].changed
    assert not lines["П-2"].changed
    assert lines["П-6"].tag == "added" and lines["П-6"].cells["RU"] == (None, "green")
    assert lines["П-4"].tag == "removed" and lines["П-4"].cells["RU"] == ("green", None)


def test_forecast_lines_carry_the_union_green_year():
    data = _dataset([_new("P", "BY", 2028), _new("S", "RU", None)])
    lines, totals = progress.forecast_lines(data, classify(data), 2028, horizon=2030)
    by_key = {ln.key: ln for ln in lines}
    assert by_key["P"].cells["BY"] == ("yellow", "green") and by_key["P"].note == "2028"
    assert not by_key["S"].changed and by_key["S"].note == ""
    assert totals["UNION"] == {"green": 1, "yellow": 1, "red": 1, "none": 0}


def test_a_damaged_stored_snapshot_is_left_out_of_the_series(svc):
    _import(svc, BEFORE_ROWS, "a")
    svc.store.snapshots.save("битый", b"\x00garbage", user="alice")
    labels = [p.label for p in svc.progress_points()]
    assert "битый" not in labels and len(labels) == 1


def _old_payload(state, name: str, when: datetime) -> bytes:
    """A payload exactly as snapshots were stored before their names were messages."""
    doc = {
        "format": 1,
        "name": name,
        "taken_at": when.isoformat(),
        "totals": state.totals(),
        "state": state.to_json(),
    }
    return zlib.compress(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def test_a_snapshot_stored_before_names_were_messages_still_loads_compares_and_translates(svc):
    _import(svc, BEFORE_ROWS, "a")
    before = progress.state_of_view(svc.view())
    when = datetime(2025, 3, 6, 10, 0, tzinfo=UTC)
    old_auto = svc.store.snapshots.save(
        "Импорт «by.xlsx»", _old_payload(before, "Импорт «by.xlsx»", when), user="alice", automatic=True
    )
    old_typed = svc.store.snapshots.save(
        "Импорт «план» от министерства",
        _old_payload(before, "Импорт «план» от министерства", when),
        user="alice",
    )
    _import(svc, _after_rows(), "b")

    loaded = svc.load_snapshot(next(i for i in svc.store.snapshots.all() if i.id == old_auto.id))
    assert loaded.state == before
    # the automatic name of an old snapshot is read as the message it now is
    assert (render(loaded.name, "ru"), render(loaded.name, "en")) == ("Импорт «by.xlsx»", "Import “by.xlsx”")
    assert render(loaded.label, "en") == f"Import “by.xlsx” ({format_date(loaded.taken_at)})"
    cmp = progress.compare(loaded.state, progress.state_of_view(svc.view()))
    assert ("П-1", "BY", "yellow", "green") in {(c.item, c.scope, c.before, c.after) for c in cmp.changes}

    # a name a planner typed stays as typed, in both languages, even if it looks like one
    typed = svc.load_snapshot(next(i for i in svc.store.snapshots.all() if i.id == old_typed.id))
    assert render(typed.name, "en") == "Импорт «план» от министерства"

    infos = svc.store.snapshots.all()
    assert progress.find_snapshot(infos, "Import “by.xlsx”").id == old_auto.id
    assert progress.find_snapshot(infos, "Импорт «by.xlsx»").id == old_auto.id
    decoded = progress.decode_snapshot(svc.store.snapshots.payload(old_auto.id))
    assert decoded.name == "Импорт «by.xlsx»"  # the payload alone does not say it was automatic
    en_series = [render(p.label, "en") for p in svc.progress_points()]
    assert "Import “by.xlsx”" in en_series and "Импорт «план» от министерства" in en_series


def test_chart_legend_sits_below_the_axis_labels_and_the_page_chart_fills_its_box():
    series = progress.progress_series(
        [_point_snapshot(f"Заседание {n}", datetime(2025, n, 1, tzinfo=UTC), n) for n in range(1, 5)]
    )
    fig = progress.progress_figure(series, lang="ru")
    # at the foot of the whole figure, in the bottom margin under the turned tick labels
    assert (fig.layout.legend.yref, fig.layout.legend.y, fig.layout.legend.yanchor) == (
        "container",
        0,
        "bottom",
    )
    assert fig.layout.margin.b >= 150
    assert fig.layout.width == 1000  # the report's fixed size
    assert progress.progress_figure(series, lang="ru", width=None).layout.width is None
