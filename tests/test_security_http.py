"""Attacks on the web app over real HTTP (docs/security.md): a threaded werkzeug server on
loopback, the one ``svetofor serve`` runs, driven with ``requests`` and the Dash client of
tests/instances.py. Each test names the hole it attacks."""

from __future__ import annotations

import base64
import json
import os
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from svetofor import auth
from svetofor.auth import ADMIN, EDITOR_BY, VIEWER
from svetofor.reading import MIB
from svetofor.ui import server
from svetofor.ui.context import SERVICE_KEY
from svetofor.ui.importing import upload_denial
from tests.instances import DashClient
from tests.workbooks import HEADER, xlsx

PASSWORD = "password-1"
ROLES = {"vera": VIEWER, "boris": EDITOR_BY, "ada": ADMIN}
COOKIE = "svetofor_session"
VERSION_WORDS = ("python_version", "dash_version", "plotly_version", "Werkzeug", "Python/")


@dataclass
class Site:
    base: str
    data: Path
    svc: Any

    def session(self, name: str | None = None) -> requests.Session:
        client = requests.Session()
        if name is not None:
            answer = client.post(
                f"{self.base}/login", data={"username": name, "password": PASSWORD}, allow_redirects=False
            )
            assert answer.status_code == 302, answer.text[:300]
        return client

    def item(self) -> str:
        return str(self.svc.view().rows[0].item.key)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data = tmp_path_factory.mktemp("site")
    srv = server.make(data, "127.0.0.1", 0)
    svc = srv.app.config[SERVICE_KEY]
    for name, role in ROLES.items():
        auth.add_user(svc.store, name, PASSWORD, role, actor=auth.User("test", ADMIN))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{srv.server_port}", data, svc)
    finally:
        srv.shutdown()
        srv.server_close()


def stored(svc: Any) -> tuple[Any, ...]:
    dump = svc.store.dump()
    return tuple(dump[t] for t in ("overrides", "override_history", "imports", "snapshots"))


def override(client: requests.Session, site: Site, **body: Any) -> requests.Response:
    return client.post(f"{site.base}/api/overrides", json=body, allow_redirects=False)


# ---------------------------------------------------------------- 1. open redirect after sign-in


@pytest.mark.parametrize(
    "target",
    [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\nLocation: http://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "///evil.example",
        "https://evil.example/",
        "/..//evil.example",
        "/\x00",
        "/\u2028/evil.example",
    ],
)
def test_sign_in_never_sends_a_planner_to_another_site(site: Site, target: str) -> None:
    answer = requests.post(
        f"{site.base}/login",
        data={"username": "vera", "password": PASSWORD, "next": target},
        allow_redirects=False,
    )
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith("/") and not location.startswith("//") and "\\" not in location
    # A signed-in planner following a crafted link is redirected at once: never a 500.
    client = site.session("vera")
    again = client.get(f"{site.base}/login", params={"next": target}, allow_redirects=False)
    assert again.status_code == 302 and not again.headers["Location"].startswith("//")


# --------------------------------------------------------------- 2. logout ends the session


def test_a_cookie_copied_before_logout_no_longer_reads_or_writes(site: Site) -> None:
    planner = site.session("boris")
    thief = requests.Session()
    thief.cookies.set(COOKIE, planner.cookies[COOKIE])
    assert thief.get(f"{site.base}/api/cell", params={"item": site.item(), "scope": "BY"}).status_code == 200
    assert planner.post(f"{site.base}/logout", allow_redirects=False).status_code == 302
    before = stored(site.svc)
    assert thief.get(f"{site.base}/api/cell", params={"item": site.item(), "scope": "BY"}).status_code == 401
    body = {"item": site.item(), "scope": "BY", "colour": "red", "reason": "as boris, after logout"}
    assert override(thief, site, **body).status_code == 401
    assert thief.get(f"{site.base}/table", allow_redirects=False).status_code == 302
    assert stored(site.svc) == before


def test_a_new_password_or_role_ends_every_session_of_the_user(site: Site) -> None:
    first, second = site.session("boris"), site.session("boris")
    auth.set_password(site.svc.store, "boris", PASSWORD, actor=auth.SYSTEM, role=EDITOR_BY)  # new salt
    for client in (first, second):
        assert client.get(f"{site.base}/_dash-layout").status_code == 401
    third = site.session("boris")
    auth.set_password(site.svc.store, "boris", PASSWORD, actor=auth.SYSTEM, role=VIEWER)
    assert third.get(f"{site.base}/_dash-layout").status_code == 401
    auth.set_password(site.svc.store, "boris", PASSWORD, actor=auth.SYSTEM, role=EDITOR_BY)


# ---------------------------------------------------------------------------- 3. uploads


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _data_url(data: bytes) -> str:
    return "data:application/vnd.ms-excel;base64," + base64.b64encode(data).decode()


def _list_bytes(tmp_path: Path) -> bytes:
    rows = [HEADER, ["Станок для загрузки", "Завод Загрузки", "да", 10]]
    return xlsx(tmp_path / "list.xlsx", rows).read_bytes()


