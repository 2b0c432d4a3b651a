"""The diagram page in headless Chromium: sample diagram, filters and totals, recolour with a
reason, refusal without one, clearing, undo, language switch, two sessions at once."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

CELL = ".sv-cell[data-item][data-scope]"


def open_diagram(page, url: str, query: str = "") -> None:
    page.goto(url + "/" + query)
    page.wait_for_selector(CELL)


def totals(page) -> dict[tuple[str, str], int]:
    cells = page.locator("#totals-table td[data-scope]")
    out = {}
    for i in range(cells.count()):
        td = cells.nth(i)
        # text_content: the totals also count while the legend panel is folded away
        out[(td.get_attribute("data-scope"), td.get_attribute("data-colour"))] = int(td.text_content())
    return out


def cell(page, item: str, scope: str):
    return page.locator(f'.sv-cell[data-scope="{scope}"][data-item="{item}"]')


def first_cell(page, colour: str, scope: str = "BY") -> str:
    """The item key of the first cell of ``colour`` in ``scope``."""
    return page.locator(f'.sv-cell.sv-{colour}[data-scope="{scope}"]').first.get_attribute("data-item")


def pick(page, dropdown_id: str, value: str) -> None:
    page.locator(f"#{dropdown_id}").click()
    page.locator(f'[role=option]:has(input[value="{value}"])').click()
    page.keyboard.press("Escape")


def choose_colour(page, colour: str) -> None:
    page.locator(f'#cell-colour input[value="{colour}"]').check()


def recolour(page, item: str, scope: str, colour: str, reason: str) -> None:
    cell(page, item, scope).click()
    modal = page.locator("#cell-modal")
    modal.wait_for(state="visible")
    choose_colour(page, colour)
    page.fill("#cell-reason", reason)
    page.locator("#cell-save").click()
    modal.wait_for(state="hidden")


def test_sample_diagram_has_all_three_colours_legend_and_totals(page, live_app):
    open_diagram(page, live_app.url)
    for colour in ("green", "yellow", "red"):
        assert page.locator(f".sv-cell.sv-{colour}").count() > 0, colour
    assert not page.locator(".sv-legend").is_visible()  # folded on a first visit (a laptop's screen)
    page.locator("#fold-legend-button").click()
    page.locator(".sv-legend").wait_for(state="visible")
    sums = totals(page)
    n_rows = page.locator(".sv-row[data-item]").count()
    for scope in ("BY", "RU", "UNION"):
        assert sum(v for (s, _), v in sums.items() if s == scope) == n_rows
    # Hover text explains the colour.
    assert "Почему" in page.locator(CELL).first.get_attribute("title")


def test_filters_change_totals_and_live_in_the_url(page, live_app):
    open_diagram(page, live_app.url)
    before = totals(page)
    group = page.locator(".sv-group-summary").first.inner_text().split(" · ")[0]
    pick(page, "f-group", group)
    page.wait_for_function("document.location.search.includes('group=')")
    after_group = totals(page)
    assert after_group != before
    assert (
        sum(after_group[("BY", c)] for c in ("green", "yellow", "red", "none"))
        == page.locator(".sv-row[data-item]").count()
    )
    assert page.locator(".sv-group").count() == 1

    pick(page, "f-colour", "red")  # red in any of the three
    page.wait_for_function("document.location.search.includes('colour=red')")
    after_colour = totals(page)
    assert after_colour != after_group
    for i in range(page.locator(".sv-row[data-item]").count()):
        assert page.locator(".sv-row[data-item]").nth(i).locator(".sv-cell.sv-red").count() >= 1

    # The link reproduces the view.
    link = page.url
    page.goto(link)
    page.wait_for_selector("#totals-table", state="attached")
    assert totals(page) == after_colour


def rows_colours(page) -> list[dict[str, str]]:
    """Each shown position's colour per scope."""
    return page.eval_on_selector_all(
        ".sv-row[data-item]",
        "rows => rows.map(r => Object.fromEntries([...r.querySelectorAll('.sv-cell')]"
        ".map(c => [c.dataset.scope, c.dataset.colour])))",
    )


