"""Access to per-app objects from inside callbacks, without module-level mutable state.

The service lives on the Flask server of the app that handles the request, so two apps in one
process (tests) and several worker processes (gunicorn) each see their own store connection.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import flask

if TYPE_CHECKING:
    from svetofor.auth import User
    from svetofor.service import Svetofor

SERVICE_KEY = "SVETOFOR"
DATA_DIR_KEY = "SVETOFOR_DATA_DIR"
LOCAL_USER = "local"
USER_KEY = "svetofor_user"  # flask.g attribute holding the acting svetofor.auth.User


def service() -> Svetofor:
    """The :class:`~svetofor.service.Svetofor` of the app serving the current request."""
    return flask.current_app.config[SERVICE_KEY]


def data_dir() -> Path:
    """The data directory of the app serving the current request (uploads, job cache)."""
    return Path(flask.current_app.config[DATA_DIR_KEY])


def current_actor() -> User:
    """Who acts in this request, with the role that counts now (set by the sign-in guard of
    :mod:`svetofor.ui.auth_routes` from the session and the store). Outside a request, or if
    the guard did not run, it is the local no-sign-in user — which the service refuses as
    soon as users are configured, so a missing guard fails closed."""
    from svetofor.auth import LOCAL_ADMIN

    user = flask.g.get(USER_KEY) if flask.has_app_context() else None
    return user if user is not None else LOCAL_ADMIN


def current_user() -> str:
    """The name of who acts in this request: pass it as ``user=`` to every service method that
    changes data; the service checks the role (``PermissionDenied``)."""
    return current_actor().name
