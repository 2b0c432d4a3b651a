"""The workbook container's refusals (``svetofor/reading/package.py``): a zip that is damaged,
hostile or too big, a package without a workbook, a sheet whose XML or cell references are
broken, data too large to read. Each says what is wrong and, where it helps, what to do."""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    "reading_package.corrupt": (
        "книга повреждена или обрезана, прочитать её нельзя",
        "the workbook is damaged or truncated and cannot be read",
    ),
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
    "reading_package.encrypted": (
        "файл зашифрован (защищён паролем): снимите пароль в Excel и загрузите файл снова",
        "the file is encrypted (password-protected): remove the password in Excel and upload it again",
    ),
    "reading_package.not_spreadsheet": (
        "файл не является электронной таблицей: в архиве нет книги",
        "the file is not a spreadsheet: the archive holds no workbook",
    ),
    "reading_package.too_many_parts": (
        "в книге слишком много частей ({count}): файл похож на архивную бомбу",
        "the workbook has too many parts ({count}): the file looks like an archive bomb",
    ),
    "reading_package.unzipped_too_big": (
        "книга слишком велика в распакованном виде: {size} МиБ при допустимых {limit} МиБ",
        "the workbook is too big unpacked: {size} MiB where {limit} MiB are allowed",
    ),
    "reading_package.ratio": (
        "подозрительно сильное сжатие части «{part}» ({ratio}:1): файл похож на архивную бомбу",
        "part “{part}” is compressed suspiciously hard ({ratio}:1): the file looks like an archive bomb",
    ),
    "reading_package.dtd": (
        "книга содержит объявление типа документа или сущности в части «{part}»: такие файлы не принимаются",
        "the workbook declares a document type or an entity in part “{part}”: such files are refused",
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
