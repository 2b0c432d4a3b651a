"""The one translation table of the web UI: every visible string goes through ``t``.

Russian is the default; English is the switch. Keys are stable English identifiers so pages
added later (import, warnings, progress, audit) extend ``TEXT`` without touching callbacks.
"""

from __future__ import annotations

LANGS: tuple[str, ...] = ("ru", "en")
DEFAULT_LANG = "ru"

# key -> (ru, en). A tuple keeps each pair on one line, which makes a missing language obvious.
TEXT: dict[str, tuple[str, str]] = {
    # shell
    "app.title": ("Светофор", "Svetofor"),
    "app.subtitle": (
        "Производство металлообрабатывающего оборудования в Союзном государстве",
        "Metalworking equipment production in the Union State",
    ),
    "nav.diagram": ("Диаграмма", "Diagram"),
    "nav.table": ("Таблица", "Table"),
    "nav.user": ("Пользователь", "User"),
    "nav.lang": ("English", "Русский"),
    "page.not_found": ("Страница не найдена", "Page not found"),
    "page.not_found.back": ("На главную", "Back to the diagram"),
    # scopes, colours, kinds
    "scope.BY": ("РБ", "BY"),
    "scope.RU": ("РФ", "RU"),
    "scope.UNION": ("Союз", "Union"),
    "scope.ANY": ("любая из трёх", "any of the three"),
    "scope.BY.long": ("Беларусь", "Belarus"),
    "scope.RU.long": ("Россия", "Russia"),
    "scope.UNION.long": ("Союзное государство", "Union State"),
    "colour.green": ("производство есть", "production exists"),
    "colour.yellow": ("модернизация / в плане", "modernise / planned"),
    "colour.red": ("производства нет", "no production"),
    "colour.none": ("нет данных", "no data"),
    "colour.green.short": ("зелёный", "green"),
    "colour.yellow.short": ("жёлтый", "yellow"),
    "colour.red.short": ("красный", "red"),
    "colour.none.short": ("н/д", "n/a"),
    "kind.machine": ("Станки и оборудование", "Machine tools"),
    "kind.component": ("Комплектующие", "Components"),
    "kind.tool": ("Инструмент", "Tooling"),
    "kind.other": ("Прочее", "Other"),
    "group.none": ("Без группы", "No group"),
    # diagram page
    "diagram.title": ("Диаграмма «Светофор»", "The Svetofor diagram"),
    "diagram.totals": ("Итого по странам", "Totals by country"),
    "diagram.legend": ("Обозначения", "Legend"),
    "diagram.position": ("Позиция", "Position"),
    "diagram.positions": ("позиций", "positions"),
    "diagram.empty": ("Нет позиций под выбранные фильтры", "No positions match the filters"),
    "diagram.override.marker": ("✎ изменено вручную", "✎ set by a planner"),
    "diagram.stale.marker": (
        "⚠ данные изменились после ручной отметки — проверьте",
        "⚠ the data changed after the override — review it",
    ),
    "diagram.warning.marker": ("есть предупреждения о дублировании", "has duplication warnings"),
    "diagram.page": ("Страница", "Page"),
    "diagram.undo": ("Отменить моё последнее изменение", "Undo my last change"),
    "diagram.undo.none": ("Нет ваших изменений для отмены", "You have no change to undo"),
    "diagram.undo.done": ("Изменение отменено", "Change undone"),
    "diagram.hint": (
        "Наведите на ячейку, чтобы увидеть причину цвета; щёлкните, чтобы изменить цвет.",
        "Hover a cell to see why it has its colour; click it to recolour.",
    ),
    # filters
    "filter.group": ("Группа", "Group"),
    "filter.kind": ("Вид", "Kind"),
    "filter.colour": ("Цвет", "Colour"),
    "filter.scope": ("Где цвет", "Colour in"),
    "filter.only_stale": ("только расхождения с данными", "only overrides the data moved under"),
    "filter.search": ("Поиск: название, код, предприятие", "Search: name, code, enterprise"),
    "filter.only_overridden": ("только изменённые вручную", "only overridden"),
    "filter.only_warnings": ("только с предупреждениями", "only with warnings"),
    "filter.reset": ("Сбросить фильтры", "Reset filters"),
    "filter.any": ("любой", "any"),
    # cell modal
    "cell.computed": ("Расчётный цвет", "Computed colour"),
    "cell.why": ("Почему", "Why"),
    "cell.enterprises": ("Предприятия", "Enterprises"),
    "cell.override": ("Ручная отметка", "Override"),
    "cell.override.none": ("Нет ручной отметки", "No override"),
    "cell.override.by": ("автор", "by"),
    "cell.override.at": ("время", "at"),
    "cell.override.reason": ("причина", "reason"),
    "cell.new_colour": ("Новый цвет", "New colour"),
    "cell.reason": ("Причина (обязательно)", "Reason (required)"),
    "cell.reason.placeholder": (
        "Например: по данным министерства от 01.03.2026",
        "E.g. per the ministry's letter of 01.03.2026",
    ),
    "cell.save": ("Сохранить", "Save"),
    "cell.clear": ("Снять ручную отметку", "Clear override"),
    "cell.close": ("Закрыть", "Close"),
    "cell.history": ("История ячейки", "Cell history"),
    "cell.history.empty": ("Изменений не было", "No changes yet"),
    "cell.history.cleared": ("снята", "cleared"),
    "cell.saved": ("Сохранено", "Saved"),
    "cell.cleared": ("Ручная отметка снята", "Override cleared"),
    "error.reason_required": (
        "Укажите причину: без неё цвет не меняется.",
        "Enter a reason: the colour is not changed without one.",
    ),
    "error.colour_required": ("Выберите цвет", "Choose a colour"),
    "error.conflict": (
        "Ячейку только что изменил другой пользователь. Проверьте новое значение и повторите.",
        "Another user has just changed this cell. Check the new value and try again.",
    ),
    "error.not_found": ("Позиция не найдена", "Position not found"),
    "error.failed": ("Не удалось сохранить", "Could not save"),
    # table page
    "table.title": ("Таблица позиций", "Positions table"),
    "table.hint": (
        "Столбцы РБ, РФ и Союз можно редактировать: после выбора цвета укажите причину.",
        "The BY, RU and Union columns are editable: after choosing a colour, give a reason.",
    ),
    "table.code": ("Код", "Code"),
    "table.name": ("Наименование", "Name"),
    "table.kind": ("Вид", "Kind"),
    "table.group": ("Группа", "Group"),
    "table.enterprises": ("Предприятия", "Enterprises"),
    "table.edit.title": ("Изменить цвет", "Change colour"),
    "table.cancel": ("Отмена", "Cancel"),
    # --- progress page (issue 8: snapshots, comparison, forecast, session report) ---
    "nav.progress": ("Ход работ", "Progress"),
    "progress.title": ("Ход работ между заседаниями комиссии", "Progress between commission sessions"),
    "progress.hint": (
        "Зафиксируйте диаграмму к заседанию, сравните два снимка и посмотрите прогноз по годам.",
        "Freeze the diagram for a session, compare two snapshots and look at the forecast by year.",
    ),
    "progress.session": ("Заседание", "Session"),
    "progress.freeze.title": ("Зафиксировать диаграмму", "Freeze the diagram"),
    "progress.freeze": ("Зафиксировать", "Freeze now"),
    "progress.freeze.done": ("Снимок «{name}» сохранён ({at})", "Snapshot “{name}” saved ({at})"),
    "progress.freeze.name_required": ("Укажите название снимка", "Enter a name for the snapshot"),
    "progress.compare.title": ("Сравнение снимков", "Compare snapshots"),
    "progress.compare.between": ("Было: {before}; стало: {after}", "Before: {before}; after: {after}"),
    "progress.before": ("Было (снимок)", "Before (snapshot)"),
    "progress.after": ("Стало", "After"),
    "progress.now": ("Сейчас", "Now"),
    "progress.auto": ("авто, после импорта", "automatic, after an import"),
    "progress.pick": ("Выберите снимок", "Choose a snapshot"),
    "progress.pick.hint": (
        "Снимков пока нет или снимок не выбран: зафиксируйте диаграмму, чтобы сравнивать.",
        "No snapshot yet or none chosen: freeze the diagram to compare.",
    ),
    "progress.only_changed": ("только изменения", "changes only"),
    "progress.improved": ("улучшение", "improved"),
    "progress.regressed": ("ухудшение", "regressed"),
    "progress.other": ("нет данных ↔ данные", "no data ↔ data"),
    "progress.directions": ("по направлениям", "by direction"),
    "progress.added": ("новая", "new"),
    "progress.removed": ("исключена", "removed"),
    "progress.count.added": ("позиций добавлено", "positions added"),
    "progress.count.removed": ("позиций исключено", "positions removed"),
    "progress.count.warnings_opened": ("новых предупреждений", "warnings opened"),
    "progress.count.warnings_closed": ("снятых предупреждений", "warnings closed"),
    "progress.count.overrides": ("ручных отметок", "overrides made"),
    "progress.diff.none": ("Изменений нет", "No changes"),
    "progress.more": ("…и ещё {n} позиций", "…and {n} more positions"),
    "progress.today": ("Сейчас", "Today"),
    "progress.forecast.title": ("Прогноз по годам", "Forecast by year"),
    "progress.forecast.hint": (
        "Диаграмма, какой она будет к выбранному году, если планы (срок ввода) выполнены; "
        "планы без срока ввода не учитываются, ручные отметки — тоже.",
        "The diagram as it would be in the chosen year if the plans (launch years) are met; "
        "plans without a launch year and overrides are not counted.",
    ),
    "progress.forecast.year": ("Прогноз на {year} г.", "Forecast for {year}"),
    "progress.forecast.green_year": ("Союз зелёный с", "Union green from"),
    "progress.forecast.never": ("не к {year}", "not by {year}"),
    "progress.late": (
        "Не выходят на «зелёный» в Союзе к {year} г. даже при выполнении планов: {n}",
        "Not green in the Union by {year} even if the plans are met: {n}",
    ),
    "progress.late.none": ("Таких позиций нет", "None"),
    "progress.report.title": ("Отчёт к заседанию", "Session report"),
    "progress.report.hint": (
        "Диаграмма, итоги и ход работ, изменения с выбранного снимка, предупреждения, кооперация, локализация.",
        "The diagram, totals and progress, changes since the chosen snapshot, warnings, cooperation, localisation.",
    ),
    "progress.report.pdf": ("Скачать отчёт (PDF)", "Download report (PDF)"),
    "progress.report.html": ("HTML", "HTML"),
    "progress.report.done": ("Отчёт сформирован", "Report ready"),
    # --- end of progress page ---
}


def t(key: str, lang: str | None = DEFAULT_LANG) -> str:
    """The text for ``key`` in ``lang`` (Russian when unknown); the key itself when missing.

    Falling back to the key keeps a page usable if a later page forgets an entry, and the
    unit test over the table catches it before review.
    """
    pair = TEXT.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def norm_lang(lang: object) -> str:
    """A language code from a store or URL value; anything unknown means the default."""
    return lang if isinstance(lang, str) and lang in LANGS else DEFAULT_LANG
