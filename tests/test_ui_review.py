"""The warnings page's pure helpers over a crafted list: rows with the facts behind each warning,
filters and their URL form, counts, review validation, gone reviews and links."""

from __future__ import annotations

import pytest

from svetofor import auth
from svetofor.auth import PermissionDenied, User
from svetofor.service import Svetofor
from svetofor.store import Store
from svetofor.ui import review as rv
from svetofor.ui.i18n import t

ROWS = [
    # parallel-new across borders on М1
    {
        "item": "М1",
        "name": "Станок токарный",
        "kind": "machine",
        "group": "Токарные",
        "enterprise": "Альфа",
        "action": "new",
        "capacity": 10,
        "launch_year": 2027,
    },
    {"item": "М1", "country": "RU", "enterprise": "Бета", "action": "new", "launch_year": 2026},
    # partner-covers: BY plans М2 while RU is green
    {
        "item": "М2",
        "name": "Станок фрезерный",
        "kind": "machine",
        "group": "Фрезерные",
        "enterprise": "Альфа",
        "action": "new",
    },
    {"item": "М2", "country": "RU", "enterprise": "Гамма", "existing": True, "capacity": 100},
    # same-enterprise? (one letter apart)
    {
        "item": "И1",
        "name": "Резец",
        "kind": "tool",
        "country": "RU",
        "enterprise": "Окский станкостроительный завод",
        "existing": True,
    },
    {
        "item": "И2",
        "name": "Фреза",
        "kind": "tool",
        "country": "RU",
        "enterprise": "Окский станкостроителный завод",
        "existing": True,
    },
]


@pytest.fixture
def svc(store: Store, make_read_result) -> Svetofor:
    service = Svetofor(store)
    service.import_result(make_read_result(ROWS), user="alice", file_hash="a")
    return service


def by_kind(rows: list[dict], kind: str) -> list[dict]:
    return [r for r in rows if r["kind"] == kind]


def test_every_kind_has_a_row_with_its_facts(svc: Svetofor) -> None:
    rows = rv.warning_rows(svc.view(), "ru")
    assert sorted(r["kind"] for r in rows) == ["parallel-new", "partner-covers", "same-enterprise?"]
    (parallel,) = by_kind(rows, "parallel-new")
    assert (parallel["severity"], parallel["item"], parallel["group"]) == ("high", "М1", "Токарные")
    assert parallel["country_codes"] == ["BY", "RU"]
    lines = parallel["enterprises"].split("\n")
    assert lines == ["Альфа (РБ): создание 10 шт./год 2027", "Бета (РФ): создание 2026"]
    assert parallel["rule"].startswith("Новые мощности создают 2 предприятия в разных странах")
    assert parallel["state"] == "open" and not parallel["gone"]
    (covers,) = by_kind(rows, "partner-covers")
    assert "Гамма (РФ): производство есть 100 шт./год" in covers["enterprises"]
    en = rv.warning_rows(svc.view(), "en")
    assert (
        by_kind(en, "parallel-new")[0]["enterprises"].split("\n")[0]
        == "Альфа (BY): new capacity 10 units/year 2027"
    )


@pytest.mark.parametrize(
    ("flt", "kinds"),
    [
        (rv.WarningFilter(), ["parallel-new", "partner-covers", "same-enterprise?"]),
        (rv.WarningFilter(kinds=("partner-covers",)), ["partner-covers"]),
        (rv.WarningFilter(severities=("info",)), ["same-enterprise?"]),
        (rv.WarningFilter(countries=("RU",)), ["parallel-new", "partner-covers", "same-enterprise?"]),
        (rv.WarningFilter(groups=("Токарные",)), ["parallel-new"]),
        (rv.WarningFilter(groups=(rv.NO_GROUP,)), ["same-enterprise?"]),
        (rv.WarningFilter(item="М2"), ["partner-covers"]),
        (rv.WarningFilter(states=("accepted",)), []),
        (rv.WarningFilter(kinds=("parallel-new",), severities=("medium",)), []),
    ],
)
def test_filters(svc: Svetofor, flt: rv.WarningFilter, kinds: list[str]) -> None:
    rows = rv.warning_rows(svc.view(), "ru")
    assert sorted(r["kind"] for r in rv.filter_rows(rows, flt)) == kinds


