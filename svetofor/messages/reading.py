"""The reader (``svetofor/reading/``, value words of ``svetofor/vocabulary.py``): refusals of a
whole file, located errors and remarks about its cells, and where a problem is."""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    # where a problem is: «Лист «Перечень», строка 12, столбец F «Мощность», позиция «Станок»»
    "reading.where.sheet": ("лист «{sheet}»", "sheet “{sheet}”"),
    "reading.where.row": ("строка {row}", "row {row}"),
    "reading.where.column": ("столбец {letter} «{header}»", "column {letter} “{header}”"),
    "reading.where.letter": ("столбец {letter}", "column {letter}"),
    "reading.where.header": ("столбец «{header}»", "column “{header}”"),
    "reading.named_column": ("{letter} «{header}»", "{letter} “{header}”"),
    "reading.where.item": ("позиция «{item}»", "position “{item}”"),
    "reading.where.other_sheet_row": ("лист «{sheet}», строка {row}", "sheet “{sheet}”, row {row}"),
    "reading.table.item": ("Позиция", "Position"),  # the error table's column of position names
    # the whole file
    "reading.missing": ("файл не найден", "file not found"),
    "reading.empty": ("файл пуст (0 байт)", "the file is empty (0 bytes)"),
    "reading.not_spreadsheet": (
        "файл не является электронной таблицей: ожидается .xlsx, .xlsm, .xls, .ods или .csv",
        "the file is not a spreadsheet: expected .xlsx, .xlsm, .xls, .ods or .csv",
    ),
    "reading.text_not_workbook": (
        "файл не является книгой Excel или ODS (внутри текст): сохраните его как .xlsx или .csv",
        "the file is not an Excel or ODS workbook (it holds text): save it as .xlsx or .csv",
    ),
    "reading.xls_as_xlsx": (
        "файл — книга Excel 97–2003 (.xls), сохранённая под расширением «{extension}»: "
        "переименуйте его в .xls или сохраните в Excel как .xlsx",
        "the file is an Excel 97–2003 workbook (.xls) saved as “{extension}”: "
        "rename it to .xls or save it in Excel as .xlsx",
    ),
    "reading.other_format": (
        "файл — {kind}, а не электронная таблица: ожидается .xlsx, .xlsm, .xls, .ods или .csv",
        "the file is {kind}, not a spreadsheet: expected .xlsx, .xlsm, .xls, .ods or .csv",
    ),
    "reading.kind.pdf": ("документ PDF", "a PDF document"),
    "reading.kind.docx": ("документ Word (.docx)", "a Word document (.docx)"),
    "reading.kind.zip": ("zip-архив", "a zip archive"),
    "reading.kind.image": ("изображение", "an image"),
    "reading.kind.rar": ("архив RAR или 7z", "a RAR or 7z archive"),
    "reading.kind.ole": (
        "документ Microsoft Office, но не книга Excel",
        "a Microsoft Office document but no Excel workbook",
    ),
    "reading.corrupt": (
        "книга повреждена или обрезана, прочитать её нельзя",
        "the workbook is damaged or cut short and cannot be read",
    ),
    "reading.encrypted": (
        "файл зашифрован (защищён паролем): снимите пароль в Excel и загрузите файл снова",
        "the file is encrypted (password-protected): remove the password in Excel and upload it again",
    ),
    "reading.xml_dtd": (
        "книга содержит объявление DOCTYPE/ENTITY в части «{part}»: такие файлы не принимаются",
        "the workbook declares a DOCTYPE/ENTITY in part “{part}”: such files are not accepted",
    ),
    "reading.too_big": (
        "файл слишком большой: {size} МиБ при допустимых {limit} МиБ",
        "the file is too big: {size} MiB where {limit} MiB are allowed",
    ),
    "reading.unzipped_too_big": (
        "книга слишком велика в распакованном виде: {size} МиБ при допустимых {limit} МиБ (похоже на zip-бомбу)",
        "the workbook is too big unpacked: {size} MiB where {limit} MiB are allowed (it looks like a zip bomb)",
    ),
    "reading.ratio": (
        "подозрительно сильное сжатие части «{part}» ({ratio}:1): файл похож на zip-бомбу",
        "part “{part}” is suspiciously highly compressed ({ratio}:1): the file looks like a zip bomb",
    ),
    "reading.too_many_parts": (
        "в книге слишком много частей ({count}): файл похож на zip-бомбу",
        "the workbook has too many parts ({count}): the file looks like a zip bomb",
    ),
    "reading.sheet_failed": ("лист не удалось прочитать", "the sheet could not be read"),
    "reading.internal": (
        "внутренняя ошибка при чтении файла ({error}); сообщите разработчикам",
        "internal error while reading the file ({error}); please tell the developers",
    ),
    "reading.csv_broken": ("не удалось разобрать CSV-файл", "the CSV file could not be parsed"),
    # header and columns
    "reading.no_header": (
        "не найдена строка заголовка: ни на одном листе в первых 30 строках нет столбца "
        "наименования продукции вместе с хотя бы одним другим известным столбцом",
        "no header row found: no sheet has, in its first 30 rows, the product name column together "
        "with at least one other known column",
    ),
    "reading.duplicate": (
        {
            "one": "{n} столбец для одного поля: {columns: и }",
            "few": "{n} столбца для одного поля: {columns: и }",
            "many": "{n} столбцов для одного поля: {columns: и }",
            "other": "{n} столбца для одного поля: {columns: и }",
        },
        {
            "one": "{n} column for one field: {columns: and }",
            "other": "{n} columns for one field: {columns: and }",
        },
    ),
    "reading.no_item_column": (
        "не найден столбец наименования продукции",
        "the product name column was not found",
    ),
    "reading.unknown_field": (
        "неизвестное поле «{field}» в сопоставлении столбца {letter}",
        "unknown field “{field}” in the mapping of column {letter}",
    ),
    "reading.no_country_sheet": (
        "не определена страна: нет столбца «Страна», страна не выбрана при импорте (--country BY|RU) "
        "и не названа однозначно в имени листа или заголовке",
        "the country is unknown: there is no “Country” column, no country was chosen for the import "
        "(--country BY|RU) and the sheet name or title does not name exactly one",
    ),
    "reading.country_differs": (
        "в имени листа или заголовке названа страна {named}, а при импорте выбрана {chosen}",
        "the sheet name or title names the country {named}, but {chosen} was chosen for the import",
    ),
    "reading.import_country": ("страна импорта: {problem}", "the import's country: {problem}"),
    # rows and cells
    "reading.no_name": (
        "не указано наименование продукции, хотя строка содержит данные",
        "the product name is missing although the row holds data",
    ),
    "reading.single_cell": (
        "строка пропущена: заполнена только одна ячейка, это не раздел и не позиция",
        "row skipped: only one cell is filled, it is neither a section nor a position",
    ),
    "reading.bad_cell": ("ячейку не удалось прочитать", "the cell could not be read"),
    "reading.empty_identity": (
        "наименование продукции не содержит букв или цифр",
        "the product name holds no letters or digits",
    ),
    "reading.no_country_row": (
        "не указана страна: ожидается Беларусь (BY) или Россия (RU)",
        "no country given: expected Belarus (BY) or Russia (RU)",
    ),
    "reading.modernise_no": (
        "мероприятие «модернизация» указано при отсутствии производства (наличие производства: нет)",
        "the action “modernisation” is given where there is no production (production exists: no)",
    ),
    # the whole file's rows
    "reading.demand_conflict": (
        "разная потребность для позиции «{item}» ({country}): {first} ({where}) и {second}",
        "different demand for position “{item}” ({country}): {first} ({where}) and {second}",
    ),
    "reading.code_names": (
        "код позиции «{code}» встречается с разными наименованиями: «{first}» и {others}; используется первое",
        "position code “{code}” appears with different names: “{first}” and {others}; the first is used",
    ),
    "reading.quoted": ("«{name}»", "“{name}”"),
    "reading.tax_names": (
        "ИНН/УНП {tax} указан у предприятий с разными наименованиями: «{first}» и «{other}»; "
        "это одно предприятие под наименованием «{first}»",
        "tax id {tax} is given for enterprises with different names: “{first}” and “{other}”; "
        "it is one enterprise named “{first}”",
    ),
    # cell values (svetofor/vocabulary.py)
    "reading.value.yes_no": (
        "неизвестное значение «{value}»: ожидается «да» или «нет»",
        "unknown value “{value}”: expected “yes” or “no”",
    ),
    "reading.value.country": (
        "неизвестная страна «{value}»: ожидается Беларусь (BY) или Россия (RU)",
        "unknown country “{value}”: expected Belarus (BY) or Russia (RU)",
    ),
    "reading.value.action": (
        "неизвестное мероприятие «{value}»: ожидается «создание», «модернизация» или «нет»",
        "unknown action “{value}”: expected “creation”, “modernisation” or “none”",
    ),
    "reading.value.number": (
        "ожидается неотрицательное число, получено «{value}»",
        "expected a non-negative number, got “{value}”",
    ),
    "reading.value.negative": (
        "отрицательное число «{value}»: ожидается число не меньше 0",
        "negative number “{value}”: expected a number of at least 0",
    ),
    "reading.value.year": (
        "ожидается год (например, 2026), получено «{value}»",
        "expected a year (for example 2026), got “{value}”",
    ),
    "reading.value.tax_digits": (
        "ИНН/УНП должен состоять из цифр, получено «{value}»",
        "a tax id (INN/UNP) consists of digits, got “{value}”",
    ),
    "reading.value.tax_length": (
        "неверная длина ИНН/УНП «{value}» ({digits} цифр), ожидается {expected}",
        "wrong length of tax id “{value}” ({digits} digits), expected {expected}",
    ),
    "reading.value.tax_by": ("УНП: 9 цифр", "UNP: 9 digits"),
    "reading.value.tax_ru": ("ИНН: 10 или 12 цифр", "INN: 10 or 12 digits"),
    "reading.value.tax_any": ("УНП — 9 цифр, ИНН — 10 или 12 цифр", "UNP 9 digits, INN 10 or 12 digits"),
}
