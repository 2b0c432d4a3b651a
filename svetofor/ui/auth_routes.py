"""Sign-in for the web app: the login and logout routes, the session cookie and the request guard.

* With no users configured the app is the embedded single-user default: whoever uses it is the
  local admin, and only clients on this machine (loopback) are served.
* With users, every request needs a signed-in session, except the login page and the files of
  ``assets/``. Sessions are server-side (:mod:`svetofor.store.sessions`): the cookie holds only
  a random token, the store the session row with the user, read with the user's role on every
  request. Logout deletes the row; a new password or role, or removing the user, deletes all of
  the user's rows; so a copied cookie stops working at once, in every worker.
* The cookie is HttpOnly, SameSite=Lax, signed with a key kept in ``<data_dir>/secret_key``
  (0600, generated on first start, never in the code); the session expires
  ``SVETOFOR_SESSION_HOURS`` (default 12) after sign-in. ``SVETOFOR_COOKIE_SECURE=1`` marks it
  Secure behind HTTPS.
* A POST whose ``Origin`` names another site is refused (defence in depth next to SameSite).
* Sign-in is throttled: after ``auth.FAILED_LIMIT_PER_NAME`` failed attempts for a name (since
  its last sign-in) or ``auth.FAILED_LIMIT_PER_ADDRESS`` from an address within
  ``auth.FAILED_WINDOW``, attempts are refused unchecked until the oldest failure that counts
  leaves the window. The failures are the audit log's ``login.failed`` entries, so the count is
  shared by every worker and instance on the database and survives a restart. A refused attempt
  writes no row of its own: one ``login.throttled`` entry marks each throttling episode (per
  name, or per address when the address is locked), so anonymous requests cannot grow the
  audit log without bound. ``HEAD /login`` is answered like ``GET`` and counts nothing.
"""

from __future__ import annotations

import html
import ipaddress
import logging
import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import flask

from svetofor import auth, security
from svetofor.auth import LOCAL_ADMIN, User
from svetofor.ui.context import SERVICE_KEY, USER_KEY
from svetofor.ui.i18n import norm_lang, t

SECRET_FILE = "secret_key"
SESSION_HOURS_ENV = "SVETOFOR_SESSION_HOURS"
COOKIE_SECURE_ENV = "SVETOFOR_COOKIE_SECURE"
DEFAULT_SESSION_HOURS = 12.0
LOGIN_PATH = "/login"
ASSETS_PREFIX = "/assets/"
SESSION_KEY = "sid"
ASSETS_DIR_KEY = "SVETOFOR_ASSETS_DIR"  # server.config: the folder whose files are public  # the only thing the cookie holds: the session's random token

log = logging.getLogger(__name__)


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


def _store():
    return flask.current_app.config[SERVICE_KEY].store


def signed_in_user(store, session) -> User | None:
    """The user of a live server-side session, else ``None`` (and the cookie is emptied)."""
    token = session.get(SESSION_KEY)
    if not token:
        return None
    found = store.sessions.user_of(token)
    if found is None:
        session.clear()
        return None
    return User(found.username, found.role)


def _is_public(path: str) -> bool:
    """The login page, and files that exist in ``assets/`` (its stylesheet). Anything else —
    ``/login-x``, ``/assets/none`` — would be Dash's page shell, whose config names versions."""
    if path == LOGIN_PATH:
        return True
    if not path.startswith(ASSETS_PREFIX):
        return False
    folder = flask.current_app.config.get(ASSETS_DIR_KEY)
    if not folder:
        return False
    root = Path(folder).resolve()
    target = (root / path[len(ASSETS_PREFIX) :]).resolve()
    return target.is_file() and target.is_relative_to(root)


def guard():
    """Runs before every request: decides who acts, or refuses."""
    request = flask.request
    if request.method not in ("GET", "HEAD", "OPTIONS") and not _same_origin(request):
        return flask.Response("cross-site request refused", status=403, mimetype="text/plain")
    store = _store()
    user = signed_in_user(store, flask.session)
    if user is not None:
        flask.g.setdefault(USER_KEY, user)
        return _refuse_large_body(user)
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
    if _is_public(path):
        return None
    if request.method not in ("GET", "HEAD") or path.startswith(("/_dash-", "/api/")):
        return flask.jsonify({"error": "sign in first", "login": "/login"}), 401
    full = request.full_path.rstrip("?")
    return flask.redirect(f"/login?next={quote(full, safe='/')}")


