"""Sign-in at the web boundary, driven through real HTTP requests (Flask test client): the guard,
the session cookie, the secret key file, the loopback rule of the local mode, and refusals of
changes sent straight to the Dash callback endpoint and the JSON API — with nothing stored."""

from __future__ import annotations

import io
import os
import stat
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from svetofor import auth
from svetofor.auth import ADMIN, EDITOR_BY, EDITOR_RU, VIEWER
from svetofor.cli import main
from svetofor.ui.app import create_app
from svetofor.ui.auth_routes import (
    SECRET_FILE,
    denied_alert_text,
    denied_data,
    load_secret_key,
    login_wait,
)
from svetofor.ui.context import SERVICE_KEY
from svetofor.ui.server import ServeRefused, check_bind

PASSWORD = "password-1"
ROLES = {"vera": VIEWER, "boris": EDITOR_BY, "roman": EDITOR_RU, "ada": ADMIN}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    data = tmp_path_factory.mktemp("signed")
    app = create_app(data)
    store = app.server.config[SERVICE_KEY].store
    for name, role in ROLES.items():
        auth.add_user(store, name, PASSWORD, role, actor=auth.User("test", ADMIN))
    return app


@pytest.fixture
def svc(app):
    return app.server.config[SERVICE_KEY]


def login(app, name: str, password: str = PASSWORD, next_path: str = "/"):
    client = app.server.test_client()
    response = client.post("/login", data={"username": name, "password": password, "next": next_path})
    return client, response


def changes(store) -> tuple:
    dump = store.dump()
    tables = ("overrides", "override_history", "warning_reviews", "enterprise_merges", "imports", "records")
    data = tuple(dump[t] for t in tables)
    return (*data, tuple(a for a in store.audit.entries() if not a.action.startswith("log")))


# ------------------------------------------------------------------------------ guard, cookie


def test_every_page_needs_sign_in(app):
    client = app.server.test_client()
    page = client.get("/table?lang=en")
    assert page.status_code == 302 and page.headers["Location"] == "/login?next=/table%3Flang%3Den"
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/api/cell?item=x&scope=BY").status_code == 401
    assert client.post("/_dash-update-component", json={}).status_code == 401
    assert client.get("/audit").status_code == 302
    assert client.get("/assets/bootstrap.min.css").status_code == 200  # the login page's style
    form = client.get("/login").get_data(as_text=True)
    assert 'name="password"' in form and 'type="password"' in form


def test_wrong_password_is_refused_and_audited(app, svc):
    client, response = login(app, "boris", "not-the-password")
    assert response.status_code == 401
    assert "Неверное имя или пароль" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    failed = svc.store.audit.entries(action="login.failed")[0]
    assert (failed.user, failed.target) == ("anonymous", "boris")


def test_sign_in_sets_a_safe_cookie_and_opens_the_pages(app):
    client, response = login(app, "vera", next_path="/table")
    assert response.status_code == 302 and response.headers["Location"] == "/table"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert "vera" not in cookie.split(";")[0].split("=", 1)[1][:4]  # signed, not a bare name
    assert client.get("/table").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    client.post("/logout")
    assert client.get("/table").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_no_open_redirect_after_sign_in(app, target):
    _, response = login(app, "vera", next_path=target)
    assert response.headers["Location"] == "/"


def test_session_expires(app, svc):
    from sqlalchemy import update

    from svetofor.store.schema import SESSIONS

    client, _ = login(app, "vera")
    assert client.get("/").status_code == 200
    with svc.store.db.write() as change:  # the clock moved past the lifetime (12 h from sign-in)
        change.conn.execute(update(SESSIONS).values(expires_at=change.at - timedelta(seconds=1)))
    assert client.get("/").status_code == 302


def test_new_password_ends_old_sessions_and_a_new_role_counts_at_once(app, svc):
    client, _ = login(app, "boris")
    actor = auth.User("test", ADMIN)
    auth.set_password(svc.store, "boris", PASSWORD, actor=actor, role=EDITOR_BY)  # same text, new salt
    assert client.get("/").status_code == 302
    client, _ = login(app, "boris")
    auth.set_password(svc.store, "boris", PASSWORD, actor=actor, role=VIEWER)
    # The session of the old hash is gone; after signing in again the stored role counts.
    client, _ = login(app, "boris")
    assert post_override(client, first_item(svc), "BY", version=None)[0] == 403
    auth.set_password(svc.store, "boris", PASSWORD, actor=actor, role=EDITOR_BY)


