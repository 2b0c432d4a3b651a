"""Accessibility in headless Chromium: axe-core (WCAG 2 A/AA) finds no serious or critical
violation on any page, nor in the diagram's cell dialog; the diagram works from the keyboard."""

from __future__ import annotations

import pytest

from tests.browser.axe import describe, violations

pytestmark = pytest.mark.browser

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
    "/nowhere",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_violation(page, live_app, console, path):
    page.goto(live_app.url + path)
    page.wait_for_selector("#_pages_content > *")
    page.wait_for_load_state("networkidle")
    found = violations(page)
    assert not found, describe(found)
    console.allow_not_found()  # "/nowhere" answers 404 on purpose


def test_html_lang_follows_the_language(page, live_app):
    page.goto(live_app.url + "/")
    page.wait_for_selector(".sv-cell[data-item]")
    assert page.evaluate("document.documentElement.lang") == "ru"
    page.locator("#lang-switch").click()
    page.wait_for_function("document.documentElement.lang === 'en'")


def test_diagram_from_the_keyboard(page, live_app):
    page.goto(live_app.url + "/")
    page.wait_for_selector(".sv-cell[data-item]")
    first = page.locator(".sv-cell[data-item]").first
    first.focus()
    assert page.evaluate("document.activeElement.classList.contains('sv-cell')")
    page.keyboard.press("Enter")
    modal = page.locator("#cell-modal")
    modal.wait_for(state="visible")
    found = violations(page)
    assert not found, describe(found)
    page.keyboard.press("Escape")
    modal.wait_for(state="hidden")
    # Tab moves from one cell to the next: every cell is in the tab order.
    first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('sv-cell')")
