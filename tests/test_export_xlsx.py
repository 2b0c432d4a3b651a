"""Excel export: coloured, with overrides and warnings, re-importable, no formula injection."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from svetofor.classify import classify
from svetofor.diagram import build_rows
from svetofor.duplication import find_warnings, localisation
from svetofor.export_xlsx import neutralise, workbook_bytes, write_workbook
from svetofor.model import Override, Review
from svetofor.palette import FILL
from svetofor.reading import read_file
from tests.conftest import build_dataset

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_list.xlsx"
AT = dt.datetime(2026, 3, 6, 10, 30)


@pytest.fixture(scope="module")
def sample():
    result = read_file(SAMPLE)
    ds = result.dataset
    statuses = classify(ds)
    warnings = find_warnings(ds, statuses)
    return ds, statuses, warnings, localisation(ds, statuses)


def _statuses_of(path: Path) -> tuple[dict, object]:
    result = read_file(path)
    assert result.errors == [], [e.located() for e in result.errors]
    return classify(result.dataset), result


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_export_imports_back_with_the_same_statuses(sample, tmp_path: Path, lang: str) -> None:
    ds, statuses, warnings, loc = sample
    rows = build_rows(ds, statuses, {}, warnings, loc)
    target = tmp_path / f"export_{lang}.xlsx"
    write_workbook(rows, warnings, {}, target, lang=lang, dataset=ds)
    again, result = _statuses_of(target)
    assert {k: {s: c.colour for s, c in v.items()} for k, v in again.items()} == {
        k: {s: c.colour for s, c in v.items()} for k, v in statuses.items()
    }
    assert list(result.dataset.items) == list(ds.items)  # list order kept
    assert len(result.dataset.records) == len(ds.records)
    assert set(result.dataset.enterprises) == set(ds.enterprises)
    assert result.dataset.demand == ds.demand
    assert {i.key: i.used_in for i in result.dataset.items.values()} == {
        i.key: i.used_in for i in ds.items.values()
    }
    # only the list sheet is read: the other sheets have no header the reader recognises
    assert {m.sheet for m in result.mapping} == {"Перечень" if lang == "ru" else "List"}
    assert sorted(w.key for w in find_warnings(result.dataset, again)) == sorted(w.key for w in warnings)


def test_status_cells_are_coloured_and_lettered(sample) -> None:
    ds, statuses, warnings, loc = sample
    rows = build_rows(ds, statuses, {}, warnings, loc)
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(rows, warnings, {}, dataset=ds)))
    ws = wb["Диаграмма"]
    header = [c.value for c in ws[3]]
    col = header.index("РБ") + 1
    seen = {}
    for r in range(4, ws.max_row + 1):
        cell = ws.cell(r, col)
        seen[cell.value] = cell.fill.fgColor.rgb[-6:].lower()
    assert seen["З"] == FILL["green"][1:]
    assert seen["Ж"] == FILL["yellow"][1:]
    assert seen["К"] == FILL["red"][1:]
    assert set(wb.sheetnames) == {"Перечень", "Диаграмма", "Ручные отметки", "Предупреждения", "Обозначения"}


def test_overrides_sheet_keeps_reason_author_time_and_marks_the_cells(sample) -> None:
    ds, statuses, warnings, loc = sample
    first = next(iter(ds.items))
    computed = statuses[first]["UNION"].colour
    other = "red" if computed != "red" else "green"
    overrides = {
        (first, "UNION"): Override(
            first, "UNION", other, "по письму от 01.03.2026", "Иванов", AT, based_on=computed
        )
    }
    rows = build_rows(ds, statuses, overrides, warnings, loc)
    data = workbook_bytes(rows, warnings, {}, dataset=ds)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ov = wb["Ручные отметки"]
    values = [c.value for c in ov[2]]
    assert values[0] == ds.items[first].code
    assert values[2] == "Союз"
    assert values[3].endswith("✎")
    assert values[5:8] == ["по письму от 01.03.2026", "Иванов", AT]
    assert values[8] == "нет"
    lst = wb["Перечень"]
    union_col = [c.value for c in lst[4]].index("Статус Союз") + 1
    assert lst.cell(5, union_col).value.endswith("✎")


def test_warnings_sheet_lists_every_warning_with_its_review(sample) -> None:
    ds, statuses, warnings, loc = sample
    rows = build_rows(ds, statuses, {}, warnings, loc)
    reviewed = warnings[0]
    reviews = [Review(reviewed.key, "accepted", "разные типоразмеры", "Петров", AT)]
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(rows, warnings, reviews, dataset=ds)))
    ws = wb["Предупреждения"]
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert len(body) == len(warnings)
    assert {"параллельное создание", "партнёр уже производит", "одно предприятие?"} == {r[0] for r in body}
    accepted = [r for r in body if r[8] == "принято"]
    assert len(accepted) == 1 and accepted[0][9:12] == ["разные типоразмеры", "Петров", AT]


def test_filtered_export_keeps_only_shown_positions_and_their_warnings(sample) -> None:
    ds, statuses, warnings, loc = sample
    rows = build_rows(ds, statuses, {}, warnings, loc)
    shown = [r for r in rows if r.item.group == "Инструмент"]
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(shown, warnings, {}, dataset=ds)))
    codes = {c.value for c in wb["Диаграмма"]["A"][3:]}
    assert codes == {r.item.code for r in shown}
    items = {row[2] for row in wb["Предупреждения"].iter_rows(min_row=2, values_only=True)}
    assert items <= {r.item.key for r in shown} | {None}


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x","a")', "+7(495)1234567", "-1+2", "@SUM(A1)", "\tтаб", "\rвозврат"]
)
def test_neutralise_detects_formula_starts(text: str) -> None:
    assert neutralise(text)


def test_no_formula_injection_and_values_survive(tmp_path: Path) -> None:
    evil_name = '=HYPERLINK("http://evil.example/","нажми")'
    ds = build_dataset(
        [
            {
                "item": evil_name,
                "name": evil_name,
                "country": "BY",
                "enterprise": "@SUM(1+1)",
                "existing": True,
                "note": "+cmd|' /C calc'!A0",
            },
            {
                "item": "-2+3",
                "name": "-2+3",
                "country": "RU",
                "enterprise": "ООО Обычное",
                "action": "new",
                "note": "-",
            },
        ]
    )
    statuses = classify(ds)
    rows = build_rows(ds, statuses, {}, [], {})
    target = tmp_path / "evil.xlsx"
    write_workbook(rows, [], {}, target, dataset=ds)
    with zipfile.ZipFile(target) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in z.read(n) for n in sheets)
    wb = openpyxl.load_workbook(target)
    ws = wb["Перечень"]
    dangerous = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and neutralise(c.value)]
    assert {c.value for c in dangerous} >= {evil_name, "@SUM(1+1)", "+cmd|' /C calc'!A0", "-2+3"}
    assert all(c.data_type == "s" and c.quotePrefix for c in dangerous)
    # the text is kept exactly: a re-import reads the same names
    again = read_file(target)
    assert again.errors == []
    assert {i.name for i in again.dataset.items.values()} == {evil_name, "-2+3"}
    assert {e.name for e in again.dataset.enterprises.values()} == {"@SUM(1+1)", "ООО Обычное"}


def test_without_dataset_the_workbook_has_no_list_to_import(sample) -> None:
    ds, statuses, warnings, loc = sample
    rows = build_rows(ds, statuses, {}, warnings, loc)
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(rows, warnings, {}, lang="en")))
    assert "List" not in wb.sheetnames and "Diagram" in wb.sheetnames