def test_cross_site_posts_are_refused(app, svc):
    client, _ = login(app, "ada")
    before = changes(svc.store)
    response = client.post(
        "/api/overrides",
        json={"item": first_item(svc), "scope": "BY", "colour": "red", "reason": "x"},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    form = client.post(
        "/api/overrides", data={"item": first_item(svc), "scope": "BY", "colour": "red", "reason": "x"}
    )
    assert form.status_code == 415  # a plain HTML form cannot send JSON
    assert changes(svc.store) == before


def test_secret_key_is_kept_private_in_the_data_dir(tmp_path):
    key = load_secret_key(tmp_path)
    path = tmp_path / SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(key) >= 32
    assert load_secret_key(tmp_path) == key
    os.chmod(path, 0o644)
    assert load_secret_key(tmp_path) == key and stat.S_IMODE(path.stat().st_mode) == 0o600
    (tmp_path / "other").mkdir()
    assert load_secret_key(tmp_path / "other") != key  # generated, not a constant of the code


# ------------------------------------------------------------------------------- local mode


@pytest.fixture(scope="module")
def local_app(tmp_path_factory):
    return create_app(tmp_path_factory.mktemp("local"))


def test_local_mode_serves_loopback_only(local_app):
    client = local_app.server.test_client()
    assert client.get("/").status_code == 200
    remote = client.get("/", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert remote.status_code == 403 and "svetofor users add" in remote.get_data(as_text=True)
    assert client.get("/", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200
    proxied = client.get("/", headers={"X-Forwarded-For": "198.51.100.4"})
    assert proxied.status_code == 403  # a proxy on this machine forwards remote users
    assert client.get("/login").status_code == 302  # nothing to sign in to


def test_serve_refuses_other_hosts_without_users(tmp_path):
    err = io.StringIO()
    assert main(["serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path)], err=err) == 2
    assert "0.0.0.0" in err.getvalue() and "svetofor users add" in err.getvalue()
    check_bind("127.0.0.1", tmp_path)
    check_bind("localhost", tmp_path)
    with pytest.raises(ServeRefused):
        check_bind("192.0.2.7", tmp_path)
    out = io.StringIO()
    code = main(
        ["users", "add", "ada", "--role", "admin", "--password-stdin", "--data-dir", str(tmp_path)], out=out
    )
    assert code == 0, out.getvalue()
    check_bind("0.0.0.0", tmp_path)  # users exist: sign-in protects it


@pytest.fixture(autouse=True)
def _stdin_password(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))


# ------------------------------------------------------------ changes sent to the endpoints


def first_item(svc) -> str:
    return svc.view().rows[0].item.key


def post_override(client, item: str, scope: str, version: int | None, colour: str | None = "red"):
    response = client.post(
        "/api/overrides",
        json={
            "item": item,
            "scope": scope,
            "colour": colour,
            "reason": "проверка",
            "expected_version": version,
        },
    )
    return response.status_code, response.get_json()


def dash_call(client, input_ids: tuple[str, ...], values: dict[str, Any], changed: str) -> Any:
    """POST a callback to ``/_dash-update-component`` exactly as the browser would."""
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if set(input_ids) <= {i["id"] for i in d["inputs"]})
    key = dep["output"]
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    outputs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]

    def spec(d):
        return {**d, "value": values.get(f"{d['id']}.{d['property']}")}

    payload = {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": [spec(d) for d in dep["inputs"]],
        "state": [spec(d) for d in dep["state"]],
        "changedPropIds": [changed],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code in (200, 204), response.get_data(as_text=True)[:500]
    return response.get_json(silent=True) or {}


def save_cell(client, item: str, scope: str, version: int) -> Any:
    return dash_call(
        client,
        ("cell-save", "cell-clear"),
        {
            "cell-save.n_clicks": 1,
            "cell-clear.n_clicks": 0,
            "cell-target.data": {"item": item, "scope": scope, "version": version},
            "cell-colour.value": "red",
            "cell-reason.value": "напрямую в обход кнопок",
            "diagram-lang.data": "en",
        },
        "cell-save.n_clicks",
    )


@pytest.mark.parametrize(("user", "scope"), [("vera", "BY"), ("roman", "BY"), ("boris", "UNION")])
def test_dash_callback_refuses_and_stores_nothing(app, svc, user, scope):
    client, _ = login(app, user)
    item = first_item(svc)
    before = changes(svc.store)
    body = save_cell(client, item, scope, 0)  # refused before any version check
    alert = body["response"]["cell-alert"]["children"]
    long_scope = {"BY": "Belarus", "RU": "Russia", "UNION": "Union State"}[scope]
    assert alert.startswith(f"Not allowed: you may not recolour cells of {long_scope} (your role: ")
    assert changes(svc.store) == before


def test_dash_callback_lets_an_editor_change_their_own_country(app, svc):
    client, _ = login(app, "roman")
    item = first_item(svc)
    version = ov.version if (ov := svc.store.overrides.active().get((item, "RU"))) else 0
    save_cell(client, item, "RU", version)
    stored = svc.store.overrides.active()[(item, "RU")]
    assert (stored.author, stored.colour) == ("roman", "red")
    assert svc.store.audit.entries(action="override")[0].user == "roman"


def test_refusal_in_a_callback_without_its_own_handling_shows_in_the_shell(app, svc):
    """The undo callback does not catch PermissionDenied: the app's on_error shows it."""
    client, _ = login(app, "boris")
    item = first_item(svc)
    version = ov.version if (ov := svc.store.overrides.active().get((item, "BY"))) else 0
    save_cell(client, item, "BY", version)
    assert svc.store.overrides.active()[(item, "BY")].author == "boris"
    actor = auth.User("test", ADMIN)
    auth.set_password(svc.store, "boris", PASSWORD, actor=actor, role=EDITOR_RU)
    try:
        client, _ = login(app, "boris")
        before = changes(svc.store)
        body = dash_call(
            client,
            ("diagram-undo",),
            {"diagram-undo.n_clicks": 1, "diagram-refresh.data": 0, "diagram-lang.data": "en"},
            "diagram-undo.n_clicks",
        )
        denied = body["sideUpdate"]["auth-denied"]["data"]
        assert "may not recolour cells of BY" in denied["message"]
        assert (denied["action"], denied["scope"], denied["role"]) == ("override", "BY", EDITOR_RU)
        # the shell words it in the planner's language (the message itself is the log's English)
        assert denied_alert_text(denied, "ru") == (
            "Нет прав менять ячейки: Беларусь (ваша роль: редактор РФ)."
        )
        assert changes(svc.store) == before
    finally:
        auth.set_password(svc.store, "boris", PASSWORD, actor=actor, role=EDITOR_BY)


def test_api_versions_conflicts_and_permissions(app, svc):
    item = first_item(svc)
    boris, _ = login(app, "boris")
    ada, _ = login(app, "ada")
    cell = boris.get(f"/api/cell?item={item}&scope=BY").get_json()
    status, body = post_override(boris, item, "BY", cell["version"])
    assert status == 200 and body["override"]["author"] == "boris"
    # ada saw the old version: refused with who changed it, nothing overwritten
    status, conflict = post_override(ada, item, "BY", cell["version"], colour="green")
    assert status == 409 and conflict["current"]["author"] == "boris"
    assert svc.store.overrides.active()[(item, "BY")].colour == "red"
    status, body = post_override(ada, item, "BY", conflict["version"], colour="green")
    assert status == 200 and svc.store.overrides.active()[(item, "BY")].author == "ada"
    before = changes(svc.store)
    assert post_override(boris, item, "RU", None)[0] == 403
    vera, _ = login(app, "vera")
    assert post_override(vera, item, "BY", None, colour=None)[0] == 403
    assert post_override(boris, item, "BY", None, colour="purple")[0] == 400
    assert changes(svc.store) == before


def test_api_import_only_own_country(app, svc, tmp_path: Path):
    from tests.test_service import RU_ROWS, write_list

    path = write_list(tmp_path / "ru.xlsx", RU_ROWS, sheet="Россия")
    before = changes(svc.store)
    for user in ("vera", "boris"):
        client, _ = login(app, user)
        with path.open("rb") as fh:
            response = client.post(
                "/api/imports",
                data={"file": (fh, "ru.xlsx")},
                headers={"X-Requested-With": "test"},
                content_type="multipart/form-data",
            )
        assert response.status_code == 403, response.get_data(as_text=True)
    assert changes(svc.store) == before
    client, _ = login(app, "roman")
    with path.open("rb") as fh:
        response = client.post(
            "/api/imports",
            data={"file": (fh, "ru.xlsx")},
            headers={"X-Requested-With": "test"},
            content_type="multipart/form-data",
        )
    assert response.status_code == 200 and response.get_json()["countries"] == ["RU"]
    assert svc.store.audit.entries(action="import")[0].user == "roman"
    for mode, status in (("update", 200), ("merge", 400)):  # docs/domain.md §8
        with path.open("rb") as fh:
            response = client.post(
                "/api/imports",
                data={"file": (fh, "ru.xlsx"), "mode": mode},
                headers={"X-Requested-With": "test"},
                content_type="multipart/form-data",
            )
        assert response.status_code == status, response.get_data(as_text=True)
    assert svc.import_entries()[0].mode == "update"


# ------------------------------------------------------------------------------ refusals in words


class BackgroundCallbackError(Exception):
    """Stands in for Dash's error of a failed background job: only its text crosses over."""


def test_a_background_refusal_is_read_back_from_its_text():
    with pytest.raises(auth.PermissionDenied) as refused:
        auth.require(auth.User("boris", EDITOR_BY), "import", "RU")
    err = BackgroundCallbackError(
        f"Traceback (most recent call last):\n  ...\nsvetofor.auth.PermissionDenied: {refused.value}\n"
    )
    data = denied_data(err)
    assert data is not None and (data["action"], data["scope"], data["name"]) == ("import", "RU", "boris")
    assert denied_alert_text(data, "en") == (
        "Not allowed: you may not import lists of Russia (your role: editor BY)."
    )
    assert denied_data(ValueError("boom")) is None
    assert denied_alert_text(denied_data(auth.PermissionDenied("unknown user 'x'")), "ru") == (
        "Нет прав на это изменение"
    )


# ------------------------------------------------------------------------------ sign-in throttling


@pytest.fixture
def fresh_app(tmp_path):
    """Its own store: the throttle counts failures, which would leak into the shared app."""
    app = create_app(tmp_path)
    store = app.server.config[SERVICE_KEY].store
    for name, role in ROLES.items():
        auth.add_user(store, name, PASSWORD, role, actor=auth.User("test", ADMIN))
    return app


def test_sign_in_is_throttled_after_failed_attempts_for_a_name(fresh_app, tmp_path):
    store = fresh_app.server.config[SERVICE_KEY].store
    for _ in range(auth.FAILED_LIMIT_PER_NAME):
        assert login(fresh_app, "boris", "wrong-password")[1].status_code == 401
    # Even the right password is refused now, unchecked, with how long to wait.
    client, response = login(fresh_app, "boris")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Слишком много неудачных попыток входа. Попробуйте снова через 15 мин." in page
    assert client.get("/").status_code == 302  # not signed in
    assert store.audit.entries(action="login.throttled")[0].target == "boris"
    # Another name from the same address is not locked by boris's failures (fewer than 20).
    assert login(fresh_app, "roman")[1].status_code == 302
    # The lock is in the database: a second app on the same data directory (another worker) sees it.
    assert login(create_app(tmp_path), "boris")[1].status_code == 429


def test_sign_in_is_throttled_per_address(fresh_app):
    for i in range(auth.FAILED_LIMIT_PER_ADDRESS):
        login(fresh_app, f"nobody{i}", "wrong-password")  # every name new: only the address counts
    assert login(fresh_app, "ada")[1].status_code == 429


def test_throttle_window_and_a_successful_sign_in(fresh_app):
    from datetime import UTC, datetime, timedelta

    store = fresh_app.server.config[SERVICE_KEY].store
    for _ in range(auth.FAILED_LIMIT_PER_NAME - 1):
        login(fresh_app, "vera", "wrong-password")
    assert login(fresh_app, "vera")[1].status_code == 302  # forgives the name's earlier failures
    login(fresh_app, "vera", "wrong-password")
    assert login_wait(store, "vera", "10.0.0.9") is None
    for _ in range(auth.FAILED_LIMIT_PER_NAME - 1):
        login(fresh_app, "vera", "wrong-password")
    wait = login_wait(store, "vera", "10.0.0.9")
    assert wait is not None and timedelta(minutes=14) < wait <= auth.FAILED_WINDOW
    # Once the window has passed, the name may try again.
    later = datetime.now(UTC) + auth.FAILED_WINDOW + timedelta(seconds=1)
    assert login_wait(store, "vera", "10.0.0.9", now=later) is None
