"""The container vetting: every refusal with its exact words and the sheet it names, and the
valid packages other readers open (backslash part names, a workbook outside ``xl/``,
formatting over the whole grid) accepted with the extent of the cells that hold values."""

from __future__ import annotations

import io
import zipfile

import pytest

from svetofor.messages import render
from svetofor.reading import package as pkg
from svetofor.reading.package import PackageInfo, Refusal, SheetInfo, vet_package
from tests.reading.packages import LIST, package, sheet
from tests.reading.packages import sheet_xml as xml

CORRUPT = "книга повреждена или обрезана, прочитать её нельзя"
LAST = "последняя возможная ячейка — XFD1048576"
NOT_A_WORKBOOK = "файл — zip-архив, а не электронная таблица: ожидается .xlsx, .xlsm, .xls, .ods или .csv"


def refused(data: bytes) -> tuple[str, str | None]:
    result = vet_package(data)
    assert isinstance(result, Refusal), result
    return render(result.message), result.sheet


def accepted(data: bytes) -> PackageInfo:
    result = vet_package(data)
    assert isinstance(result, PackageInfo), render(result.message)
    return result


def _zip(files: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _patched_version(data: bytes, version: int) -> bytes:
    """The zip with every central-directory entry asking for zip ``version`` to unpack."""
    out = bytearray(data)
    start = 0
    while (at := out.find(b"PK\x01\x02", start)) >= 0:
        out[at + 6 : at + 8] = version.to_bytes(2, "little")
        start = at + 4
    return bytes(out)


# ------------------------------------------------------------------------------ refusals

BROKEN_SHEET = xml(LIST).replace("</row>", "</rov>", 1)
DTD_SHEET = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + xml(LIST).split("?>", 1)[1]


@pytest.mark.parametrize(
    ("data", "message", "sheet_name"),
    [
        (b"PK\x03\x04" + b"\x00" * 40, CORRUPT, None),
        (sheet(LIST)[:-30], CORRUPT, None),
        (_zip({"readme.txt": "hello"}), NOT_A_WORKBOOK, None),
        (
            _patched_version(sheet(LIST), 99),
            "книга повреждена или записана неизвестной программой: архив упакован неподдерживаемым "
            "способом; откройте файл в Excel и сохраните его заново",
            None,
        ),
        (
            package({"Перечень": xml(LIST)}, compression=zipfile.ZIP_BZIP2),
            "книга повреждена или записана неизвестной программой: часть «[Content_Types].xml» упакована "
            "неподдерживаемым способом; откройте файл в Excel и сохраните его заново",
            None,
        ),
        (
            package({"Перечень": BROKEN_SHEET}),
            "книга повреждена: разметка листа испорчена (строка 1, позиция 362 его части "
            "«xl/worksheets/sheet1.xml»)",
            "Перечень",
        ),
        (
            package({"Перечень": xml(LIST)}, replace={"xl/workbook.xml": "<workbook><sheets></workbook>"}),
            "книга повреждена: разметка части «xl/workbook.xml» испорчена (строка 1, позиция 21)",
            None,
        ),
        (
            package({"Перечень": DTD_SHEET}),
            "книга содержит объявление DOCTYPE/ENTITY в части «xl/worksheets/sheet1.xml»: "
            "такие файлы не принимаются",
            None,
        ),
        (
            package({"Лист": xml(LIST)}, extra={"xl/styles.xml": '<!DOCTYPE s SYSTEM "http://x/"><styleSheet/>'}),
            "книга содержит объявление DOCTYPE/ENTITY в части «xl/styles.xml»: "
            "такие файлы не принимаются",
            None,
        ),
        (
            sheet([*LIST, ("XFD1048576", 1)]),
            "на листе слишком много ячеек: данные занимают 1 048 576 × 16 384 (строки × столбцы), "
            "допустимо не более 10 000 000 ячеек",
            "Перечень",
        ),
        (
            package({f"Лист{i}": xml([("A1", "x"), ("E1000000", 1)]) for i in range(1, 4)}),
            "в книге слишком много ячеек: данные листов вместе занимают 10 000 000, допустимо не более "
            "10 000 000; больше всего на листе «Лист1»".replace("10 000 000, ", "15 000 000, "),
            "Лист1",
        ),
    ],
    ids=[
        "not-a-zip", "truncated", "no-workbook", "zip-version", "bzip2", "sheet-xml", "workbook-xml",
        "sheet-dtd", "styles-dtd", "sheet-too-big", "workbook-too-big",
    ],
)  # fmt: skip
def test_refusals_say_what_is_wrong_and_name_the_sheet(
    data: bytes, message: str, sheet_name: str | None
) -> None:
    assert refused(data) == (message, sheet_name)


@pytest.mark.parametrize(
    ("cells", "dimension", "ref"),
    [
        ([("XFE1", 1)], None, "XFE1"),
        ([("A1048577", 1)], None, "A1048577"),
        ([("ABCDEFGHIJ1", 1)], None, "ABCDEFGHIJ1"),
        ([("ZZZ9999999", None)], None, "ZZZ9999999"),  # formatting off the grid is damage too
        ([("A0", 1)], None, "A0"),
        ([("a1", 1)], None, "a1"),
        ([("B1", 1)], "A1:XFE3", "XFE3"),
        ([("B1", 1)], "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1", "AAAAAAAAAAAAAAAAAAAA"),
    ],
)
def test_a_reference_off_the_grid_is_damage_located_on_its_sheet(
    cells: list[tuple[str, object]], dimension: str | None, ref: str
) -> None:
    assert refused(sheet([*LIST, *cells], dimension)) == (
        f"книга повреждена: ссылка на ячейку «{ref}» вне листа ({LAST})",
        "Перечень",
    )


def test_an_encrypted_entry_is_refused_as_encrypted() -> None:
    data = bytearray(sheet(LIST))
    at = data.find(b"PK\x01\x02")
    data[at + 8] |= 1  # the central directory's "encrypted" flag bit
    assert refused(bytes(data)) == (
        "файл зашифрован (защищён паролем): снимите пароль в Excel и загрузите файл снова",
        None,
    )


def test_zip_bombs_are_refused_from_the_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = package({"Лист": xml(LIST)}, extra={"xl/media/pad.bin": b"\x00" * (3 * pkg.MIB)})
    assert refused(bomb)[0].startswith("подозрительно сильное сжатие части «xl/media/pad.bin» (")
    monkeypatch.setattr(pkg, "MAX_ZIP_ENTRIES", 3)
    assert refused(sheet(LIST)) == ("в книге слишком много частей (5): файл похож на zip-бомбу", None)
    monkeypatch.setattr(pkg, "MAX_ZIP_ENTRIES", 100)
    monkeypatch.setattr(pkg, "MAX_UNZIPPED_BYTES", pkg.MIB // 1024)
    assert refused(sheet(LIST))[0].startswith("книга слишком велика в распакованном виде: ")


# ------------------------------------------------------------------------------ accepted


def test_the_extent_comes_from_cells_that_hold_values() -> None:
    rows = [(f"A{r}", f"позиция {r}") for r in range(1, 1301)]
    info = accepted(sheet([*rows, ("XFD1", None)], "A1:XFD1300"))
    assert info.sheets == (SheetInfo("Перечень", "xl/worksheets/sheet1.xml", 1300, 1),)


def test_sixteen_sheets_formatted_to_the_last_cell_are_tiny() -> None:
    stray = xml([("A1", "x"), ("XFD1048576", None)], "A1:XFD1048576")
    info = accepted(package({f"Лист{i}": stray for i in range(16)}))
    assert [(s.rows, s.cols) for s in info.sheets] == [(1, 1)] * 16
    assert info.cells == 16


def test_formulas_and_inline_strings_hold_values() -> None:
    body = (
        '<row r="3"><c r="C3"><f>1+1</f></c><c r="F3" s="2"></c></row>'
        '<row r="9"><c r="D9" t="inlineStr"><is><t>x</t></is></c><c r="XFD1048576" s="2"/></row>'
    )
    info = accepted(package({"Л": xml([], body=body)}))
    assert (info.sheets[0].rows, info.sheets[0].cols) == (7, 2)


def test_under_the_cap_the_extent_of_all_cells_is_enough() -> None:
    """Counting only valued cells costs a second pass: it is paid only when the cap is at stake."""
    info = accepted(sheet([*LIST, ("C900", None)]))
    assert (info.sheets[0].rows, info.sheets[0].cols) == (900, 3)


@pytest.mark.parametrize(
    ("sep", "base"), [("\\", "xl"), ("/", "book"), ("\\", "Книга/part")], ids=["backslash", "not-xl", "both"]
)
def test_the_workbook_is_found_through_the_relationships(sep: str, base: str) -> None:
    info = accepted(package({"Перечень": xml(LIST), "Второй": xml([("C3", 1)])}, base=base, sep=sep))
    assert info.workbook == f"{base.lower()}/workbook.xml"
    assert [(s.name, s.part, s.rows, s.cols) for s in info.sheets] == [
        ("Перечень", f"{base}/worksheets/sheet1.xml".replace("/", sep), 2, 2),
        ("Второй", f"{base}/worksheets/sheet2.xml".replace("/", sep), 1, 1),
    ]


def test_ods_and_xlsb_are_passed_to_calamine() -> None:
    ods = _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})
    assert accepted(ods) == PackageInfo("ods", "content.xml")
    xlsb = _zip({"xl/workbook.bin": b"\x00\x01"})
    assert accepted(xlsb) == PackageInfo("xlsb", "xl/workbook.bin")
    text = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
    assert refused(text) == (NOT_A_WORKBOOK, None)


