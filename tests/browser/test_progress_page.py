"""The progress page in headless Chromium: freeze the diagram from the page, pick two snapshots
and read the diff totals and the highlighted cell, move the forecast year, download the report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from svetofor import progress

pytestmark = pytest.mark.browser


def pick(page, dropdown_id: str, label_part: str, *, once_listed: str | None = None) -> None:
    """Choose an option; ``once_listed`` waits until the list holds that option first, because a
    refresh of the options under an open menu moves them and a click lands on the wrong one."""
    page.locator(f"#{dropdown_id}").click()
    if once_listed:
        page.locator("[role=option]", has_text=once_listed).first.wait_for()
    page.locator("[role=option]", has_text=label_part).first.click()
    page.keyboard.press("Escape")


def diff_count(page, scope: str, direction: str) -> int:
    return int(
        page.locator(f'#pg-diff-table td[data-scope="{scope}"][data-direction="{direction}"]').inner_text()
    )


def first_cell(view, colour: str, scope: str = "BY") -> str:
    return next(
        r.item.key for r in view.rows if r.cells[scope].colour == colour and not r.cells[scope].overridden
    )


def test_freeze_on_the_page_then_pick_two_snapshots_and_see_the_diff(page, fresh_app):
    svc = fresh_app.service
    first = svc.store.snapshots.save(
        "Заседание 06.03.2025",
        progress.snapshot_payload(svc.view(), name="Заседание 06.03.2025"),
        user="local",
    )
    # a session's worth of change: one BY cell red -> green, one RU cell green -> red
    up = first_cell(svc.view(), "red", "BY")
    down = first_cell(svc.view(), "green", "RU")
    svc.set_override(up, "BY", "green", "производство освоено", user="local")
    svc.set_override(down, "RU", "red", "производство остановлено", user="local")

    page.goto(fresh_app.url + "/progress")
    page.wait_for_selector("#pg-diff-table")  # the newest snapshot against "now" by default
    assert diff_count(page, "BY", "improved") == 1

    page.fill("#pg-name", "Заседание 12.09.2025")
    page.locator("#pg-freeze").click()
    page.wait_for_selector("#pg-freeze-msg:has-text('Заседание 12.09.2025')")

    pick(page, "pg-before", "Заседание 06.03.2025", once_listed="Заседание 12.09.2025")
    pick(page, "pg-after", "Заседание 12.09.2025")
    page.wait_for_selector("text=Было: Заседание 06.03.2025")
    page.wait_for_selector("text=стало: Заседание 12.09.2025")
    assert diff_count(page, "BY", "improved") == 1
    assert diff_count(page, "BY", "regressed") == 0
    assert diff_count(page, "RU", "regressed") == 1
    assert page.locator('#pg-diff-facts [data-fact="overrides"]').inner_text() == "2"
    changed = page.locator(
        f'#pg-diff-diagram tr[data-item="{up}"] td[data-scope="BY"][data-changed="improved"]'
    )
    assert changed.count() == 1 and "→" in changed.inner_text()

    # the same snapshot on both sides: nothing changed
    pick(page, "pg-before", "Заседание 12.09.2025")
    page.wait_for_selector("text=было: Заседание 12.09.2025")
    assert diff_count(page, "BY", "improved") == 0
    assert svc.store.snapshots.all()[0].id != first.id  # the page's snapshot is stored


def test_forecast_year_and_report_download(page, fresh_app):
    page.goto(fresh_app.url + "/progress")
    horizon = progress.roadmap_horizon()
    page.wait_for_selector(f"text=Прогноз на {horizon} г.")
    handle = page.locator("#pg-year [role=slider]").first
    handle.focus()
    page.keyboard.press("Home")
    this_year = dt.date.today().year
    page.wait_for_selector(f"text=Прогноз на {this_year} г.")
    totals = page.locator('#pg-forecast-table td[data-scope="UNION"][data-colour="green"]')
    now_green = sum(1 for r in fresh_app.service.view().rows if r.cells["UNION"].computed.colour == "green")
    assert int(totals.inner_text()) >= now_green  # plans only add production

    with page.expect_download(timeout=60_000) as info:
        page.locator("#pg-report-pdf").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF") and info.value.suggested_filename.endswith(".pdf")


def test_the_page_in_english(page, fresh_app):
    page.goto(fresh_app.url + "/progress")
    page.wait_for_selector("text=Ход работ между заседаниями комиссии")
    page.locator("#lang-switch").click()
    page.wait_for_selector("text=Progress between commission sessions")
    page.wait_for_selector(f"text=Forecast for {progress.roadmap_horizon()}")
    assert page.locator("#pg-name").input_value().startswith("Session ")
