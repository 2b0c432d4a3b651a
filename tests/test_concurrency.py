"""Concurrent planners against a real ``gunicorn -w 2 'app:server'`` on loopback (a bounded run
of ``bench/load.py``): no errors, no lost update — every accepted recolour is in the store and
the audit log — and a planner whose cell changed underneath is told so instead of overwriting.

No timing assertions: latency is reported by ``python -m bench.load``, not judged here."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.load import Planner, gunicorn, integrity, prepare, roles_for, run_load, verify

pytestmark = pytest.mark.slow

PLANNERS, RECOLOURS, CELLS = 8, 12, 4  # few cells: planners of one country collide


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("gunicorn")
    items = prepare(data_dir, {**roles_for(PLANNERS), "vera": "viewer"})
    with gunicorn(data_dir, workers=2) as srv:
        yield srv, data_dir, items[:CELLS]


def test_planners_lose_nothing(server) -> None:
    srv, data_dir, items = server
    result = run_load(srv.base, items, planners=PLANNERS, recolours=RECOLOURS)
    assert result.errors == []
    assert len(result.accepted) == PLANNERS * RECOLOURS
    assert result.conflicts > 0, "planners sharing a few cells must have met a changed cell"
    assert verify(data_dir, result.accepted) == []
    assert integrity(data_dir) == "ok"


def test_verify_finds_a_lost_update(server) -> None:
    """The check above can fail: an accepted change the store does not hold is reported."""
    from bench.load import Accepted

    _srv, data_dir, items = server
    ghost = Accepted("planner0", items[0], "BY", "red", "never sent", 10**6)
    problems = verify(data_dir, [ghost])
    assert any("not in history" in p for p in problems)
    assert any("audit" in p for p in problems)


def test_second_planner_sees_the_change_underneath(server) -> None:
    srv, _data_dir, items = server
    first, second = Planner(srv.base, "planner0"), Planner(srv.base, "planner2")  # both editor-BY
    first.login()
    second.login()
    item = items[-1]
    _, shown = second.cell(item, "BY")  # the dialog of the second planner shows this version
    status, _ = first.recolour(item, "BY", "green", "first", shown["version"])
    assert status == 200
    status, conflict = second.recolour(item, "BY", "red", "second", shown["version"])
    assert status == 409
    assert (conflict["current"]["author"], conflict["current"]["colour"]) == ("planner0", "green")
    _, now = second.cell(item, "BY")
    assert now["override"]["reason"] == "first"  # nothing overwritten silently
    status, _ = second.recolour(item, "BY", "red", "second, knowingly", conflict["version"])
    assert status == 200


def test_viewer_is_refused_through_the_workers(server) -> None:
    srv, _data_dir, items = server
    viewer = Planner(srv.base, "vera")
    viewer.login()
    status, body = viewer.recolour(items[0], "BY", "red", "should not pass", None)
    assert status == 403 and "vera (viewer)" in body["error"]


def test_server_log_is_clean(server) -> None:
    srv, _data_dir, _items = server
    log = Path(srv.log).read_text(errors="replace")
    assert "Traceback" not in log, srv.tail()
