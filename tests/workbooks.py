"""Builders of tiny workbooks for reader tests: xlsx with openpyxl, csv bytes, a minimal ods.

Tests describe a sheet as a list of rows (lists of cell values, None for empty) and get a
file in ``tmp_path``; no binary fixtures are committed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

Rows = Sequence[Sequence[object]]

HEADER = ["Наименование продукции", "Предприятие", "Наличие производства", "Мощность, шт./год"]


def xlsx(
    path: Path,
    sheets: dict[str, Rows] | Rows,
    *,
    merges: dict[str, Iterable[str]] | Iterable[str] = (),
    hidden_rows: dict[str, Iterable[int]] | Iterable[int] = (),
    hidden_sheets: Iterable[str] = (),
) -> Path:
    """Write rows to an xlsx; a bare list of rows becomes one sheet named "Лист1".
    ``merges`` are ranges like "A5:A7" (per sheet when a dict, else for the first sheet);
    ``hidden_rows`` are 1-based."""
    if not isinstance(sheets, dict):
        sheets = {"Лист1": sheets}
    first = next(iter(sheets))
    merges = merges if isinstance(merges, dict) else {first: merges}
    hidden_rows = hidden_rows if isinstance(hidden_rows, dict) else {first: hidden_rows}
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    hidden = set(hidden_sheets)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=r, column=c, value=value)
        for cell_range in (merges or {}).get(name, ()):
            sheet.merge_cells(cell_range)
        for r in (hidden_rows or {}).get(name, ()):
            sheet.row_dimensions[r].hidden = True
        if name in hidden:
            sheet.sheet_state = "hidden"
    workbook.save(path)
    return path


def csv_bytes(rows: Rows, *, delimiter: str = ";", encoding: str = "utf-8", bom: bool = False) -> bytes:
    """Rows joined by hand (no quoting needed for the tests' values)."""
    text = "\r\n".join(delimiter.join("" if v is None else str(v) for v in row) for row in rows) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def ods(
    path: Path, sheets: dict[str, Rows], *, row_spans: dict[tuple[str, int, int], int] | None = None
) -> Path:
    """A minimal OpenDocument spreadsheet. ``row_spans`` maps (sheet, row0, col0) to the number
    of rows a cell spans (``table:number-rows-spanned``)."""
    spans = row_spans or {}
    tables = []
    for name, rows in sheets.items():
        xml_rows = []
        for r, row in enumerate(rows):
            cells = []
            for c, value in enumerate(row):
                span = spans.get((name, r, c))
                extra = (
                    f' table:number-rows-spanned="{span}" table:number-columns-spanned="1"' if span else ""
                )
                if value is None:
                    cells.append(f"<table:table-cell{extra}/>")
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    cells.append(
                        f'<table:table-cell office:value-type="float" office:value="{value}"{extra}>'
                        f"<text:p>{value}</text:p></table:table-cell>"
                    )
                else:
                    cells.append(
                        f'<table:table-cell office:value-type="string"{extra}>'
                        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
                    )
            xml_rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        tables.append(f'<table:table table:name="{escape(name)}">' + "".join(xml_rows) + "</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>" + "".join(tables) + "</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def rewrite_zip(source: Path, target: Path, edit) -> Path:
    """Copy a zip, passing each (name, bytes) through ``edit`` which returns new bytes or None
    to drop the entry."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = edit(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
    return target
