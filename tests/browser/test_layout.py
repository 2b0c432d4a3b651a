"""The planner's laptop: at 1366×768 the navbar is one line and a dozen position rows show on
the diagram's first screen; at 1024×768 no page scrolls sideways and the menu folds behind a
toggler; the diagram's filters and legend fold away and the browser remembers it; the scope
header stays in sight while the diagram scrolls."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
SMALL = {"width": 1024, "height": 768}
PAGES = [
    "/",
    "/table",
    "/network",
    "/warnings",
    "/enterprises",
    "/localisation",
    "/progress",
    "/import",
    "/audit",
]
ROWS_IN_VIEW = "[...document.querySelectorAll('.sv-row[data-item]')].filter(r => r.getBoundingClientRect().bottom <= innerHeight).length"


def open_diagram(page, url: str) -> None:
    page.goto(url + "/")
    page.wait_for_selector(".sv-cell[data-item]")
    page.wait_for_load_state("networkidle")


def test_a_dozen_rows_on_the_first_screen_of_a_laptop(page, live_app):
    page.set_viewport_size(LAPTOP)
    open_diagram(page, live_app.url)
    assert page.evaluate(ROWS_IN_VIEW) >= 12
    assert page.locator(".sv-navbar").bounding_box()["height"] < 60  # one line
    assert page.locator("#nav-links").is_visible()


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_at_1024(page, live_app, path):
    page.set_viewport_size(SMALL)
    page.goto(live_app.url + path)
    page.wait_for_selector("#_pages_content > *")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL["width"]


def test_menu_folds_behind_a_toggler_at_1024(page, live_app):
    page.set_viewport_size(SMALL)
    open_diagram(page, live_app.url)
    assert not page.locator("#nav-links").is_visible()
    assert page.evaluate(ROWS_IN_VIEW) >= 12
    page.locator("#nav-toggler").click()
    page.locator("#nav-links a[href='/table']").wait_for(state="visible")


def test_folds_are_remembered(page, live_app):
    page.set_viewport_size(LAPTOP)
    open_diagram(page, live_app.url)
    legend, filters = page.locator("#fold-legend .sv-legend"), page.locator("#fold-filters #f-group")
    assert filters.is_visible() and not legend.is_visible()
    page.locator("#fold-legend-button").click()
    page.locator("#fold-filters-button").click()
    legend.wait_for(state="visible")
    filters.wait_for(state="hidden")
    assert page.locator("#fold-legend-button").get_attribute("aria-expanded") == "true"
    more = page.evaluate(ROWS_IN_VIEW)
    page.reload()
    page.wait_for_selector(".sv-cell[data-item]")
    legend.wait_for(state="visible")
    filters.wait_for(state="hidden")
    assert more >= 12
    page.locator("#fold-legend-button").click()
    legend.wait_for(state="hidden")
    assert page.evaluate(ROWS_IN_VIEW) > more  # filters and legend folded: more rows still


def test_scope_header_stays_in_sight(page, live_app):
    page.set_viewport_size(LAPTOP)
    open_diagram(page, live_app.url)
    page.mouse.wheel(0, 1500)
    page.wait_for_function("window.scrollY > 1000")
    assert abs(page.locator(".sv-row.sv-head").bounding_box()["y"]) < 2