def test_colour_per_country_filter(page, live_app):
    """BY yellow AND RU red at once, in the URL, and reproduced by the link."""
    open_diagram(page, live_app.url)
    pick(page, "f-colour-BY", "yellow")
    page.wait_for_function("document.location.search.includes('colour_by=yellow')")
    pick(page, "f-colour-RU", "red")
    page.wait_for_function("document.location.search.includes('colour_ru=red')")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.sv-row[data-item]')].every(r =>"
        " r.querySelector('.sv-cell[data-scope=RU]').dataset.colour === 'red')"
    )
    shown = rows_colours(page)
    assert shown and all(r["BY"] == "yellow" and r["RU"] == "red" for r in shown)
    rows = live_app.service.view().rows
    expected = sum(1 for r in rows if r.cells["BY"].colour == "yellow" and r.cells["RU"].colour == "red")
    assert len(shown) == expected
    assert totals(page)[("BY", "yellow")] == expected and totals(page)[("RU", "red")] == expected
    page.goto(page.url)
    page.wait_for_selector(CELL)
    assert rows_colours(page) == shown
    assert "yellow" not in page.locator("#f-colour-RU").inner_text().lower()


def test_an_old_link_with_colour_and_scope_still_works(page, live_app):
    open_diagram(page, live_app.url, "?colour=red&scope=BY")
    shown = rows_colours(page)
    assert shown and all(r["BY"] == "red" for r in shown)
    # the choice shows in the Belarus control, not in "any of the three"
    assert page.locator("#f-colour-BY .dash-dropdown-value-item").all_inner_texts() == ["К красный"]
    assert page.locator("#f-colour .dash-dropdown-value-item").count() == 0
    # changing another control keeps it, now in the new form
    pick(page, "f-colour-RU", "red")
    page.wait_for_function("document.location.search.includes('colour_by=red')")
    assert "scope=" not in page.url


def test_the_page_number_is_in_the_link(page, live_app, monkeypatch):
    from svetofor.ui import diagram_view as dv

    monkeypatch.setattr(dv, "PAGE_SIZE", 20)  # the sample's 85 positions make five pages
    open_diagram(page, live_app.url)
    first_of_page_1 = page.locator(".sv-row[data-item]").first.get_attribute("data-item")
    page.locator("#diagram-page").get_by_text("3", exact=True).click()
    page.wait_for_function("document.location.search.includes('page=3')")
    page.wait_for_function(
        "k => document.querySelector('.sv-row[data-item]').dataset.item !== k", arg=first_of_page_1
    )
    on_page_3 = [r.get_attribute("data-item") for r in page.locator(".sv-row[data-item]").all()]
    assert len(on_page_3) == 20
    page.goto(page.url)  # the link reproduces the page
    page.wait_for_selector(CELL)
    assert [r.get_attribute("data-item") for r in page.locator(".sv-row[data-item]").all()] == on_page_3
    assert "3 / 5" in page.locator("#diagram-count").inner_text()
    # a new filter starts at its first page, and the link says so
    page.fill("#f-text", "станок")
    page.wait_for_function(
        "document.location.search.includes('q=') && !document.location.search.includes('page=3')"
    )


def test_recolour_with_reason_survives_reload(page, live_app):
    open_diagram(page, live_app.url)
    item = first_cell(page, "red", "BY")
    recolour(page, item, "BY", "yellow", "Письмо Минпрома №12 от 01.03.2026")
    target = cell(page, item, "BY")
    assert "sv-yellow" in target.get_attribute("class")
    assert "sv-overridden" in target.get_attribute("class")

    page.reload()
    page.wait_for_selector(CELL)
    target = cell(page, item, "BY")
    assert "sv-overridden" in target.get_attribute("class")
    assert "Письмо Минпрома №12 от 01.03.2026" in target.get_attribute("title")
    target.click()
    page.locator("#cell-modal").wait_for(state="visible")
    assert "Письмо Минпрома №12 от 01.03.2026" in page.locator("#cell-info").inner_text()
    assert "local" in page.locator("#cell-history").inner_text()


def test_recolour_without_reason_is_refused(page, live_app):
    open_diagram(page, live_app.url)
    item = first_cell(page, "green", "RU")
    cell(page, item, "RU").click()
    page.locator("#cell-modal").wait_for(state="visible")
    choose_colour(page, "red")
    page.fill("#cell-reason", "   ")
    page.locator("#cell-save").click()
    alert = page.locator("#cell-alert")
    alert.wait_for(state="visible")
    assert "причину" in alert.inner_text()
    assert page.locator("#cell-modal").is_visible()
    page.locator("#cell-close").click()
    page.reload()
    page.wait_for_selector(CELL)
    assert "sv-green" in cell(page, item, "RU").get_attribute("class")
    assert "sv-overridden" not in cell(page, item, "RU").get_attribute("class")


