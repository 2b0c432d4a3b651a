"""Sign-in for the web app: the login and logout routes, the session cookie and the request guard.

* With no users configured the app is the embedded single-user default: whoever uses it is the
  local admin, and only clients on this machine (loopback) are served.
* With users, every request needs a signed-in session, except the login page and static CSS.
  The session holds the user name and a fingerprint of their password hash; the role is read
  from the store on every request, so removing a user, changing a role or a password takes
  effect at once, in every worker.
* The cookie is HttpOnly, SameSite=Lax, signed with a key kept in ``<data_dir>/secret_key``
  (0600, generated on first start, never in the code) and expires ``SVETOFOR_SESSION_HOURS``
  (default 12) after sign-in. ``SVETOFOR_COOKIE_SECURE=1`` marks it Secure behind HTTPS.
* A POST whose ``Origin`` names another site is refused (defence in depth next to SameSite).
* Sign-in is throttled: after ``auth.FAILED_LIMIT_PER_NAME`` failed attempts for a name (since
  its last sign-in) or ``auth.FAILED_LIMIT_PER_ADDRESS`` from an address within
  ``auth.FAILED_WINDOW``, attempts are refused unchecked until the oldest failure that counts
  leaves the window. The failures are the audit log's ``login.failed`` entries, so the count is
  shared by every worker and instance on the database and survives a restart.
"""

from __future__ import annotations

import hashlib
import html
import ipaddress
import os
import secrets
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import flask

from svetofor import auth
from svetofor.auth import LOCAL_ADMIN, User
from svetofor.ui.context import SERVICE_KEY, USER_KEY
from svetofor.ui.i18n import norm_lang, t

SECRET_FILE = "secret_key"
SESSION_HOURS_ENV = "SVETOFOR_SESSION_HOURS"
COOKIE_SECURE_ENV = "SVETOFOR_COOKIE_SECURE"
DEFAULT_SESSION_HOURS = 12.0
PUBLIC_PREFIXES = ("/login", "/assets/")


def load_secret_key(data_dir: str | Path) -> bytes:
    """The app's signing key from ``<data_dir>/secret_key``, made on first use (0600).

    Several workers start at once: the key is written to a private temporary file and linked
    into place, so exactly one key wins and nobody reads a half-written one."""
    path = Path(data_dir) / SECRET_FILE
    if not path.exists():
        tmp = path.with_name(f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_hex(32).encode())
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)  # a copied key may have come with loose permissions
    key = path.read_bytes().strip()
    if len(key) < 32:
        raise RuntimeError(f"{path}: the secret key is too short; delete the file to make a new one")
    return key


def session_hours() -> float:
    try:
        hours = float(os.environ.get(SESSION_HOURS_ENV) or DEFAULT_SESSION_HOURS)
    except ValueError:
        hours = DEFAULT_SESSION_HOURS
    return hours if hours > 0 else DEFAULT_SESSION_HOURS


