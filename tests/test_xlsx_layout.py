"""Workbook layout: print setup, row heights, widths, number formats; and every kind of xlsx
the product writes, opened and printed by LibreOffice (tests/office.py)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from svetofor import xlsx_layout as layout
from svetofor.audit_export import names_of, xlsx_bytes
from svetofor.classify import classify
from svetofor.diagram import DiagramFilter, build_rows, filter_rows
from svetofor.duplication import find_warnings, localisation
from svetofor.export_xlsx import write_workbook
from svetofor.reading import read_file
from svetofor.template_xlsx import write_template
from tests.office import CODE, SOFFICE, needs_office, page_texts, to_pdf

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_list.xlsx"
AT = dt.datetime(2026, 3, 6, 10, 30)
ROW = re.compile(r"^[А-Я]-\d{2} ", re.MULTILINE)  # not "М-08; М-09": a wrapped list of codes
LETTER = re.compile(r"(?<!\w)(?:З|Ж|К|н/д)(?!\w)")


@pytest.fixture(scope="module")
def sample_rows():
    ds = read_file(SAMPLE).dataset
    statuses = classify(ds)
    warnings = find_warnings(ds, statuses)
    return ds, warnings, build_rows(ds, statuses, {}, warnings, localisation(ds, statuses))


# ------------------------------------------------------------------------- pure layout


@pytest.mark.parametrize(
    ("value", "fmt"),
    [(2, "#,##0"), (2.0, "#,##0"), (24000, "#,##0"), (2.5, "#,##0.0##"), (0.125, "#,##0.0##")],
)
def test_number_formats_have_no_trailing_separator(value: float, fmt: str) -> None:
    assert layout.number_format(value) == fmt
    assert not fmt.endswith((".##", ",##", "."))


@pytest.mark.parametrize(
    ("value", "width", "lines"),
    [
        ("", 10, 1),
        ("Станок", 10, 1),
        ("Станки плоскошлифовальные с ЧПУ", 40, 1),
        ("Станки плоскошлифовальные с ЧПУ", 20, 3),
        ("Станки плоскошлифовальные с ЧПУ", 10, 4),
        ("первая строка\nвторая", 40, 2),
    ],
)
def test_text_lines_of_wrapped_text(value: str, width: float, lines: int) -> None:
    assert layout.text_lines(value, width) == lines


def test_header_width_fits_the_longest_word() -> None:
    assert layout.header_width("Код", 8) == 8
    assert layout.header_width("Потребность, шт./год", 8) > len("Потребность,")


@pytest.mark.parametrize(
    ("title", "expected"),
    [("A & B", "A && B"), ("  two\n lines ", "two lines"), ("x" * 300, "x" * 249 + "…")],
)
def test_header_footer_text_escapes_codes(title: str, expected: str) -> None:
    assert layout.header_footer_text(title) == expected


def _sheet_xml(data: bytes, n: int = 1) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(f"xl/worksheets/sheet{n}.xml").decode()


@pytest.mark.parametrize(("width", "orientation"), [(60, "portrait"), (200, "landscape")])
def test_print_setup(width: float, orientation: str) -> None:
    buffer = io.BytesIO()
    wb = layout.new_workbook(buffer)
    ws = wb.add_worksheet("Лист")
    grid = layout.Grid(ws, [10, width - 10])
    ws.write_string(1, 1, "Станки плоскошлифовальные с ЧПУ " * 8, wb.add_format({"text_wrap": True}))
    grid.note(1, 1, "Станки плоскошлифовальные с ЧПУ " * 8)
    grid.finish()
    layout.print_setup(ws, title="Итоги & планы", page_label="Стр. &P из &N", width=width, header_rows=(0, 0))
    wb.close()
    xml = _sheet_xml(buffer.getvalue())
    assert f'orientation="{orientation}"' in xml
    # one page wide (fitToWidth 1 is the default, so not written), as many tall as needed
    assert '<pageSetUpPr fitToPage="1"/>' in xml and "fitToWidth" not in xml
    assert 'paperSize="9"' in xml and 'fitToHeight="0"' in xml
    assert "<oddHeader>&amp;CИтоги &amp;&amp; планы</oddHeader>" in xml
    assert "<oddFooter>&amp;CСтр. &amp;P из &amp;N</oddFooter>" in xml
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as z:
        assert "Лист!$1:$1" in z.read("xl/workbook.xml").decode()  # header row on every page
        assert '<name val="Arial"/>' in z.read("xl/styles.xml").decode()
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Лист"]
    lines = layout.text_lines("Станки плоскошлифовальные с ЧПУ " * 8, width - 10)
    assert lines > 1
    # xlsxwriter rounds a height to whole pixels
    assert sheet.row_dimensions[2].height == pytest.approx(lines * layout.LINE_PT + layout.ROW_PAD_PT, abs=1)


def test_diagram_export_formats_rows_and_print_titles(sample_rows, tmp_path: Path) -> None:
    ds, warnings, rows = sample_rows
    target = tmp_path / "export.xlsx"
    write_workbook(rows, warnings, {}, target, dataset=ds, date=AT, filter_text="вид: станки")
    wb = openpyxl.load_workbook(target)
    for sheet in wb.worksheets:
        assert sheet.page_setup.paperSize == 9, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert "06.03.2026" in sheet.oddHeader.center.text and "вид: станки" in sheet.oddHeader.center.text
        assert sheet.oddFooter.center.text == "Стр. &P из &N"
    listing = wb["Перечень"]
    assert listing.page_setup.orientation == "landscape"
    header = [c.value for c in listing[4]]
    capacity = listing.cell(5, header.index("Мощность, шт./год") + 1)
    year = next(c for c in listing.iter_rows(min_row=5) if c[13].value is not None)[13]
    assert capacity.number_format == "#,##0" and year.number_format == "0"
    # a wrapped name makes its row taller than one line
    name_col = header.index("Наименование продукции") + 1
    long_row = max(range(5, listing.max_row + 1), key=lambda r: len(str(listing.cell(r, name_col).value)))
    assert listing.row_dimensions[long_row].height > layout.LINE_PT + layout.ROW_PAD_PT


# ------------------------------------------------------------ printed by LibreOffice


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The page texts of each kind of workbook, printed by LibreOffice: the diagram export, the
    ministry template and the audit export of the sample."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("office")
    ds = read_file(SAMPLE).dataset
    statuses = classify(ds)
    warnings = find_warnings(ds, statuses)
    rows = build_rows(ds, statuses, {}, warnings, localisation(ds, statuses))
    files = {kind: folder / f"{kind}.xlsx" for kind in ("diagram", "template", "audit")}
    write_workbook(filter_rows(rows, DiagramFilter()), warnings, {}, files["diagram"], dataset=ds, date=AT)
    write_template(rows, ds, files["template"], country="BY", date=AT)
    entries = [
        _Entry(
            n,
            AT,
            "boris",
            "override.set",
            f"{row.item.key}|BY",
            None,
            {"colour": "red", "reason": f"план на {2025 + n % 5} год"},
        )
        for n, row in enumerate(rows, start=1)
    ]
    files["audit"].write_bytes(xlsx_bytes(entries, names_of(ds), "ru", now=AT))
    pdfs = to_pdf(*files.values())
    return {kind: page_texts(pdf) for kind, pdf in zip(files, pdfs, strict=True)}


@dataclass(frozen=True)
class _Entry:
    id: int
    at: dt.datetime
    user: str
    action: str
    target: str
    before: Any
    after: Any


@pytest.fixture
def diagram_pages(printed: dict[str, list[str]]) -> list[str]:
    return printed["diagram"]


@needs_office
@pytest.mark.slow
def test_diagram_export_prints_on_few_pages_with_codes_beside_colours(diagram_pages: list[str]) -> None:
    assert len(diagram_pages) <= 15
    for n, page in enumerate(diagram_pages, start=1):
        assert f"Стр. {n} из {len(diagram_pages)}" in page
        assert "06.03.2026" in page
    diagram = [p for p in diagram_pages if "Код Позиция Вид Группа РБ РФ Союз" in p]
    assert len(diagram) >= 2  # the header row repeats on every page of the diagram sheet
    assert {c for p in diagram for c in CODE.findall(p)} >= {"М-31", "П-01"}
    listing = [p for p in diagram_pages if "Наименование продукции" in p]
    assert len(listing) >= 2
    for page in diagram + listing:
        # every row of a position on a page of the diagram or the list (its line starts with
        # the code) has its three colours (РБ, РФ, Союз) on that same page
        rows = ROW.findall(page)
        assert rows and len(LETTER.findall(page)) >= 3 * len(rows), page[:300]


@needs_office
@pytest.mark.slow
def test_template_prints_with_its_header_on_every_list_page(printed: dict[str, list[str]]) -> None:
    pages = printed["template"]
    assert "перечень позиций диаграммы" in pages[0]  # the instructions come first
    listing = pages[1:]
    assert 1 <= len(listing) <= 8
    for n, page in enumerate(pages, start=1):
        assert f"Стр. {n} из {len(pages)}" in page
    for page in listing:
        assert "Наименование продукции" in page and "Наличие производства" in " ".join(page.split())


@needs_office
@pytest.mark.slow
def test_audit_export_prints_one_page_wide_with_its_header(printed: dict[str, list[str]]) -> None:
    pages = printed["audit"]
    assert 1 <= len(pages) <= 6
    for n, page in enumerate(pages, start=1):
        assert f"Стр. {n} из {len(pages)}" in page and "Пользователь" in page
        assert "Изменение" in page  # the last column on the same page: one page wide
    assert "Станки плоскошлифовальные с ЧПУ" in "".join(pages)
