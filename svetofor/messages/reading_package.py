"""The workbook container's refusals (``svetofor/reading/package.py``, ``sheet_xml.py``) that
the reading area (``reading.py``) has no word for: an archive packed in an unknown way, a
part or sheet whose XML is broken, a reference off the grid, data too large to read. Zip
bombs, encryption, entity tricks and plain damage keep the reading area's words."""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    "reading_package.unsupported": (
        "книга повреждена или записана неизвестной программой: часть «{part}» упакована "
        "неподдерживаемым способом; откройте файл в Excel и сохраните его заново",
        "the workbook is damaged or written by an unknown program: part “{part}” is packed in an "
        "unsupported way; open the file in Excel and save it again",
    ),
    "reading_package.unsupported_zip": (
        "книга повреждена или записана неизвестной программой: архив упакован неподдерживаемым "
        "способом; откройте файл в Excel и сохраните его заново",
        "the workbook is damaged or written by an unknown program: the archive is packed in an "
        "unsupported way; open the file in Excel and save it again",
    ),
    "reading_package.xml_broken": (
        "книга повреждена: разметка части «{part}» испорчена (строка {line}, позиция {column})",
        "the workbook is damaged: the markup of part “{part}” is broken (line {line}, position {column})",
    ),
    "reading_package.sheet_xml_broken": (
        "книга повреждена: разметка листа испорчена (строка {line}, позиция {column} его части «{part}»)",
        "the workbook is damaged: the sheet's markup is broken (line {line}, position {column} of its "
        "part “{part}”)",
    ),
    "reading_package.off_grid": (
        "книга повреждена: ссылка на ячейку «{ref}» вне листа (последняя возможная ячейка — {last})",
        "the workbook is damaged: cell reference “{ref}” is off the sheet (the last possible cell is {last})",
    ),
    "reading_package.sheet_too_big": (
        "на листе слишком много ячеек: данные занимают {rows} × {cols} (строки × столбцы), "
        "допустимо не более {limit} ячеек",
        "the sheet has too many cells: its data spans {rows} × {cols} (rows × columns), at most {limit} "
        "cells are allowed",
    ),
    "reading_package.workbook_too_big": (
        "в книге слишком много ячеек: данные листов вместе занимают {cells}, допустимо не более {limit}; "
        "больше всего на листе «{sheet}»",
        "the workbook has too many cells: its sheets' data spans {cells} together, at most {limit} are "
        "allowed; the most are on sheet “{sheet}”",
    ),
}
