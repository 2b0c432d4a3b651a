"""An audit log entry in words a planner reads: what was done, to what, and what changed.

The store keeps entries as the machine wrote them ("override.set", "М-31|BY", ``{"colour":
"yellow", "based_on": "red"}``, UTC). The audit page and the audit export both show them
through :func:`describe`: the action in words, a cell as its position's name and country, the
change as "красный → жёлтый; причина: …", the time local as dd.mm.yyyy HH:MM (in
the planners' time zone of ``svetofor.messages.local_timezone``). Pure: no store, no Dash.
An action this module does not know is shown as written, never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from svetofor.messages import format_datetime, join, text
from svetofor.palette import scope_word

# Actions with their own words (xlsx.py "audit.words.<action>"); the others by their group
# ("login.throttled" -> "login") or as written.
KNOWN_ACTIONS = (
    "import",
    "override.set",
    "override.clear",
    "override.undo",
    "review",
    "merge",
    "unmerge",
    "dismiss",
    "snapshot",
    "user.put",
    "user.remove",
    "login",
    "login.failed",
    "login.throttled",
    "logout",
)
_COLOURS = ("green", "yellow", "red", "none")


class Entry(Protocol):
    """What is read of an audit entry (``svetofor.store.audit.AuditEntry``)."""

    @property
    def at(self) -> datetime: ...
    @property
    def user(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def before(self) -> Any: ...
    @property
    def after(self) -> Any: ...


@dataclass(frozen=True)
class Names:
    """Names to show for keys: positions (item key -> name) and enterprises."""

    items: Mapping[str, str]
    enterprises: Mapping[str, str]


NO_NAMES = Names({}, {})


@dataclass(frozen=True)
class EntryText:
    """One entry in words, column by column (the page's table and the exports' rows)."""

    at: str
    user: str
    action: str
    target: str
    change: str


def action_words(action: str, lang: str) -> str:
    """The action in words: "цвет ячейки изменён" for ``override.set``; unknown: as written."""
    if action in KNOWN_ACTIONS:
        return text(f"audit.words.{action}", lang)
    return action


def _colour(value: object, lang: str) -> str:
    return text(f"colour.{value}.short", lang) if value in _COLOURS else str(value)


def cell_words(target: str, names: Names, lang: str) -> str:
    """``"М-31|BY"`` -> "Станки плоскошлифовальные с ЧПУ (М-31) — РБ"; a position no longer in
    the diagram by its key."""
    key, _, scope = target.partition("|")
    name = names.items.get(key)
    position = f"{name} ({key})" if name and name != key else key
    return f"{position} — {scope_word(scope, lang)}" if scope else position


def target_words(entry: Entry, names: Names, lang: str) -> str:
    """The target of an entry in words: a cell, an enterprise, a position, a file, a name."""
    action = entry.action
    if action.startswith("override."):
        return cell_words(entry.target, names, lang)
    if action in ("merge", "unmerge"):
        return names.enterprises.get(entry.target, entry.target)
    if action == "dismiss":
        keys = entry.after.get("keys", []) if isinstance(entry.after, dict) else []
        return join([names.enterprises.get(k, k) for k in keys], lang) if keys else entry.target
    return entry.target


def _override_change(entry: Entry, lang: str) -> str:
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    old = before.get("colour") or before.get("based_on") or after.get("based_on")
    new = after.get("colour")
    parts = []
    if old is not None or new is not None:
        shown = [_colour(c, lang) if c else text("audit.words.computed", lang) for c in (old, new)]
        parts.append(" → ".join(shown))
    if after.get("reason"):
        parts.append(text("audit.words.reason", lang, reason=str(after["reason"])))
    return "; ".join(parts)


def change_words(entry: Entry, names: Names, lang: str) -> str:
    """What changed, in words; empty where the action says it all (a sign-in)."""
    action, before, after = entry.action, entry.before, entry.after
    data = after if isinstance(after, dict) else {}
    if action.startswith("override."):
        return _override_change(entry, lang)
    if action == "import":
        counts = {k: int(data.get(k) or 0) for k in ("items", "enterprises", "records")}
        countries = ", ".join(scope_word(str(c), lang) for c in data.get("countries", []))
        return text("audit.words.import.counts", lang, countries=countries or "—", **counts)
    if action == "review":
        state = str(data.get("state", ""))
        words = text(f"warnings.state.{state}", lang) if state else ""
        reason = data.get("reason")
        return f"{words}; {text('audit.words.reason', lang, reason=str(reason))}" if reason else words
    if action == "merge":
        into = str(data.get("surviving", ""))
        return text("audit.words.merge.into", lang, name=names.enterprises.get(into, into))
    if action == "snapshot" and data.get("automatic"):
        return text("audit.words.snapshot.automatic", lang)
    if action in ("user.put", "user.remove", "login"):
        roles = [d.get("role") for d in (before, after) if isinstance(d, dict) and d.get("role")]
        return " → ".join(text(f"role.{r}", lang) for r in roles)
    return ""


def describe(entry: Entry, names: Names = NO_NAMES, lang: str = "ru") -> EntryText:
    """The entry in words, in ``lang``, at the planners' local time."""
    return EntryText(
        # the store reads times back naive on SQLite: they are UTC
        at=format_datetime(entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC), lang),
        user=entry.user,
        action=action_words(entry.action, lang),
        target=target_words(entry, names, lang),
        change=change_words(entry, names, lang),
    )


__all__ = [
    "KNOWN_ACTIONS",
    "NO_NAMES",
    "EntryText",
    "Names",
    "action_words",
    "cell_words",
    "change_words",
    "describe",
    "target_words",
]