def password_stamp(password_hash: str) -> str:
    """A fingerprint of the stored hash: a new password ends every older session."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def is_loopback(address: str | None) -> bool:
    if not address:
        return False
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return address == "localhost"


def _same_origin(request: flask.Request) -> bool:
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.host


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no ``//host``): no open redirect after sign-in."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _store():
    return flask.current_app.config[SERVICE_KEY].store


def signed_in_user(store, session) -> User | None:
    """The user of a valid session, else ``None`` (and the session is emptied)."""
    name = session.get("user")
    if not name:
        return None
    info = store.accounts.get(name)
    fresh = time.time() - float(session.get("at", 0)) < session_hours() * 3600
    if info is None or session.get("stamp") != password_stamp(info.password_hash) or not fresh:
        session.clear()
        return None
    return User(info.username, info.role)


def guard():
    """Runs before every request: decides who acts, or refuses."""
    request = flask.request
    if request.method not in ("GET", "HEAD", "OPTIONS") and not _same_origin(request):
        return flask.Response("cross-site request refused", status=403, mimetype="text/plain")
    store = _store()
    user = signed_in_user(store, flask.session)
    if user is not None:
        flask.g.setdefault(USER_KEY, user)
        return None
    if not store.accounts.configured():
        # A reverse proxy on this machine connects from loopback on behalf of anyone: a
        # forwarded request is a remote one.
        forwarded = "X-Forwarded-For" in request.headers or "Forwarded" in request.headers
        if forwarded or not is_loopback(request.remote_addr):
            return flask.Response(
                "Svetofor has no users configured, so it serves only this machine (127.0.0.1). "
                "Add users with `svetofor users add NAME --role ROLE` to open it to the network.",
                status=403,
                mimetype="text/plain",
            )
        flask.g.setdefault(USER_KEY, LOCAL_ADMIN)
        return None
    path = request.path
    if path.startswith(PUBLIC_PREFIXES):
        return None
    if request.method != "GET" or path.startswith(("/_dash-", "/api/")):
        return flask.jsonify({"error": "sign in first", "login": "/login"}), 401
    full = request.full_path.rstrip("?")
    return flask.redirect(f"/login?next={quote(full, safe='/')}")


def _lang() -> str:
    return norm_lang(flask.request.args.get("lang") or flask.request.form.get("lang") or "ru")


def _login_page(lang: str, next_path: str, error: str = "", status: int = 200) -> flask.Response:
    e = html.escape
    alert = f'<div class="alert alert-danger" role="alert" id="login-error">{e(error)}</div>' if error else ""
    other = "en" if lang == "ru" else "ru"
    body = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(t("auth.title", lang))} — {e(t("app.title", lang))}</title>
<link rel="stylesheet" href="/assets/bootstrap.min.css"></head>
<body class="bg-light"><main class="container" style="max-width: 26rem; padding-top: 12vh">
<h1 class="h4 mb-3">{e(t("app.title", lang))}: {e(t("auth.title", lang))}</h1>
{alert}
<form method="post" action="/login" class="card card-body">
<input type="hidden" name="next" value="{e(next_path)}">
<input type="hidden" name="lang" value="{lang}">
<label class="form-label" for="login-name">{e(t("auth.name", lang))}</label>
<input class="form-control mb-2" id="login-name" name="username" autocomplete="username" required autofocus>
<label class="form-label" for="login-password">{e(t("auth.password", lang))}</label>
<input class="form-control mb-3" id="login-password" name="password" type="password"
 autocomplete="current-password" required>
<button class="btn btn-primary" id="login-submit" type="submit">{e(t("auth.submit", lang))}</button>
</form>
<p class="mt-3 small"><a href="/login?lang={other}&amp;next={quote(next_path, safe="/")}">{e(t("nav.lang", lang))}</a></p>
</main></body></html>"""
    response = flask.Response(body, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def login_wait(store, name: str, address: str | None, now: datetime | None = None) -> timedelta | None:
    """How long sign-in as ``name`` or from ``address`` stays refused, or ``None``."""
    now = now or datetime.now(UTC)
    since = now - auth.FAILED_WINDOW
    failed = store.audit.entries(action="login.failed", since=since, limit=5000)
    by_name = [e.at for e in failed if e.target == name]
    if by_name:
        # A successful sign-in forgives the name's earlier slips (not the address's).
        last_ok = [
            e.at
            for e in store.audit.entries(action="login", user=name, since=since, limit=100)
            if e.action == "login"
        ]
        if last_ok:
            by_name = [at for at in by_name if at > max(last_ok)]
    by_address = [
        e.at for e in failed if address and isinstance(e.after, dict) and e.after.get("ip") == address
    ]
    waits = [
        wait
        for wait in (
            auth.throttle_wait(by_name, now, limit=auth.FAILED_LIMIT_PER_NAME),
            auth.throttle_wait(by_address, now, limit=auth.FAILED_LIMIT_PER_ADDRESS),
        )
        if wait is not None
    ]
    return max(waits) if waits else None


def login():
    lang = _lang()
    request = flask.request
    next_path = _safe_next(request.values.get("next"))
    store = _store()
    if request.method == "GET":
        if not store.accounts.configured() or signed_in_user(store, flask.session) is not None:
            return flask.redirect(next_path)
        return _login_page(lang, next_path)
    name = (request.form.get("username") or "").strip()[:64]
    wait = login_wait(store, name or "—", request.remote_addr)
    if wait is not None:
        # Refused before the password is checked: guessing on goes nowhere.
        store.audit.record(
            "login.throttled", name or "—", user="anonymous", after={"ip": request.remote_addr}
        )
        minutes = max(1, -(-int(wait.total_seconds()) // 60))
        return _login_page(lang, next_path, t("auth.throttled", lang, minutes=minutes), status=429)
    user = auth.authenticate(store, name, request.form.get("password") or "")
    if user is None:
        store.audit.record("login.failed", name or "—", user="anonymous", after={"ip": request.remote_addr})
        return _login_page(lang, next_path, t("auth.failed", lang), status=401)
    info = store.accounts.get(user.name)
    flask.session.clear()
    flask.session.permanent = True
    flask.session.update(user=user.name, stamp=password_stamp(info.password_hash), at=time.time())
    store.audit.record(
        "login", user.name, user=user.name, after={"role": user.role, "ip": request.remote_addr}
    )
    return flask.redirect(next_path)


def logout():
    name = flask.session.get("user")
    flask.session.clear()
    if name:
        _store().audit.record("logout", name, user=name)
    return flask.redirect("/login")


def install(server: flask.Flask, data_dir: str | Path) -> None:
    """Sign-in on the Flask server of the app: key, cookie settings, guard and routes."""
    server.secret_key = load_secret_key(data_dir)
    server.config.update(
        SESSION_COOKIE_NAME="svetofor_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get(COOKIE_SECURE_ENV, "") in ("1", "true", "yes"),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=session_hours()),
        # The expiry counts from sign-in, not from the last click: a forgotten browser on a
        # shared computer does not stay signed in for ever.
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    server.before_request(guard)
    server.add_url_rule("/login", "svetofor_login", login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "svetofor_logout", logout, methods=["POST"])


__all__ = [
    "guard",
    "install",
    "is_loopback",
    "load_secret_key",
    "login_wait",
    "password_stamp",
    "signed_in_user",
]


ALERT_ID = "auth-alert"  # the shell's alert that shows refusals of any callback
DENIED_STORE = "auth-denied"  # the refusal itself, which the shell words in the page's language


def denied_data(err: Exception) -> dict | None:
    """What a callback's error says about a refusal, as plain data for the shell's store, or
    ``None`` when it is no refusal. A background callback's error arrives as text only (from
    the worker), so its ``PermissionDenied`` line is read back into who, action and scope."""
    if isinstance(err, auth.PermissionDenied):
        denied: auth.PermissionDenied | None = err
        message = str(err)
    elif type(err).__name__ == "BackgroundCallbackError" and "PermissionDenied" in str(err):
        text = str(err)
        line = next((ln for ln in text.splitlines() if "PermissionDenied" in ln), text)
        message = line.split("PermissionDenied:", 1)[-1].strip()
        denied = auth.denied_from_message(message)
    else:
        return None
    if denied is None or denied.user is None:
        return {"message": message}
    return {
        "message": message,
        "action": denied.action,
        "scope": denied.scope,
        "name": denied.user.name,
        "role": denied.user.role,
    }


def denied_alert_text(data: dict | None, lang: str) -> str:
    """The shell's alert text for a refusal stored by :func:`on_callback_error`."""
    from svetofor.ui.overrides import denied_text

    data = data or {}
    user = auth.User(data["name"], data["role"]) if data.get("name") and data.get("role") else None
    return denied_text(
        auth.PermissionDenied(
            data.get("message", ""), user=user, action=data.get("action"), scope=data.get("scope")
        ),
        lang,
    )


def on_callback_error(err: Exception) -> None:
    """The app's ``on_error``: a refusal by the service (``PermissionDenied``), in any page's
    callback, is handed to the shell (which says it in the planner's language) instead of
    failing the request; nothing was stored and the callback's outputs stay as they were.
    Every other error propagates as before."""
    import dash

    data = denied_data(err)
    if data is None:
        raise err
    dash.set_props(DENIED_STORE, {"data": data})
