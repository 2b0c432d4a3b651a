"""The benchmark suite runs and reports every row; its synthetic lists are readable and consistent.

No timings are asserted here (speed is judged by ``python -m bench`` itself); these tests only
make sure the command keeps working as the measured code changes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import bench
from bench import synth
from bench.core import Context, Row
from bench.reading import growth
from bench.ui import _outputs_of, chromium_available

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_quick_bench_runs_and_reports_every_row(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--json", str(out), "--workdir", str(tmp_path / "work")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    expected = bench.expected_rows(Context.make(True, tmp_path, tmp_path / "data"))
    assert [r["name"] for r in data["rows"]] == expected
    for r in data["rows"]:
        # a quick run judges nothing; a row may only be skipped for a missing browser
        if r["verdict"] == "SKIP":
            assert not chromium_available(), r
        else:
            assert r["verdict"] == "INFO", f"{r['name']}: {r['verdict']} {r['note']}"
        if r["verdict"] != "SKIP":
            assert r["value"] is not None and r["value"] > 0, r["name"]
        assert f"| {r['what']}" in proc.stdout  # every row is in the printed table
    assert data["machine"]["cpus"] >= 1


def test_only_selects_an_area(tmp_path: Path) -> None:
    ctx = Context.make(True, tmp_path, tmp_path / "data")
    names = bench.expected_rows(ctx, only="rules")
    assert names == ["classify", "warnings", "same-enterprise"]
    assert bench.expected_rows(ctx, only="check") == ["check-300", "check-1k"]


def test_synthetic_list_is_deterministic() -> None:
    a, b = synth.for_rows(400, seed=3), synth.for_rows(400, seed=3)
    assert a.rows() == b.rows()
    assert synth.for_rows(400, seed=4).rows() != a.rows()


def test_synthetic_list_has_the_realistic_cases() -> None:
    s = synth.generate(2000, 400, 8000, seed=11)
    ds = s.to_dataset()
    assert len(ds.items) == 2000
    assert ds.countries == {"BY", "RU"}
    assert {i.kind for i in ds.items.values()} == {"machine", "component", "tool"}
    assert any(i.used_in for i in ds.items.values())
    assert all(u in ds.items for i in ds.items.values() for u in i.used_in)
    assert any(r.enterprise_key is None for r in ds.records)  # producer still to be chosen
    planners: dict[str, set[str]] = {}
    for r in ds.records:
        if r.action == "new" and r.enterprise_key:
            planners.setdefault(r.item_key, set()).add(r.country)
    assert any(c == {"BY", "RU"} for c in planners.values())  # parallel-new across borders
    names = [e.name for e in s.enterprises]
    assert any(n.startswith(("ОАО ", "ООО ", "АО ", "УП ")) for n in names)
    assert any(e.variant and e.variant[1] is None for e in s.enterprises)  # fuzzy spelling case
    tax_ids = [e.tax_id for e in s.enterprises if e.tax_id]
    assert {len(t) for t in tax_ids} <= {9, 10, 12}
    for (item, country), v in ds.demand.items():
        assert v > 0 and item in ds.items and country in ("BY", "RU")


def test_written_workbook_reads_as_the_in_memory_dataset(tmp_path: Path) -> None:
    from svetofor.classify import classify
    from svetofor.reading import read_file

    s = synth.for_rows(600, seed=5)
    path = s.write_xlsx(tmp_path / "list.xlsx")
    result = read_file(path)
    assert result.errors == []
    direct = s.to_dataset()
    assert list(result.dataset.items) == list(direct.items)
    assert len(result.dataset.records) == len(direct.records)
    assert result.dataset.demand == direct.demand
    read_colours = {k: {sc: c.colour for sc, c in v.items()} for k, v in classify(result.dataset).items()}
    direct_colours = {k: {sc: c.colour for sc, c in v.items()} for k, v in classify(direct).items()}
    assert read_colours == direct_colours


def test_growth_exponent_is_one_for_linear_cost() -> None:
    rows = [
        Row("import-1k", "", value=0.1, raw={"rows": 1000}),
        Row("import-10k", "", value=1.0, raw={"rows": 10000}),
        Row("import-50k", "", value=10.0, raw={"rows": 50000}),
    ]
    g = growth(rows)
    assert [round(x["exponent"], 2) for x in g] == [1.0, 1.43]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("a.children", [{"id": "a", "property": "children"}]),
        (
            "..diagram-body.children@abc...cell-modal.is_open..",
            [{"id": "diagram-body", "property": "children@abc"}, {"id": "cell-modal", "property": "is_open"}],
        ),
    ],
)
def test_callback_outputs_are_parsed_from_the_callback_map_key(key: str, expected: list) -> None:
    assert _outputs_of(key) == expected
