"""The commission-session report (``svetofor/report.py``): headings, column titles and notes.

Words the report shares with the pages (the subtitle, cooperation, "why", directions of change)
are the pages' entries, used from there.
"""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    "report.title": (
        "Диаграмма «Светофор»: материалы к заседанию комиссии",
        "The Svetofor diagram: materials for the commission session",
    ),
    "report.date": ("Дата", "Date"),
    "report.since": ("Сравнение со снимком", "Compared with snapshot"),
    "report.since.none": (
        "Предыдущий снимок для сравнения не выбран",
        "No earlier snapshot chosen for comparison",
    ),
    "report.since.label": ("«{name}» {date}", "“{name}” {date}"),
    "report.contents": ("Содержание", "Contents"),
    "report.totals": ("Итоги по странам", "Totals by country"),
    "report.positions": ("Позиций в перечне: {n}", "Positions in the list: {n}"),
    "report.counted": ("{title} ({n})", "{title} ({n})"),
    "report.scope": ("Страна", "Country"),
    "report.diagram": ("Диаграмма", "Diagram"),
    "report.progress": ("Ход работ по снимкам", "Progress over snapshots"),
    "report.progress.none": (
        "Снимков пока нет: ход работ появится после первой фиксации диаграммы.",
        "No snapshots yet: progress appears once the diagram has been frozen.",
    ),
    "report.changes": ("Изменения с прошлого заседания", "Changes since the last session"),
    "report.directions": ("Изменения цвета по направлениям", "Colour changes by direction"),
    "report.other": ("прочее", "other"),
    "report.by_group": ("По группам", "By group"),
    "report.group": ("Группа", "Group"),
    "report.cells": ("Изменившиеся ячейки", "Changed cells"),
    "report.was": ("Было", "Was"),
    "report.now": ("Стало", "Now"),
    "report.added": ("Добавленные позиции", "Positions added"),
    "report.removed": ("Исключённые позиции", "Positions removed"),
    "report.warnings.opened": ("Новые предупреждения", "Warnings opened"),
    "report.warnings.closed": ("Снятые предупреждения", "Warnings closed"),
    "report.overrides": ("Ручные отметки", "Overrides"),
    "report.reason": ("Причина", "Reason"),
    "report.author": ("Автор", "Author"),
    "report.colour": ("Цвет", "Colour"),
    "report.warnings": (
        "Открытые предупреждения высокой важности",
        "Open high-severity duplication warnings",
    ),
    "report.warnings.none": (
        "Открытых предупреждений высокой важности нет.",
        "No open high-severity warnings.",
    ),
    "report.kind": ("Вид", "Kind"),
    "report.severity": ("Важность", "Severity"),
    "report.countries": ("Страны", "Countries"),
    "report.enterprises": ("Предприятия", "Enterprises"),
    "report.rule": ("Правило", "Rule"),
    "report.coop.none": ("Возможностей кооперации не найдено.", "No cooperation opportunities found."),
    "report.coop.producers": ("Изготовители", "Producers"),
    "report.capacity": ("Мощность, шт./год", "Capacity, units/year"),
    "report.loc": ("Локализация: блокирующие комплектующие", "Localisation: blocking components"),
    "report.loc.none": (
        "Все станки с указанными комплектующими локализуемы в Союзном государстве.",
        "Every machine with listed components can be localised in the Union State.",
    ),
    "report.machine": ("Станок", "Machine"),
    "report.share": ("Доля локализации", "Localisation share"),
    "report.blocking": (
        "Блокирующие комплектующие (красные в Союзе)",
        "Blocking components (red in the Union)",
    ),
    "report.horizon": (
        "Позиции, не выходящие на «зелёный» к {year} г. при выполнении планов",
        "Positions not green by {year} even if the plans are met",
    ),
    "report.horizon.none": (
        "Все позиции выходят на «зелёный» к {year} г. при выполнении планов.",
        "Every position turns green by {year} if the plans are met.",
    ),
    "report.at_horizon": ("В {year} г.", "In {year}"),
    "report.share.value": ("{percent} % ({green}/{total})", "{percent}% ({green}/{total})"),
    # why a report could not be made
    "report.format": (
        "Неизвестный формат отчёта «{fmt}»; возможны: {allowed}",
        "Unknown report format “{fmt}”; expected one of {allowed}",
    ),
    "report.no_chromium": (
        "Для печати отчёта нужен Chromium: apt-get install chromium (или задайте BROWSER_PATH)",
        "Chromium is needed to print the report: apt-get install chromium (or set BROWSER_PATH)",
    ),
    "report.timeout": (
        "Печать отчёта в PDF заняла больше {seconds} с",
        "Printing the report to PDF took longer than {seconds} s",
    ),
    "report.print_failed": (
        "Chromium не напечатал отчёт (код выхода {code}): {detail}",
        "Chromium did not print the report (exit {code}): {detail}",
    ),
}
