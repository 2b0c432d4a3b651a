"""The components of the position review page (docs/domain.md §8): both wordings side by side
with each country's records and colours, what a merge would change, and the buttons with the
reason when one is refused to the planner. The service checks every change again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from svetofor.auth import User
from svetofor.messages import format_datetime, format_number, render
from svetofor.model import SCOPES, Record
from svetofor.palette import colour_word, scope_word
from svetofor.services.positions import MergePreview, Right, may_answer, merge_right
from svetofor.ui import review as rv
from svetofor.ui.i18n import t

MAX_SHOWN = 20  # each card computes a merge's preview: the rest wait for these to be settled


def _badges(colours: Mapping[str, str], lang: str) -> html.Div:
    return html.Div(
        [
            html.Span(
                f"{scope_word(s, lang)}: {colour_word(colours[s], lang)}",
                className=f"badge sv-{colours[s]} me-1 sv-pos-colour sv-pos-{s}",
            )
            for s in SCOPES
            if s in colours
        ],
        className="mb-1",
    )


def _records(view: Any, records: Sequence[Record], lang: str) -> html.Table:
    enterprises = view.dataset.enterprises
    rows = [
        html.Tr(
            [
                html.Td(scope_word(r.country, lang)),
                html.Td(enterprises[r.enterprise_key].name if r.enterprise_key in enterprises else "—"),
                html.Td(rv.record_facts([r], lang)),
            ]
        )
        for r in records
    ]
    if not rows:
        rows = [html.Tr(html.Td(t("positions.no_records", lang), className="text-muted"))]
    return html.Table(html.Tbody(rows), className="table table-sm small mb-0")


def side(
    view: Any, key: str, countries: frozenset[str], by_item: Mapping[str, list[Record]], lang: str
) -> dbc.Col:
    """One wording: its name, identity, the lists that hold it, its colours and records."""
    item = view.dataset.items[key]
    colours = {s: c.colour for s, c in view.statuses.get(key, {}).items()}
    facts = [
        f"{t('positions.key', lang)}: {key}",
        f"{t('positions.code', lang)}: {item.code or '—'}",
        f"{t('positions.hs', lang)}: {item.hs_code or '—'}",
        f"{t('positions.lists', lang)}: {', '.join(scope_word(c, lang) for c in sorted(countries)) or '—'}",
    ]
    lines: list[Any] = []
    for fact in facts:
        lines += [fact, html.Br()]
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.H3(item.name, className="h6 sv-pos-name"),
                    html.P(lines[:-1], className="small text-muted mb-1"),
                    _badges(colours, lang),
                    html.Strong(t("positions.records", lang), className="small"),
                    _records(view, by_item.get(key, []), lang),
                ]
            ),
            className="h-100",
        ),
        md=6,
    )


def change(preview: MergePreview, lang: str) -> html.Div:
    """What the merge would change: the merged row's colours, the warnings raised and settled."""

    def listed(warnings: Sequence[Any], cls: str) -> html.Ul:
        return html.Ul(
            [
                html.Li(f"{t(f'import.wkind.{w.kind}', lang)}: {render(w.rule, lang)}", className=cls)
                for w in warnings
            ]
            or [html.Li(t("positions.change.no_warnings", lang), className="text-muted")],
            className="small mb-1",
        )

    return html.Div(
        [
            html.Strong(t("positions.change.title", lang), className="small"),
            _badges(preview.after, lang),
            html.Div(t("positions.change.raised", lang), className="small"),
            listed(preview.new_warnings, "sv-pos-new-warning"),
            html.Div(t("positions.change.settled", lang), className="small"),
            listed(preview.gone_warnings, "sv-pos-gone-warning"),
        ],
        className="border rounded p-2 mt-2 sv-pos-change",
    )


def merge_note(actor: User, right: Right | None, lang: str) -> str:
    """Why the merge button is refused, or what pressing it will do; "" for a plain merge."""
    if right == "propose":
        return t("positions.why.propose", lang)
    if right is None:
        if actor.country is None:
            return t("positions.why.role", lang, role=t(f"role.{actor.role}", lang))
        return t("positions.why.other_country", lang)
    return ""


