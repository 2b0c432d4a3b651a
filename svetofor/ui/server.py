"""Serving the app: werkzeug for the embedded default, gunicorn for several workers.

Several workers: ``SVETOFOR_DATA_DIR=/srv/svetofor gunicorn -w 2 -b 127.0.0.1:8050 'app:server'``
(every worker opens the same store; nothing lives in process memory between requests).
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from svetofor import security
from svetofor.cli import default_lang
from svetofor.messages import MessageError, msg, text
from svetofor.ui import hardening
from svetofor.ui.app import create_app

if TYPE_CHECKING:
    from werkzeug.serving import BaseWSGIServer


class ServeRefused(MessageError):
    """The server would be open to the network with nobody required to sign in."""


def is_loopback_host(host: str) -> bool:
    import ipaddress

    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, data_dir: str | Path | None) -> None:
    """Without users the app is a single local admin: it may listen on loopback only."""
    from svetofor.store import Store

    if is_loopback_host(host):
        return
    store = Store.open(data_dir)
    try:
        configured = store.accounts.configured()
    finally:
        store.close()
    if not configured:
        raise ServeRefused(msg("cli.serve.refused", host=host))


def _warm_up_image_export() -> None:
    from svetofor import export_image

    with contextlib.suppress(Exception):
        export_image.warm_up()


def make(data_dir: str | Path | None, host: str = "127.0.0.1", port: int = 8050) -> BaseWSGIServer:
    """The threaded werkzeug server of the app, bound but not yet serving; its ``Server``
    header names no versions (:class:`~svetofor.ui.hardening.QuietRequestHandler`)."""
    from werkzeug.serving import make_server

    app = create_app(data_dir)
    srv = make_server(host, port, app.server, threaded=True, request_handler=hardening.QuietRequestHandler)
    srv._server_version = hardening.SERVER_NAME  # also what the app sees as SERVER_SOFTWARE
    return srv


def serve(data_dir: str | Path | None, host: str = "127.0.0.1", port: int = 8050) -> None:
    """Run the app on ``host:port`` until interrupted, printing the local address.
    ``ServeRefused`` for a non-loopback ``host`` while no users are configured."""
    check_bind(host, data_dir)
    os.umask(security.PRIVATE_UMASK)  # every file the server creates is private (docs/security.md)
    srv = make(data_dir, host, port)
    # Starting Chromium for image export takes seconds: do it now, off the request path, so the
    # first planner's PNG/PDF click does not pay for it. A failure here surfaces on that click.
    threading.Thread(target=_warm_up_image_export, name="kaleido-warm-up", daemon=True).start()
    print(text("cli.serve.running", default_lang(), url=f"http://{host}:{srv.server_port}/"), flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()
