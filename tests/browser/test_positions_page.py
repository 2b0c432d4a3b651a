"""Browser tests of the position review page (docs/domain.md §8): a merge from the page makes
one diagram row with the warning it said it would raise, and is undone there; an editor's
merge touching the other country waits until the other country's editor confirms it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from svetofor import auth
from tests.browser.conftest import LiveApp, serve_app
from tests.position_lists import BY_GRINDER, RU_GRINDER, write_lists

pytestmark = pytest.mark.browser

PASSWORD = "password-1"


def _load(app: LiveApp, directory: Path) -> None:
    for path in write_lists(directory):
        app.service.import_file(path, user=auth.SYSTEM)


def _card(page, name: str):
    return page.locator(".sv-pos-suggestion", has=page.locator(".sv-pos-name", has_text=name))


def test_merge_from_the_review_page_and_undo(page, fresh_app: LiveApp, tmp_path: Path) -> None:
    _load(fresh_app, tmp_path / "lists")
    page.goto(f"{fresh_app.url}/positions")
    card = _card(page, "Плоскошлифовальный станок")
    expect(card).to_have_count(1)
    # both wordings, each with its country's records, and what the merge would change
    expect(card.locator(".sv-pos-name")).to_have_text(
        ["Станок плоскошлифовальный", "Плоскошлифовальный станок"]
    )
    expect(card.locator(".sv-pos-change .sv-pos-new-warning")).to_contain_text("параллельное создание")
    expect(card.locator(".sv-pos-change .sv-pos-RU")).to_have_class(
        "badge sv-yellow me-1 sv-pos-colour sv-pos-RU"
    )

    card.locator("input[id*='pos-code']").fill("Ш-1")
    card.get_by_role("button", name="Объединить").click()
    expect(page.locator("#pos-message")).to_contain_text("Объединено")
    expect(_card(page, "Плоскошлифовальный станок")).to_have_count(0)
    expect(page.locator(".sv-pos-merge")).to_have_count(1)

    view = fresh_app.service.view()
    assert RU_GRINDER not in view.dataset.items
    assert view.dataset.items[BY_GRINDER].code == "Ш-1"
    assert {r.country for r in view.dataset.records if r.item_key == BY_GRINDER} == {"BY", "RU"}
    assert ("parallel-new", BY_GRINDER) in {(w.kind, w.item) for w in view.warnings}

    page.locator(".sv-pos-merge button").click()
    expect(page.locator("#pos-message")).to_contain_text("отменено")
    expect(_card(page, "Плоскошлифовальный станок")).to_have_count(1)
    assert RU_GRINDER in fresh_app.service.view().dataset.items


@pytest.fixture
def signed_app(tmp_path: Path) -> Iterator[LiveApp]:
    for live in serve_app(tmp_path / "data"):
        operator = auth.User("test", auth.ADMIN)
        for name, role in (("vera", auth.VIEWER), ("boris", auth.EDITOR_BY), ("rita", auth.EDITOR_RU)):
            auth.add_user(live.service.store, name, PASSWORD, role, actor=operator)
        _load(live, tmp_path / "lists")
        yield live


def _sign_in(page, app: LiveApp, name: str, path: str) -> None:
    page.context.clear_cookies()
    page.goto(app.url + path)
    page.wait_for_selector("#login-name")
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORD)
    page.locator("#login-submit").click()


def test_an_editor_proposes_and_the_other_countrys_editor_confirms(page, signed_app: LiveApp) -> None:
    _sign_in(page, signed_app, "vera", "/positions")
    card = _card(page, "Плоскошлифовальный станок")
    expect(card.get_by_role("button", name="Объединить")).to_be_disabled()
    expect(card.locator(".sv-why")).to_contain_text("ваша роль")

    _sign_in(page, signed_app, "boris", "/positions")
    card = _card(page, "Плоскошлифовальный станок")
    expect(card.locator(".sv-why")).to_contain_text("вступит в силу, когда его подтвердит")
    card.get_by_role("button", name="Предложить объединение").click()
    expect(page.locator("#pos-message")).to_contain_text("Предложено")
    proposal = page.locator(".sv-pos-proposal")
    expect(proposal.get_by_role("button", name="Подтвердить")).to_be_disabled()
    assert RU_GRINDER in signed_app.service.view().dataset.items  # nothing merged yet

    _sign_in(page, signed_app, "rita", "/positions")
    page.locator(".sv-pos-proposal").get_by_role("button", name="Подтвердить").click()
    expect(page.locator("#pos-message")).to_contain_text("подтверждено")
    expect(page.locator(".sv-pos-merge")).to_contain_text("подтвердил rita")
    assert RU_GRINDER not in signed_app.service.view().dataset.items
