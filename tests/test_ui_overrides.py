"""The one override path of the UI over a real service and store: refusal without a reason,
authored overrides, conflicts, clearing, undo, history, the re-rendered cell and totals."""

from __future__ import annotations

import pytest

from svetofor import auth
from svetofor.service import Svetofor
from svetofor.ui import overrides

ROWS = [
    {
        "item": "A-1",
        "name": "Станок токарный",
        "kind": "machine",
        "group": "Токарные",
        "enterprise": "Завод А",
        "existing": True,
    },
    {
        "item": "A-2",
        "name": "Станок фрезерный",
        "kind": "machine",
        "group": "Фрезерные",
        "enterprise": "Завод Б",
        "action": "new",
    },
    {
        "item": "A-3",
        "name": "Центр обрабатывающий",
        "kind": "machine",
        "group": "Токарные",
        "country": "RU",
        "enterprise": "Завод В",
        "existing": True,
    },
]


@pytest.fixture
def svc(store, make_read_result):
    service = Svetofor(store)
    service.import_result(make_read_result(ROWS), user="seed", file_hash="h1")
    return service


def target(svc, item, scope):
    details = overrides.cell_details(svc, item, scope, "ru")
    assert details is not None
    return details.target


@pytest.mark.parametrize(
    ("colour", "reason", "error"),
    [
        ("red", "", "error.reason_required"),
        ("red", "  ", "error.reason_required"),
        (None, "x", "error.colour_required"),
    ],
)
def test_refused_changes_store_nothing(svc, colour, reason, error):
    outcome = overrides.apply(svc, target(svc, "A-1", "BY"), colour, reason, user="ivanova")
    assert outcome.error == error
    assert svc.view().overrides == {}


def test_apply_stores_authored_override_and_history(svc):
    outcome = overrides.apply(svc, target(svc, "A-1", "BY"), "red", " закрытие цеха ", user="ivanova")
    assert outcome.error is None
    cell = overrides.find_row(svc.view().rows, "A-1").cells["BY"]
    assert (cell.colour, cell.override.reason, cell.override.author) == ("red", "закрытие цеха", "ivanova")
    details = overrides.cell_details(svc, "A-1", "BY", "ru")
    assert details.target["version"] == cell.override.version
    text = str(details.info) + str(details.history)
    assert "закрытие цеха" in text and "ivanova" in text


def test_stale_dialog_is_a_conflict(svc):
    seen = target(svc, "A-1", "BY")  # planner 1 opens the dialog
    assert overrides.apply(svc, target(svc, "A-1", "BY"), "yellow", "планер 2", user="petrov").error is None
    outcome = overrides.apply(svc, seen, "red", "планер 1", user="ivanova")
    assert outcome.error == "error.conflict"
    assert overrides.find_row(svc.view().rows, "A-1").cells["BY"].override.author == "petrov"


def test_clear_and_undo(svc):
    overrides.apply(svc, target(svc, "A-2", "UNION"), "green", "освоено", user="ivanova")
    assert overrides.clear(svc, target(svc, "A-2", "UNION"), user="ivanova").error is None
    assert overrides.find_row(svc.view().rows, "A-2").cells["UNION"].override is None
    # Clearing a cell with no override is refused, not a traceback.
    assert overrides.clear(svc, target(svc, "A-2", "UNION"), user="ivanova").error == "error.failed"
    event, message = overrides.undo_last(svc, user="ivanova")  # the clear is undone
    assert (event.item_key, event.scope, message) == ("A-2", "UNION", "diagram.undo.done")
    assert overrides.find_row(svc.view().rows, "A-2").cells["UNION"].override.reason == "освоено"
    assert overrides.undo_last(svc, user="nobody") == (None, "diagram.undo.none")


def test_undo_over_someone_elses_change_is_refused(svc):
    overrides.apply(svc, target(svc, "A-1", "RU"), "red", "моя причина", user="ivanova")
    overrides.apply(svc, target(svc, "A-1", "RU"), "yellow", "его причина", user="petrov")
    assert overrides.undo_last(svc, user="ivanova") == (None, "diagram.undo.conflict")
    assert overrides.find_row(svc.view().rows, "A-1").cells["RU"].override.author == "petrov"


