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
}
