"""Browser tests of the duplication review (docs/domain.md §5): reviewing a warning, the network view of a
position, same-enterprise merges and dismissals, and the links between diagram and warnings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from svetofor import auth
from svetofor.ui import network_view as nv
from svetofor.ui import review as rv
from tests.browser.conftest import LiveApp, serve_app

PASSWORD = "password-1"

# cytoscape.js keeps its instance on the container element; counting from it counts what the
# browser really drew, not what the server meant to send
CY_COUNTS = """() => {
    for (const el of document.querySelectorAll('#net-graph, #net-graph *')) {
        if (el._cyreg && el._cyreg.cy) {
            const cy = el._cyreg.cy;
            return {nodes: cy.nodes().length, edges: cy.edges().length,
                    ids: cy.elements().map(e => e.id()).sort()};
        }
    }
    return null;
}"""


def _row(page, key: str):
    return page.locator(f'.ag-row[row-id="{key}"]').first


def _open_review(page, key: str) -> None:
    _row(page, key).locator('[col-id="kind_label"]').click()
    expect(page.locator("#w-review-form")).to_be_visible()


def _open_read_only(page, key: str) -> None:
    _row(page, key).locator('[col-id="kind_label"]').click()
    expect(page.locator("#w-review-readonly")).to_be_visible()
    expect(page.locator("#w-review-form")).to_be_hidden()
    expect(page.locator("#w-review-save")).to_be_hidden()


def _first_key(app, kind: str) -> str:
    return next(w.key for w in app.service.view().warnings if w.kind == kind)


def test_accept_with_reason_survives_a_reload(page, fresh_app) -> None:
    key = _first_key(fresh_app, "parallel-new")
    page.goto(f"{fresh_app.url}/warnings?kind=parallel-new")
    _open_review(page, key)
    page.get_by_label("принято").check()
    page.locator("#w-review-reason").fill("разные типоразмеры")
    page.locator("#w-review-save").click()
    expect(page.locator("#w-review-alert")).to_contain_text("Решение сохранено")
    expect(_row(page, key).locator('[col-id="state_label"]')).to_have_text("принято")

    page.reload()
    expect(_row(page, key).locator('[col-id="state_label"]')).to_have_text("принято")
    expect(_row(page, key).locator('[col-id="reason"]')).to_have_text("разные типоразмеры")
    _open_review(page, key)
    expect(page.locator("#w-history")).to_contain_text("разные типоразмеры")
    review = fresh_app.service.view().reviews[key]
    assert (review.state, review.reason) == ("accepted", "разные типоразмеры")


def test_accept_without_a_reason_is_refused(page, fresh_app) -> None:
    key = _first_key(fresh_app, "partner-covers")
    page.goto(f"{fresh_app.url}/warnings")
    _open_review(page, key)
    page.get_by_label("принято").check()
    page.locator("#w-review-reason").fill("   ")
    page.locator("#w-review-save").click()
    expect(page.locator("#w-review-alert")).to_contain_text("укажите обоснование")
    assert key not in fresh_app.service.view().reviews
    expect(_row(page, key).locator('[col-id="state_label"]')).to_have_text("открыто")


def test_filters_are_in_the_url_and_counts_follow(page, live_app) -> None:
    view = live_app.service.view()
    high = sum(1 for w in view.warnings if w.severity == "high")
    page.goto(f"{live_app.url}/warnings?severity=high")
    expect(page.locator("#w-count-text")).to_contain_text(f"{high} из {len(view.warnings)}")
    expect(page.locator(".ag-row")).to_have_count(high)
    page.locator("#w-severity .Select-value-icon, #w-severity [class*=clear]").first.click()
    expect(page.locator("#w-count-text")).to_contain_text(f"{len(view.warnings)} из {len(view.warnings)}")
    expect(page).to_have_url(re.compile(r"/warnings$"))


def test_network_view_renders_the_nodes_and_edges_of_a_position(page, live_app) -> None:
    view = live_app.service.view()
    item = next(w.item for w in view.warnings if w.kind == "parallel-new")
    expected = nv.elements_for(view, item=item)
    page.goto(f"{live_app.url}/network?item={item}")
    expect(page.locator("#net-caption")).to_contain_text(str(nv.counts(expected)["edges"]))
    page.wait_for_function(f"(({CY_COUNTS})() || {{nodes: 0}}).nodes > 0")
    drawn = page.evaluate(CY_COUNTS)
    nodes = [e for e in expected if "source" not in e["data"]]
    assert drawn["nodes"] == len(nodes)
    assert drawn["edges"] == len(expected) - len(nodes)
    assert drawn["ids"] == sorted(e["data"]["id"] for e in expected)


def test_merge_makes_one_enterprise_and_the_suggestion_disappears(page, fresh_app) -> None:
    suggestion = _first_key(fresh_app, "same-enterprise?")
    pair = next(w for w in fresh_app.service.view().warnings if w.key == suggestion).enterprise_keys
    page.goto(f"{fresh_app.url}/enterprises")
    expect(page.locator(".sv-suggestion")).to_have_count(1)
    page.locator(".sv-suggestion button", has_text="оставить это название").first.click()
    expect(page.locator("#ent-message")).to_contain_text("Объединено")
    expect(page.locator(".sv-suggestion")).to_have_count(0)
    expect(page.locator(".sv-merge")).to_have_count(1)

    view = fresh_app.service.view()
    assert pair[0] in view.dataset.enterprises
    assert pair[1] not in view.dataset.enterprises
    assert not any(w.kind == "same-enterprise?" for w in view.warnings)

    # the merged enterprise has left the view; the merges list still names it, not its key
    merged_name = fresh_app.service.merge_info()[0].merged_name
    assert merged_name
    expect(page.locator(".sv-merge .sv-merged-name")).to_have_text(f"«{merged_name}»")

    page.goto(f"{fresh_app.url}/warnings")
    expect(page.locator(f'.ag-row[row-id="{suggestion}"]')).to_have_count(0)

    # undoable from the page
    page.goto(f"{fresh_app.url}/enterprises")
    page.locator(".sv-merge button").click()
    expect(page.locator("#ent-message")).to_contain_text("отменено")
    expect(page.locator(".sv-suggestion")).to_have_count(1)
    assert pair[1] in fresh_app.service.view().dataset.enterprises


def test_a_dismissed_suggestion_does_not_come_back(page, fresh_app) -> None:
    page.goto(f"{fresh_app.url}/enterprises")
    expect(page.locator(".sv-suggestion")).to_have_count(1)
    page.locator(".sv-suggestion button", has_text="разные предприятия").click()
    expect(page.locator("#ent-message")).to_contain_text("не будет предлагаться")
    page.reload()
    expect(page.locator("#ent-content")).to_contain_text("Предложений нет")
    assert not any(w.kind == "same-enterprise?" for w in fresh_app.service.view().warnings)


def test_from_a_diagram_cell_to_its_warnings_and_back(page, live_app) -> None:
    view = live_app.service.view()
    item = next(w.item for w in view.warnings if w.item)
    count = sum(1 for w in view.warnings if w.item == item)
    page.goto(live_app.url + "/")
    page.locator(f'.sv-cell[data-item="{item}"][data-scope="BY"]').first.click()
    link = page.locator("#cell-warnings-link")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(r"/warnings\?item="))
    expect(page.locator(".ag-row")).to_have_count(count)

    key = next(w.key for w in view.warnings if w.item == item)
    _open_review(page, key)
    page.locator("#w-details a", has_text="Позиция на диаграмме").click()
    expect(page).to_have_url(re.compile(r"/\?q="))
    expect(page.locator(f'.sv-row[data-item="{item}"]')).to_have_count(1)


def test_localisation_page_lists_blocked_machines_and_cooperation(page, live_app) -> None:
    view = live_app.service.view()
    blocked = [k for k, loc in view.localisation.items() if not loc.localisable]
    page.goto(f"{live_app.url}/localisation")
    expect(page.locator(".sv-blocked")).to_have_count(len(blocked))
    expect(page.locator("#coop-grid .ag-row").first).to_be_visible()


def test_network_view_of_a_whole_group_draws_every_node(page, live_app) -> None:
    """The largest group of the sample (about fifty nodes): all drawn, no cytoscape warning."""
    view = live_app.service.view()
    groups = {it.group for it in view.dataset.items.values() if it.group}
    group = max(groups, key=lambda g: nv.node_count(nv.elements_for(view, group=g)))
    expected = nv.elements_for(view, group=group)
    page.goto(f"{live_app.url}/network?group={quote(group)}")
    page.wait_for_function(f"(({CY_COUNTS})() || {{nodes: 0}}).nodes > 0")
    drawn = page.evaluate(CY_COUNTS)
    assert drawn["nodes"] == nv.node_count(expected) >= 40
    assert drawn["ids"] == sorted(e["data"]["id"] for e in expected)


# ------------------------------------------------------------------------------ roles


@pytest.fixture(scope="module")
def signed_app(tmp_path_factory) -> Iterator[LiveApp]:
    for live in serve_app(tmp_path_factory.mktemp("signed-review")):
        operator = auth.User("test", auth.ADMIN)
        for name, role in (("vera", auth.VIEWER), ("boris", auth.EDITOR_BY), ("rita", auth.EDITOR_RU)):
            auth.add_user(live.service.store, name, PASSWORD, role, actor=operator)
        yield live


def _sign_in(page, app: LiveApp, name: str, path: str) -> None:
    page.goto(app.url + path)
    page.wait_for_selector("#login-name")
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORD)
    page.locator("#login-submit").click()


def _warning_of(app: LiveApp, country: str):
    """A warning only one country's editors may review."""
    return next(w for w in app.service.view().warnings if rv.warning_scopes(w) == (country,) and w.item)


