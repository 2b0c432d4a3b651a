"""Users, roles and the permission rules. Pure Python: no Flask, no Dash.

Roles:

* ``viewer`` — looks, changes nothing;
* ``editor-BY`` / ``editor-RU`` — recolour and review only their country's cells and warnings,
  import only their country's lists, freeze snapshots;
* ``admin`` — everything: UNION cells, merges of enterprises, users.

``can`` is the one rule table; the service calls ``require`` before every change, so the web UI,
the JSON API and scripts are refused alike whatever buttons a page shows. Passwords are stored
as werkzeug's salted hashes (scrypt), never in clear and never in the audit log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from werkzeug.security import check_password_hash, generate_password_hash

if TYPE_CHECKING:
    from svetofor.store import Store

VIEWER = "viewer"
EDITOR_BY = "editor-BY"
EDITOR_RU = "editor-RU"
ADMIN = "admin"
ROLES: tuple[str, ...] = (VIEWER, EDITOR_BY, EDITOR_RU, ADMIN)

# What a caller may ask to do. Country-bound actions take a country (or UNION) as the scope.
VIEW = "view"
AUDIT = "audit"
OVERRIDE = "override"  # set, clear or undo an override of one cell (scope: BY, RU, UNION)
REVIEW = "review"  # review a duplication warning (scope: one country the warning concerns)
IMPORT = "import"  # import a list (scope: one country the list replaces)
SNAPSHOT = "snapshot"  # freeze the diagram under a name
MERGE = "merge"  # merge/unmerge enterprises, dismiss same-enterprise suggestions
USERS = "users"  # add, remove, change users
ACTIONS: tuple[str, ...] = (VIEW, AUDIT, OVERRIDE, REVIEW, IMPORT, SNAPSHOT, MERGE, USERS)

# Names the app itself uses for the no-sign-in local mode and the first-start seed: a real
# account under one of them would be confused with those.
RESERVED_NAMES = frozenset({"local", "system"})
_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
MIN_PASSWORD = 8


class PermissionDenied(Exception):
    """The acting user may not do this; nothing was changed. ``user``, ``action`` and ``scope``
    let a page say it in its own language."""

    def __init__(
        self, message: str, *, user: User | None = None, action: str | None = None, scope: str | None = None
    ) -> None:
        super().__init__(message)
        self.user, self.action, self.scope = user, action, scope


@dataclass(frozen=True)
class User:
    name: str
    role: str

    def __str__(self) -> str:
        return self.name

    @property
    def country(self) -> str | None:
        """The country an editor works for; ``None`` for viewers and admins."""
        return self.role.split("-", 1)[1] if self.role.startswith("editor-") else None


LOCAL_ADMIN = User("local", ADMIN)  # the single user of the no-sign-in embedded default
SYSTEM = User("system", ADMIN)  # the first-start seed import


def can(user: User, action: str, scope: str | None = None) -> bool:
    """Whether ``user`` may do ``action`` on ``scope`` (a country, or UNION for overrides)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    role = user.role
    if role not in ROLES:
        return False  # a role this version does not know grants nothing
    if action in (VIEW, AUDIT):
        return True
    if role == ADMIN:
        return True
    if role == VIEWER or action in (MERGE, USERS):
        return False
    if action == SNAPSHOT:
        return True
    # OVERRIDE, REVIEW, IMPORT: an editor acts on their own country only (never on UNION).
    return scope is not None and scope == user.country


def _what(action: str, scope: str | None) -> str:
    words = {
        OVERRIDE: "recolour cells of",
        REVIEW: "review warnings of",
        IMPORT: "import lists of",
        SNAPSHOT: "freeze snapshots",
        MERGE: "merge enterprises",
        USERS: "manage users",
    }
    base = words.get(action, action)
    return f"{base} {scope}" if scope and action in (OVERRIDE, REVIEW, IMPORT) else base


_REFUSAL = re.compile(r"^(?P<name>\S+) \((?P<role>[^()]+)\) may not (?P<what>.+)$")


def denied_from_message(message: str) -> PermissionDenied | None:
    """The refusal a ``PermissionDenied`` message describes, with ``user``, ``action`` and
    ``scope`` again, or ``None`` if it is not one. A background callback's worker hands back
    only the text of the exception; this lets the page still say it in the planner's language."""
    found = _REFUSAL.match((message or "").strip())
    if found is None:
        return None
    what = found["what"]
    for action in ACTIONS:
        base = _what(action, None)
        if what == base or (action in (OVERRIDE, REVIEW, IMPORT) and what.startswith(base + " ")):
            scope = what[len(base) + 1 :] or None
            user = User(found["name"], found["role"])
            return PermissionDenied(found[0], user=user, action=action, scope=scope)
    return None


def require(user: User, action: str, scope: str | None = None) -> None:
    """``PermissionDenied`` naming who, the role and what was refused, unless ``can``."""
    if not can(user, action, scope):
        raise PermissionDenied(
            f"{user.name} ({user.role}) may not {_what(action, scope)}", user=user, action=action, scope=scope
        )


