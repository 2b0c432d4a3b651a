"""The import preview workbook: counts on top, each block named, text never a formula."""

from __future__ import annotations

import io

import openpyxl

from svetofor.diff import CellChange, NamedDiff, NamedItem, NamedStale, NamedWarning
from svetofor.messages import msg
from svetofor.preview_xlsx import preview_workbook

NAMED = NamedDiff(
    changes=(CellChange("P1", "Станок токарный", "BY", "green", "red"),),
    added=(NamedItem("P4", "=1+1", {"BY": "green", "RU": "none", "UNION": "green"}),),
    removed=(),
    warnings_opened=(NamedWarning("parallel-new|P2|", "parallel-new", "high", "P2", "Фреза"),),
    warnings_closed=(),
    stale=(NamedStale("P1", "Станок токарный", "BY", "yellow", "green", "red"),),
)


def rows_of(data: bytes) -> list[list[object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_lists_the_counts_then_every_change_by_name() -> None:
    line = msg("importing.mode.effect.update", country=msg("scope.BY"), renewed=1, added=1, untouched=2)
    rows = rows_of(preview_workbook(NAMED, "ru", title="by.xlsx", mode=[line]))
    assert rows[0] == ["Что изменит импорт файла «by.xlsx»"]
    assert rows[1][0].startswith("Обновление: меняются только позиции из файла.")
    assert rows[2:8] == [
        ["Ячейки, которые сменят цвет", 1],
        ["Новые позиции", 1],
        ["Позиции, которые исчезнут", 0],
        ["Предупреждения, которые появятся", 1],
        ["Предупреждения, которые исчезнут", 0],
        ["Ручные отметки, с которыми разойдутся данные", 1],
    ]
    body = [r for r in rows[8:] if r]
    assert ["Станок токарный", "РБ", "зелёный", "красный"] in body
    assert ["=1+1", "зелёный", "н/д", "зелёный"] in body  # text, not a formula
    assert ["Станок токарный", "РБ", "жёлтый", "зелёный", "красный"] in body
    assert ["Позиции, которые исчезнут: 0"] not in body  # an empty block is left out


def test_the_workbook_speaks_english() -> None:
    rows = rows_of(preview_workbook(NAMED, "en", title="by.xlsx"))
    assert rows[0] == ["What importing “by.xlsx” changes"]
    assert ["Cells that change colour: 1"] in rows
