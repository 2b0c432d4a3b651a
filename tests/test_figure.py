"""The diagram figure: vector cells with letters, legend with totals, pages that fit."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import pytest

from svetofor.classify import classify
from svetofor.diagram import DiagramRow, build_rows, group_rows, totals
from svetofor.figure import PAGE_PX, Geometry, diagram_figure, page_figures, page_geometry, paginate
from svetofor.model import Override
from svetofor.palette import FILL
from tests.conftest import build_dataset


def _rows(n: int, *, overrides: dict | None = None) -> list[DiagramRow]:
    """``n`` positions in three groups: green in BY, yellow in RU (planned), red in the Union's
    third of them without any producer."""
    spec = []
    for i in range(n):
        group = ("Токарные станки", "Комплектующие", "Инструмент")[i % 3]
        kind = ("machine", "component", "tool")[i % 3]
        base = {
            "item": f"P{i:04d}",
            "name": f"Позиция номер {i}",
            "code": f"P{i:04d}",
            "group": group,
            "kind": kind,
        }
        if i % 3 == 2:
            spec.append({**base, "country": "BY"})
            spec.append({**base, "country": "RU"})
        else:
            spec.append({**base, "country": "BY", "enterprise": "ОАО Завод", "existing": True})
            spec.append({**base, "country": "RU", "enterprise": "АО Завод", "action": "new"})
    ds = build_dataset(spec)
    st = classify(ds)
    return build_rows(ds, st, overrides or {}, [], {})


def _traces_text(fig: go.Figure) -> list[str]:
    out: list[str] = []
    for trace in fig.data:
        if trace.text is not None:
            out.extend(trace.text)
    return out


def test_cells_are_vector_polygons_with_a_letter_each() -> None:
    rows = _rows(9)
    fig = diagram_figure(rows, totals(rows), title="Диаграмма", date=dt.date(2026, 3, 6))
    assert all(isinstance(t, go.Scatter) for t in fig.data)  # no heatmap: SVG/PDF stay vector
    fills = {t.fillcolor for t in fig.data if t.fill == "toself"}
    assert {FILL["green"], FILL["yellow"], FILL["red"]} <= fills
    texts = _traces_text(fig)
    # 9 positions x 3 scopes: every cell carries its letter
    cell_trace = fig.data[-1]
    assert len(cell_trace.text) == 27
    assert {"З", "Ж", "К"} <= set(cell_trace.text)
    assert "Диаграмма" in fig.layout.title.text
    assert "06.03.2026" in fig.layout.title.subtitle.text
    assert any("Позиция номер 0" in t for t in texts)
    # sections: one heading per group
    assert sum("Токарные станки" in t for t in texts) == 1


def test_header_is_legend_and_totals() -> None:
    rows = _rows(6)
    sums = totals(rows)
    fig = diagram_figure(rows, sums, title="T")
    texts = _traces_text(fig)
    assert any(t.startswith("З — производство есть") for t in texts)
    assert any(t.startswith("К — производства нет") for t in texts)
    assert str(sums["BY"]["green"]) in texts and str(sums["UNION"]["red"]) in texts
    # labelled, so the legend and totals do not read like positions under "Позиция"
    assert "<b>Итого по странам</b>" in texts


def test_overrides_and_stale_overrides_are_marked() -> None:
    at = dt.datetime(2026, 1, 1, 12, 0)
    ovs = {
        ("P0000", "BY"): Override("P0000", "BY", "red", "по письму", "Иванов", at, based_on="green"),
        ("P0001", "RU"): Override("P0001", "RU", "green", "освоено", "Петров", at, based_on="red"),
    }
    rows = _rows(3, overrides=ovs)
    cells = list(diagram_figure(rows, totals(rows), title="T").data[-1].text)
    assert "К ✎" in cells  # override still agrees with what it replaced
    assert "З ⚠" in cells  # computed is now yellow, not the red it was set over: review it


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_machines_not_localisable_in_the_union_are_marked_and_in_the_legend(lang: str) -> None:
    from dataclasses import replace

    from svetofor.model import Localisation
    from svetofor.palette import NOT_LOCALISABLE_MARK
    from svetofor.ui.diagram_view import NOT_LOCALISABLE_MARK as PAGE_MARK

    assert NOT_LOCALISABLE_MARK == PAGE_MARK  # the page and the picture use one symbol
    rows = _rows(6)
    blocked = Localisation("P0000", ("P0001", "P0004"), ("P0004",), ("P0001",))
    fine = Localisation("P0003", ("P0004",), ("P0004",), ())
    rows = [
        replace(r, localisation={"P0000": blocked, "P0003": fine}.get(r.item.key, r.localisation))
        for r in rows
    ]
    texts = _traces_text(diagram_figure(rows, totals(rows), title="T", lang=lang))
    names = [t for t in texts if "Позиция номер" in t]
    assert [t for t in names if t.startswith(NOT_LOCALISABLE_MARK)] == [
        f"{NOT_LOCALISABLE_MARK} P0000  Позиция номер 0"
    ]
    legend = {"ru": "не локализуется в Союзе", "en": "not localisable in the Union"}[lang]
    assert sum(t.startswith(f"{NOT_LOCALISABLE_MARK} {legend}") for t in texts) == 1


def test_english_letters() -> None:
    rows = _rows(3)
    cells = set(diagram_figure(rows, totals(rows), title="T", lang="en").data[-1].text)
    assert cells <= {"G", "Y", "R", "n/a"} and {"G", "Y", "R"} <= cells


def test_height_grows_with_rows_and_empty_selection_is_drawn() -> None:
    small = _rows(30)
    large = _rows(300)
    h_small = diagram_figure(small, totals(small), title="T").layout.height
    h_large = diagram_figure(large, totals(large), title="T").layout.height
    g = Geometry()
    assert h_large - h_small == 270 * g.row_height
    empty = diagram_figure([], totals([]), title="T")
    assert any("Нет позиций" in t for t in _traces_text(empty))


@pytest.mark.parametrize("per_page", [2, 5, 17, 50])
def test_paginate_keeps_every_row_in_section_order_and_fits(per_page: int) -> None:
    rows = _rows(100)
    pages = paginate(rows, per_page)
    flat = [r for page in pages for r in page]
    in_sections = [r for _k, _g, members in group_rows(rows) for r in members]
    assert [r.item.key for r in flat] == [r.item.key for r in in_sections]
    for page in pages:
        lines = sum(1 + len(m) for _k, _g, m in group_rows(page))
        assert len(page) >= 1 and lines <= per_page


def test_paginate_refuses_a_page_without_room() -> None:
    with pytest.raises(ValueError):
        paginate(_rows(3), 1)


@pytest.mark.parametrize("page", ["A4", "A3"])
def test_300_positions_fill_legible_pages(page: str) -> None:
    rows = _rows(300)
    figs = page_figures(rows, totals(rows), title="T", page=page)
    width, height = PAGE_PX[page]
    assert len(figs) > 1
    assert all(f.layout.width == width and f.layout.height == height for f in figs)
    # rows stay at least 20 px (5 mm) tall on paper, with a 10 px font
    assert page_geometry(page).row_height >= 20 and page_geometry(page).font_size >= 10
    assert sum(len(f.data[-1].text) for f in figs) == 300 * 3
    assert "1/" in figs[0].layout.title.subtitle.text
