"""Each interface language shows only its own words: in English no Russian that came from the
core, in Russian no English. Checked where the core's sentences reach a planner: the diagram's
hover texts and the cell dialog, the warnings page's rule texts, and an exported picture.

Data is shown as the lists write it (position, group and enterprise names, a planner's reason
and name), so those strings are taken out before the script is checked.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CELL = ".sv-cell[data-item][data-scope]"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN = re.compile(r"[A-Za-z]")
REASON = "сверено с письмом министерства"
AUTHOR = "Иванова"

# The warnings grid keeps its rows in AG Grid (only the visible ones are in the page): read
# every row's data through the grid's API. A row's id is the warning's key, which starts with
# its kind.
GRID_RULES = """async () => {
    const api = await dash_ag_grid.getApiAsync("w-grid");
    const out = [];
    api.forEachNode(node => out.push([node.data.id.split("|")[0], node.data.rule]));
    return out;
}"""


def data_strings(view) -> list[str]:
    """Every string that is data, longest first (a name may contain a shorter one)."""
    found: set[str] = {REASON, AUTHOR}
    for item in view.dataset.items.values():
        found.update(s for s in (item.name, item.group, item.code, item.kind) if s)
    for enterprise in view.dataset.enterprises.values():
        found.add(enterprise.name)
    for warning in view.warnings:
        found.update(warning.enterprises)
    for override in view.overrides.values():
        found.update((override.reason, override.author))
    return sorted(found, key=len, reverse=True)


def words_of(text: str, data: list[str]) -> str:
    """``text`` without the data in it: what is left is the interface's own words."""
    for value in data:
        text = text.replace(value, " ")
    return text


def assert_language(texts: list[str], lang: str, data: list[str]) -> None:
    foreign = CYRILLIC if lang == "en" else LATIN
    wrong = [t for t in texts if foreign.search(words_of(t, data))]
    assert not wrong, f"{len(wrong)} texts not in {lang}, e.g. {wrong[:3]}"


def switch_to_english(page, heading: str = "The Svetofor diagram") -> None:
    page.locator("#lang-switch").click()
    page.wait_for_function("t => document.querySelector('#lang-switch')?.innerText === t", arg="Русский")
    if heading:
        page.wait_for_function("t => document.querySelector('h1')?.innerText === t", arg=heading)


def cell_titles(page) -> list[str]:
    page.wait_for_selector(CELL)
    return page.eval_on_selector_all(CELL, "cells => cells.map(c => c.title)")


def test_hover_texts_and_the_cell_dialog_speak_the_chosen_language(page, fresh_app) -> None:
    svc = fresh_app.service
    row = next(r for r in svc.view().rows if r.cells["RU"].colour == "red")
    svc.set_override(row.item.key, "RU", "yellow", REASON, user=AUTHOR)
    view = svc.view()
    data = data_strings(view)

    page.goto(fresh_app.url + "/")
    russian = cell_titles(page)
    assert russian and all(russian)
    assert_language(russian, "ru", data)
    assert any("шт./год" in t for t in russian)  # the facts (capacity, demand) are named

    switch_to_english(page)
    english = cell_titles(page)
    assert len(english) == len(russian)
    assert_language(english, "en", data)
    assert all(t.startswith("Why:") for t in english)
    assert any("units/year" in t for t in english)
    overridden = page.locator(f'.sv-cell[data-scope="RU"][data-item="{row.item.key}"]')
    assert f"{REASON} ({AUTHOR}" in overridden.get_attribute("title")

    overridden.click()
    dialog = page.locator("#cell-modal")
    dialog.wait_for(state="visible")
    page.wait_for_function("() => document.querySelector('#cell-info')?.innerText.includes('Why')")
    info = page.locator("#cell-info").inner_text()
    assert_language([info], "en", data)
    assert REASON in info


def test_warning_rules_speak_the_chosen_language(page, live_app) -> None:
    view = live_app.service.view()
    data = data_strings(view)
    page.goto(live_app.url + "/warnings")
    page.wait_for_selector(".ag-row")
    russian = page.evaluate(GRID_RULES)
    assert len(russian) == len(view.warnings)
    assert_language([rule for _kind, rule in russian], "ru", data)

    switch_to_english(page, heading="")
    page.wait_for_function("() => document.querySelector('.ag-header')?.innerText.includes('Rule')")
    english = page.evaluate(GRID_RULES)
    assert len(english) == len(view.warnings)
    assert_language([rule for _kind, rule in english], "en", data)
    # every kind's rule is in words, with its facts (the sample list has all three kinds)
    said = {"parallel-new": "new capacity", "partner-covers": "is green", "same-enterprise?": "“"}
    for kind, words in said.items():
        rules = [rule for grid_kind, rule in english if grid_kind == kind]
        assert rules and all(words in rule for rule in rules), (kind, rules[:2])


def svg_texts(svg: str) -> list[str]:
    """The text of every ``<text>`` element of a plotly SVG, entities decoded."""
    return [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r"<text[^>]*>.*?</text>", svg, re.S)]


def test_an_exported_picture_speaks_the_chosen_language(page, live_app) -> None:
    data = data_strings(live_app.service.view())
    page.goto(live_app.url + "/")
    page.wait_for_selector(CELL)
    switch_to_english(page)
    with page.expect_download(timeout=90_000) as info:
        page.locator("#export-svg").click()
    svg = Path(info.value.path()).read_text(encoding="utf-8")
    texts = svg_texts(svg)
    assert "The Svetofor diagram" in texts
    # long names are cut with "…" to fit the column: a cut name is still data
    own = [t for t in texts if not any(d.startswith(t.rstrip("…")) for d in data if t.endswith("…"))]
    assert_language(own, "en", data)
    assert any("positions" in t for t in own) and any("production exists" in t for t in own)
