"""Pure helpers of the table view (dash-ag-grid): rows to grid data, and grid edits to the one
override path of :mod:`svetofor.ui.overrides`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from svetofor.model import SCOPES
from svetofor.palette import OVERRIDE_MARK
from svetofor.ui import diagram_view as dv
from svetofor.ui.i18n import t

EDITABLE_COLOURS = ("green", "yellow", "red")


def grid_row(row: Any, lang: str) -> dict:
    item = row.item
    data = {
        "id": item.key,
        "code": item.code or "",
        "name": item.name,
        "kind": dv.kind_label(item.kind, lang) if item.kind else "",
        "group": item.group or "",
        "enterprises": ", ".join(row.enterprises),
    }
    for scope in SCOPES:
        cell = row.cells[scope]
        data[scope] = cell.colour
        data[f"{scope}_override"] = cell.override is not None
        data[f"{scope}_version"] = cell.override.version if cell.override is not None else 0
        data[f"{scope}_title"] = dv.cell_title(cell, lang)
    return data


def grid_rows(rows: Sequence[Any], lang: str) -> list[dict]:
    return [grid_row(r, lang) for r in rows]


def _formatter(scope: str, lang: str) -> str:
    # dash-ag-grid evaluates this with its own expression parser: plain comparisons and
    # ternaries only (no object literals or String()). A saved override carries the diagram's
    # mark, as text, so a screen reader says it too.
    expr = "params.value"
    for colour in reversed(("green", "yellow", "red", "none")):
        label = f"{dv.icon(colour, lang)} {t(f'colour.{colour}.short', lang)}"
        expr = f"params.value == '{colour}' ? '{label}' : ({expr})"
    return f"({expr}) + (params.data && params.data.{scope}_override ? ' {OVERRIDE_MARK}' : '')"


def column_defs(lang: str, editable: Sequence[str] = SCOPES) -> list[dict]:
    """The grid's columns; only the status columns of ``editable`` scopes can be edited (the
    scopes the planner's role may recolour; the service checks again)."""
    text_cols = [
        {"field": "code", "headerName": t("table.code", lang), "width": 110},
        {"field": "name", "headerName": t("table.name", lang), "flex": 2, "minWidth": 220},
        {"field": "kind", "headerName": t("table.kind", lang), "width": 170},
        {"field": "group", "headerName": t("table.group", lang), "flex": 1, "minWidth": 160},
    ]
    status_cols = [
        {
            "field": scope,
            "headerName": t(f"scope.{scope}", lang),
            "editable": scope in editable,
            "width": 140,
            "cellEditor": "agSelectCellEditor",
            "cellEditorParams": {"values": list(EDITABLE_COLOURS)},
            "valueFormatter": {"function": _formatter(scope, lang)},
            "tooltipField": f"{scope}_title",
            "cellClassRules": {
                **{f"sv-{c}": f"params.value == '{c}'" for c in ("green", "yellow", "red", "none")},
                "sv-overridden": f"params.data.{scope}_override",
            },
        }
        for scope in SCOPES
    ]
    return [
        *text_cols,
        *status_cols,
        {"field": "enterprises", "headerName": t("table.enterprises", lang), "flex": 2},
    ]


def permission_note(role: str, editable: Sequence[str], lang: str) -> str:
    """What the page says about the status columns a planner may change ("" for all of them)."""
    if tuple(editable) == tuple(SCOPES):
        return ""
    if not editable:
        return t("table.readonly", lang, role=t(f"role.{role}", lang))
    scopes = ", ".join(t(f"scope.{s}", lang) for s in editable)
    return t("table.editable", lang, scopes=scopes, role=t(f"role.{role}", lang))


def edit_of(changes: Any) -> dict | None:
    """The status edit a ``cellValueChanged`` event describes, as the dialog's target, or
    ``None`` for anything that is not a change of a status column."""
    if isinstance(changes, list):
        changes = changes[-1] if changes else None
    if not isinstance(changes, dict):
        return None
    scope = changes.get("colId")
    data = changes.get("data") or {}
    if scope not in SCOPES or not data.get("id") or changes.get("value") == changes.get("oldValue"):
        return None
    return {
        "item": data["id"],
        "scope": scope,
        "version": data.get(f"{scope}_version", 0),
        "colour": changes.get("value"),
        "old": changes.get("oldValue"),
    }
