"""The sheet XML pass: references checked against Excel's grid, the fast gear's bound and the
exact gear's positions (which follow calamine for cells and rows without a reference)."""

from __future__ import annotations

import pytest

from svetofor.reading import package as pkg
from svetofor.reading import sheet_xml
from svetofor.reading.sheet_xml import SheetXmlError, check_dimension, check_ref, column_number
from tests.reading.packages import LIST, MAIN, cell, package, sheet
from tests.reading.packages import sheet_xml as xml
from tests.reading.test_package import LAST, accepted, refused


@pytest.mark.parametrize(
    ("ref", "place"),
    [("A1", (1, 1)), ("Z9", (9, 26)), ("AA10", (10, 27)), ("XFD1048576", (1_048_576, 16_384))],
)
def test_references_on_the_grid(ref: str, place: tuple[int, int]) -> None:
    assert check_ref(ref) == place
    assert column_number(ref.rstrip("0123456789")) == place[1]


@pytest.mark.parametrize("ref", ["XFE1", "A1048577", "A0", "a1", "1", "A", "", "AAAA1", "A01", "A12345678"])
def test_references_off_the_grid(ref: str) -> None:
    with pytest.raises(SheetXmlError) as raised:
        check_ref(ref)
    assert raised.value.ref == ref


def test_a_dimension_is_checked_on_both_sides() -> None:
    check_dimension("$A$1:$XFD$1048576")
    with pytest.raises(SheetXmlError):
        check_dimension("A1:XFE2")


PREFIXED = (
    '<?xml version="1.0"?><x:worksheet xmlns:x="' + MAIN + '"><x:sheetData>'
    '<x:row r="2"><x:c r="B2"><x:v>1</x:v></x:c><x:c r="H2" s="1"/></x:row>'
    '<x:row r="5"><x:c r="D5" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row>'
    "</x:sheetData></x:worksheet>"
)
NO_REFS = xml([], body="<row><c><v>1</v></c><c/><c><v>2</v></c></row><row/><row><c><v>3</v></c></row>")
ODD_ORDER = xml(
    [], body='<row r=\'4\'><c s="1" r="C4"><v>1</v></c></row><row r="6"><c\tr="E6"><v>1</v></c></row>'
)


@pytest.mark.parametrize(
    ("sheet_text", "extent"),
    [(PREFIXED, (4, 3)), (NO_REFS, (3, 3)), (ODD_ORDER, (3, 3)), (xml(LIST, "A1:B2"), (2, 2))],
    ids=["prefixed", "no-references", "odd-attributes", "plain"],
)
def test_the_exact_gear_positions_cells_as_calamine_does(sheet_text: str, extent: tuple[int, int]) -> None:
    info = accepted(package({"Л": sheet_text}))
    assert (info.sheets[0].rows, info.sheets[0].cols) == extent
    data = sheet_text.encode()
    assert sheet_xml._exact(lambda: iter([data])) == sheet_xml.Extent(*extent)


def test_a_far_cell_without_a_reference_is_off_the_grid() -> None:
    body = "<row>" + "<c/>" * 16_384 + "<c><v>1</v></c></row>"
    assert refused(package({"Л": xml([], body=body)})) == (
        f"книга повреждена: ссылка на ячейку «XFE1» вне листа ({LAST})",
        "Л",
    )


def test_a_segment_boundary_never_splits_a_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pkg, "CHUNK", 7)
    cells = [(f"B{r}", r) for r in range(1, 200)] + [("XFD3", None)]
    info = accepted(sheet(cells))
    assert (info.sheets[0].rows, info.sheets[0].cols) == (199, 16_383)
    assert refused(sheet([*cells, ("XFE9", None)]))[0].startswith("книга повреждена: ссылка на ячейку «XFE9»")


def test_cell_markup_helper_is_plain() -> None:
    assert cell("A1", None) == '<c r="A1" s="1"/>'
