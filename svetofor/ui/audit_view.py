"""Helpers of the audit log page (:mod:`svetofor.ui.pages.audit`): filter controls to store
queries, before → after as text, the table. The exported files are :mod:`svetofor.audit_export`.
Plain functions, tested without an app or a browser."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from svetofor.audit_text import NO_NAMES, Names, describe
from svetofor.ui.i18n import t

SHOWN = 500  # rows on the page; the exported file holds up to EXPORTED
EXPORTED = 100_000
ACTION_GROUPS = (
    "import",
    "revert",
    "reapply",
    "override",
    "review",
    "merge",
    "unmerge",
    "dismiss",
    "snapshot",
    "user",
    "login",
    "logout",
)


def parse_day(value: object) -> date | None:
    """A ``YYYY-MM-DD`` from a date input, else ``None`` (a half-typed date filters nothing)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def query_of(user: object, action: object, target: object, since: object, until: object) -> dict[str, Any]:
    """Keyword arguments of ``Store.audit.entries`` from the filter controls; ``until`` includes its day."""
    start, end = parse_day(since), parse_day(until)
    return {
        "user": user if isinstance(user, str) and user else None,
        "action": action if action in ACTION_GROUPS else None,
        "target": target.strip() if isinstance(target, str) and target.strip() else None,
        "since": datetime(start.year, start.month, start.day, tzinfo=UTC) if start else None,
        "until": datetime(end.year, end.month, end.day, tzinfo=UTC) + timedelta(days=1) if end else None,
    }


def state_text(value: Any) -> str:
    """A before/after value as one line: ``colour: red; reason: …`` for a dict, JSON otherwise."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(
            f"{k}: {state_text(v) if isinstance(v, dict | list) else v}" for k, v in value.items()
        )
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def action_label(action: str, lang: str) -> str:
    group = action.split(".", 1)[0]
    label = t(f"audit.action.{group}", lang)
    if label.startswith("audit.action."):
        return action
    return f"{label} ({action})" if "." in action else label


def format_at(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def names_of(dataset: Any) -> Names:
    """Position and enterprise names of the current data, to show the entries' keys by."""
    if dataset is None:
        return NO_NAMES
    return Names(
        {key: item.name for key, item in dataset.items.items()},
        {key: e.name for key, e in dataset.enterprises.items()},
    )


def render_table(entries: list, lang: str, names: Names = NO_NAMES) -> Any:
    """Entries in words (svetofor.audit_text, as the export words them): the action, the cell
    by its position's name and country, the change, local time; the stored states stay in the
    change's tooltip for whoever needs them exactly."""
    if not entries:
        return html.P(t("audit.empty", lang), className="text-muted", id="audit-empty")
    head = [t(k, lang) for k in ("audit.at", "audit.user", "audit.action", "audit.target")]
    head.append(t("screen.audit.change", lang))
    rows = []
    for e in entries:
        words = describe(e, names, lang)
        stored = f"{t('audit.before', lang)}: {state_text(e.before)}\n{t('audit.after', lang)}: {state_text(e.after)}"
        rows.append(
            html.Tr(
                [
                    html.Td(words.at, className="text-nowrap"),
                    html.Td(words.user),
                    html.Td(words.action, title=e.action),
                    html.Td(words.target, className="text-break", title=e.target),
                    html.Td(words.change, className="small text-break", title=stored),
                ],
                className="sv-audit-row",
            )
        )
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)],
        size="sm",
        striped=True,
        bordered=True,
        className="small",
        id="audit-table",
    )
