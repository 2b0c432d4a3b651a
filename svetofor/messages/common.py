"""Words every area uses: yes/no, countries, colours, kinds."""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    "common.yes": ("да", "yes"),
    "common.no": ("нет", "no"),
    "common.unknown": ("?", "?"),
    "country.BY": ("РБ", "BY"),
    "country.RU": ("РФ", "RU"),
    "country.UNION": ("Союз", "Union"),
    "country.BY.long": ("Беларусь", "Belarus"),
    "country.RU.long": ("Россия", "Russia"),
    "country.UNION.long": ("Союзное государство", "Union State"),
    "colour.green.short": ("зелёный", "green"),
    "colour.yellow.short": ("жёлтый", "yellow"),
    "colour.red.short": ("красный", "red"),
    "colour.none.short": ("н/д", "n/a"),
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
}
