"""The shared job queue: with ``SVETOFOR_REDIS_URL`` the app's background callbacks
run on Celery workers over Redis, so a job submitted through one app instance runs on the shared
queue and its progress and result can be fetched through another instance.

Real processes throughout: Redis from ``SVETOFOR_TEST_REDIS_URL`` (``make test`` starts one with
``scripts/ci-services.sh``), a ``celery -A svetofor.ui.celery_app worker`` and two gunicorn app
instances, all on one database (the ``database_url`` fixture's) and one data dir — uploads wait
there for the worker, as in docs/deployment.md.
"""

from __future__ import annotations

import base64
import http.cookiejar
import os
import re
import uuid
from pathlib import Path

import dash
import pytest

from svetofor import auth
from svetofor.store import Store
from svetofor.ui import jobs
from svetofor.ui.app import SAMPLE_LIST
from tests.instances import DashClient, celery_worker, instance, poll_background

REDIS_ENV = "SVETOFOR_TEST_REDIS_URL"
PLANNER = "planner"
PASSWORD = "a-long-test-password"
LANG = "ru"

pytestmark = pytest.mark.slow


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get(REDIS_ENV)
    if not url:
        pytest.skip(f"{REDIS_ENV} is not set: no Redis to run the shared job queue on (make test starts one)")
    return url


def test_without_redis_jobs_run_beside_the_app_on_diskcache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(jobs.REDIS_URL_ENV, raising=False)
    manager = jobs.background_manager(tmp_path)
    assert isinstance(manager, dash.DiskcacheManager)
    assert (tmp_path / "cache").is_dir()


def test_with_redis_jobs_go_to_celery_on_that_redis(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(jobs.REDIS_URL_ENV, "redis://127.0.0.1:1/3")
    manager = jobs.background_manager(tmp_path)
    assert isinstance(manager, dash.CeleryManager)
    assert manager.handle.conf.broker_url == "redis://127.0.0.1:1/3"
    assert not (tmp_path / "cache").exists()


def upload(client: DashClient, path: Path) -> dict:
    """Send a file through the import page's upload callback; the kept upload's token."""
    data = base64.b64encode(path.read_bytes()).decode()
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = client.call(
        ("imp-received",),
        {
            "imp-received.data": {"name": path.name, "size": path.stat().st_size, "at": 1},
            "imp-upload.contents": f"data:{mime};base64,{data}",
            "imp-upload.filename": path.name,
            "imp-lang.data": LANG,
        },
        "imp-received.data",
    )
    session = response["imp-session"]["data"]
    assert session and session.get("token"), response
    return session


def test_a_job_submitted_to_one_instance_runs_on_the_queue_and_is_fetched_from_another(
    redis_url: str, database_url: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "shared"
    data_dir.mkdir()
    env = {
        "SVETOFOR_DATA_DIR": str(data_dir),
        "SVETOFOR_DATABASE_URL": database_url,
        jobs.REDIS_URL_ENV: redis_url,
    }
    worker_name = f"svetofor-test-{uuid.uuid4().hex[:8]}"
    with instance(env, tmp_path / "a.log") as base_a:  # seeds the store before users exist
        add_planner(database_url)
        with (
            instance(env, tmp_path / "b.log") as base_b,
            celery_worker(env, tmp_path / "worker.log", worker_name),
        ):
            run_jobs_across(base_a, base_b, database_url)
            log = (tmp_path / "worker.log").read_text(errors="replace")
    # both jobs ran on the worker, not in the app instances
    ran = re.findall(r"Task background_callback_\w+\[[\w-]+\] succeeded", log)
    assert len(ran) == 2, log[-3000:]
    assert not (data_dir / "cache").exists(), "an instance fell back to the DiskCache manager"


def add_planner(database_url: str) -> None:
    store = Store.open(url=database_url)
    try:
        auth.add_user(store, PLANNER, PASSWORD, auth.ADMIN, actor=auth.LOCAL_ADMIN)
    finally:
        store.close()


def run_jobs_across(base_a: str, base_b: str, database_url: str) -> None:
    """One signed-in browser whose requests land on either instance."""
    jar = http.cookiejar.CookieJar()
    a, b = DashClient(base_a, jar), DashClient(base_b, jar)
    a.sign_in(PLANNER, PASSWORD)
    a.load_page("/import")
    # The page load's signed endId travels with the handles, as a browser tab's does when a
    # reverse proxy sends its polls to another instance.
    b.end_id = a.end_id
    session = upload(a, SAMPLE_LIST)
    imports_before = len(_imports(database_url))

    # the preview: read + effect, a background callback
    analyse = a.payload(
        a.callback("imp-session", "imp-country", "imp-overrides"),
        {
            "imp-session.data": session,
            "imp-country.value": None,
            "imp-overrides.data": [],
            "imp-lang.data": LANG,
        },
        "imp-session.data",
    )
    status, handles = a.post(analyse)
    assert status == 200 and {"cacheKey", "job"} <= set(handles), handles
    preview = poll_background(b, analyse, handles)
    assert preview["imp-import"]["disabled"] is False  # the sample list is valid
    assert preview["imp-mapping"]["rowData"], "no column mapping in the preview"
    assert SAMPLE_LIST.name in str(preview["imp-file"]["children"])

    # the import itself: submitted through B this time, its result fetched through A
    do_import = b.payload(
        b.callback("imp-import"),
        {
            "imp-import.n_clicks": 1,
            "imp-session.data": session,
            "imp-country.value": None,
            "imp-overrides.data": [],
            "imp-lang.data": LANG,
        },
        "imp-import.n_clicks",
    )
    status, handles = b.post(do_import)
    assert status == 200 and {"cacheKey", "job"} <= set(handles), handles
    outcome = poll_background(a, do_import, handles)
    assert outcome["imp-outcome"]["data"]["ok"] is True, outcome["imp-outcome"]
    imports = _imports(database_url)
    assert len(imports) == imports_before + 1
    # the worker acted as the planner who pressed the button, not as an anonymous worker
    assert max(imports, key=lambda r: r.id).user == PLANNER


def _imports(database_url: str) -> list:
    store = Store.open(url=database_url)
    try:
        return store.imports.history()
    finally:
        store.close()
