"""How long a browser may keep what the server sends (docs/performance.md, page weight).

Dash fingerprints its component bundles (``…v4_4_1m1796235885.min.js``) and sends them with a
year's lifetime, but the app's own assets (``/assets/…?m=<mtime>``) and the favicon go out with
no lifetime at all, so every page load downloads the stylesheet again. A URL that carries the
file's modification time changes when the file does: it may be kept for a year. Everything else
keeps Flask's validators (ETag, Last-Modified), so a reload revalidates with a 304.
"""

from __future__ import annotations

from flask import Flask, Request, Response, request

YEAR = 365 * 24 * 3600
FAVICON_LIFETIME = 24 * 3600  # not fingerprinted: a new icon should show within a day


def _fingerprinted_asset(req: Request) -> bool:
    return req.path.startswith("/assets/") and "m" in req.args


def add_cache_headers(response: Response) -> Response:
    if response.status_code != 200 or request.method not in ("GET", "HEAD"):
        return response
    if _fingerprinted_asset(request):
        response.cache_control.no_cache = None  # Flask's default for files without a lifetime
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    elif request.path == "/_favicon.ico":
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = FAVICON_LIFETIME
    return response


def install(server: Flask) -> None:
    server.after_request(add_cache_headers)