def controls(
    n: int, names: Sequence[str], code: str | None, right: Right | None, actor: User, lang: str
) -> html.Div:
    """Choose the surviving name and code; merge (or propose) and dismiss."""
    note = merge_note(actor, right, lang)
    may_dismiss = right is not None
    return html.Div(
        [
            dbc.RadioItems(
                id={"type": "pos-keep", "pair": n},
                options=[{"label": name, "value": i} for i, name in enumerate(names)],
                value=0,
                inline=True,
                className="small",
            ),
            dbc.InputGroup(
                [
                    dbc.InputGroupText(t("positions.name", lang)),
                    dbc.Input(id={"type": "pos-name", "pair": n}, placeholder=t("positions.name.hint", lang)),
                    dbc.InputGroupText(t("positions.code", lang)),
                    dbc.Input(
                        id={"type": "pos-code", "pair": n}, value=code or "", style={"maxWidth": "9em"}
                    ),
                ],
                size="sm",
                className="my-1",
            ),
            dbc.Button(
                t("positions.propose" if right == "propose" else "positions.merge", lang),
                id={"type": "pos-merge", "pair": n},
                color="primary",
                size="sm",
                disabled=right is None,
                title=note or None,
                className="me-2",
            ),
            dbc.Button(
                t("positions.dismiss", lang),
                id={"type": "pos-dismiss", "pair": n},
                color="outline-secondary",
                size="sm",
                disabled=not may_dismiss,
                title=None if may_dismiss else note,
            ),
            html.Div(note, className="small text-muted mt-1 sv-why") if note else None,
        ]
    )


def proposal_item(n: int, p: Any, actor: User, countries: frozenset[str], lang: str) -> html.Li:
    """A pending proposal with confirm and reject (or withdraw for its author)."""
    answer = may_answer(actor, p, countries)
    own = actor.name == p.author
    why = "" if answer else t("positions.why.own_proposal" if own else "positions.why.confirm", lang)
    return html.Li(
        [
            t(
                "positions.proposal",
                lang,
                merged=p.merged_name or p.merged_key,
                surviving=p.surviving_name or p.surviving_key,
                author=p.author,
                at=format_datetime(p.at),
            ),
            " ",
            dbc.Button(
                t("positions.confirm", lang),
                id={"type": "pos-confirm", "n": n},
                color="success",
                size="sm",
                disabled=not answer,
                title=why or None,
                className="ms-1",
            ),
            dbc.Button(
                t("positions.withdraw" if own else "positions.reject", lang),
                id={"type": "pos-reject", "n": n},
                color="outline-danger",
                size="sm",
                disabled=not (answer or own),
                className="ms-1",
            ),
            html.Div(why, className="small text-muted sv-why") if why else None,
        ],
        className="sv-pos-proposal mb-2",
    )


def merge_item(n: int, m: Any, actor: User, countries: frozenset[str], lang: str) -> html.Li:
    """A stored merge with its undo button (refused, with the reason, to who may not)."""
    allowed = merge_right(actor, countries) == "merge"
    why = "" if allowed else t("positions.why.unmerge", lang)
    by = (
        m.author
        if m.confirmed_by is None
        else t("positions.confirmed", lang, author=m.author, by=m.confirmed_by)
    )
    return html.Li(
        [
            html.Span(f"«{m.merged_name or m.merged_key}»", title=m.merged_key, className="sv-merged-name"),
            f" {t('positions.merged_into', lang)} «{m.name or m.surviving_name or m.surviving_key}» "
            f"({by}, {format_datetime(m.at)}) ",
            dbc.Button(
                t("positions.undo", lang),
                id={"type": "pos-undo", "n": n},
                color="link",
                size="sm",
                disabled=not allowed,
                title=why or None,
            ),
            html.Span(why, className="small text-muted sv-why") if why else None,
        ],
        className="sv-pos-merge",
    )


def score_text(score: float, lang: str) -> str:
    return format_number(round(score, 2), lang)