def test_review_states_filter_and_count(svc: Svetofor) -> None:
    key = next(w.key for w in svc.view().warnings if w.kind == "parallel-new")
    svc.review_warning(key, "accepted", "разные типоразмеры", user="alice")
    rows = rv.warning_rows(svc.view(), "ru")
    accepted = rv.filter_rows(rows, rv.WarningFilter(states=("accepted",)))
    assert [(r["id"], r["reviewer"], r["reason"]) for r in accepted] == [(key, "alice", "разные типоразмеры")]
    counts = rv.counts(rows)
    assert counts["state"] == {"open": 2, "accepted": 1, "resolved": 0, "gone": 0}
    assert counts["severity"] == {"high": 2, "medium": 0, "info": 1}
    assert counts["kind"] == {"parallel-new": 1, "partner-covers": 1, "same-enterprise?": 1}


def test_a_reviewed_warning_that_no_longer_applies_is_a_gone_row(svc: Svetofor, make_read_result) -> None:
    key = next(w.key for w in svc.view().warnings if w.kind == "parallel-new")
    svc.review_warning(key, "resolved", "", user="alice")
    # RU no longer plans М1: the parallel-new warning stops applying
    changed = [r if r.get("enterprise") != "Бета" else {**r, "action": None} for r in ROWS]
    svc.import_result(make_read_result(changed), user="alice", file_hash="b")
    rows = rv.warning_rows(svc.view(), "ru")
    gone = [r for r in rows if r["gone"]]
    assert [(r["id"], r["state"], r["review_state"], r["item"]) for r in gone] == [
        (key, "gone", "resolved", "М1")
    ]
    assert rv.filter_rows(rows, rv.WarningFilter(states=("gone",))) == gone
    assert rv.review_target(key, (w.key for w in svc.view().warnings)) is None
    assert [e.state for e in svc.review_history(key)] == ["resolved"]


@pytest.mark.parametrize(
    ("state", "reason", "error"),
    [
        ("accepted", "разные типоразмеры", None),
        ("accepted", "", "warnings.error.reason"),
        ("accepted", "   ", "warnings.error.reason"),
        ("accepted", None, "warnings.error.reason"),
        ("resolved", "", None),
        ("open", "", None),
        (None, "x", "warnings.error.state"),
        ("gone", "x", "warnings.error.state"),
    ],
)
def test_validate_review(state, reason, error) -> None:
    assert rv.validate_review(state, reason) == error


def test_the_store_refuses_acceptance_without_a_reason_too(svc: Svetofor) -> None:
    key = svc.view().warnings[0].key
    with pytest.raises(ValueError, match="reason"):
        svc.review_warning(key, "accepted", " ", user="alice")
    assert key not in svc.view().reviews


def test_filter_query_round_trip_and_bad_words_dropped() -> None:
    flt = rv.WarningFilter(
        kinds=("parallel-new",),
        severities=("high",),
        countries=("BY",),
        groups=("Узлы, приводы", ""),
        states=("open", "gone"),
        item="М-1",
    )
    assert rv.WarningFilter.from_query(flt.to_query()) == flt
    assert rv.WarningFilter().query_string() == ""
    odd = rv.WarningFilter.from_query(
        {"kind": "nonsense,partner-covers", "state": ["accepted", "x"], "country": "KZ"}
    )
    assert odd == rv.WarningFilter(kinds=("partner-covers",), states=("accepted",))