def test_clear_override_and_undo(page, live_app):
    open_diagram(page, live_app.url)
    item = first_cell(page, "yellow", "UNION")
    # no manual mark yet: nothing to clear is offered
    cell(page, item, "UNION").click()
    page.locator("#cell-modal").wait_for(state="visible")
    page.locator("#cell-clear").wait_for(state="hidden")
    page.locator("#cell-close").click()
    page.locator("#cell-modal").wait_for(state="hidden")
    recolour(page, item, "UNION", "green", "проверено на месте")
    assert "sv-green" in cell(page, item, "UNION").get_attribute("class")

    cell(page, item, "UNION").click()
    page.locator("#cell-modal").wait_for(state="visible")
    page.locator("#cell-clear").click()
    page.locator("#cell-modal").wait_for(state="hidden")
    target = cell(page, item, "UNION")
    assert "sv-yellow" in target.get_attribute("class")
    assert "sv-overridden" not in target.get_attribute("class")

    # Undo my last change: the clear is reverted, the override is back.
    page.locator("#diagram-undo").click()
    page.wait_for_function(
        f'document.querySelector(\'.sv-cell[data-scope="UNION"][data-item="{item}"]\')'
        ".classList.contains('sv-overridden')"
    )
    assert "sv-green" in cell(page, item, "UNION").get_attribute("class")


def wait_heading(page, text: str) -> None:
    # Null-safe: while the page reloads there is no heading, and a throwing predicate would be
    # reported as a page error.
    page.wait_for_function(
        "t => { const h = document.querySelector('h1'); return !!h && h.innerText === t; }", arg=text
    )


def test_switch_language_keeps_the_filter(page, live_app):
    open_diagram(page, live_app.url)
    pick(page, "f-colour", "red")
    page.wait_for_function("document.location.search.includes('colour=red')")
    filtered = totals(page)
    assert page.locator("h1").inner_text() == "Диаграмма «Светофор»"
    page.locator("#lang-switch").click()
    wait_heading(page, "The Svetofor diagram")
    assert page.locator("#nav-links").inner_text().startswith("Diagram")
    assert "Belarus" in page.locator("#totals-table").inner_text()
    assert "Why" in page.locator(CELL).first.get_attribute("title")
    assert "colour=red" in page.url
    assert totals(page) == filtered
    # The choice is remembered in this browser.
    page.reload()
    wait_heading(page, "The Svetofor diagram")
    page.locator("#lang-switch").click()
    wait_heading(page, "Диаграмма «Светофор»")


def test_unknown_page_shows_404(page, live_app, console):
    response = page.goto(live_app.url + "/no-such-page")
    page.wait_for_selector("text=Страница не найдена")
    assert response.status == 404
    console.allow_not_found()  # the browser reports the page's own 404 in its console


def test_two_sessions_share_data_not_filters(browser, fresh_app, console):
    one = browser.new_context()
    two = browser.new_context()
    try:
        a, b = one.new_page(), two.new_page()
        console.watch(a)
        console.watch(b)
        open_diagram(a, fresh_app.url)
        open_diagram(b, fresh_app.url)
        n_rows = b.locator(".sv-row[data-item]").count()

        pick(a, "f-colour", "red")
        a.wait_for_function("document.location.search.includes('colour=red')")
        item = a.locator('.sv-cell.sv-red[data-scope="RU"]').first.get_attribute("data-item")
        recolour(a, item, "RU", "green", "освоено в 2026 году")

        b.reload()
        b.wait_for_selector(CELL)
        assert "sv-overridden" in cell(b, item, "RU").get_attribute("class")
        assert "освоено в 2026 году" in cell(b, item, "RU").get_attribute("title")
        # A's filter did not leak into B.
        assert b.locator(".sv-row[data-item]").count() == n_rows
        assert "colour=" not in b.url
        assert re.search(r"colour=red", a.url)
    finally:
        one.close()
        two.close()


def test_override_the_data_moved_under_is_flagged(page, live_app):
    svc = live_app.service
    row = next(
        r for r in svc.view().rows if r.cells["RU"].colour == "green" and r.cells["RU"].override is None
    )
    # As if set before a re-import changed the data: the override remembers another computed colour.
    svc.store.overrides.set(row.item.key, "RU", "red", "старые данные", user="petrov", based_on="yellow")
    open_diagram(page, live_app.url)
    target = cell(page, row.item.key, "RU")
    assert "sv-stale" in target.get_attribute("class")
    assert "данные изменились" in target.get_attribute("title")
    page.locator("label", has_text="только расхождения с данными").click()
    page.wait_for_function("document.location.search.includes('stale=1')")
    assert page.locator(".sv-row[data-item]").count() == 1
    assert page.locator(".sv-cell.sv-stale").count() == 1
