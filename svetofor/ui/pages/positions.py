"""Same position? suggestions side by side (docs/domain.md §8): merge under the chosen name and
code (an alias for this and every later import, undoable here), propose it when the other
country's position is involved, confirm or reject a proposal, or dismiss (never suggested again)."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html

from svetofor.auth import PermissionDenied
from svetofor.messages import render
from svetofor.model import Record
from svetofor.services.positions import merge_right
from svetofor.ui import positions_view as pv
from svetofor.ui.context import current_actor, current_user, service
from svetofor.ui.i18n import norm_lang, t

dash.register_page(  # type: ignore[no-untyped-call]
    __name__, path="/positions", order=4, nav_key="positions.nav", title="Светофор — позиции"
)


def _order(view: Any, holders: dict[str, frozenset[str]], a: str, b: str) -> list[str]:
    """Belarus's wording on the left, Russia's on the right (as the diagram's columns)."""
    return sorted((a, b), key=lambda k: (min(holders.get(k) or {"ZZ"}), view.dataset.items[k].order))


def _cards(svc: Any, view: Any, lang: str) -> tuple[list[Any], list[list[str]]]:
    actor = current_actor()
    found = svc.position_suggestions()
    by_item: dict[str, list[Record]] = {}
    for r in view.dataset.records:
        by_item.setdefault(r.item_key, []).append(r)
    cards: list[Any] = []
    pairs: list[list[str]] = []
    for n, s in enumerate(found[: pv.MAX_SHOWN]):
        holders = {k: svc.position_countries(k) for k in (s.a_key, s.b_key)}
        left, right = _order(view, holders, s.a_key, s.b_key)
        pairs.append([left, right])
        items = view.dataset.items
        preview = svc.preview_position_merge(left, right)
        code = items[left].code or items[right].code
        allowed = merge_right(actor, holders[left] | holders[right])
        header = f"{render(s.reason, lang)} ({t('positions.score', lang)} {pv.score_text(s.score, lang)})"
        body = [
            dbc.Row(
                [pv.side(view, k, holders[k], by_item, lang) for k in (left, right)],
                className="g-2",
            ),
            pv.change(preview, lang),
            pv.controls(n, [items[left].name, items[right].name], code, allowed, actor, lang),
        ]
        cards.append(
            dbc.Card(
                [dbc.CardHeader(header, className="small"), dbc.CardBody(body)],
                className="mb-3 sv-pos-suggestion",
            )
        )
    if not cards:
        cards = [html.P(t("positions.none", lang), className="text-muted")]
    elif len(found) > pv.MAX_SHOWN:
        cards.append(
            html.P(t("positions.more", lang, n=len(found) - pv.MAX_SHOWN), className="text-muted small")
        )
    return cards, pairs


def render_content(lang: str) -> tuple[list[Any], dict[str, Any]]:
    """The suggestion cards, pending proposals and stored merges; also what the buttons refer
    to by index (pairs, proposed and merged keys), so component ids stay plain numbers."""
    svc = service()
    view = svc.view()
    actor = current_actor()
    cards, pairs = _cards(svc, view, lang)
    proposals = svc.position_proposals()
    merges = svc.position_merges()
    pending = [
        pv.proposal_item(n, p, actor, svc.position_countries(p.surviving_key, p.merged_key), lang)
        for n, p in enumerate(proposals)
    ] or [html.Li(t("positions.proposals.none", lang), className="text-muted")]
    merged = [
        pv.merge_item(n, m, actor, svc.position_countries(m.merged_key), lang) for n, m in enumerate(merges)
    ] or [html.Li(t("positions.merges.none", lang), className="text-muted")]
    content = [
        html.H2(t("positions.proposals", lang), className="h5"),
        html.Ul(pending, className="small"),
        html.H2(t("positions.suggestions", lang), className="h5 mt-3"),
        *cards,
        html.H2(t("positions.merges", lang), className="h5 mt-4"),
        html.Ul(merged, className="small"),
    ]
    targets = {
        "pairs": pairs,
        "proposed": [p.merged_key for p in proposals],
        "merged": [m.merged_key for m in merges],
    }
    return content, targets


def layout(lang: str | None = None, **_query: object) -> html.Div:
    lang = norm_lang(lang)
    content, targets = render_content(lang)
    return html.Div(
        [
            dcc.Store(id="pos-lang", data=lang),
            dcc.Store(id="pos-targets", data=targets),
            html.H1(t("positions.title", lang), className="h3 mb-1"),
            html.P(t("positions.hint", lang), className="text-muted small"),
            dbc.Alert(id="pos-message", is_open=False, className="small"),
            html.Div(content, id="pos-content"),
        ]
    )


def _apply(
    trigger: dict[str, Any],
    targets: dict[str, Any],
    keep: list[Any],
    names: list[Any],
    codes: list[Any],
    lang: str,
) -> tuple[str, str]:
    """Do what the pressed button asks; the message and its colour."""
    svc = service()
    user = current_user()
    kind = trigger["type"]
    if kind == "pos-undo":
        svc.unmerge_position(targets["merged"][trigger["n"]], user=user)
        return t("positions.undone", lang), "info"
    if kind == "pos-confirm":
        svc.confirm_position_merge(targets["proposed"][trigger["n"]], user=user)
        return t("positions.confirmed.done", lang), "success"
    if kind == "pos-reject":
        svc.reject_position_merge(targets["proposed"][trigger["n"]], user=user)
        return t("positions.rejected", lang), "info"
    n = trigger["pair"]
    pair = targets["pairs"][n]
    if kind == "pos-dismiss":
        svc.dismiss_positions(pair, user=user)
        return t("positions.dismissed", lang), "info"
    side = int(keep[n] or 0)
    surviving, other = pair[side], pair[1 - side]
    items = svc.view().dataset.items
    name = (names[n] or "").strip() or items[surviving].name
    outcome = svc.merge_positions(
        surviving, other, user=user, name=name, code=(codes[n] or "").strip() or None
    )
    if outcome == "proposed":
        return t("positions.proposed", lang, merged=items[other].name, surviving=name), "info"
    return t("positions.merged.done", lang, merged=items[other].name, surviving=name), "success"


@dash.callback(
    Output("pos-content", "children"),
    Output("pos-targets", "data"),
    Output("pos-message", "children"),
    Output("pos-message", "color"),
    Output("pos-message", "is_open"),
    Input({"type": "pos-merge", "pair": ALL}, "n_clicks"),
    Input({"type": "pos-dismiss", "pair": ALL}, "n_clicks"),
    Input({"type": "pos-confirm", "n": ALL}, "n_clicks"),
    Input({"type": "pos-reject", "n": ALL}, "n_clicks"),
    Input({"type": "pos-undo", "n": ALL}, "n_clicks"),
    State({"type": "pos-keep", "pair": ALL}, "value"),
    State({"type": "pos-name", "pair": ALL}, "value"),
    State({"type": "pos-code", "pair": ALL}, "value"),
    State("pos-targets", "data"),
    State("pos-lang", "data"),
    prevent_initial_call=True,
)
def act(_merge, _dismiss, _confirm, _reject, _undo, keep, names, codes, targets, lang):  # type: ignore[no-untyped-def]
    lang = norm_lang(lang)
    trigger = ctx.triggered_id
    # re-rendered buttons arrive with n_clicks None: only a real click acts
    if trigger is None or not any(t_["value"] for t_ in ctx.triggered):
        return (dash.no_update,) * 5
    try:
        message, colour = _apply(trigger, targets or {}, keep, names, codes, lang)
    except PermissionDenied:
        message, colour = t("positions.denied", lang, role=t(f"role.{current_actor().role}", lang)), "danger"
    except (ValueError, IndexError, KeyError) as exc:
        message, colour = t("positions.error", lang, error=str(exc)), "danger"
    content, fresh = render_content(lang)
    return content, fresh, message, colour, True
