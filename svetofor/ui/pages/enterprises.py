"""Same enterprise? suggestions side by side: merge (stored as an alias for this and future
imports, undoable here) or dismiss (never suggested again)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html

from svetofor.auth import MERGE, can
from svetofor.messages import format_datetime, msg
from svetofor.ui import review as rv
from svetofor.ui.actions import ActionResult
from svetofor.ui.actions import enterprises as actions
from svetofor.ui.context import current_actor, current_user, service
from svetofor.ui.i18n import norm_lang, render, t
from svetofor.ui.overrides import denied_text

dash.register_page(
    __name__, path="/enterprises", order=4, nav_key="nav.enterprises", title="Светофор — предприятия"
)


def suggestions(view) -> list:
    return [w for w in view.warnings if w.kind == "same-enterprise?"]


def _records_table(view, key: str, lang: str) -> html.Table:
    items = view.dataset.items
    rows = [
        html.Tr(
            [
                html.Td(items[r.item_key].name if r.item_key in items else r.item_key),
                html.Td(rv.record_facts([r], lang)),
            ]
        )
        for r in view.dataset.records
        if r.enterprise_key == key
    ]
    return html.Table(html.Tbody(rows), className="table table-sm small mb-0")


def _may_merge() -> bool:
    """Merging, unmerging and dismissing are the admin's (the service refuses anyone else)."""
    return can(current_actor(), MERGE)


def _side(view, key: str, pair: int, side: int, lang: str) -> dbc.Col:
    ent = view.dataset.enterprises.get(key)
    name = ent.name if ent is not None else key
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.H3(name, className="h6 sv-ent-name"),
                    html.P(
                        [
                            f"{t('enterprises.country', lang)}: {ent.country if ent else ''}",
                            html.Br(),
                            f"{t('enterprises.tax_id', lang)}: {(ent.tax_id if ent else None) or '—'}",
                            html.Br(),
                            html.Span(f"{t('enterprises.key', lang)}: {key}", className="text-muted"),
                        ],
                        className="small mb-1",
                    ),
                    html.Strong(t("enterprises.records", lang), className="small"),
                    _records_table(view, key, lang),
                    dbc.Button(
                        t("enterprises.keep", lang),
                        id={"type": "ent-keep", "pair": pair, "side": side},
                        color="primary",
                        size="sm",
                        disabled=not _may_merge(),
                        className="mt-2",
                    ),
                ]
            ),
            className="h-100",
        ),
        md=6,
    )


def render_content(lang: str) -> tuple[list, dict]:
    """The suggestion cards and the merges list; also what the buttons refer to by index (the
    enterprise pairs and merged keys), so component ids stay plain numbers."""
    svc = service()
    view = svc.view()
    found = suggestions(view)
    pairs = [list(w.enterprise_keys) for w in found]
    cards: list = []
    for n, w in enumerate(found):
        a, b = w.enterprise_keys[:2]
        cards.append(
            dbc.Card(
                [
                    dbc.CardHeader(render(w.rule, lang), className="small"),
                    dbc.CardBody(
                        [
                            dbc.Row(
                                [_side(view, a, n, 0, lang), _side(view, b, n, 1, lang)], className="g-2"
                            ),
                            dbc.Button(
                                t("enterprises.dismiss", lang),
                                id={"type": "ent-dismiss", "pair": n},
                                color="outline-secondary",
                                size="sm",
                                disabled=not _may_merge(),
                                className="mt-2",
                            ),
                        ]
                    ),
                ],
                className="mb-3 sv-suggestion",
            )
        )
    if not cards:
        cards = [html.P(t("enterprises.none", lang), className="text-muted")]
    names = {k: e.name for k, e in view.dataset.enterprises.items()}
    merge_info = svc.merge_info()
    merges = [
        html.Li(
            [
                # the merged enterprise is no longer in the view: its stored name, key on hover
                html.Span(
                    f"«{m.merged_name or m.merged_key}»",
                    title=m.merged_key,
                    className="me-1 sv-merged-name",
                    **{"data-key": m.merged_key},
                ),
                f"{t('enterprises.merge.into', lang)} "
                f"«{names.get(m.surviving_key) or m.surviving_name or m.surviving_key}» "
                f"({m.author}, {format_datetime(m.at)}) ",
                dbc.Button(
                    t("enterprises.undo", lang),
                    id={"type": "ent-undo", "n": n},
                    color="link",
                    size="sm",
                    disabled=not _may_merge(),
                ),
            ],
            className="sv-merge",
        )
        for n, m in enumerate(merge_info)
    ] or [html.Li(t("enterprises.merges.none", lang), className="text-muted")]
    # Disabled buttons say why: the role is told once, above them.
    why_not = (
        []
        if _may_merge()
        else [
            dbc.Alert(
                t("screen.merge.admin_only", lang, role=t(f"role.{current_actor().role}", lang)),
                id="ent-readonly",
                color="secondary",
                className="small py-2",
            )
        ]
    )
    content = [
        *why_not,
        *cards,
        html.H2(t("enterprises.merges", lang), className="h5 mt-4"),
        html.Ul(merges, className="small"),
    ]
    return content, {"pairs": pairs, "merged": [m.merged_key for m in merge_info]}


def layout(lang: str | None = None, **_query: object) -> html.Div:
    lang = norm_lang(lang)
    content, targets = render_content(lang)
    return html.Div(
        [
            dcc.Store(id="ent-lang", data=lang),
            dcc.Store(id="ent-targets", data=targets),
            html.H1(t("enterprises.title", lang), className="h3 mb-1"),
            html.P(t("enterprises.hint", lang), className="text-muted small"),
            dbc.Alert(id="ent-message", is_open=False, className="small"),
            html.Div(content, id="ent-content"),
        ]
    )


def _result_text(result: ActionResult, lang: str) -> str:
    return denied_text(result.denied, lang) if result.denied else render(result.message, lang)


def _run(trigger: dict, targets: dict) -> ActionResult:
    """The action a button stands for; the buttons carry indexes into ``targets``."""
    svc, user = service(), current_user()
    try:
        if trigger["type"] == "ent-undo":
            return actions.undo(svc, user, targets.get("merged", [])[trigger["n"]])
        pair = targets.get("pairs", [])[trigger["pair"]]
    except IndexError as exc:  # a button of a page older than the stored data
        return ActionResult(msg("enterprises.error", error=str(exc)), "danger", changed=False)
    if trigger["type"] == "ent-dismiss":
        return actions.dismiss(svc, user, pair)
    return actions.merge_group(svc, user, pair, pair[trigger["side"]])


@dash.callback(
    Output("ent-content", "children"),
    Output("ent-targets", "data"),
    Input({"type": "ent-keep", "pair": ALL, "side": ALL}, "n_clicks"),
    Input({"type": "ent-dismiss", "pair": ALL}, "n_clicks"),
    Input({"type": "ent-undo", "n": ALL}, "n_clicks"),
    State("ent-targets", "data"),
    State("ent-lang", "data"),
    prevent_initial_call=True,
)
def act(_keep, _dismiss, _undo, targets, lang):
    # re-rendered buttons arrive with n_clicks None: only a real click acts
    if ctx.triggered_id is None or not any(t_["value"] for t_ in ctx.triggered):
        raise dash.exceptions.PreventUpdate
    lang = norm_lang(lang)
    result = _run(ctx.triggered_id, targets or {})
    dash.set_props(
        "ent-message", {"children": _result_text(result, lang), "color": result.level, "is_open": True}
    )
    return render_content(lang)