SMALL_BODY_BYTES = 2 * 1024 * 1024  # more than any request but an upload sends


def _refuse_large_body(user: User):
    """A request body larger than any callback but an upload sends is refused before it is
    read, unless the user may import: a viewer cannot make the server receive a file."""
    from svetofor.ui.importing import may_import

    request = flask.request
    if request.method == "POST" and (request.content_length or 0) > SMALL_BODY_BYTES and not may_import(user):
        return flask.jsonify({"error": t("security.body_too_large", "en")}), 413
    return None


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
    found = throttled(store, name, address, now)
    return None if found is None else found[0]


def throttled(
    store, name: str, address: str | None, now: datetime | None = None
) -> tuple[timedelta, str] | None:
    """``(wait, by)`` while sign-in as ``name`` or from ``address`` is refused (``by``:
    ``"address"`` when the address is locked, else ``"name"``), or ``None``."""
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
    by_address_wait = auth.throttle_wait(by_address, now, limit=auth.FAILED_LIMIT_PER_ADDRESS)
    by_name_wait = auth.throttle_wait(by_name, now, limit=auth.FAILED_LIMIT_PER_NAME)
    if by_address_wait is not None and (by_name_wait is None or by_address_wait >= by_name_wait):
        return by_address_wait, "address"
    return None if by_name_wait is None else (by_name_wait, "name")


def _note_throttled(store, name: str, address: str | None, by: str) -> None:
    """One ``login.throttled`` entry per episode: the first refused attempt writes it; later
    ones within the window only go to the server log."""
    since = datetime.now(UTC) - auth.FAILED_WINDOW
    target = (address or "—") if by == "address" else name
    for entry in store.audit.entries(action="login.throttled", since=since, limit=1000):
        after = entry.after if isinstance(entry.after, dict) else {}
        if entry.target == target and after.get("by") == by:
            log.info("sign-in refused (throttled %s %s)", by, target)
            return
    store.audit.record("login.throttled", target, user="anonymous", after={"ip": address, "by": by})


def login():
    lang = _lang()
    request = flask.request
    next_path = security.safe_next(request.values.get("next"))
    store = _store()
    if request.method in ("GET", "HEAD"):  # HEAD is a GET without a body: it signs nobody in
        if not store.accounts.configured() or signed_in_user(store, flask.session) is not None:
            return flask.redirect(next_path)
        return _login_page(lang, next_path)
    name = security.clip_text(security.USER_NAME, (request.form.get("username") or "").strip())
    found = throttled(store, name or "—", request.remote_addr)
    if found is not None:
        # Refused before the password is checked: guessing on goes nowhere.
        wait, by = found
        _note_throttled(store, name or "—", request.remote_addr, by)
        minutes = max(1, -(-int(wait.total_seconds()) // 60))
        return _login_page(lang, next_path, t("auth.throttled", lang, minutes=minutes), status=429)
    password = request.form.get("password") or ""
    # An overlong password is no password of anyone: refused like a wrong one, before scrypt.
    fits = len(password) <= security.LIMITS[security.PASSWORD]
    user = auth.authenticate(store, name, password) if fits else None
    if user is None:
        store.audit.record("login.failed", name or "—", user="anonymous", after={"ip": request.remote_addr})
        return _login_page(lang, next_path, t("auth.failed", lang), status=401)
    # The old token (if any) is dropped: a session fixed before sign-in never becomes valid.
    store.sessions.end(flask.session.get(SESSION_KEY))
    token = store.sessions.start(
        user.name,
        lifetime=timedelta(hours=session_hours()),
        audit={"role": user.role, "ip": request.remote_addr},
    )
    flask.session.clear()
    flask.session.permanent = True
    flask.session[SESSION_KEY] = token
    return flask.redirect(next_path)


def logout():
    # Deleting the row ends the session for every copy of the cookie, not only this browser's.
    _store().sessions.end(flask.session.get(SESSION_KEY))
    flask.session.clear()
    return flask.redirect(LOGIN_PATH)


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
    server.config.setdefault(ASSETS_DIR_KEY, "")
    server.before_request(guard)
    server.add_url_rule("/login", "svetofor_login", login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "svetofor_logout", logout, methods=["POST"])


__all__ = [
    "guard",
    "install",
    "is_loopback",
    "load_secret_key",
    "login_wait",
    "signed_in_user",
    "throttled",
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
