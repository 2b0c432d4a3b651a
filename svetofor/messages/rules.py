"""The rules' own sentences: why a cell has its colour (docs/domain.md §4, §7) and why a
duplication warning was raised (§5).

An explanation is one ``rules.why`` message whose ``parts`` are the sentences below, joined by
"; ". Enterprise names are data and pass through untranslated; countries are messages
(``country.BY``); years are strings, so they get no thousands separator.
"""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    "rules.why": ("{parts:; }", "{parts:; }"),
    "rules.unstated": ("правило не указано", "rule not stated"),
    # --- cell explanations
    "rules.no_data.country": ("нет данных по стране", "no data for this country"),
    "rules.no_data.union": ("нет данных ни по одной стране", "no data for either country"),
    "rules.red": ("нет производства и не планируется", "no production and none planned"),
    "rules.demand": ("потребность {demand}", "demand {demand}"),
    # the UNION demand is the sum of the countries' demands: "350 шт./год (РБ 300 + РФ 50)"
    "rules.demand.split": ("{total} ({parts: + })", "{total} ({parts: + })"),
    "rules.demand.part": ("{country} {n}", "{country} {n}"),
    "rules.covering.no_demand": (
        "производство есть, потребность не указана (мощность {capacity}: {names:; })",
        "production exists, demand not stated (capacity {capacity}: {names:; })",
    ),
    "rules.covering.no_demand.unknown": (
        "производство есть, потребность не указана ({names:; })",
        "production exists, demand not stated ({names:; })",
    ),
    "rules.capacity.unknown": (
        "мощность неизвестна (не указана: {names:; }), потребность {demand}",
        "capacity unknown (not stated: {names:; }), demand {demand}",
    ),
    "rules.capacity.covers": (
        "мощность {capacity} ≥ потребность {demand} ({producers})",
        "capacity {capacity} ≥ demand {demand} ({producers})",
    ),
    "rules.capacity.short": (
        "мощность {capacity} < потребность {demand} ({producers})",
        "capacity {capacity} < demand {demand} ({producers})",
    ),
    "rules.modernise": ("модернизация: {names:; }", "modernisation: {names:; }"),
    "rules.modernise.only": (
        "производство есть, требуется модернизация: {names:; }",
        "production exists, modernisation required: {names:; }",
    ),
    "rules.planned.only": (
        "нет производства; создание мощностей планируется: {names:; }",
        "no production; new capacity planned: {names:; }",
    ),
    "rules.planned": ("создание мощностей планируется: {names:; }", "new capacity planned: {names:; }"),
    "rules.zero": (
        "мощность 0 (не считается производством): {names:; }",
        "capacity 0 (not counted as production): {names:; }",
    ),
    "rules.neither": (
        "модернизация без производства не учтена: {names:; }",
        "modernisation without production not counted: {names:; }",
    ),
    # an enterprise in a listing: "ОАО Х (РБ, 2027, 100 шт./год)", "ОАО Х, 2027"
    "rules.name.details": ("{name} ({details})", "{name} ({details})"),
    "rules.name.year": ("{name}, {year}", "{name}, {year}"),
    "rules.name.anonymous": ("предприятие не определено", "producer not yet chosen"),
    "rules.name.unnamed": ("производитель не указан", "producer not named"),
    # --- duplication warnings
    "rules.parallel_new": (
        {
            "one": "Новые мощности создают {n} предприятие {where}: {facts:; }",
            "few": "Новые мощности создают {n} предприятия {where}: {facts:; }",
            "many": "Новые мощности создают {n} предприятий {where}: {facts:; }",
            "other": "Новые мощности создают {n} предприятия {where}: {facts:; }",
        },
        {
            "one": "{n} enterprise plans new capacity {where}: {facts:; }",
            "other": "{n} enterprises plan new capacity {where}: {facts:; }",
        },
    ),
    "rules.where.across": ("в разных странах", "in different countries"),
    "rules.where.one": ("в одной стране ({country})", "in one country ({country})"),
    "rules.partner_covers": (
        "В {country} планируется создание мощностей ({plans:; }), а в {partner} позиция зелёная — "
        "производство покрывает потребность: {producers:; }",
        "New capacity is planned in {country} ({plans:; }) while {partner} is green — "
        "its production covers the demand: {producers:; }",
    ),
    "rules.same_tax_id": (
        "Одинаковый ИНН/УНП {tax_id}: «{first}» и «{second}» ({country})",
        "Same tax id {tax_id}: “{first}” and “{second}” ({country})",
    ),
    "rules.similar_names": (
        "Похожие названия (сходство {score} %): «{first}» и «{second}» ({country})",
        "Similar names (similarity {score}%): “{first}” and “{second}” ({country})",
    ),
}