def test_an_editor_is_offered_the_review_of_their_countrys_warnings_only(page, signed_app) -> None:
    by_warning, ru_warning = _warning_of(signed_app, "BY"), _warning_of(signed_app, "RU")
    _sign_in(page, signed_app, "rita", f"/warnings?item={quote(by_warning.item)}")
    _open_read_only(page, by_warning.key)
    expect(page.locator("#w-review-readonly")).to_have_text(
        "Только просмотр: ваша роль (редактор РФ) не позволяет рассматривать предупреждения: Беларусь."
    )
    page.goto(f"{signed_app.url}/warnings?item={quote(ru_warning.item)}")
    _open_review(page, ru_warning.key)
    expect(page.locator("#w-review-readonly")).to_be_hidden()


def test_a_viewer_is_offered_no_review(page, signed_app) -> None:
    warning = _warning_of(signed_app, "RU")
    _sign_in(page, signed_app, "vera", f"/warnings?item={quote(warning.item)}")
    _open_read_only(page, warning.key)
    expect(page.locator("#w-review-readonly")).to_contain_text("ваша роль (просмотр)")


def test_a_refused_review_is_said_in_russian(page, console, signed_app) -> None:
    """The role changes while the panel is open: the session ends, the server refuses the save,
    nothing is stored and the page offers to sign in."""
    store = signed_app.service.store
    warning = _warning_of(signed_app, "BY")
    _sign_in(page, signed_app, "boris", f"/warnings?item={quote(warning.item)}")
    _open_review(page, warning.key)
    info = store.accounts.get("boris")
    store.accounts.put("boris", info.password_hash, auth.EDITOR_RU, actor="test")
    try:
        page.get_by_label("снято").check()
        page.locator("#w-review-save").click()
        # A role change ends the planner's sessions (docs/security.md): the open page's save is
        # refused, nothing is stored, and the page offers to sign in again.
        expect(page.locator('a[href^="/login"]').first).to_be_visible()
        console.allow_signed_out()
        assert warning.key not in signed_app.service.view().reviews
    finally:
        store.accounts.put("boris", info.password_hash, auth.EDITOR_BY, actor="test")


@pytest.mark.parametrize(
    ("kind", "url", "fails"),
    [
        ("error", "http://x/_dash-component-suites/dash/dash-renderer.js", True),
        ("warning", "http://x/_dash-component-suites/dash_cytoscape/dash_cytoscape.min.js", True),
        ("warning", "http://x/_dash-component-suites/dash_ag_grid/async-community.js", False),
        ("warning", None, False),
        ("info", "http://x/dash_cytoscape.min.js", False),
    ],
)
def test_the_harness_fails_on_errors_and_cytoscape_warnings_only(kind, url, fails) -> None:
    from tests.browser.conftest import counts_as_failure

    assert counts_as_failure(kind, url) is fails
