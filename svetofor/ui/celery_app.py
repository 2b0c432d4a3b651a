"""The Celery app of a job worker: ``celery -A svetofor.ui.celery_app worker``.

The worker builds the same Dash app as a web instance (same ``SVETOFOR_DATA_DIR``,
``SVETOFOR_DATABASE_URL`` and ``SVETOFOR_REDIS_URL``), because Dash registers every background
callback as a Celery task named after the callback's source: importing the pages here is what
gives the worker the tasks the web instances submit. Run it with the same code as the instances.
"""

from __future__ import annotations

from celery.signals import worker_process_init

from svetofor.ui import jobs
from svetofor.ui.app import create_app
from svetofor.ui.context import SERVICE_KEY

if not jobs.redis_url():
    raise SystemExit(f"svetofor worker: set {jobs.REDIS_URL_ENV} (the Redis the app instances use)")

# Only a web instance seeds an empty store; a worker starting first must not race it.
dash_app = create_app(seed=False)
app = jobs.celery_of(dash_app)
jobs.run_tasks_in(app, dash_app.server)


@worker_process_init.connect
def _fresh_connections(**_: object) -> None:
    # A prefork child inherits the parent's pooled database connections; sharing a connection
    # between processes corrupts it, so the child opens its own.
    dash_app.server.config[SERVICE_KEY].after_fork()
