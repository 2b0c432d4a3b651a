"""Words of the workbooks' print layout, the ministry template and the audit export
(``svetofor/xlsx_layout.py``, ``svetofor/template_xlsx.py``, ``svetofor/audit_export.py``,
``svetofor/audit_text.py``).

The template's list-sheet headers and values are read back by the import (docs/domain.md §3):
the Russian and English ones must stay words the reader's vocabulary recognises
(``tests/test_template_xlsx.py`` reads a filled template back in both languages).
"""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    # print layout: "&P"/"&N" are the page number and page count, filled in by the program
    "xlsx.page": ("Стр. {page} из {pages}", "Page {page} of {pages}"),
    "xlsx.filtered": ("{title}. Отбор: {filter}", "{title}. Filter: {filter}"),
    # audit entries in words (svetofor/audit_text.py), by action
    "audit.words.import": ("загрузка перечня", "list imported"),
    "audit.words.override.set": ("цвет ячейки задан вручную", "cell colour set by hand"),
    "audit.words.override.clear": ("ручная отметка снята", "override removed"),
    "audit.words.override.undo": ("изменение цвета отменено", "colour change undone"),
    "audit.words.review": ("проверка предупреждения", "warning reviewed"),
    "audit.words.merge": ("предприятия объединены", "enterprises merged"),
    "audit.words.unmerge": ("объединение предприятий отменено", "enterprise merge undone"),
    "audit.words.dismiss": ("отмечено «не одно предприятие»", "marked “not one enterprise”"),
    "audit.words.snapshot": ("снимок сохранён", "snapshot saved"),
    "audit.words.user.put": ("пользователь добавлен или изменён", "user added or changed"),
    "audit.words.user.remove": ("пользователь удалён", "user removed"),
    "audit.words.login": ("вход", "signed in"),
    "audit.words.login.failed": ("неудачная попытка входа", "failed sign-in"),
    "audit.words.login.throttled": ("вход временно заблокирован", "sign-in blocked for a while"),
    "audit.words.logout": ("выход", "signed out"),
    "audit.words.computed": ("расчётный", "computed"),
    "audit.words.reason": ("причина: {reason}", "reason: {reason}"),
    "audit.words.import.counts": (
        "{countries}: позиций {items}, предприятий {enterprises}, записей {records}",
        "{countries}: {items} positions, {enterprises} enterprises, {records} records",
    ),
    "audit.words.merge.into": ("в «{name}»", "into “{name}”"),
    "audit.words.snapshot.automatic": ("автоматический", "automatic"),
    # the ministry template (svetofor/template_xlsx.py)
    "template.title": (
        "Светофор — перечень для заполнения: {country}, {date}",
        "Svetofor — list to fill in: {country}, {date}",
    ),
    "template.note": (
        "Серые ячейки (код и наименование позиции) не изменяются; заполните остальные столбцы.",
        "Grey cells (position code and name) cannot be changed; fill in the other columns.",
    ),
    "template.sheet.instructions": ("Инструкция", "Instructions"),
    "template.instruction.1": (
        "Это перечень позиций диаграммы «Светофор» для заполнения министерством: {country}. "
        "Текущие сведения уже внесены на лист «{sheet}»: проверьте и дополните их.",
        "This is the list of the Svetofor diagram's positions for the ministry to fill in: {country}. "
        "The current records are already on the “{sheet}” sheet: check and complete them.",
    ),
    "template.instruction.2": (
        "Код и наименование позиции (серые ячейки) защищены: по коду перечень сопоставляется "
        "с диаграммой при загрузке. Не переименовывайте позиции и не меняйте коды.",
        "The position code and name (grey cells) are protected: the list is matched to the diagram "
        "by code when it is imported. Do not rename positions or change codes.",
    ),
    "template.instruction.3": (
        "Одна строка — одно предприятие, выпускающее позицию. Если предприятий несколько, "
        "вставьте строку и повторите в ней код и наименование позиции.",
        "One row is one enterprise making the position. For several enterprises, insert a row "
        "and repeat the position's code and name in it.",
    ),
    "template.instruction.4": (
        "Столбцы «Наличие производства», «Мероприятие» и «Страна» заполняются выбором из списка; "
        "мощность и потребность — числа (шт./год), срок ввода — год четырьмя цифрами.",
        "The “Existing production”, “Action” and “Country” columns take a choice from their list; "
        "capacity and demand are numbers (units a year), the launch year four digits.",
    ),
    "template.instruction.5": (
        "Новые позиции и предприятия вносите в пустые строки в конце листа ({rows} строк), "
        "указав наименование позиции полностью.",
        "Enter new positions and enterprises in the empty rows at the end of the sheet ({rows} rows), "
        "with the position's full name.",
    ),
    "template.instruction.6": (
        "Не переименовывайте лист и заголовки столбцов: по ним перечень читается при загрузке.",
        "Do not rename the sheet or the column headers: the import reads the list by them.",
    ),
    "template.instruction.7": (
        "Заполненный файл отправьте обратно: он загружается в «Светофор» как есть, "
        "ошибки будут показаны с указанием строки и столбца.",
        "Send the filled file back: it is imported into Svetofor as it is, and any error "
        "is shown with its row and column.",
    ),
    "template.invalid.title": ("Недопустимое значение", "Invalid value"),
    "template.invalid.choice": ("Выберите значение из списка.", "Choose a value from the list."),
    "template.invalid.number": ("Введите число не меньше нуля.", "Enter a number of zero or more."),
    "template.invalid.year": ("Введите год от {first} до {last}.", "Enter a year from {first} to {last}."),
    "template.bad_country": (
        "Неизвестная страна «{value}»: ожидается {codes}.",
        "Unknown country “{value}”: expected {codes}.",
    ),
    "template.country_required": (
        "Для шаблона укажите страну: {option}.",
        "A template needs its country: {option}.",
    ),
    "template.button": ("Шаблон для министерства", "Template for a ministry"),
    "cli.help.template_country": (
        "страна шаблона для министерства (с {option})",
        "the country of the ministry template (with {option})",
    ),
    # the audit export (svetofor/audit_export.py)
    "audit.file.no": ("№", "No."),
    "audit.file.at": ("Когда", "When"),
    "audit.file.user": ("Пользователь", "User"),
    "audit.file.action": ("Действие", "Action"),
    "audit.file.target": ("Объект", "Target"),
    "audit.file.change": ("Изменение", "Change"),
    "audit.file.title": (
        "Светофор — журнал изменений, выгрузка {date}",
        "Svetofor — audit log, exported {date}",
    ),
    "audit.file.sheet": ("Журнал", "Audit log"),
    "audit.file.xlsx_button": ("Выгрузить {format}", "Export {format}"),
}