# ------------------------------------------------------------------------------ conformance
# Packages other writers produce, read by the whole reader exactly as a bare calamine read
# sees them, and as their plain twin reads.

LIST_ROWS = [
    ["Наименование продукции", "Предприятие", "Наличие производства", "Мощность, шт./год", "Страна"],
    ["Станок токарный", "ОАО «МЗОР»", "да", 120, "Беларусь"],
    ["Станок фрезерный", "АО «СТАН»", "нет", None, "Россия"],
]
LIST_CELLS = [
    (f"{'ABCDE'[c]}{r}", value)
    for r, row in enumerate(LIST_ROWS, 1)
    for c, value in enumerate(row)
    if value is not None
]
FORMATTED_GRID = xml([*LIST_CELLS, ("XFD1048576", None)], "A1:XFD1048576").replace(
    "</sheetData>", '<row r="1048576" s="1" customFormat="1"/></sheetData>'
)


def _calamine_rows(data: bytes) -> list[list[object]]:
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return [workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names]


@pytest.mark.parametrize(
    "variant",
    [
        package({"Перечень": xml(LIST_CELLS)}, sep="\\"),
        package({"Перечень": xml(LIST_CELLS)}, base="workbook"),
        package({"Перечень": FORMATTED_GRID}),
    ],
    ids=["backslash", "not-under-xl", "formatted-over-a-million-rows"],
)
def test_other_writers_packages_read_like_calamine(variant: bytes) -> None:
    from svetofor.reading import read_bytes

    plain = package({"Перечень": xml(LIST_CELLS)})
    result = read_bytes(variant, "variant.xlsx")
    assert result.errors == []
    assert result.dataset == read_bytes(plain, "plain.xlsx").dataset
    assert len(result.dataset.records) == 2
    assert _calamine_rows(variant) == _calamine_rows(plain)


def test_well_formedness_checked_apart_gives_the_same_refusal() -> None:
    broken = package({"Перечень": BROKEN_SHEET})
    info = vet_package(broken, well_formed=False)
    assert isinstance(info, PackageInfo)
    check = pkg.WellFormedCheck(broken, info)
    assert check.outcome() == vet_package(broken)
    plain = sheet(LIST)
    plain_info = vet_package(plain, well_formed=False)
    assert isinstance(plain_info, PackageInfo)
    assert pkg.check_well_formed(plain, plain_info) is None
