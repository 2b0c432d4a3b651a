"""Crash safety with a real server process: ``kill -9`` of ``gunicorn -w 2 'app:server'`` (master
and workers at once) in the middle of an import and in the middle of a burst of recolours. After
the crash the SQLite store passes ``PRAGMA integrity_check``, the import is there whole or not
at all, every acknowledged recolour is there, and a restarted server serves the data."""

from __future__ import annotations

import sqlite3
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from bench import synth
from bench.load import (
    Planner,
    gunicorn,
    integrity,
    prepare,
    roles_for,
    run_planner,
    verify,
)
from svetofor.store import SQLITE_FILE, Store

pytestmark = pytest.mark.slow

PLANNERS = 6
IMPORT_ROWS = 12_000


def _post_file(planner: Planner, path: Path, outcome: dict) -> None:
    """``POST /api/imports`` as multipart; what came back (or the error) goes into ``outcome``."""
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    req = urllib.request.Request(
        planner.base + "/api/imports",
        data=body,
        method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "X-Requested-With": "test"},
    )
    try:
        with planner.opener.open(req, timeout=300) as resp:
            outcome["status"] = resp.status
    except Exception as exc:
        outcome["error"] = repr(exc)


def _write_locked(db: Path) -> bool:
    """Whether a write transaction is open on the store right now (SQLite: the write lock)."""
    conn = sqlite3.connect(db, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.rollback()
        return False
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return True
        raise
    finally:
        conn.close()


def _imports_and_records(data_dir: Path) -> tuple[int, int, int]:
    store = Store.open(data_dir)
    try:
        dump = store.dump()
        return len(dump["imports"]), len(dump["records"]), len(dump["snapshots"])
    finally:
        store.close()


def test_kill_during_an_import_leaves_it_whole_or_absent(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    prepare(data_dir, {"ada": "admin"})
    big = synth.xlsx(IMPORT_ROWS, tmp_path)
    before = _imports_and_records(data_dir)
    db = data_dir / SQLITE_FILE
    with gunicorn(data_dir, workers=2) as server:
        ada = Planner(server.base, "ada")
        ada.login()
        outcome: dict = {}
        upload = threading.Thread(target=_post_file, args=(ada, big, outcome), daemon=True)
        upload.start()
        caught = False
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and upload.is_alive():
            if _write_locked(db):
                caught = True
                server.kill()  # inside the import's transaction
                break
            time.sleep(0.002)
        upload.join(timeout=30)
        assert caught, f"the import never showed an open transaction: {outcome}\n{server.tail()}"
    assert integrity(data_dir) == "ok"
    after = _imports_and_records(data_dir)
    if after == before:
        state = "absent"
    else:  # committed just before the kill: then all of it, with its automatic snapshot
        assert after[0] == before[0] + 1 and after[2] == before[2] + 1
        store = Store.open(data_dir)
        try:
            record = store.imports.history()[0]
            assert after[1] == record.records
        finally:
            store.close()
        state = "whole"
    print(f"import killed inside its transaction: {state} after restart ({before} -> {after})")
    # A restarted server opens the store and imports the same file in full.
    with gunicorn(data_dir, workers=2) as server:
        ada = Planner(server.base, "ada")
        ada.login()
        outcome = {}
        _post_file(ada, big, outcome)
        assert outcome.get("status") == 200, (state, outcome, server.tail())
    assert integrity(data_dir) == "ok"
    final = _imports_and_records(data_dir)
    assert final[0] == after[0] + 1


def test_kill_during_a_burst_of_recolours_keeps_every_acknowledged_one(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    roles = roles_for(PLANNERS)
    items = prepare(data_dir, roles)[:10]
    from bench.load import LoadResult

    result = LoadResult(PLANNERS, 10_000)
    lock, stop = threading.Lock(), threading.Event()
    with gunicorn(data_dir, workers=2) as server:
        threads = [
            threading.Thread(
                target=run_planner,
                args=(server.base, name, role, items, 10_000, result, lock, n, stop),
                daemon=True,
            )
            for n, (name, role) in enumerate(roles.items())
        ]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(result.accepted) < 60:
            time.sleep(0.01)
        server.kill()  # planners are mid-request: some answers never arrive
        stop.set()
        for t in threads:
            t.join(timeout=60)
        with lock:
            acknowledged = list(result.accepted)
    assert len(acknowledged) >= 60, result.errors[:5]
    assert integrity(data_dir) == "ok"
    assert verify(data_dir, acknowledged) == []
    print(f"recolours acknowledged before the kill: {len(acknowledged)}, all kept")
    with gunicorn(data_dir, workers=2) as server:  # the restarted server serves the same cells
        viewer = Planner(server.base, "planner0")
        viewer.login()
        last = max((a for a in acknowledged if a.item == items[0]), key=lambda a: a.version, default=None)
        if last is not None:
            status, cell = viewer.cell(last.item, last.scope)
            assert status == 200 and cell["version"] >= last.version
