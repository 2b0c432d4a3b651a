"""The audit export: CSV that Russian Excel opens in columns, and a printable xlsx, in words."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from svetofor.audit_export import csv_bytes, names_of, xlsx_bytes
from svetofor.audit_text import Names
from svetofor.store import Store

NAMES = Names({"М-1": "Станки плоскошлифовальные с ЧПУ"}, {})


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "inst")
    s.audit.record("override.set", "М-1|BY", user="boris", after={"colour": "red", "based_on": "green"})
    s.audit.record("review", "parallel-new|М-2|", user="roman", after={"state": "accepted"})
    s.audit.record("import", '=HYPERLINK("http://evil")', user="@admin", after={"countries": ["RU"]})
    yield s
    s.close()


def test_csv_opens_in_columns_in_russian_excel(store: Store) -> None:
    data = csv_bytes(store.audit.entries(), NAMES, "ru")
    assert data.startswith("\ufeff".encode())  # UTF-8 with BOM: Excel reads Cyrillic
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["№", "Когда", "Пользователь", "Действие", "Объект", "Изменение"]
    by_action = {r[3]: r for r in rows[1:]}
    cell = by_action["цвет ячейки задан вручную"]
    assert cell[2:] == [
        "boris",
        "цвет ячейки задан вручную",
        "Станки плоскошлифовальные с ЧПУ (М-1) — РБ",
        "зелёный → красный",
    ]
    assert len(cell[1]) == len("06.03.2026 10:05") and cell[1][2] == "." and cell[1][5] == "."
    imported = by_action["загрузка перечня"]
    assert imported[4] == '\'=HYPERLINK("http://evil")' and imported[2] == "'@admin"  # neutralised
    assert by_action["проверка предупреждения"][5] == "принято"
    assert all(not c.startswith(("=", "+", "-", "@")) for row in rows for c in row)


def test_csv_in_english(store: Store) -> None:
    rows = list(
        csv.reader(
            io.StringIO(csv_bytes(store.audit.entries(), NAMES, "en").decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0] == ["No.", "When", "User", "Action", "Target", "Change"]
    assert "cell colour set by hand" in {r[3] for r in rows}


def test_xlsx_holds_the_entries_in_words_printable(store: Store) -> None:
    data = xlsx_bytes(store.audit.entries(), NAMES, "ru", now=dt.datetime(2026, 3, 6, 7, 5, tzinfo=dt.UTC))
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Журнал"]
    assert [c.value for c in sheet[1]] == ["№", "Когда", "Пользователь", "Действие", "Объект", "Изменение"]
    assert sheet.cell(2, 4).value == "загрузка перечня"  # newest first
    assert sheet.cell(2, 5).value == '=HYPERLINK("http://evil")' and sheet.cell(2, 5).data_type == "s"
    assert sheet.cell(2, 5).quotePrefix
    assert sheet.cell(4, 5).value == "Станки плоскошлифовальные с ЧПУ (М-1) — РБ"
    assert "06.03.2026 10:05" in sheet.oddHeader.center.text
    assert sheet.page_setup.paperSize == 9 and sheet.print_title_rows == "$1:$1"


def test_names_of_a_dataset() -> None:
    from tests.conftest import build_dataset

    ds = build_dataset(
        [{"item": "ф-1", "name": "Фреза концевая", "enterprise": "ОАО «Завод»", "existing": True}]
    )
    names = names_of(ds)
    assert names.items == {"ф-1": "Фреза концевая"}
    assert list(names.enterprises.values()) == ["ОАО «Завод»"]
    assert names_of(None) == Names({}, {})
