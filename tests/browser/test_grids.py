"""The grids in a planner's language and at a planner's width: AG Grid's own words in Russian;
the warnings grid at 1600 px shows every column, the review state first, the clicked row
highlighted and long names wrapped rather than cut."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_grid_words_are_russian(page, live_app):
    page.goto(live_app.url + "/table")
    page.wait_for_selector('.ag-center-cols-container [row-index="0"]')
    page.locator(
        '.ag-header-cell[col-id="name"] .ag-header-cell-filter-button, '
        '.ag-header-cell[col-id="name"] .ag-header-icon'
    ).first.click()
    popup = page.locator(".ag-filter, .ag-menu").first
    expect(popup).to_be_visible()
    words = popup.inner_text()
    assert "Содержит" in words and "Contains" not in words


def test_warnings_grid_shows_every_column_at_1600(page, live_app):
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(live_app.url + "/warnings")
    page.wait_for_selector(".ag-center-cols-container .ag-row")
    grid = page.locator("#w-grid .ag-body-viewport").bounding_box()
    for col in ("state_label", "rule", "reason", "enterprises"):
        box = page.locator(f'#w-grid .ag-header-cell[col-id="{col}"]').bounding_box()
        assert box is not None and box["x"] + box["width"] <= grid["x"] + grid["width"] + 1, col
    # nothing cut: a wrapped cell is as tall as its text
    cut = page.evaluate(
        """[...document.querySelectorAll('#w-grid .ag-cell[col-id="rule"], #w-grid .ag-cell[col-id="enterprises"]')]
           .filter(c => c.scrollHeight > c.clientHeight + 2 || c.scrollWidth > c.clientWidth + 2).length"""
    )
    assert cut == 0
    row = page.locator("#w-grid .ag-center-cols-container .ag-row").first
    row.locator('[col-id="kind_label"]').click()
    expect(row).to_have_class(re.compile(r"\bag-row-selected\b"))
