"""HTTP status of page addresses and the page skeleton (``index_string``).

A Dash pages app serves the same HTML for every address and lets the browser pick the page, so
an unknown address would answer 200 and only *look* missing: a link checker, a proxy or a
bookmark tool takes it for a page. The server knows the pages (``dash.page_registry``), so it
answers 404 for any other address, with the same HTML: the browser still shows the not-found
page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import dash
import flask

NOT_FOUND_PATH = "/404"

# <html lang> is what screen readers and hyphenation go by (axe-core "html-has-lang"); Russian
# is the default language, and the shell switches the attribute with the language store.
INDEX_STRING = """<!DOCTYPE html>
<html lang="ru">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


def page_paths(registry: Mapping[str, Mapping[str, Any]]) -> frozenset[str]:
    """The addresses that name a page: each page's ``path`` and ``redirect_from``, except the
    not-found page itself."""
    paths: set[str] = set()
    for page in registry.values():
        paths.add(str(page["path"]))
        paths.update(str(p) for p in page.get("redirect_from") or ())
    paths.discard(NOT_FOUND_PATH)
    return frozenset(paths)


def is_known(path: str, known: Iterable[str]) -> bool:
    """Whether ``path`` (without the app's prefix) names a page; a trailing slash is the same
    page, as the browser-side router takes it."""
    stripped = "/" + path.strip("/")
    return stripped in set(known)


def install(app: dash.Dash) -> None:
    """Answer 404 for an address the catch-all page route serves but no page has."""
    prefix = app.config.routes_pathname_prefix
    catchall = prefix + "<path:path>"

    def mark_unknown(response: flask.Response) -> flask.Response:
        if flask.request.endpoint != catchall or response.status_code != 200:
            return response
        path = flask.request.path[len(prefix) - 1 :] if flask.request.path.startswith(prefix) else ""
        if not is_known(path, page_paths(dash.page_registry)):
            response.status_code = 404
        return response

    app.server.after_request(mark_unknown)


__all__ = ["INDEX_STRING", "NOT_FOUND_PATH", "install", "is_known", "page_paths"]