def test_refreshed_cell_and_totals_follow_the_page_filter(svc):
    t = target(svc, "A-1", "BY")
    before = overrides.refreshed_cell(
        svc, t, "?group=%D0%A2%D0%BE%D0%BA%D0%B0%D1%80%D0%BD%D1%8B%D0%B5", "ru"
    )[1]
    overrides.apply(svc, t, "red", "закрытие цеха", user="ivanova")
    cell, totals = overrides.refreshed_cell(
        svc, t, "?group=%D0%A2%D0%BE%D0%BA%D0%B0%D1%80%D0%BD%D1%8B%D0%B5", "ru"
    )
    assert "sv-red" in cell.className and "sv-overridden" in cell.className
    assert sum(totals["BY"].values()) == 2  # the "Токарные" group only
    assert totals["BY"]["red"] == before["BY"]["red"] + 1


def test_unknown_cell_has_no_details(svc):
    assert overrides.cell_details(svc, "nope", "BY", "ru") is None
    assert overrides.cell_details(svc, "A-1", "MARS", "ru") is None


# ------------------------------------------------------------------------------ roles in the UI

VERA = auth.User("vera", auth.VIEWER)
BORIS = auth.User("boris", auth.EDITOR_BY)
ROMAN = auth.User("roman", auth.EDITOR_RU)
ADA = auth.User("ada", auth.ADMIN)


@pytest.mark.parametrize(
    ("user", "scopes"),
    [(VERA, ()), (BORIS, ("BY",)), (ROMAN, ("RU",)), (ADA, ("BY", "RU", "UNION")), (auth.LOCAL_ADMIN, ("BY", "RU", "UNION"))],
)  # fmt: skip
def test_editable_scopes_follow_the_roles(user, scopes):
    assert overrides.editable_scopes(user) == scopes
    for scope in ("BY", "RU", "UNION"):
        assert (overrides.readonly_note(user, scope, "en") == "") == (scope in scopes)


def test_readonly_note_names_the_role_and_the_country():
    assert (
        overrides.readonly_note(BORIS, "UNION", "en")
        == "View only: your role (editor BY) may not change cells of Union State."
    )
    assert "просмотр" in overrides.readonly_note(VERA, "RU", "ru")  # fmt: skip


@pytest.mark.parametrize(
    ("user", "action", "scope", "ru", "en"),
    [
        (VERA, "override", "BY", "Нет прав менять ячейки: Беларусь (ваша роль: просмотр).", "Not allowed: you may not recolour cells of Belarus (your role: viewer)."),
        (BORIS, "import", "RU", "Нет прав загружать списки: Россия (ваша роль: редактор РБ).", "Not allowed: you may not import lists of Russia (your role: editor BY)."),
        (ROMAN, "review", "BY", "Нет прав рассматривать предупреждения: Беларусь (ваша роль: редактор РФ).", "Not allowed: you may not review warnings of Belarus (your role: editor RU)."),
        (VERA, "snapshot", None, "Нет прав сохранять снимки (ваша роль: просмотр).", "Not allowed: you may not freeze snapshots (your role: viewer)."),
        (BORIS, "merge", None, "Нет прав объединять предприятия (ваша роль: редактор РБ).", "Not allowed: you may not merge enterprises (your role: editor BY)."),
        (BORIS, "users", None, "Нет прав управлять пользователями (ваша роль: редактор РБ).", "Not allowed: you may not manage users (your role: editor BY)."),
    ],
)  # fmt: skip
def test_every_refusal_is_worded_in_both_languages(user, action, scope, ru, en):
    with pytest.raises(auth.PermissionDenied) as refused:
        auth.require(user, action, scope)
    assert overrides.denied_text(refused.value, "ru") == ru
    assert overrides.denied_text(refused.value, "en") == en


def test_refusal_of_two_countries_and_without_details():
    both = auth.PermissionDenied("x", user=VERA, action="import", scope="BY, RU")
    assert (
        overrides.denied_text(both, "en")
        == "Not allowed: you may not import lists of Belarus, Russia (your role: viewer)."
    )
    assert (
        overrides.denied_text(auth.PermissionDenied("unknown user 'x'"), "en")
        == "You may not make this change"
    )
