"""Cache lifetimes: fingerprinted assets for a year, the favicon for a day, pages revalidated."""

from __future__ import annotations

import re

import pytest

from svetofor.ui.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return create_app(tmp_path_factory.mktemp("data")).server.test_client()


def test_fingerprinted_assets_are_kept_a_year(client) -> None:
    page = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/assets/bootstrap\.min\.css\?m=[^"]+)"', page)
    assert css, "the stylesheet is linked with its fingerprint"
    response = client.get(css.group(1))
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.immutable and not response.cache_control.no_cache


def test_an_asset_without_fingerprint_is_revalidated(client) -> None:
    response = client.get("/assets/svetofor.css")
    assert response.status_code == 200
    assert response.cache_control.max_age in (None, 0)
    etag = response.headers["ETag"]
    again = client.get("/assets/svetofor.css", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_responses_are_compressed_for_a_browser_that_asks(client) -> None:
    page = client.get("/").get_data(as_text=True)
    bundle = re.search(r'src="(/_dash-component-suites/dash_ag_grid/[^"]+)"', page)
    assert bundle
    plain = client.get(bundle.group(1))
    packed = client.get(bundle.group(1), headers={"Accept-Encoding": "gzip"})
    assert packed.headers.get("Content-Encoding") == "gzip"
    assert len(packed.get_data()) < len(plain.get_data()) / 2
