"""The import history on the import page, with a revert (or re-apply) button per import and a
confirmation naming what will be restored (docs/domain.md §8).

Thin: the service lists the history (``import_history``), says what a revert would bring back
and why it may not be done now (``revert_summary``), and does it (``revert_import``,
``reapply_import``, permission-checked there). The buttons carry only the import's id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, html

from svetofor.auth import PermissionDenied
from svetofor.messages import MessageError, render
from svetofor.ui import importing as imp
from svetofor.ui.context import current_actor, current_user, service
from svetofor.ui.i18n import norm_lang, t
from svetofor.ui.overrides import denied_text

if TYPE_CHECKING:
    from svetofor.service import Svetofor
    from svetofor.services.imports import RevertSummary
    from svetofor.store import ImportEntry

_HEADS = (
    "history.id",
    "history.at",
    "history.user",
    "history.file",
    "history.hash",
    "history.countries",
    "history.counts",
    "importing.history.mode",
    "importing.history.state",
)
_MODE_IDS = {"replace": "importing.mode.replace", "update": "importing.mode.update"}


def _state_cell(entry: ImportEntry, lang: str, may: bool) -> list[Any]:
    cell: list[Any] = []
    if entry.reverted:
        when = imp.format_time(entry.reverted_at)
        cell.append(
            dbc.Badge(
                t("importing.history.reverted", lang, user=entry.reverted_by or "", at=when),
                color="secondary",
                className="me-2 imp-history-reverted",
            )
        )
    if entry.revertible and may:
        label = "importing.history.reapply" if entry.reverted else "importing.history.revert"
        cell.append(
            dbc.Button(
                t(label, lang),
                id={"type": "imp-revert", "id": entry.record.id},
                size="sm",
                # not "warning": yellow on white fails the WCAG AA contrast (axe-core)
                color="danger" if not entry.reverted else "secondary",
                outline=True,
                n_clicks=0,
                className="imp-revert",
            )
        )
    return cell


def history_table(lang: str, svc: Svetofor | None = None) -> html.Div | dbc.Table:
    """Every import, newest first: file, counts, mode, and its revert or re-apply button."""
    entries = (svc or service()).import_entries()
    if not entries:
        return html.P(t("history.empty", lang), className="text-muted small", id="imp-history-empty")
    actor = current_actor()
    rows = imp.history_rows(e.record for e in entries)
    body = []
    for entry, r in zip(entries, rows, strict=True):
        dup = r["duplicate_of"]
        file_cell: list[Any] = [r["file"]]
        if dup is not None:
            file_cell.append(
                dbc.Badge(
                    t("history.duplicate", lang, id=str(dup)), color="warning", className="ms-2 text-dark"
                )
            )
        may = imp.may_revert(actor, entry.record.countries)
        classes = "imp-history-row" + (" imp-history-duplicate" if dup is not None else "")
        body.append(
            html.Tr(
                [
                    html.Td(r["id"]),
                    html.Td(r["at"]),
                    html.Td(r["user"]),
                    html.Td(file_cell),
                    html.Td(html.Code(r["hash"])),
                    html.Td(r["countries"]),
                    html.Td(f"{r['items']} / {r['enterprises']} / {r['records']}"),
                    html.Td(t(_MODE_IDS[entry.mode], lang)),
                    html.Td(_state_cell(entry, lang, may)),
                ],
                className=classes + (" imp-history-is-reverted" if entry.reverted else ""),
            )
        )
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in _HEADS]))
    return dbc.Table([head, html.Tbody(body)], size="sm", bordered=True, hover=True, className="small")


def revert_dialog(lang: str) -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(id="imp-revert-title")),
            dbc.ModalBody(html.Div(id="imp-revert-body")),
            dbc.ModalFooter(
                [
                    dbc.Button(
                        t("importing.history.confirm", lang),
                        id="imp-revert-confirm",
                        color="warning",
                        n_clicks=0,
                    ),
                    dbc.Button(
                        t("import.cancel", lang),
                        id="imp-revert-cancel",
                        color="secondary",
                        outline=True,
                        n_clicks=0,
                    ),
                ]
            ),
        ],
        id="imp-revert-dialog",
        is_open=False,
    )


def confirmation(summary: RevertSummary, lang: str) -> tuple[str, list[Any], bool]:
    """(title, body, whether it may be confirmed) of the dialog for one import."""
    record = summary.entry.record
    params = {"id": str(record.id), "file": record.file_name}
    title = t(
        "importing.confirm.reapply.title"
        if summary.action == "reapply"
        else "importing.confirm.revert.title",
        lang,
        **params,
    )
    if summary.blocked is not None:
        return title, [html.P(render(summary.blocked, lang), id="imp-revert-blocked")], False
    restored = [
        html.Li(
            t(
                "importing.confirm.records",
                lang,
                country=t(f"scope.{country}.long", lang),
                n=n,
            )
        )
        for country, n in summary.records.items()
    ]
    lead = "importing.confirm.reapply" if summary.action == "reapply" else "importing.confirm.revert"
    body = [
        html.P(t(lead, lang, user=record.user, at=imp.format_time(record.at), **params)),
        html.Ul(restored, id="imp-revert-restores"),
        html.P(t("importing.confirm.kept", lang), className="small text-muted"),
    ]
    return title, body, True


def ask_revert(clicks: list[int], _cancel: int, lang: str) -> tuple[Any, ...]:
    """Open the confirmation for the import whose button was pressed."""
    trigger = ctx.triggered_id
    if trigger == "imp-revert-cancel" or not isinstance(trigger, dict) or not any(clicks):
        return False, dash.no_update, dash.no_update, dash.no_update, None
    summary = service().revert_summary(int(trigger["id"]))
    if summary is None:
        return False, dash.no_update, dash.no_update, dash.no_update, None
    title, body, may = confirmation(summary, norm_lang(lang))
    target = {"id": summary.entry.record.id, "action": summary.action}
    return True, title, body, not may, target


def do_revert(n_clicks: int, target: dict[str, Any] | None, lang: str) -> tuple[Any, ...]:
    """Revert or re-apply the confirmed import (the service checks the right and the order)."""
    lang = norm_lang(lang)
    if not n_clicks or not target:
        return (dash.no_update,) * 6
    svc = service()
    try:
        if target.get("action") == "reapply":
            entry = svc.reapply_import(int(target["id"]), user=current_user())
            done = "importing.done.reapply"
        else:
            entry = svc.revert_import(int(target["id"]), user=current_user())
            done = "importing.done.revert"
    except MessageError as refused:
        return False, history_table(lang, svc), dash.no_update, False, refused.text(lang), dash.no_update
    except PermissionDenied as denied:
        return (
            False,
            history_table(lang, svc),
            dash.no_update,
            False,
            denied_text(denied, lang),
            dash.no_update,
        )
    message = html.Span(
        t(done, lang, id=str(entry.record.id), file=entry.record.file_name), id="imp-revert-done"
    )
    # this tab made the change: no refresh banner for it (None: the next check re-bases)
    return False, history_table(lang, svc), message, True, "", None


def register_callbacks() -> None:
    """The dialog's callbacks, registered by the import page's module: page modules run again
    for every app (tests make several), while this one is imported once per process."""
    dash.callback(
        Output("imp-revert-dialog", "is_open"),
        Output("imp-revert-title", "children"),
        Output("imp-revert-body", "children"),
        Output("imp-revert-confirm", "disabled"),
        Output("imp-revert-target", "data"),
        Input({"type": "imp-revert", "id": ALL}, "n_clicks"),
        Input("imp-revert-cancel", "n_clicks"),
        State("imp-lang", "data"),
        prevent_initial_call=True,
    )(ask_revert)
    dash.callback(
        Output("imp-revert-dialog", "is_open", allow_duplicate=True),
        Output("imp-history", "children", allow_duplicate=True),
        Output("imp-result", "children", allow_duplicate=True),
        Output("imp-result", "is_open", allow_duplicate=True),
        Output("imp-refused", "children", allow_duplicate=True),
        Output("sv-fresh-seen", "data", allow_duplicate=True),
        Input("imp-revert-confirm", "n_clicks"),
        State("imp-revert-target", "data"),
        State("imp-lang", "data"),
        prevent_initial_call=True,
    )(do_revert)