def test_a_viewers_upload_is_refused_before_it_is_received(site: Site, tmp_path: Path) -> None:
    uploads = site.data / "uploads"
    before = _files(uploads)
    vera = site.session("vera")
    answer = vera.post(
        f"{site.base}/api/imports",
        files={"file": ("list.xlsx", _list_bytes(tmp_path))},
        headers={"X-Requested-With": "test"},
    )
    assert answer.status_code == 403 and answer.json()["error"] == "vera (viewer) may not import lists"
    # A callback body larger than any but an upload's: refused unread (413), nothing kept.
    big = vera.post(
        f"{site.base}/_dash-update-component",
        data=b'{"x": "' + b"A" * (3 * MIB) + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert big.status_code == 413
    assert big.json()["error"] == "Only a planner who may import lists can send a request this large"
    # A small file through the import page's own callback: refused with the role, not kept.
    client = DashClient(site.base)
    client.opener.addheaders = [("Cookie", f"{COOKIE}={vera.cookies[COOKIE]}")]
    client.load_page("/import?lang=en")
    got = client.call(
        ("imp-received",),
        {
            "imp-received.data": {"size": 10},
            "imp-upload.contents": _data_url(_list_bytes(tmp_path)),
            "imp-upload.filename": "list.xlsx",
        },
        "imp-received.data",
    )
    assert got["imp-session"]["data"] is None
    assert got["imp-refused"]["children"] == upload_denial(auth.User("vera", VIEWER), "ru")
    assert (
        got["imp-refused"]["children"] == "Нет прав загружать списки: Беларусь, Россия (ваша роль: просмотр)."
    )
    assert _files(uploads) == before


def test_uploads_are_capped_per_user_and_kept_private(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SVETOFOR_UPLOAD_USER_MB", "1")
    client = DashClient(site.base)
    boris = site.session("boris")
    client.opener.addheaders = [("Cookie", f"{COOKIE}={boris.cookies[COOKIE]}")]
    client.load_page("/import")
    data = os.urandom(600 * 1024)  # kept as it is: the file is read only at preview
    values = {"imp-received.data": {"size": len(data)}, "imp-upload.filename": "list.xlsx"}
    values["imp-upload.contents"] = _data_url(data)
    first = client.call(("imp-received",), values, "imp-received.data")
    assert first["imp-session"]["data"]["token"]
    uploads = site.data / "uploads"
    kept = _files(uploads)
    assert len(kept) == 2 and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in kept)
    assert stat.S_IMODE(uploads.stat().st_mode) == 0o700
    # A second tab (another session of the same user) would go over the user's cap.
    other = DashClient(site.base)
    other.opener.addheaders = [("Cookie", f"{COOKIE}={site.session('boris').cookies[COOKIE]}")]
    other.load_page("/import?lang=en")
    second = other.call(("imp-received",), values, "imp-received.data")
    assert second["imp-session"]["data"] is None
    assert second["imp-refused"]["children"] == (
        "Ваши загруженные файлы уже занимают 1 МиБ: импортируйте или отмените их"
    )
    assert _files(uploads) == kept  # the refused one was never written


# ------------------------------------------------------------------- 4. sign-in accounting


@pytest.fixture
def fresh_site(tmp_path: Path) -> Iterator[Site]:
    """Its own store: throttling locks the address, which would spill into the shared site."""
    srv = server.make(tmp_path, "127.0.0.1", 0)
    svc = srv.app.config[SERVICE_KEY]
    auth.add_user(svc.store, "ada", PASSWORD, ADMIN, actor=auth.User("test", ADMIN))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{srv.server_port}", tmp_path, svc)
    finally:
        srv.shutdown()
        srv.server_close()


def test_head_login_is_a_get_and_counts_no_failure(fresh_site: Site) -> None:
    for _ in range(30):
        answer = requests.head(f"{fresh_site.base}/login", allow_redirects=False)
        assert answer.status_code == 200
    assert fresh_site.svc.store.audit.entries(action="login") == []
    assert fresh_site.session("ada").get(f"{fresh_site.base}/_dash-layout").status_code == 200


def test_300_anonymous_sign_in_attempts_write_a_bounded_number_of_rows(fresh_site: Site) -> None:
    codes = set()
    with requests.Session() as client:
        for i in range(300):
            name = "ada" if i % 3 == 0 else f"guess{i}"
            answer = client.post(
                f"{fresh_site.base}/login", data={"username": name, "password": "wrong-pass"}
            )
            codes.add(answer.status_code)
    assert codes == {401, 429}
    entries = fresh_site.svc.store.audit.entries(action="login")
    failed = [e for e in entries if e.action == "login.failed"]
    throttled = [e for e in entries if e.action == "login.throttled"]
    assert len(failed) == auth.FAILED_LIMIT_PER_ADDRESS
    # one row per episode: the name's (ada), then the address's
    assert [(e.target, e.after["by"]) for e in reversed(throttled)] == [
        ("ada", "name"),
        ("127.0.0.1", "address"),
    ]


# ------------------------------------------------------------------------- 7. API bodies


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"item": "%s", "scope": "BY", "colour": ["red"], "reason": {"a": 1}}', "colour"),
        ('{"item": "%s", "scope": "BY", "colour": "red", "reason": {"a": 1}}', "reason"),
        ('{"item": "%s", "scope": "BY", "colour": "red", "reason": "r", "evil": 1}', "evil"),
        ('{"item": "%s", "scope": "XX", "colour": "red", "reason": "r"}', "scope"),
        ('{"item": "%s", "scope": "BY", "colour": "purple", "reason": "r"}', "colour"),
        ('{"item": "%s", "scope": "BY", "colour": "red", "reason": "r", "expected_version": "3"}', "expected_version"),
        ('{"item": "%s", "scope": "BY", "colour": "red", "reason": "r", "expected_version": true}', "expected_version"),
        ('{"item": "%s", "scope": "BY", "colour": "red", "reason": "r", "expected_version": -1}', "expected_version"),
        ('{"item": 5, "scope": "BY", "colour": "red", "reason": "r"} %s', "body"),
        ('{"scope": "BY", "colour": "red", "reason": "r%s"}', "item"),
        ('{"item": "%s", "scope": "BY", "colour": "red", "reason": "r"', "body"),
        ('[1, "%s"]', "body"),
        ("null%s", "body"),
        ('"%s"', "body"),
        ('{"item": "%s", "scope": "BY", "colour": "red", "reason": "\\ud800"}', "body"),
    ],
)  # fmt: skip
def test_api_bodies_of_the_wrong_shape_are_a_400_naming_the_field(site: Site, raw: str, field: str) -> None:
    ada = site.session("ada")
    before = stored(site.svc)
    answer = ada.post(
        f"{site.base}/api/overrides",
        data=(raw % site.item()).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 400, answer.text[:300]
    body = answer.json()
    assert body["field"] == field, body
    assert body["error"].startswith(f"Field '{body['field']}': ")
    assert stored(site.svc) == before


# -------------------------------------------------------------------- 6. limits on typed text


def test_an_overlong_reason_is_refused_by_the_api_and_stored_nowhere(site: Site) -> None:
    ada = site.session("ada")
    before = stored(site.svc)
    audit = len(site.svc.store.audit.entries(limit=100000))
    answer = override(ada, site, item=site.item(), scope="BY", colour="red", reason="x" * 2_000_000)
    assert answer.status_code == 400
    assert answer.json()["error"] == "Reason: at most 2,000 characters (given: 2,000,000)"
    assert stored(site.svc) == before and len(site.svc.store.audit.entries(limit=100000)) == audit
    assert (
        override(ada, site, item=site.item(), scope="BY", colour="red", reason="x" * 2000).status_code == 200
    )


# -------------------------------------------------------------------- 8. private files


def test_the_served_data_dir_and_its_files_are_private(site: Site) -> None:
    site.session("vera")  # a sign-in writes: the WAL exists
    assert stat.S_IMODE(site.data.stat().st_mode) == 0o700
    for name in ("svetofor.sqlite", "svetofor.sqlite-wal", "svetofor.sqlite-shm", "secret_key"):
        assert stat.S_IMODE((site.data / name).stat().st_mode) == 0o600, name


# ----------------------------------------------------------------------------- 9. versions


@pytest.mark.parametrize(
    "path", ["/login", "/loginx", "/login/x", "/assets/none.css", "/assets/", "/assets/../table", "/x"]
)
def test_no_versions_before_sign_in(site: Site, path: str) -> None:
    answer = requests.get(f"{site.base}{path}", allow_redirects=False)
    assert answer.headers["Server"] == "Svetofor"
    assert answer.status_code in (200, 302, 404)
    assert "_dash-config" not in answer.text
    assert not any(word in answer.text for word in VERSION_WORDS)
    if path != "/login":
        assert answer.status_code != 200  # nothing but the login page itself is public


def test_the_page_shell_names_no_versions_after_sign_in_either(site: Site) -> None:
    shell = site.session("vera").get(f"{site.base}/table")
    assert shell.status_code == 200 and shell.headers["Server"] == "Svetofor"
    start = shell.text.index('<script id="_dash-config" type="application/json">')
    config = json.loads(shell.text[start:].split(">", 1)[1].split("</script>", 1)[0])
    assert not {"python_version", "dash_version", "plotly_version"} & set(config)
    assert config["end_id"]  # what the renderer needs is still there
    assert requests.get(f"{site.base}/assets/bootstrap.min.css").headers["Server"] == "Svetofor"


def test_the_data_dir_umask_is_set_by_serve(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``svetofor serve`` sets a private umask before it creates anything (checked without
    serving: the server is stopped as soon as it is bound)."""
    made: dict[str, int] = {}

    class Stop(Exception):
        pass

    def fake_make(data_dir: Any, host: str, port: int) -> Any:
        made["umask"] = os.umask(0o022)
        os.umask(made["umask"])
        raise Stop

    old = os.umask(0o022)
    monkeypatch.setattr(server, "make", fake_make)
    try:
        with pytest.raises(Stop):
            server.serve(tmp_path)
    finally:
        os.umask(old)
    assert made["umask"] == 0o077
