"""Access to per-app objects from inside callbacks, without module-level mutable state.

The service lives on the Flask server of the app that handles the request, so two apps in one
process (tests) and several worker processes (gunicorn) each see their own store connection.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import flask

if TYPE_CHECKING:
    from svetofor.service import Svetofor

SERVICE_KEY = "SVETOFOR"
DATA_DIR_KEY = "SVETOFOR_DATA_DIR"
LOCAL_USER = "local"


def service() -> Svetofor:
    """The :class:`~svetofor.service.Svetofor` of the app serving the current request."""
    return flask.current_app.config[SERVICE_KEY]


def data_dir() -> Path:
    """The data directory of the app serving the current request (uploads, job cache)."""
    return Path(flask.current_app.config[DATA_DIR_KEY])


def current_user() -> str:
    """Who acts in this request. Sign-in (issue 6) replaces the single local user."""
    user = flask.g.get("svetofor_user") if flask.has_app_context() else None
    return user or LOCAL_USER
