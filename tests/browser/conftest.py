"""Browser-test harness: Debian's Chromium driven by pytest-playwright (one browser for the
session), the app served from a thread on a fresh data directory, and every page watched for
console errors, uncaught exceptions and warnings of the graph library (cytoscape.js), which fail
the test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make install-test` (Debian chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


class QuietHandler(WSGIRequestHandler):
    """No access log: it would bury a failing test's output."""

    def log_request(self, *args: object, **kwargs: object) -> None:
        pass


@dataclass
class LiveApp:
    url: str
    data_dir: Path
    app: object = field(repr=False)

    @property
    def service(self):
        return self.app.server.config["SVETOFOR"]


def serve_app(data_dir: Path) -> Iterator[LiveApp]:
    from svetofor.ui.app import create_app

    app = create_app(data_dir)
    server = make_server("127.0.0.1", 0, app.server, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveApp(f"http://127.0.0.1:{server.server_port}", data_dir, app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """The app on a fresh data directory seeded from the sample list, shared by one module."""
    yield from serve_app(tmp_path_factory.mktemp("data"))


@pytest.fixture
def fresh_app(tmp_path: Path) -> Iterator[LiveApp]:
    """The app on its own data directory, for a test that must not see another's overrides."""
    yield from serve_app(tmp_path / "data")


# Warnings are failures only from the scripts named here: cytoscape.js warns about misuse (a
# custom wheel sensitivity, an invalid style), while Chromium's own warnings are noise.
WARNING_SOURCES: tuple[str, ...] = ("cytoscape",)


def counts_as_failure(kind: str, url: str | None) -> bool:
    """Whether a console message of ``kind`` from the script at ``url`` fails the test."""
    if kind == "error":
        return True
    return kind == "warning" and any(source in (url or "") for source in WARNING_SOURCES)


class ConsoleWatch:
    """Collects console errors, page errors and the graph library's warnings of every page it
    watches."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def allow_signed_out(self) -> None:
        """Forget the reports of a request refused because the session ended: the 401 and
        Dash's own error reading that refused answer, while assets/auth.js goes to sign-in."""
        self.errors[:] = [
            e for e in self.errors if "status of 401" not in e and "body stream already read" not in e
        ]

    def allow_not_found(self) -> None:
        """Forget the console's report of a 404 answer: a test that opens an unknown address
        expects one (svetofor/ui/routing.py)."""
        self.errors[:] = [e for e in self.errors if "status of 404" not in e]

    def _console(self, msg) -> None:
        if counts_as_failure(msg.type, (msg.location or {}).get("url")):
            self.errors.append(f"console {msg.type}: {msg.text}")


@pytest.fixture
def console() -> Iterator[ConsoleWatch]:
    watch = ConsoleWatch()
    yield watch
    assert not watch.errors, "browser reported errors:\n" + "\n".join(watch.errors)


@pytest.fixture
def page(page, console: ConsoleWatch):
    """pytest-playwright's page, failing the test on any console error or cytoscape warning."""
    console.watch(page)
    page.set_default_timeout(15_000)
    return page
