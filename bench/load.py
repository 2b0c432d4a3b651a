"""Load test of concurrent planners: N planners x M recolours over real HTTP against
``gunicorn -w 2 'app:server'`` on loopback, then a check that no accepted change was lost.

    python -m bench.load [--planners 8] [--recolours 100] [--workers 2] [--cells 12] [--json OUT]

Each planner signs in (its own session), and for each recolour reads the cell's version
(``GET /api/cell``) and sends the new colour with it (``POST /api/overrides``). When another
planner got there first the server answers 409 with the cell as it is now; the planner decides
again (here: overwrites, with the version just shown) — a conflict is the version check working,
not an error. Planners of one country share a small pool of cells, so conflicts really happen.

Afterwards the store is opened directly: every accepted override (answered 200) must be in the
cell's history with its version, colour and reason, in the audit log, and the last accepted
version of each cell must be its state now. ``errors`` counts anything but 200/409 (and any
network failure). The server helpers are shared with ``tests/test_concurrency.py`` and
``tests/test_crash_safety.py``.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-test-password"
START_DEADLINE_S = 90.0
COLOURS = ("green", "yellow", "red")


# ------------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(data_dir: Path, users: dict[str, str]) -> list[str]:
    """Seed the store from the sample list and create ``users`` (name -> role) before the
    server starts (so two workers do not both seed). The item keys of the diagram, in order."""
    from svetofor import auth
    from svetofor.service import SAMPLE_LIST, Svetofor

    svc = Svetofor.open(data_dir, seed=SAMPLE_LIST)
    try:
        operator = auth.User("bench", auth.ADMIN)
        for name, role in users.items():
            if svc.store.accounts.get(name) is None:
                auth.add_user(svc.store, name, PASSWORD, role, actor=operator)
        return [row.item.key for row in svc.view().rows]
    finally:
        svc.close()


def _python_bin(name: str) -> str:
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else name


@contextmanager
def gunicorn(
    data_dir: Path, *, workers: int = 2, port: int | None = None, log: Path | None = None
) -> Iterator[Server]:
    """``gunicorn -w N 'app:server'`` on 127.0.0.1 in its own process group; stopped on exit."""
    port = port or free_port()
    cmd = [
        _python_bin("gunicorn"),
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "app:server",
    ]
    server = Server.start(cmd, data_dir, port, log or data_dir / "server.log")
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Server:
    proc: subprocess.Popen
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @classmethod
    def start(cls, cmd: list[str], data_dir: Path, port: int, log: Path) -> Server:
        env = dict(os.environ, SVETOFOR_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
        env.pop("SVETOFOR_DATABASE_URL", None)
        handle = log.open("ab")
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        handle.close()
        server = cls(proc, port, log)
        deadline = time.monotonic() + START_DEADLINE_S
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited ({proc.returncode}):\n{server.tail()}")
            try:
                with urllib.request.urlopen(server.base + "/login", timeout=5) as resp:
                    if resp.status == 200:
                        return server
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        server.kill()
        raise RuntimeError(f"the server did not answer within {START_DEADLINE_S:.0f} s:\n{server.tail()}")

    def tail(self, n: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def kill(self) -> None:
        """``kill -9`` of the whole process group (master and workers at once), as a crash."""
        with suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill()


# ------------------------------------------------------------------------------ a planner


class Planner:
    """One signed-in browser-less planner with its own cookies."""

    def __init__(self, base: str, name: str) -> None:
        self.base = base
        self.name = name
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, method: str, path: str, body: Any = None, timeout: float = 60) -> tuple[int, Any]:
        data, headers = None, {}
        if body is not None:
            data, headers = json.dumps(body).encode(), {"Content-Type": "application/json"}
        req = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with self.opener.open(req, timeout=timeout) as resp:
                raw = resp.read()
                status = resp.status
        except urllib.error.HTTPError as err:
            raw, status = err.read(), err.code
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw[:200]

    def login(self) -> None:
        form = urllib.parse.urlencode({"username": self.name, "password": PASSWORD, "next": "/"}).encode()
        req = urllib.request.Request(self.base + "/login", data=form, method="POST")
        with self.opener.open(req, timeout=60) as resp:  # follows the redirect to "/"
            if resp.status != 200:
                raise RuntimeError(f"{self.name}: sign-in answered {resp.status}")

    def cell(self, item: str, scope: str) -> tuple[int, Any]:
        query = urllib.parse.urlencode({"item": item, "scope": scope})
        return self.request("GET", f"/api/cell?{query}")

    def recolour(
        self, item: str, scope: str, colour: str, reason: str, version: int | None
    ) -> tuple[int, Any]:
        body = {"item": item, "scope": scope, "colour": colour, "reason": reason, "expected_version": version}
        return self.request("POST", "/api/overrides", body)


@dataclass
class Accepted:
    planner: str
    item: str
    scope: str
    colour: str
    reason: str
    version: int


@dataclass
class LoadResult:
    planners: int
    recolours: int
    accepted: list[Accepted] = field(default_factory=list)
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)  # every POST /api/overrides
    seconds: float = 0.0
    lost: list[str] = field(default_factory=list)  # filled by verify()

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies_ms)

        def pct(p: float) -> float:
            return round(lat[min(len(lat) - 1, int(p * len(lat)))], 1) if lat else 0.0

        return {
            "planners": self.planners,
            "recolours_each": self.recolours,
            "accepted": len(self.accepted),
            "conflicts_409": self.conflicts,
            "errors": len(self.errors),
            "lost_updates": len(self.lost),
            "posts": len(lat),
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "max_ms": round(lat[-1], 1) if lat else 0.0,
            "mean_ms": round(statistics.fmean(lat), 1) if lat else 0.0,
            "seconds": round(self.seconds, 1),
            "accepted_per_s": round(len(self.accepted) / self.seconds, 1) if self.seconds else 0.0,
        }


def roles_for(planners: int) -> dict[str, str]:
    """Planners by role: editors of BY and RU in turn, every fourth an admin (UNION cells)."""
    roles = {}
    for n in range(planners):
        roles[f"planner{n}"] = "admin" if n % 4 == 3 else ("editor-BY" if n % 2 == 0 else "editor-RU")
    return roles


def scope_of(role: str, rng: random.Random) -> str:
    if role == "admin":
        return rng.choice(("UNION", "BY", "RU"))
    return role.split("-", 1)[1]


def run_planner(
    base: str,
    name: str,
    role: str,
    items: list[str],
    recolours: int,
    result: LoadResult,
    lock: threading.Lock,
    seed: int,
    stop: threading.Event | None = None,
) -> None:
    rng = random.Random(seed)
    planner = Planner(base, name)
    try:
        planner.login()
    except Exception as exc:
        with lock:
            result.errors.append(f"{name}: sign-in: {exc!r}")
        return
    for n in range(recolours):
        if stop is not None and stop.is_set():
            return
        item, scope = rng.choice(items), scope_of(role, rng)
        colour, reason = rng.choice(COLOURS), f"{name}#{n}"
        try:
            status, cell = planner.cell(item, scope)
            if status != 200:
                with lock:
                    result.errors.append(f"{name}: GET cell {status} {cell}")
                continue
            version = cell["version"]
            for _attempt in range(10):
                started = time.perf_counter()
                status, body = planner.recolour(item, scope, colour, reason, version)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    result.latencies_ms.append(elapsed)
                    if status == 200:
                        result.accepted.append(Accepted(name, item, scope, colour, reason, body["version"]))
                    elif status == 409:
                        result.conflicts += 1
                    else:
                        result.errors.append(f"{name}: POST {status} {body}")
                if status != 409:
                    break
                version = body["version"]  # shown the cell as it is now, the planner overwrites
        except Exception as exc:
            with lock:
                result.errors.append(f"{name}: {exc!r}")


def run_load(
    base: str, items: list[str], *, planners: int = 8, recolours: int = 100, seed: int = 6
) -> LoadResult:
    """Drive the planners in threads until each has done its recolours."""
    result = LoadResult(planners, recolours)
    lock = threading.Lock()
    roles = roles_for(planners)
    threads = [
        threading.Thread(
            target=run_planner, args=(base, name, role, items, recolours, result, lock, seed * 1000 + n)
        )
        for n, (name, role) in enumerate(roles.items())
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - started
    return result


def verify(data_dir: Path, accepted: list[Accepted]) -> list[str]:
    """Every accepted override is in the store (history and final state) and the audit log;
    the problems found (empty when nothing was lost)."""
    from svetofor.store import Store

    store = Store.open(data_dir)
    try:
        problems = []
        audit = {
            (e.target, e.after.get("version"), e.after.get("reason"))
            for e in store.audit.entries(action="override.set", limit=10_000_000)
            if isinstance(e.after, dict)
        }
        by_cell: dict[tuple[str, str], list[Accepted]] = {}
        for a in accepted:
            by_cell.setdefault((a.item, a.scope), []).append(a)
        current = store.overrides.active()
        for (item, scope), changes in by_cell.items():
            history = {(e.version, e.colour, e.reason) for e in store.overrides.history(item, scope)}
            for a in changes:
                if (a.version, a.colour, a.reason) not in history:
                    problems.append(f"not in history: {a}")
                if (f"{item}|{scope}", a.version, a.reason) not in audit:
                    problems.append(f"not in the audit log: {a}")
            versions = [a.version for a in changes]
            if len(set(versions)) != len(versions):
                problems.append(f"two accepted changes got one version: {item}|{scope}")
            last = max(changes, key=lambda a: a.version)
            now = current.get((item, scope))
            if now is None or now.version < last.version:
                problems.append(f"the cell is behind its last accepted change: {last} / {now}")
        return problems
    finally:
        store.close()


def integrity(data_dir: Path) -> str:
    """``PRAGMA integrity_check`` of the SQLite store: ``"ok"`` when sound."""
    import sqlite3

    from svetofor.store import SQLITE_FILE

    with sqlite3.connect(data_dir / SQLITE_FILE) as conn:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--planners", type=int, default=8)
    parser.add_argument("--recolours", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cells", type=int, default=12, help="positions the planners share")
    parser.add_argument("--data-dir", type=Path, help="default: a new temporary directory")
    parser.add_argument("--json", type=Path, help="write the summary as JSON")
    args = parser.parse_args(argv)

    import tempfile

    with tempfile.TemporaryDirectory(prefix="svetofor-load-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        data_dir.mkdir(parents=True, exist_ok=True)
        items = prepare(data_dir, roles_for(args.planners))[: args.cells]
        with gunicorn(data_dir, workers=args.workers) as server:
            result = run_load(server.base, items, planners=args.planners, recolours=args.recolours)
        result.lost = verify(data_dir, result.accepted)
        summary = {**result.summary(), "workers": args.workers, "integrity": integrity(data_dir)}
    print(json.dumps(summary, indent=1))
    for line in (result.errors + result.lost)[:20]:
        print("  !", line, file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0 if not result.errors and not result.lost else 1


if __name__ == "__main__":
    sys.exit(main())
