"""calamine's cells, one sheet at a time: the loader is lazy, skips sheets of formatting only,
and refuses a sheet that is not well-formed before it gives out a single row."""

from __future__ import annotations

from pathlib import Path

import pytest

from svetofor.messages import msg
from svetofor.model import Dataset, ReadResult
from svetofor.reading.package import PackageInfo, Refusal, check_well_formed, vet_package
from svetofor.reading.refusal import Refused
from svetofor.reading.workbook import load_calamine
from tests.reading.packages import LIST, package, sheet_xml

FORMATTED_ONLY = sheet_xml([("A1", None), ("XFD1048576", None)], "A1:XFD1048576")


def _vetted(tmp_path: Path, data: bytes) -> tuple[Path, PackageInfo]:
    path = tmp_path / "book.xlsx"
    path.write_bytes(data)
    info = vet_package(path, well_formed=False)
    assert isinstance(info, PackageInfo)
    return path, info


def test_sheets_come_one_at_a_time_and_formatting_only_is_skipped(tmp_path: Path) -> None:
    path, info = _vetted(
        tmp_path, package({"Первый": sheet_xml(LIST), "Пустой": FORMATTED_ONLY, "Третий": sheet_xml(LIST)})
    )
    result = ReadResult(file="book.xlsx", dataset=Dataset())
    sheets = load_calamine(path, result, info)
    first = next(sheets)  # nothing beyond the first sheet is read yet
    assert (first.name, first.rows) == (
        "Первый",
        [["Наименование продукции", "Мощность, шт./год"], ["Станок", 5]],
    )
    assert [s.name for s in sheets] == ["Третий"]
    assert result.errors == []


def test_a_broken_sheet_is_refused_before_any_row(tmp_path: Path) -> None:
    broken = sheet_xml(LIST).replace("</row>", "</rov>", 1)
    path, info = _vetted(tmp_path, package({"Первый": broken}))
    refusal = check_well_formed(path, info)
    assert isinstance(refusal, Refusal) and refusal.sheet == "Первый"

    def vetted() -> None:
        raise Refused(refusal.message, refusal.sheet)

    with pytest.raises(Refused) as raised:
        next(load_calamine(path, ReadResult(file="book.xlsx", dataset=Dataset()), info, vetted))
    assert raised.value.sheet == "Первый"
    assert raised.value.message == refusal.message != msg("reading.corrupt")
