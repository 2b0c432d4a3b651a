"""What the web app does not give away (docs/security.md): no versions of Python, Dash, plotly
or the WSGI server in the page shell or in headers.

* Dash writes ``dash_version``, ``python_version`` and ``plotly_version`` into the page shell's
  ``_dash-config``; only its development tools read them, which this app never turns on.
  :func:`hide_versions` leaves them out of every page.
* werkzeug's server (``svetofor serve``) answers ``Server: Werkzeug/3.x Python/3.11.x``;
  :class:`QuietRequestHandler` answers ``Server: Svetofor``. (gunicorn sends its name only.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.serving import WSGIRequestHandler

SERVER_NAME = "Svetofor"
VERSION_KEYS = ("dash_version", "python_version", "plotly_version", "ddk_version", "dash_version_url")


def without_versions(config: dict[str, Any]) -> dict[str, Any]:
    """The page shell's config without the versions it would name."""
    return {key: value for key, value in config.items() if key not in VERSION_KEYS}


def hide_versions(app: Any) -> None:
    """Wrap the app's config builder (Dash has no option for this; it builds the config for
    every page load, so the wrapper applies to every page)."""
    build: Callable[[], dict[str, Any]] = app._config
    app._config = lambda: without_versions(build())


class QuietRequestHandler(WSGIRequestHandler):
    """werkzeug's request handler with a ``Server`` header that names no versions."""

    def version_string(self) -> str:
        return SERVER_NAME


__all__ = ["SERVER_NAME", "QuietRequestHandler", "hide_versions", "without_versions"]
