"""Page addresses over HTTP: a page answers 200, an unknown address 404 with the same page
skeleton (the browser shows the not-found page), and the skeleton names its language."""

from __future__ import annotations

import pytest

from svetofor.ui.app import create_app
from svetofor.ui.routing import is_known, page_paths


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return create_app(tmp_path_factory.mktemp("data"), seed=False).server.test_client()


@pytest.mark.parametrize("path", ["/", "/table", "/table/", "/network", "/audit", "/progress"])
def test_page_answers_200(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/nowhere", "/table/extra", "/404", "/Table"])
def test_unknown_address_answers_404_with_the_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert 'id="react-entry-point"' in response.get_data(as_text=True)


def test_assets_and_dash_routes_keep_their_status(client):
    assert client.get("/assets/svetofor.css").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/assets/missing.css").status_code == 404


def test_html_names_its_language(client):
    assert '<html lang="ru">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "known"),
    [("/", True), ("", True), ("/table", True), ("/table/", True), ("/404", False), ("/x", False)],
)
def test_is_known(path, known):
    registry = {"a": {"path": "/"}, "b": {"path": "/table"}, "c": {"path": "/404"}}
    assert is_known(path, page_paths(registry)) is known


def test_redirect_from_counts_as_a_page():
    assert page_paths({"a": {"path": "/new", "redirect_from": ["/old"]}}) == {"/new", "/old"}
