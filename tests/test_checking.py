"""Checking a file alone: counts, cells in list order, warnings sorted; no store is imported."""

from __future__ import annotations

import subprocess
import sys

from svetofor.checking import check_result, sorted_warnings
from svetofor.model import Problem
from tests.conftest import build_read_result

ROWS = [
    {
        "item": "A",
        "name": "Станок А",
        "country": "BY",
        "enterprise": "Завод 1",
        "existing": True,
        "capacity": 10,
    },
    {"item": "A", "country": "RU", "enterprise": "Завод 2", "action": "new"},
    {"item": "B", "name": "Станок Б", "country": "BY", "enterprise": "Завод 3", "action": "new"},
    {"item": "B", "country": "RU", "enterprise": "Завод 4", "action": "new"},
]


def test_counts_cells_and_warnings_of_a_good_file() -> None:
    report = check_result(build_read_result(ROWS, demand={("A", "BY"): 5}))
    data = report.to_json()
    assert (data["ok"], data["items"], data["enterprises"], data["records"]) == (True, 2, 4, 4)
    assert [c["item"] for c in data["cells"]] == ["A", "B"]
    assert data["cells"][0]["BY"] == "green"
    assert sum(data["status"]["BY"].values()) == 2
    kinds = sorted(w["kind"] for w in data["duplicates"])  # A: RU builds what BY covers; B: both build
    assert kinds == ["parallel-new", "partner-covers"]
    assert data["duplicates"] == [w.to_json() for w in sorted_warnings(report.warnings)]


def test_a_file_with_errors_gets_no_colours() -> None:
    error = Problem("list.xlsx", "Лист1", 3, "C", "плохо")
    report = check_result(build_read_result(ROWS, errors=[error]))
    data = report.to_json()
    assert data["ok"] is False
    assert data["cells"] == [] and data["duplicates"] == []
    assert all(n == 0 for scope in data["status"].values() for n in scope.values())
    assert len(data["errors"]) == 1


def test_the_check_path_never_loads_the_store() -> None:
    code = (
        "import sys, svetofor.checking, svetofor.cli;"
        "print(any(m.startswith(('sqlalchemy', 'svetofor.store', 'svetofor.service')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
