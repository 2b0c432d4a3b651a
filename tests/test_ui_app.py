"""The app factory: pages registered, service per app, assets served locally, several apps in
one process each with their own callbacks and store."""

from __future__ import annotations

import re

import dash
import pytest

from svetofor.ui.app import create_app
from svetofor.ui.context import SERVICE_KEY
from svetofor.ui.shell import nav_entries


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(tmp_path_factory.mktemp("data"))


def test_pages_and_navigation(app):
    paths = {p["path"] for p in dash.page_registry.values()}
    assert {"/", "/table", "/404"} <= paths
    labels = [label for label, _ in nav_entries(dash.page_registry, "ru")]
    assert labels[0] == "Диаграмма"
    assert "Таблица" in labels
    assert "404" not in " ".join(href for _, href in nav_entries(dash.page_registry, "en"))


def test_seeded_service_lives_on_the_server(app):
    svc = app.server.config[SERVICE_KEY]
    colours = {cell.colour for row in svc.view().rows for cell in row.cells.values()}
    assert {"green", "yellow", "red"} <= colours


def test_index_uses_only_local_stylesheets(app):
    html = app.server.test_client().get("/").get_data(as_text=True)
    assert "bootstrap.min.css" in html
    assert not re.search(r'<link[^>]+href="https?://', html), "an external stylesheet would fail offline"


def test_each_app_keeps_its_own_callbacks_and_store(app, tmp_path):
    other = create_app(tmp_path / "other", seed=False)
    for each in (app, other):
        outputs = " ".join(each.callback_map)
        assert "diagram-body.children" in outputs
        assert "tbl-grid.rowTransaction" in outputs
        assert "nav-links.children" in outputs
    assert other.server.config[SERVICE_KEY] is not app.server.config[SERVICE_KEY]
    assert other.server.config[SERVICE_KEY].view().rows == []


def test_diagram_layout_renders_from_a_query(app):
    page = next(p for p in dash.page_registry.values() if p["path"] == "/")
    with app.server.test_request_context():
        text = str(page["layout"](lang="en", colour="red", scope="BY"))
    assert "The Svetofor diagram" in text
    shown, total = map(int, re.search(r"(\d+) / (\d+) positions", text).groups())
    assert 0 < shown < total  # only positions red in BY
    assert app.server.test_client().get("/table").status_code == 200
