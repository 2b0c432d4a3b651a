"""Roles and permissions: the rule table, password hashes, user administration (audited, never
the hash), and the service refusing every change a role does not allow — with nothing stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from svetofor import auth
from svetofor.auth import ADMIN, EDITOR_BY, EDITOR_RU, VIEWER, PermissionDenied, User, can
from svetofor.service import Svetofor
from svetofor.store import Store
from tests.test_service import BY_ROWS, RU_ROWS, write_list

V, EB, ER, A = User("v", VIEWER), User("eb", EDITOR_BY), User("er", EDITOR_RU), User("a", ADMIN)

# (user, action, scope, allowed)
RULES = [
    (V, "view", None, True),
    (V, "audit", None, True),
    (V, "override", "BY", False),
    (V, "override", "UNION", False),
    (V, "import", "BY", False),
    (V, "review", "BY", False),
    (V, "snapshot", None, False),
    (V, "merge", None, False),
    (V, "users", None, False),
    (EB, "override", "BY", True),
    (EB, "override", "RU", False),
    (EB, "override", "UNION", False),
    (EB, "override", None, False),
    (EB, "import", "BY", True),
    (EB, "import", "RU", False),
    (EB, "review", "BY", True),
    (EB, "review", "RU", False),
    (EB, "review", None, False),
    (EB, "snapshot", None, True),
    (EB, "merge", None, False),
    (EB, "users", None, False),
    (ER, "override", "RU", True),
    (ER, "override", "BY", False),
    (ER, "import", "RU", True),
    (ER, "import", "BY", False),
    (ER, "review", "RU", True),
    (A, "override", "UNION", True),
    (A, "override", "BY", True),
    (A, "import", "RU", True),
    (A, "merge", None, True),
    (A, "users", None, True),
    (A, "review", None, True),
    (User("x", "superuser"), "view", None, False),  # an unknown role grants nothing
    (User("x", "editor-KZ"), "override", "KZ", False),
]


@pytest.mark.parametrize(("user", "action", "scope", "allowed"), RULES)
def test_can(user: User, action: str, scope: str | None, allowed: bool) -> None:
    assert can(user, action, scope) is allowed


def test_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown action"):
        can(A, "delete-everything")


def test_refusal_names_who_role_and_what() -> None:
    with pytest.raises(PermissionDenied, match=r"eb \(editor-BY\) may not recolour cells of RU"):
        auth.require(EB, "override", "RU")


@pytest.mark.parametrize(
    ("user", "scopes", "every_ok", "any_ok"),
    [
        (EB, ["BY"], True, True),
        (EB, ["BY", "RU"], False, True),
        (EB, ["RU"], False, False),
        (EB, [], False, False),
        (A, ["BY", "RU"], True, True),
    ],
)
def test_require_all_and_any(user: User, scopes: list[str], every_ok: bool, any_ok: bool) -> None:
    for check, ok in ((auth.require_all, every_ok), (auth.require_any, any_ok)):
        if ok:
            check(user, "import", scopes)
        else:
            with pytest.raises(PermissionDenied):
                check(user, "import", scopes)


def test_editor_country() -> None:
    assert (EB.country, ER.country, A.country, V.country) == ("BY", "RU", None, None)


# --------------------------------------------------------------------------------- accounts


def test_password_hashes_are_salted_and_checked() -> None:
    one, two = auth.hash_password("correct horse"), auth.hash_password("correct horse")
    assert one != two and "correct horse" not in one
    assert auth.verify_password(one, "correct horse")
    assert not auth.verify_password(one, "correct hors")
    assert not auth.verify_password("garbage$hash", "correct horse")


@pytest.mark.parametrize(
    ("name", "password", "role", "message"),
    [
        ("local", "long enough", ADMIN, "reserved"),
        ("System", "long enough", ADMIN, "reserved"),
        ("has space", "long enough", ADMIN, "user name"),
        ("", "long enough", ADMIN, "user name"),
        ("anna", "short", ADMIN, "at least 8"),
        ("anna", "long enough", "root", "unknown role"),
    ],
)
def test_add_user_refuses_bad_input(store: Store, name: str, password: str, role: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        auth.add_user(store, name, password, role, actor=A)
    assert store.accounts.all() == []


def test_user_admin_is_audited_without_the_hash(store: Store) -> None:
    auth.add_user(store, "anna", "password-1", EDITOR_BY, actor=A)
    with pytest.raises(ValueError, match="exists"):
        auth.add_user(store, "anna", "password-2", VIEWER, actor=A)
    auth.set_password(store, "anna", "password-3", actor=A, role=EDITOR_RU)
    assert auth.authenticate(store, "anna", "password-1") is None
    assert auth.authenticate(store, "anna", "password-3") == User("anna", EDITOR_RU)
    assert auth.authenticate(store, "nobody", "password-3") is None
    auth.remove_user(store, "anna", actor=A)
    assert store.accounts.get("anna") is None
    entries = store.audit.entries(action="user")
    assert [(e.action, e.user, e.before, e.after) for e in reversed(entries)] == [
        ("user.put", "a", None, {"role": EDITOR_BY}),
        ("user.put", "a", {"role": EDITOR_BY}, {"role": EDITOR_RU}),
        ("user.remove", "a", {"role": EDITOR_RU}, None),
    ]
    assert "pbkdf2" not in repr(store.audit.entries()) and "scrypt" not in repr(store.audit.entries())


def test_only_admins_manage_users(store: Store) -> None:
    with pytest.raises(PermissionDenied):
        auth.add_user(store, "anna", "password-1", ADMIN, actor=EB)
    assert store.accounts.all() == []


def test_resolve_local_mode_then_stored_roles(store: Store) -> None:
    assert auth.resolve(store, "whoever") == User("whoever", ADMIN)  # no users: local mode
    auth.add_user(store, "vera", "password-1", VIEWER, actor=A)
    assert auth.resolve(store, "vera") == User("vera", VIEWER)
    with pytest.raises(PermissionDenied, match="unknown user"):
        auth.resolve(store, "whoever")
    with pytest.raises(PermissionDenied):
        auth.resolve(store, "local")  # the no-sign-in name means nothing once users exist
    assert auth.resolve(store, EB) is EB  # trusted callers pass a User


@pytest.mark.parametrize(
    ("user", "action", "scope"),
    [
        (User("vera", VIEWER), "override", "BY"),
        (EB, "override", "UNION"),
        (EB, "import", "RU"),
        (User("roman", EDITOR_RU), "review", "BY"),
        (User("vera", VIEWER), "snapshot", None),
        (EB, "merge", None),
        (EB, "users", None),
    ],
)
def test_refusal_message_parses_back(user: User, action: str, scope: str | None) -> None:
    """What a background worker hands back (the text) is read back into who, action and scope."""
    with pytest.raises(PermissionDenied) as refused:
        auth.require(user, action, scope)
    again = auth.denied_from_message(str(refused.value))
    assert again is not None
    assert (again.user, again.action, again.scope) == (user, action, scope)


def test_refusal_of_several_scopes_and_other_text() -> None:
    with pytest.raises(PermissionDenied) as refused:
        auth.require_any(User("vera", VIEWER), "review", ["RU", "BY"])
    # the refusal itself carries who and what, so a page words it without parsing the text
    assert (refused.value.user, refused.value.action, refused.value.scope) == (
        User("vera", VIEWER),
        "review",
        "BY, RU",
    )
    again = auth.denied_from_message(str(refused.value))
    assert again is not None and again.action == "review" and again.scope == "BY, RU"
    assert auth.denied_from_message("unknown user 'x': sign in again") is None
    assert auth.denied_from_message("boris (editor-BY) may not fly") is None
    assert auth.denied_from_message("") is None


NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _ago(*minutes: float) -> list[datetime]:
    return [NOW - timedelta(minutes=m) for m in minutes]


@pytest.mark.parametrize(
    ("failures", "limit", "wait"),
    [
        ([], 5, None),
        (_ago(1, 2, 3, 4), 5, None),  # one short of the limit
        (_ago(1, 2, 3, 4, 5), 5, timedelta(minutes=10)),  # the 5th newest (5 min ago) ages out in 10
        (_ago(0, 1, 2, 3, 4, 14), 5, timedelta(minutes=11)),  # older ones beyond the limit do not count
        (_ago(1, 2, 3, 4, 16), 5, None),  # one failure is outside the window
        (_ago(1, 2, 3, 4, 15), 5, None),  # exactly 15 minutes ago has left the window
        (_ago(*[0.5] * 20), 20, timedelta(minutes=14.5)),  # an address's larger limit
        (_ago(*[0.5] * 19), 20, None),
    ],
)
def test_throttle_wait(failures: list[datetime], limit: int, wait: timedelta | None) -> None:
    assert auth.throttle_wait(failures, NOW, limit=limit) == wait


def test_throttle_ignores_future_times() -> None:
    """A clock step back on one worker must not lock a name for ever."""
    assert auth.throttle_wait([NOW + timedelta(hours=1)] * 9, NOW, limit=5) is None


# ----------------------------------------------------------------------- service enforcement


@pytest.fixture
def svc(store: Store, tmp_path: Path) -> Svetofor:
    svc = Svetofor(store)
    svc.import_file(write_list(tmp_path / "by.xlsx", BY_ROWS, sheet="Беларусь"), user=auth.SYSTEM)
    svc.import_file(write_list(tmp_path / "ru.xlsx", RU_ROWS, sheet="Россия"), user=auth.SYSTEM)
    for name, role in (("vera", VIEWER), ("boris", EDITOR_BY), ("roman", EDITOR_RU), ("ada", ADMIN)):
        auth.add_user(store, name, "password-1", role, actor=A)
    return svc


def _changes(store: Store) -> tuple:
    """Everything a refused call must leave alone."""
    dump = store.dump()
    return tuple(
        dump[t]
        for t in (
            "overrides",
            "override_history",
            "warning_reviews",
            "enterprise_merges",
            "dismissed_suggestions",
            "imports",
            "records",
            "snapshots",
            "audit_log",
        )
    )


@pytest.mark.parametrize(
    ("user", "scope"),
    [
        ("vera", "BY"),
        ("boris", "RU"),
        ("roman", "BY"),
        ("boris", "UNION"),
        ("roman", "UNION"),
        ("ghost", "BY"),
    ],
)
def test_refused_recolour_stores_nothing(svc: Svetofor, user: str, scope: str) -> None:
    before = _changes(svc.store)
    with pytest.raises(PermissionDenied):
        svc.set_override("М-1", scope, "red", "why", user=user)
    with pytest.raises(PermissionDenied):
        svc.clear_override("М-1", scope, user=user)
    assert _changes(svc.store) == before


@pytest.mark.parametrize(("user", "scope"), [("boris", "BY"), ("roman", "RU"), ("ada", "UNION")])
def test_allowed_recolour_is_stored_and_audited(svc: Svetofor, user: str, scope: str) -> None:
    ov = svc.set_override("М-1", scope, "red", "проверка", user=user)
    assert svc.store.overrides.active()[("М-1", scope)] == ov and ov.author == user
    entry = svc.store.audit.entries(action="override")[0]
    assert (entry.user, entry.target, entry.after["colour"]) == (user, f"М-1|{scope}", "red")


def test_undo_needs_the_right_to_the_cell_now(svc: Svetofor) -> None:
    svc.set_override("М-1", "BY", "red", "a", user="boris")
    auth.set_password(svc.store, "boris", "password-2", actor=A, role=EDITOR_RU)  # moved to RU
    before = _changes(svc.store)
    with pytest.raises(PermissionDenied):
        svc.undo_last_override("boris")
    assert _changes(svc.store) == before


def test_imports_only_of_the_editors_country(svc: Svetofor, tmp_path: Path) -> None:
    ru_file = write_list(tmp_path / "ru2.xlsx", RU_ROWS[:1], sheet="Россия")
    before = _changes(svc.store)
    for user in ("vera", "boris"):
        with pytest.raises(PermissionDenied, match="import lists of RU"):
            svc.import_file(ru_file, user=user)
    assert _changes(svc.store) == before
    record = svc.import_file(ru_file, user="roman")
    assert record.countries == ("RU",) and record.user == "roman"


def test_reviews_follow_the_warning_countries(svc: Svetofor) -> None:
    keys = {w.kind: w.key for w in svc.view().warnings}
    partner = next(w for w in svc.view().warnings if w.kind == "partner-covers")
    other = "boris" if partner.country == "RU" else "roman"
    own = "roman" if partner.country == "RU" else "boris"
    with pytest.raises(PermissionDenied):
        svc.review_warning(partner.key, "accepted", "обосновано", user=other)
    assert svc.review_warning(partner.key, "accepted", "обосновано", user=own).author == own
    # parallel-new between BY and RU concerns both editors
    svc.review_warning(keys["parallel-new"], "resolved", "", user="boris")
    svc.review_warning(keys["parallel-new"], "open", "", user="roman")
    with pytest.raises(PermissionDenied):
        svc.review_warning(keys["parallel-new"], "resolved", "", user="vera")


def test_merges_and_snapshots(svc: Svetofor) -> None:
    by = sorted(k for k in svc.view().dataset.enterprises if k.startswith("BY:"))[:2]
    for user in ("boris", "roman", "vera"):
        with pytest.raises(PermissionDenied, match="merge enterprises"):
            svc.merge_enterprises(by[0], by[1], user=user)
        with pytest.raises(PermissionDenied):
            svc.dismiss_suggestion(frozenset(by), user=user)
    svc.merge_enterprises(by[0], by[1], user="ada")
    with pytest.raises(PermissionDenied):
        svc.unmerge(by[1], user="boris")
    svc.unmerge(by[1], user="ada")
    with pytest.raises(PermissionDenied, match="freeze snapshots"):
        svc.save_snapshot("Заседание", b"x", user="vera")
    assert svc.save_snapshot("Заседание", b"x", user="boris").author == "boris"
