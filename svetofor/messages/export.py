"""The coloured Excel workbook (``svetofor/export_xlsx.py``): sheet names, headers, values, legend.

The list sheet's headers and values are read back by the import (docs/domain.md §3), so the
Russian and the English ones must both stay words the reader's vocabulary recognises
(``tests/test_export_xlsx.py`` re-imports both). No other sheet may have a header the reader
takes for the item column.
"""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    # list sheet headers (the import's own field names where they are the same words)
    "export.header.hs_code": ("Код ТН ВЭД ЕАЭС", "HS code"),
    "export.header.capacity": ("Мощность, шт./год", "Capacity"),
    "export.header.demand": ("Потребность, шт./год", "Demand"),
    "export.header.launch_year": ("Срок ввода", "Launch year"),
    # list sheet values
    "export.value.new": ("создание", "new"),
    "export.value.machine": ("станок", "machine"),
    "export.value.component": ("комплектующие", "component"),
    "export.value.tool": ("инструмент", "tool"),
    # sheets
    "export.sheet.list": ("Перечень", "List"),
    "export.sheet.diagram": ("Диаграмма", "Diagram"),
    "export.sheet.overrides": ("Ручные отметки", "Overrides"),
    "export.sheet.warnings": ("Предупреждения", "Warnings"),
    "export.sheet.legend": ("Обозначения", "Legend"),
    "export.generated": ("{title} — выгрузка {date}", "{title} — exported {date}"),
    "export.list.note": (
        "Столбцы «Статус …» показывают цвет с учётом ручных отметок; при загрузке файла они не читаются.",
        "The “Status …” columns show colours including overrides; an import ignores them.",
    ),
    "export.status": ("Статус {scope}", "Status {scope}"),
    "export.code": ("Код", "Code"),
    "export.kind": ("Вид", "Kind"),
    "export.group": ("Группа", "Group"),
    "export.warnings": ("Предупреждения", "Warnings"),
    "export.scope": ("Область", "Scope"),
    "export.colour": ("Цвет", "Colour"),
    "export.computed": ("Расчётный цвет", "Computed colour"),
    "export.reason": ("Причина", "Reason"),
    "export.author": ("Автор", "Author"),
    "export.time": ("Время", "Time"),
    "export.stale": ("Данные изменились", "Data changed"),
    "export.w.kind": ("Вид предупреждения", "Warning"),
    "export.w.severity": ("Важность", "Severity"),
    "export.w.country": ("Страна планирования", "Planning country"),
    "export.w.countries": ("Страны", "Countries"),
    "export.w.enterprises": ("Предприятия", "Enterprises"),
    "export.w.rule": ("Правило", "Rule"),
    "export.w.state": ("Проверка", "Review"),
    "export.w.reason": ("Обоснование", "Justification"),
    "export.w.who": ("Кто", "By"),
    "export.w.when": ("Когда", "When"),
    "export.legend.meaning": ("Значение", "Meaning"),
    "export.legend.totals": ("Итого по выгрузке", "Totals of this export"),
    "export.legend.override": (
        "цвет изменён вручную (причина — на листе «Ручные отметки»)",
        "colour set by a planner (reason on the “Overrides” sheet)",
    ),
    "export.legend.warning": (
        "есть предупреждение о дублировании (лист «Предупреждения»)",
        "has a duplication warning (“Warnings” sheet)",
    ),
    "export.legend.reimport": (
        "Лист «Перечень» можно загрузить обратно: столбцы названы так, как их понимает загрузка.",
        "The “List” sheet imports back: its columns are named as the import reads them.",
    ),
}
