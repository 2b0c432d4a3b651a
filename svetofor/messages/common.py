"""Words every area uses: yes/no, countries and scopes, colours and their letters, kinds of
position, warning kinds, severities and review states, counts and quantities.

A word the diagram page, the image, the Excel file, the report and the command line all show
lives here once, so the five outputs cannot call one thing by two names.
"""

from __future__ import annotations

from svetofor.messages.core import Entry

_COUNTRIES: dict[str, Entry] = {
    "BY": ("РБ", "BY"),
    "RU": ("РФ", "RU"),
    "UNION": ("Союз", "Union"),
}
_COUNTRIES_LONG: dict[str, Entry] = {
    "BY": ("Беларусь", "Belarus"),
    "RU": ("Россия", "Russia"),
    "UNION": ("Союзное государство", "Union State"),
}

TEXT: dict[str, Entry] = {
    "common.yes": ("да", "yes"),
    "common.no": ("нет", "no"),
    "common.more": ("и ещё {n}", "and {n} more"),
    # A country in a sentence ("в РФ позиция зелёная") and a scope as a column or filter value
    # are the same word: one literal, two ids (the reading and rules areas say "country").
    **{f"country.{code}": entry for code, entry in _COUNTRIES.items()},
    **{f"country.{code}.long": entry for code, entry in _COUNTRIES_LONG.items()},
    **{f"scope.{code}": entry for code, entry in _COUNTRIES.items()},
    **{f"scope.{code}.long": entry for code, entry in _COUNTRIES_LONG.items()},
    "scope.ANY": ("любая из трёх", "any of the three"),
    # colours: the meaning (legend, hover), the short name (filters, counts) and the letter
    # that every cell carries so colour is never the only signal (docs/domain.md §4)
    "colour.green": ("производство есть", "production exists"),
    "colour.yellow": ("модернизация / в плане", "modernise / planned"),
    "colour.red": ("производства нет", "no production"),
    "colour.none": ("нет данных", "no data"),
    "colour.green.short": ("зелёный", "green"),
    "colour.yellow.short": ("жёлтый", "yellow"),
    "colour.red.short": ("красный", "red"),
    "colour.none.short": ("н/д", "n/a"),
    "colour.green.letter": ("З", "G"),
    "colour.yellow.letter": ("Ж", "Y"),
    "colour.red.letter": ("К", "R"),
    "colour.none.letter": ("н/д", "n/a"),
    # kinds of position and the group of positions without one
    "kind.machine": ("Станки и оборудование", "Machine tools"),
    "kind.component": ("Комплектующие", "Components"),
    "kind.tool": ("Инструмент", "Tooling"),
    "kind.other": ("Прочее", "Other"),
    "group.none": ("Без группы", "No group"),
    # duplication warnings (docs/domain.md §5): kind, severity, review state
    "import.wkind.parallel-new": ("параллельное создание", "parallel new capacity"),
    "import.wkind.partner-covers": ("партнёр уже производит", "the partner already produces"),
    "import.wkind.same-enterprise?": ("одно предприятие?", "same enterprise?"),
    "import.severity.high": ("высокая", "high"),
    "import.severity.medium": ("средняя", "medium"),
    "import.severity.info": ("к сведению", "info"),
    "warnings.state.open": ("открыто", "open"),
    "warnings.state.accepted": ("принято", "accepted"),
    "warnings.state.resolved": ("снято", "resolved"),
    "warnings.state.gone": ("больше не действует", "no longer applies"),
    # counts and quantities
    "count.enterprises": (
        {
            "one": "{n} предприятие",
            "few": "{n} предприятия",
            "many": "{n} предприятий",
            "other": "{n} предприятия",
        },
        {"one": "{n} enterprise", "other": "{n} enterprises"},
    ),
    "count.positions": (
        {"one": "{n} позиция", "few": "{n} позиции", "many": "{n} позиций", "other": "{n} позиции"},
        {"one": "{n} position", "other": "{n} positions"},
    ),
    "count.cells": (
        {"one": "{n} ячейка", "few": "{n} ячейки", "many": "{n} ячеек", "other": "{n} ячейки"},
        {"one": "{n} cell", "other": "{n} cells"},
    ),
    "count.records": (
        {"one": "{n} запись", "few": "{n} записи", "many": "{n} записей", "other": "{n} записи"},
        {"one": "{n} record", "other": "{n} records"},
    ),
    "count.links": (
        {"one": "{n} связь", "few": "{n} связи", "many": "{n} связей", "other": "{n} связи"},
        {"one": "{n} link", "other": "{n} links"},
    ),
    "quantity.per_year": ("{n} шт./год", "{n} units/year"),
}
