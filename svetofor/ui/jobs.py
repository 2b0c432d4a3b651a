"""Where background callbacks (long imports and exports) run.

* Embedded default: Dash's DiskCache manager — each job in a subprocess of the app, results in
  ``<data dir>/cache``. One machine, one app instance.
* ``SVETOFOR_REDIS_URL`` set: Dash's Celery manager on that Redis (broker and result store), so
  several app instances share one job queue: a job submitted through one instance runs on any
  worker (``celery -A svetofor.ui.celery_app worker``) and its progress and result can be
  fetched through any instance.

A Celery worker runs the callbacks outside any web request, so the tasks here push the worker's
own Flask app context (the callbacks reach the store through ``flask.current_app``) and carry
the submitting user across in a message header (the audit log must name the planner, not the
worker).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dash

from svetofor.ui.context import SERVICE_KEY, USER_KEY

if TYPE_CHECKING:
    import celery
    import flask

REDIS_URL_ENV = "SVETOFOR_REDIS_URL"
USER_HEADER = "svetofor_user"
FLASK_APP_CONF = "svetofor_flask_app"
# Results a browser never fetched (tab closed) must not pile up in Redis.
RESULT_EXPIRES_S = 24 * 3600


def redis_url() -> str | None:
    """The Redis URL of the shared job queue, from ``SVETOFOR_REDIS_URL`` (unset or empty: none)."""
    return os.environ.get(REDIS_URL_ENV) or None


def make_celery(url: str) -> celery.Celery:
    """A Celery app on the Redis at ``url`` (broker and result backend).

    Its tasks run in the context of the Flask app set with :func:`run_tasks_in`; only a worker
    executes tasks, so only the worker sets one (see :mod:`svetofor.ui.celery_app`)."""
    from celery import Celery, Task

    class AppContextTask(Task):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            server = self.app.conf.get(FLASK_APP_CONF)
            if server is None:
                return super().__call__(*args, **kwargs)
            with server.app_context():
                _act_as(self.request.get(USER_HEADER))
                return super().__call__(*args, **kwargs)

    app = Celery("svetofor", broker=url, backend=url, task_cls=AppContextTask)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=RESULT_EXPIRES_S,
        broker_connection_retry_on_startup=True,
        # A job is acknowledged only when done: a worker killed mid-import leaves it to another
        # worker instead of losing it (the import itself is one transaction, so a rerun is safe).
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
    )
    _connect_user_header()
    return app


def _add_user_header(headers: dict[str, Any] | None = None, **_: Any) -> None:
    """Celery's ``before_task_publish``: name the signed-in planner in the job's message."""
    import flask

    if headers is None or not flask.has_app_context():
        return
    user = flask.g.get(USER_KEY)
    if user is not None:
        headers[USER_HEADER] = getattr(user, "name", str(user))


def _act_as(name: str | None) -> None:
    """In a worker's app context: the job acts as the planner who submitted it, with the role
    the store gives that name now. Without a name, or for a name the store no longer knows,
    nobody is set and the service's own check refuses any change (fails closed)."""
    import flask

    from svetofor.auth import PermissionDenied

    if not name:
        return
    try:
        flask.g.setdefault(USER_KEY, flask.current_app.config[SERVICE_KEY].actor(name))
    except PermissionDenied:
        return


def _connect_user_header() -> None:
    from celery.signals import before_task_publish

    # A module-level function with a fixed uid: connecting again is a no-op, not a second call.
    before_task_publish.connect(_add_user_header, weak=False, dispatch_uid="svetofor-user-header")


def run_tasks_in(app: celery.Celery, server: flask.Flask) -> None:
    """Run ``app``'s tasks inside ``server``'s app context (a worker's own Dash app)."""
    app.conf[FLASK_APP_CONF] = server


def background_manager(
    data_dir: Path, *, url: str | None = None
) -> dash.DiskcacheManager | dash.CeleryManager:
    """The manager for ``dash.Dash(background_callback_manager=...)``: Celery on Redis when
    ``url`` (default: ``SVETOFOR_REDIS_URL``) names one, else a DiskCache in ``data_dir``."""
    url = url or redis_url()
    if url:
        return dash.CeleryManager(make_celery(url))
    import diskcache

    return dash.DiskcacheManager(diskcache.Cache(str(Path(data_dir) / "cache")))


def celery_of(app: dash.Dash) -> celery.Celery:
    """The Celery app behind ``app``'s background callbacks (it must use the Celery manager)."""
    manager = app._background_manager  # Dash keeps no public accessor for it
    if not isinstance(manager, dash.CeleryManager):
        raise RuntimeError(f"background callbacks do not use Celery: set {REDIS_URL_ENV}")
    return manager.handle
