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
