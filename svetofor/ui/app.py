"""The Dash app factory.

``create_app`` opens the service for a data directory and hangs it on the Flask server
(``server.config["SVETOFOR"]``); callbacks reach it through :mod:`svetofor.ui.context`, so no
state is shared between apps, users or worker processes.
"""

from __future__ import annotations

import os
from pathlib import Path

import dash
from dash import Input

from svetofor import security
from svetofor.ui import api, auth_routes, caching, hardening, routing, shell
from svetofor.ui.context import DATA_DIR_KEY, SERVICE_KEY
from svetofor.ui.i18n import t
from svetofor.ui.importing import request_limit_bytes
from svetofor.ui.jobs import background_manager

ROOT = Path(__file__).resolve().parents[2]
ASSETS_DIR = ROOT / "assets"
PAGES_DIR = Path(__file__).resolve().parent / "pages"
SAMPLE_LIST = ROOT / "data" / "sample_list.xlsx"
DEFAULT_DATA_DIR = "instance"


def default_data_dir() -> Path:
    return Path(os.environ.get("SVETOFOR_DATA_DIR") or DEFAULT_DATA_DIR)


def create_app(
    data_dir: str | Path | None = None, *, database_url: str | None = None, seed: bool = True
) -> dash.Dash:
    """A ready Dash app over the store in ``data_dir`` (SQLite there unless ``database_url`` or
    ``SVETOFOR_DATABASE_URL`` names another database), seeded from the sample list on first start
    when ``seed`` is true."""
    from svetofor.service import Svetofor

    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    # 0700, its files 0600: the store holds password hashes, the folder the key and uploads
    security.private_tree(data_dir)
    url = database_url or os.environ.get("SVETOFOR_DATABASE_URL") or None
    svc = Svetofor.open(data_dir, url, seed=SAMPLE_LIST if seed and SAMPLE_LIST.exists() else None)

    app = dash.Dash(
        __name__,
        background_callback_manager=background_manager(data_dir),
        use_pages=True,
        pages_folder=str(PAGES_DIR),
        assets_folder=str(ASSETS_DIR),
        title=t("app.title"),
        update_title=None,
        suppress_callback_exceptions=True,
        # The language is a routing input, so a switch re-renders the page in the new language.
        routing_callback_inputs={"lang": Input(shell.LANG_STORE, "data")},
        on_error=auth_routes.on_callback_error,
        # gzip/brotli through Flask-Compress: the first load of the diagram drops from about
        # 3.7 MB to under 1 MB (docs/performance.md), callback responses with it
        compress=True,
    )
    hardening.hide_versions(app)  # no Python/Dash/plotly versions in the page shell
    app.index_string = routing.INDEX_STRING  # <html lang> for screen readers
    app.server.config[SERVICE_KEY] = svc
    app.server.config[DATA_DIR_KEY] = str(data_dir)
    app.server.config[auth_routes.ASSETS_DIR_KEY] = str(ASSETS_DIR)
    auth_routes.install(app.server, data_dir)  # sign-in, session cookie, request guard
    api.install(app.server)
    caching.install(app.server)
    routing.install(app)  # HTTP 404 for an address no page has
    # Uploads arrive base64-encoded inside a callback request: allow the configured file size
    # plus that overhead, so an oversize file gets a clear message rather than a bare HTTP 413.
    app.server.config["MAX_CONTENT_LENGTH"] = request_limit_bytes()
    app.layout = shell.layout
    shell.register_callbacks(app)
    # Page modules register their callbacks globally when imported; the first request moves
    # them onto this app. Make that happen now, before another app in the same process
    # (tests) re-imports the pages and takes them.
    app.server.test_client().get("/_dash-layout")
    return app
