"""Pure helpers of the localisation page: the grid rows of machines and their components (the
"Union machine tool" aim), the list of machines a red component blocks, and the cooperation
opportunities. They read the service's view only, so they are tested without an app."""

from __future__ import annotations

from typing import Any

from svetofor import palette
from svetofor.model import effective_colour
from svetofor.ui.i18n import t
from svetofor.ui.review import diagram_link


def item_name(view: Any, key: str) -> str:
    item = view.dataset.items.get(key)
    return item.name if item is not None else key


def markdown_link(view: Any, key: str) -> str:
    """A grid cell's markdown link to the position in the diagram (brackets would break it)."""
    name = item_name(view, key).replace("[", "(").replace("]", ")")
    return f"[{name}]({diagram_link(key)})"


def union_colour(view: Any, key: str) -> str:
    """The UNION colour the diagram shows (:func:`svetofor.model.effective_colour`)."""
    return effective_colour(view.statuses.get(key, {}).get("UNION"), view.overrides.get((key, "UNION")))


def localisation_rows(view: Any, lang: str) -> list[dict]:
    """One row per machine with components: those not localisable first, then by share."""
    rows = []
    for machine, loc in view.localisation.items():
        comps = [
            f"{item_name(view, c)} ({palette.letter(union_colour(view, c), lang)})" for c in loc.components
        ]
        rows.append(
            {
                "id": machine,
                "machine": item_name(view, machine),
                "position": markdown_link(view, machine),
                "share": round(loc.share * 100),
                "components": "; ".join(comps),
                "blocking": "; ".join(item_name(view, c) for c in loc.blocking),
                "localisable": t("common.yes" if loc.localisable else "common.no", lang),
            }
        )
    rows.sort(key=lambda r: (r["blocking"] == "", r["share"]))
    return rows


def cooperation_rows(view: Any, lang: str) -> list[dict]:
    """One row per position red or yellow in one country and green in the other."""
    return [
        {
            "id": str(n),
            "position": markdown_link(view, c.item_key),
            "name": item_name(view, c.item_key),
            "needs": t(f"scope.{c.country}", lang),
            "colour": f"{palette.letter(c.colour, lang)} {t(f'colour.{c.colour}.short', lang)}",
            "partner": t(f"scope.{c.partner}", lang),
            "producers": ", ".join(c.producers),
            "capacity": c.capacity,
        }
        for n, c in enumerate(view.cooperation)
    ]


def blocked_machines(view: Any) -> list[tuple[str, str, list[str]]]:
    """(machine key, its name, the names of the components blocking it) for every machine that
    cannot be localised in the Union."""
    return [
        (key, item_name(view, key), [item_name(view, c) for c in loc.blocking])
        for key, loc in view.localisation.items()
        if not loc.localisable
    ]


__all__ = [
    "blocked_machines",
    "cooperation_rows",
    "item_name",
    "localisation_rows",
    "markdown_link",
    "union_colour",
]
