"""The lines of a re-importable list sheet: shared by the diagram export (its "Перечень" sheet)
and the ministry template (``svetofor/template_xlsx.py``), so a file of either kind reads back
through the same headers and words (docs/domain.md §3)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from svetofor import xlsx_layout as layout
from svetofor.diagram import DiagramRow
from svetofor.messages import text
from svetofor.model import Dataset, Item, Record

FIELDS: tuple[str, ...] = (
    "item_code",
    "item",
    "kind",
    "group",
    "hs_code",
    "used_in",
    "country",
    "enterprise",
    "tax_id",
    "existing",
    "capacity",
    "demand",
    "action",
    "launch_year",
    "note",
)
# Header words the reader maps to fields (docs/domain.md §3): the import page's own field names,
# except where the ministries' lists are better recognised by a longer header.
_OWN_HEADERS = ("hs_code", "capacity", "demand", "launch_year")
_VALUE_IDS = {
    "new": "export.value.new",
    "modernise": "warnings.fact.modernise",
    "BY": "country.BY.long",
    "RU": "country.RU.long",
    "machine": "export.value.machine",
    "component": "export.value.component",
    "tool": "export.value.tool",
}


def list_header(field: str, lang: str) -> str:
    return text(f"export.header.{field}" if field in _OWN_HEADERS else f"import.field.{field}", lang)


def list_value(value: str | None, lang: str) -> str | None:
    """A list value in words the reader's vocabulary reads back; an unknown kind as written."""
    if value is None:
        return None
    key = _VALUE_IDS.get(value)
    return text(key, lang) if key is not None else value


def _by_item(records: Iterable[Record]) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for r in records:
        out.setdefault(r.item_key, []).append(r)
    return out


def list_lines(
    rows: Sequence[DiagramRow], dataset: Dataset, countries: Sequence[str] | None = None
) -> Iterator[tuple[DiagramRow, str, Record | None]]:
    """The list sheet's lines: each position's records (in ``countries``, default all), and a
    line without a producer where a country has demand or the position would else vanish."""
    records = _by_item(dataset.records)
    known: list[str] = [c for c in ("BY", "RU") if c in dataset.countries]
    wanted = tuple(countries or ("BY", "RU"))
    for row in rows:
        item = row.item
        lines: list[tuple[str, Record | None]] = [
            (rec.country, rec) for rec in records.get(item.key, []) if rec.country in wanted
        ]
        for country in [c for c in known if c in wanted]:
            # A country's demand needs a row even where that country has no producer.
            if (item.key, country) in dataset.demand and not any(c == country for c, _ in lines):
                lines.append((country, None))
        if not lines:
            # The position must still exist on re-import: a row with no producer, in a country
            # that has data, keeps it red there exactly as now.
            lines.append((wanted[0] if countries else (known[0] if known else "BY"), None))
        lines.sort(key=lambda line: ("BY", "RU").index(line[0]))
        for country, rec in lines:
            yield row, country, rec


def list_cells(item: Item, country: str, rec: Record | None, dataset: Dataset, lang: str) -> dict[str, Any]:
    """The values of one list line by field, in words the reader reads back."""
    enterprise = dataset.enterprises.get(rec.enterprise_key) if rec and rec.enterprise_key else None
    return {
        "item_code": item.code,
        "item": item.name,
        "kind": list_value(item.kind, lang),
        "group": item.group,
        "hs_code": item.hs_code,
        "used_in": "; ".join(item.used_in) or None,
        "country": list_value(country, lang),
        "enterprise": enterprise.name if enterprise else None,
        "tax_id": enterprise.tax_id if enterprise else None,
        "existing": text("common.yes" if rec is not None and rec.existing else "common.no", lang),
        "capacity": layout.whole(rec.capacity) if rec else None,
        "demand": layout.whole(dataset.demand.get((item.key, country))),
        "action": list_value(rec.action, lang) if rec is not None else None,
        "launch_year": rec.launch_year if rec else None,
        "note": rec.note if rec else None,
    }