def test_links() -> None:
    assert rv.warnings_link("М-1") == "/warnings?item=%D0%9C-1"
    assert rv.diagram_link("М 1") == "/?q=%D0%9C+1"
    assert rv.network_link(group="Узлы") == "/network?group=%D0%A3%D0%B7%D0%BB%D1%8B"
    assert rv.parse_key("partner-covers|М-1|BY") == ("partner-covers", "М-1", "BY")
    assert rv.parse_key("same-enterprise?|RU:a|RU:b") == ("same-enterprise?", None, None)


EDITOR_BY, EDITOR_RU = User("boris", auth.EDITOR_BY), User("rita", auth.EDITOR_RU)
ROLES = [User("vera", auth.VIEWER), EDITOR_BY, EDITOR_RU, User("ada", auth.ADMIN)]


@pytest.mark.parametrize("user", ROLES, ids=lambda u: u.role)
def test_review_is_offered_exactly_when_the_service_accepts_it(svc: Svetofor, user: User) -> None:
    """The page's offer and the server's check agree on every warning of the crafted list."""
    rows = rv.warning_rows(svc.view(), "ru")
    offered = {r["id"]: rv.may_review(user, r["scopes"]) for r in rows}
    accepted = {}
    for r in rows:
        try:
            svc.review_warning(r["id"], "resolved", "", user=user)
            accepted[r["id"]] = True
        except PermissionDenied:
            accepted[r["id"]] = False
    assert offered == accepted
    assert any(offered.values()) == (user.role != auth.VIEWER)


def test_an_editor_is_offered_only_their_countrys_warnings(svc: Svetofor) -> None:
    rows = {r["kind"]: r for r in rv.warning_rows(svc.view(), "ru")}
    # partner-covers is Belarus's plan; same-enterprise? names two Russian enterprises
    assert rows["partner-covers"]["scopes"] == ["BY"]
    assert rows["same-enterprise?"]["scopes"] == ["RU"]
    assert rv.may_review(EDITOR_BY, rows["partner-covers"]["scopes"])
    assert not rv.may_review(EDITOR_RU, rows["partner-covers"]["scopes"])
    assert not rv.may_review(EDITOR_BY, rows["same-enterprise?"]["scopes"])
    assert rv.readonly_note(EDITOR_BY, rows["partner-covers"]["scopes"], "ru") == ""
    assert rv.readonly_note(EDITOR_RU, rows["partner-covers"]["scopes"], "ru") == (
        "Только просмотр: ваша роль (редактор РФ) не позволяет рассматривать предупреждения: Беларусь."
    )
    assert rv.readonly_note(EDITOR_RU, ["BY"], "en") == (
        "View only: your role (editor RU) may not review warnings of Belarus."
    )


def test_a_gone_warning_keeps_the_countries_its_key_names(svc: Svetofor) -> None:
    """A key names the planning country or the enterprises; a warning across borders names
    neither (its row is read-only once gone, as every gone row)."""
    for w in svc.view().warnings:
        expected = () if w.kind == "parallel-new" and w.country is None else rv.warning_scopes(w)
        assert rv.key_scopes(w.key) == expected, w.key
    assert any(w.kind == "parallel-new" and w.country is None for w in svc.view().warnings)


def test_refusals_are_worded_in_the_planners_language(svc: Svetofor) -> None:
    key = next(w.key for w in svc.view().warnings if w.kind == "partner-covers")
    with pytest.raises(PermissionDenied) as refused:
        svc.review_warning(key, "resolved", "", user=EDITOR_RU)
    assert rv.refusal_text(refused.value, "ru") == (
        "Нет прав рассматривать предупреждения: Беларусь (ваша роль: редактор РФ)."
    )
    assert rv.refusal_text(refused.value, "en") == (
        "Not allowed: you may not review warnings of Belarus (your role: editor RU)."
    )
    # the store's own refusal (English, for logs) is not shown to the planner
    with pytest.raises(ValueError) as invalid:
        svc.review_warning(key, "accepted", "", user=EDITOR_BY)
    text = rv.refusal_text(invalid.value, "ru")
    assert text == t("warnings.error.failed", "ru") and "reason" not in text