def require_all(user: User, action: str, scopes: Iterable[str]) -> None:
    """Every scope must be allowed (an import replacing BY and RU needs both)."""
    scopes = sorted(set(scopes))
    if not scopes:
        require(user, action, None)
    for scope in scopes:
        require(user, action, scope)


def require_any(user: User, action: str, scopes: Iterable[str]) -> None:
    """One allowed scope suffices (a warning between BY and RU concerns either editor)."""
    scopes = sorted(set(scopes))
    if not any(can(user, action, s) for s in scopes) and not can(user, action, None):
        # who, action and scope travel with the refusal so a page can word it in its language
        scope = ", ".join(scopes) or None
        raise PermissionDenied(
            f"{user.name} ({user.role}) may not {_what(action, scope)}", user=user, action=action, scope=scope
        )


# ------------------------------------------------------------------------------ accounts


def check_name(name: str) -> str:
    from svetofor.security import USER_NAME, check_text

    name = check_text(USER_NAME, (name or "").strip())
    if not _NAME.match(name):
        raise ValueError("a user name is 1–64 Latin letters, digits or . _ @ -")
    if name.lower() in RESERVED_NAMES:
        raise ValueError(f"the name {name!r} is reserved by the app")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    return role


def hash_password(password: str) -> str:
    from svetofor.security import PASSWORD, check_text

    check_text(PASSWORD, password)  # scrypt of a megabyte on every sign-in would be a lever
    if len(password or "") < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    return generate_password_hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return check_password_hash(password_hash, password or "")
    except (ValueError, TypeError):  # a corrupt or foreign hash matches nothing
        return False


# Checked against when the name is unknown, so a wrong name costs as long as a wrong password
# (no user enumeration by timing).
_DUMMY_HASH = generate_password_hash("not a password of anyone")


def add_user(store: Store, name: str, password: str, role: str, *, actor: User) -> User:
    """Create a user (``ValueError`` if the name is taken or invalid)."""
    require(actor, USERS)
    name, role = check_name(name), check_role(role)
    if store.accounts.get(name) is not None:
        raise ValueError(f"user {name!r} exists already")
    store.accounts.put(name, hash_password(password), role, actor=actor.name)
    return User(name, role)


def set_password(store: Store, name: str, password: str, *, actor: User, role: str | None = None) -> User:
    """New password (and optionally role) for an existing user; their sessions end."""
    require(actor, USERS)
    info = store.accounts.get(name)
    if info is None:
        raise ValueError(f"no user {name!r}")
    new_role = check_role(role) if role else info.role
    store.accounts.put(name, hash_password(password), new_role, actor=actor.name)
    return User(name, new_role)


def remove_user(store: Store, name: str, *, actor: User) -> None:
    require(actor, USERS)
    store.accounts.remove(name, actor=actor.name)


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user if the name and password match, else ``None``."""
    info = store.accounts.get((name or "").strip())
    if info is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(info.password_hash, password):
        return None
    return User(info.username, info.role)


# Sign-in throttling: this many failed attempts within the window, for one user name or from one
# address, refuse further attempts until the oldest of them leaves the window. An address gets
# more tries than a name because behind a reverse proxy many planners share one address.
FAILED_LIMIT_PER_NAME = 5
FAILED_LIMIT_PER_ADDRESS = 20
FAILED_WINDOW = timedelta(minutes=15)


def throttle_wait(
    failures: Iterable[datetime], now: datetime, *, limit: int, window: timedelta = FAILED_WINDOW
) -> timedelta | None:
    """How long sign-in stays refused given the times of recent failed attempts, or ``None``
    when another attempt may go ahead. Pure, so the rule is tested without a clock."""
    recent = sorted((at for at in failures if now - window < at <= now), reverse=True)
    if len(recent) < limit:
        return None
    # The attempt that brought the count to the limit ages out last of those that matter.
    return recent[limit - 1] + window - now


def resolve(store: Store, user: User | str) -> User:
    """The acting user of a service call.

    A ``User`` comes from trusted code (the CLI operator, the seed, the web session after it
    was checked against the store). A name is looked up: its stored role counts. With no users
    configured at all the app runs in the local no-sign-in mode, where whoever acts is the
    local admin (the server refuses non-loopback clients in that mode)."""
    if isinstance(user, User):
        return user
    info = store.accounts.get(user)
    if info is not None:
        return User(info.username, info.role)
    if not store.accounts.configured():
        return User(user, ADMIN)
    raise PermissionDenied(f"unknown user {user!r}: sign in again")


__all__ = [
    "ACTIONS",
    "ADMIN",
    "EDITOR_BY",
    "EDITOR_RU",
    "FAILED_LIMIT_PER_ADDRESS",
    "FAILED_LIMIT_PER_NAME",
    "FAILED_WINDOW",
    "LOCAL_ADMIN",
    "ROLES",
    "SYSTEM",
    "VIEWER",
    "PermissionDenied",
    "User",
    "add_user",
    "authenticate",
    "can",
    "denied_from_message",
    "remove_user",
    "require",
    "require_all",
    "require_any",
    "resolve",
    "set_password",
    "throttle_wait",
]
