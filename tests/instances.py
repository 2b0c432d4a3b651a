"""Real app instances for the multi-instance tests: gunicorn subprocesses on loopback, and a
small client that calls their Dash callbacks over HTTP exactly as the browser's renderer does.

Callbacks are found in the instance's own ``/_dash-dependencies`` by their input ids, so the
tests follow the pages as they change instead of hard-coding callback keys.
"""

from __future__ import annotations

import functools
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# Starting an instance opens (and may seed) the store and builds every page once: generous on a
# loaded 2-core CI machine. A deadline for start-up, not a timed assertion.
START_DEADLINE_S = 180.0
JOB_DEADLINE_S = 180.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@functools.cache
def _no_control_socket() -> tuple[str, ...]:
    """Newer gunicorns open a control socket at one fixed path per user: several instances on
    one machine would take it from each other. Off where the option exists."""
    out = subprocess.run([str(BIN / "gunicorn"), "--help"], capture_output=True, text=True, check=False)
    return ("--no-control-socket",) if "--no-control-socket" in out.stdout else ()


@contextmanager
def instance(env: Mapping[str, str], log: Path) -> Iterator[str]:
    """A gunicorn app instance (one worker) on a free loopback port; yields its base URL.

    ``env`` adds to this process's environment: ``SVETOFOR_DATA_DIR``, ``SVETOFOR_DATABASE_URL``,
    ``SVETOFOR_REDIS_URL`` as a deployment would set them."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [str(BIN / "gunicorn"), "-w", "1", "-b", f"127.0.0.1:{port}", "--timeout", "300"]
    cmd += ["--chdir", str(ROOT), *_no_control_socket(), "app:server"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until(
            lambda: _answers(base + "/login"),
            proc,
            f"app instance on {base} did not start; its log:\n",
            log,
        )
        yield base
    finally:
        stop(proc)


@contextmanager
def celery_worker(env: Mapping[str, str], log: Path, name: str) -> Iterator[subprocess.Popen]:
    """``celery -A svetofor.ui.celery_app worker`` as the deployment docs run it; ready when it
    says so in its log."""
    cmd = [str(BIN / "celery"), "-A", "svetofor.ui.celery_app", "worker", "--loglevel=INFO"]
    cmd += ["--pool=prefork", "--concurrency=1", "-n", f"{name}@%h"]
    cmd += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_until(
            lambda: re.search(r"\bready\.", log.read_text(errors="replace")) is not None,
            proc,
            "celery worker did not start; its log:\n",
            log,
        )
        yield proc
    finally:
        stop(proc)


def wait_until(check, proc: subprocess.Popen, message: str, log: Path) -> None:
    deadline = time.monotonic() + START_DEADLINE_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(message + _tail(log))
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(message + _tail(log))


def _answers(url: str) -> bool:
    """The app answers HTTP (with users configured, /login is the page anyone may load)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _outputs(key: str) -> list[dict[str, str]] | dict[str, str]:
    """The ``outputs`` of a callback request for a dependency's ``output`` key:
    ``..a.b...c.d..`` names several, ``a.b`` one (``@hash`` of duplicates kept, as the renderer
    sends it)."""
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    specs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
    return specs if key.startswith("..") else specs[0]


class DashClient:
    """Calls an instance's callbacks over HTTP, with its own cookies and page-load ``endId``."""

    def __init__(self, base: str, jar: http.cookiejar.CookieJar | None = None) -> None:
        self.base = base
        # Cookies are per host, not per port: clients of two instances sharing a jar are one
        # browser whose requests a reverse proxy spreads over the instances.
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar if jar is not None else http.cookiejar.CookieJar())
        )
        self.end_id: str | None = None

    @functools.cached_property
    def dependencies(self) -> list[dict[str, Any]]:
        return self._get_json("/_dash-dependencies")

    def sign_in(self, username: str, password: str) -> None:
        form = urllib.parse.urlencode({"username": username, "password": password}).encode()
        with self.opener.open(self.base + "/login", data=form, timeout=60) as resp:
            assert resp.status == 200 and "/login" not in resp.url, f"{self.base}: sign-in failed"

    def _get_json(self, path: str) -> Any:
        with self.opener.open(self.base + path, timeout=60) as resp:
            return json.load(resp)

    def load_page(self, path: str = "/") -> None:
        """Load a page as a browser would: the server signs a fresh ``endId`` into its config,
        which binds background-callback handles to this page load."""
        with self.opener.open(self.base + path, timeout=60) as resp:
            html = resp.read().decode()
        config = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', html, re.S)
        assert config, f"{self.base}{path}: no Dash config in the page"
        self.end_id = json.loads(config.group(1))["end_id"]

    def callback(self, *input_ids: str) -> dict[str, Any]:
        """The dependency whose inputs include all ``input_ids``."""
        for dep in self.dependencies:
            if set(input_ids) <= {i["id"] for i in dep["inputs"]}:
                return dep
        raise LookupError(f"{self.base}: no callback with inputs {input_ids}")

    def payload(self, dep: Mapping[str, Any], values: Mapping[str, Any], changed: str) -> dict[str, Any]:
        def spec(d: Mapping[str, str]) -> dict[str, Any]:
            return {**d, "value": values.get(f"{d['id']}.{d['property']}")}

        return {
            "output": dep["output"],
            "outputs": _outputs(dep["output"]),
            "inputs": [spec(d) for d in dep["inputs"]],
            "state": [spec(d) for d in dep["state"]],
            "changedPropIds": [changed],
        }

    def post(self, payload: Mapping[str, Any], **query: str) -> tuple[int, Any]:
        if self.end_id is not None:
            query = {"endId": self.end_id, **query}
        qs = "?" + urllib.parse.urlencode(query) if query else ""
        req = urllib.request.Request(
            f"{self.base}/_dash-update-component{qs}",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with self.opener.open(req, timeout=120) as resp:
                body = resp.read()
                return resp.status, json.loads(body) if body else None
        except urllib.error.HTTPError as err:
            raise AssertionError(f"{self.base}: callback answered {err.code}: {err.read()[:500]!r}") from err

    def call(self, input_ids: tuple[str, ...], values: Mapping[str, Any], changed: str) -> dict[str, Any]:
        """Run an ordinary callback; its ``response`` (outputs by component id)."""
        status, body = self.post(self.payload(self.callback(*input_ids), values, changed))
        assert status == 200 and body, f"{self.base}: callback {changed} answered {status}"
        return body["response"]


def poll_background(
    client: DashClient, payload: Mapping[str, Any], handles: Mapping[str, str]
) -> dict[str, Any]:
    """Poll a background callback's signed handles on ``client`` (any instance) until its
    result is there, as the renderer does; the ``response`` of the result."""
    deadline = time.monotonic() + JOB_DEADLINE_S
    while time.monotonic() < deadline:
        status, body = client.post(payload, cacheKey=handles["cacheKey"], job=handles["job"])
        assert status != 204, f"{client.base}: the job was lost (no result, not running)"
        if body and "response" in body:
            return body["response"]
        time.sleep(0.3)
    raise AssertionError(f"{client.base}: no result of the background job within {JOB_DEADLINE_S:.0f} s")
