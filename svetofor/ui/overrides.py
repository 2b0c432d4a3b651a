"""The one override path of the UI, shared by the diagram and the table view.

Each function takes the service and plain values and returns plain values or components, so the
callbacks stay one-liners and the unit tests drive the same code the browser does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dash import html

from svetofor import palette
from svetofor.auth import OVERRIDE, PermissionDenied, User, can
from svetofor.diagram import DiagramFilter, filter_rows, totals
from svetofor.model import SCOPES
from svetofor.store import ConflictError
from svetofor.ui import diagram_view as dv
from svetofor.ui.i18n import render, t


@dataclass
class Outcome:
    """``error`` is a translation key when the change was refused, else ``None``."""

    error: str | None = None
    override: Any = None
    conflict: bool = False  # the cell changed underneath: ``current`` is what it is now
    current: Any = None
    denied: PermissionDenied | None = None  # the service's refusal (who, role, what)


@dataclass
class CellDetails:
    title: str
    info: list
    history: list
    colour: str | None  # preselected in the dialog: the cell's current colour if settable
    target: dict  # what the dialog acts on: item, scope and the override version it saw


def find_row(rows: list, item_key: str) -> Any | None:
    return next((r for r in rows if r.item.key == item_key), None)


def expected_version(cell: Any) -> int:
    """The version the planner saw: the override's, or 0 for "no override" (the store's rule)."""
    return cell.override.version if cell.override is not None else 0


def cell_info(row: Any, scope: str, lang: str) -> list:
    cell = row.cells[scope]
    computed = cell.computed
    info: list = [
        html.P(
            [
                html.Strong(f"{t('cell.computed', lang)}: "),
                html.Span(dv.icon(computed.colour, lang), className=f"sv-chip sv-{computed.colour} me-1"),
                " ",
                t(f"colour.{computed.colour}", lang),
            ],
            className="mb-1",
        ),
        html.P(
            [html.Strong(f"{t('cell.why', lang)}: "), render(computed.explanation, lang)],
            className="mb-1 sv-why",
        ),
    ]
    if row.enterprises:
        info.append(
            html.P(
                [html.Strong(f"{t('cell.enterprises', lang)}: "), ", ".join(row.enterprises)],
                className="mb-1 small",
            )
        )
    ov = cell.override
    if ov is None:
        info.append(html.P(t("cell.override.none", lang), className="text-muted mb-0 sv-override-info"))
    else:
        info.append(
            html.Div(
                [
                    html.Strong(f"{t('cell.override', lang)}: "),
                    html.Span(dv.icon(ov.colour, lang), className=f"sv-chip sv-{ov.colour} me-1"),
                    t(f"colour.{ov.colour}", lang),
                    html.Br(),
                    f"{t('cell.override.reason', lang)}: ",
                    html.Q(ov.reason, className="sv-override-reason"),
                    html.Br(),
                    f"{t('cell.override.by', lang)}: {ov.author}, {t('cell.override.at', lang)}: "
                    f"{dv.format_time(ov.created_at)}",
                ]
                + (
                    [
                        html.Div(
                            f"{palette.STALE_MARK} {t('diagram.stale.marker', lang)}",
                            className="text-danger fw-bold",
                        )
                    ]
                    if cell.stale
                    else []
                ),
                className="sv-override-info",
            )
        )
    return info


def history_lines(events: list, lang: str) -> list:
    lines = []
    for e in events:
        what = t(f"colour.{e.colour}.short", lang) if e.colour else t("cell.history.cleared", lang)
        lines.append(
            html.Li(
                [
                    html.Span(dv.format_time(e.at), className="text-muted me-2"),
                    html.Strong(e.author),
                    f": {what}",
                    f" — {e.reason}" if e.reason else "",
                ],
                className="sv-history-entry" + (" text-decoration-line-through" if e.undone else ""),
            )
        )
    return lines or [html.Li(t("cell.history.empty", lang), className="text-muted")]


def cell_details(svc: Any, item_key: str, scope: str, lang: str) -> CellDetails | None:
    row = find_row(svc.view().rows, item_key)
    if row is None or scope not in row.cells:
        return None
    cell = row.cells[scope]
    title = f"{row.item.name} — {t(f'scope.{scope}.long', lang)}"
    history = history_lines(svc.override_history(item_key, scope), lang)
    colour = cell.colour if cell.colour != "none" else None
    target = {"item": item_key, "scope": scope, "version": expected_version(cell)}
    return CellDetails(title, cell_info(row, scope, lang), history, colour, target)


def apply(svc: Any, target: dict, colour: str | None, reason: str | None, *, user: str) -> Outcome:
    """Store an override for the target cell, or say why not (no colour, no reason, conflict)."""
    error = dv.validate_override(colour, reason)
    if error:
        return Outcome(error)
    try:
        ov = svc.set_override(
            target["item"],
            target["scope"],
            colour,
            (reason or "").strip(),
            user=user,
            expected_version=target.get("version"),
        )
    except ConflictError as conflict:
        return Outcome("error.conflict", conflict=True, current=conflict.current)
    except PermissionDenied as denied:
        return Outcome("error.denied", denied=denied)
    except ValueError:
        return Outcome("error.failed")
    return Outcome(None, ov)


def clear(svc: Any, target: dict, *, user: str) -> Outcome:
    try:
        svc.clear_override(target["item"], target["scope"], user=user, expected_version=target.get("version"))
    except ConflictError as conflict:
        return Outcome("error.conflict", conflict=True, current=conflict.current)
    except PermissionDenied as denied:
        return Outcome("error.denied", denied=denied)
    except ValueError:
        return Outcome("error.failed")
    return Outcome()


DENIED_ACTIONS = ("override", "review", "import", "snapshot", "merge", "users")


def denied_text(denied: PermissionDenied, lang: str) -> str:
    """A refusal in the planner's language: what was refused, for which country, and the role
    they have. One without these details (an unknown user) gets the general sentence."""
    if denied.action not in DENIED_ACTIONS or denied.user is None:
        return t("error.denied", lang)
    scopes = [s for s in (denied.scope or "").split(", ") if s]
    return t(
        f"error.denied.{denied.action}",
        lang,
        scope=", ".join(t(f"scope.{s}.long", lang) for s in scopes),
        role=t(f"role.{denied.user.role}", lang),
    )


def editable_scopes(user: User) -> tuple[str, ...]:
    """The scopes whose cells ``user`` may recolour: what the page offers to change. The
    service checks again on every change, so this only spares a planner a refusal."""
    return tuple(scope for scope in SCOPES if can(user, OVERRIDE, scope))


def readonly_note(user: User, scope: str, lang: str) -> str:
    """Why the dialog of a ``scope`` cell offers no change to ``user``, or ``""`` if it does."""
    if can(user, OVERRIDE, scope):
        return ""
    return t("cell.readonly", lang, scope=t(f"scope.{scope}.long", lang), role=t(f"role.{user.role}", lang))


def error_text(outcome: Outcome, lang: str) -> str:
    """What the dialog says about a refused change. A conflict names who changed the cell, when
    and to what; the target then carries the new version (see ``conflict_target``), so pressing
    Save again overwrites knowingly and Close cancels: nothing is overwritten silently."""
    if outcome.conflict:
        ov = outcome.current
        if ov is None:
            return t("cell.conflict.cleared", lang)
        return t(
            "cell.conflict",
            lang,
            author=ov.author,
            at=dv.format_time(ov.created_at),
            colour=t(f"colour.{ov.colour}.short", lang),
        )
    if outcome.denied is not None:
        return denied_text(outcome.denied, lang)
    return t(outcome.error or "error.failed", lang)


def conflict_target(target: dict, outcome: Outcome) -> dict:
    """The dialog's target after a conflict: the version the planner has now been shown."""
    current = outcome.current
    return {**target, "version": current.version if current is not None else 0}


def undo_last(svc: Any, *, user: str) -> tuple[Any, str]:
    """Undo ``user``'s last override change: (the undo event or ``None``, translation key of
    what happened). Another planner's later change of that cell refuses the undo."""
    try:
        event = svc.undo_last_override(user)
    except ConflictError:
        return None, "diagram.undo.conflict"
    return event, ("diagram.undo.done" if event is not None else "diagram.undo.none")


def refreshed_cell(svc: Any, target: dict, query: str | None, lang: str) -> tuple[Any, dict]:
    """The re-rendered cell of ``target`` and the totals under the page's current filter."""
    from urllib.parse import parse_qsl

    rows = svc.view().rows
    flt = DiagramFilter.from_query(dict(parse_qsl((query or "").lstrip("?"))))
    row = find_row(rows, target["item"])
    cell = dv.render_cell(target["item"], target["scope"], row.cells[target["scope"]], lang) if row else None
    return cell, totals(filter_rows(rows, flt))
