"""The illustrative sample list: reproducible, and rich enough to show every rule at work."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest

from svetofor.classify import classify
from svetofor.duplication import find_warnings, localisation
from svetofor.reading import read_file
from svetofor.sample import DEFAULT_SEED, build_sample, generate_sample, main

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_list.xlsx"


@pytest.fixture(scope="module")
def sample_read():
    result = read_file(SAMPLE)
    statuses = classify(result.dataset)
    return result, statuses


def test_generator_is_deterministic_and_committed_file_is_current(tmp_path: Path) -> None:
    first, second = io.BytesIO(), io.BytesIO()
    generate_sample(first)
    generate_sample(second)
    assert first.getvalue() == second.getvalue()
    # The committed workbook is what the generator makes today (re-run it after a change).
    assert SAMPLE.read_bytes() == first.getvalue()


def test_other_seed_changes_content_not_shape() -> None:
    a, b = build_sample(DEFAULT_SEED), build_sample(DEFAULT_SEED + 1)
    assert [p.code for p in a.positions] == [p.code for p in b.positions]
    assert a.demand != b.demand


def test_size_and_spread() -> None:
    sample = build_sample()
    assert len(sample.positions) >= 80
    assert {p.kind for p in sample.positions} == {"machine", "component", "tool"}
    firms = {
        (row.firm.name, row.firm.country)
        for country in sample.rows.values()
        for rows in country.values()
        for row in rows
        if row.firm is not None
    }
    assert len(firms) >= 25
    assert {c for _n, c in firms} == {"BY", "RU"}
    assert any(p.used_in for p in sample.positions)


def test_more_positions_for_benchmarks(tmp_path: Path) -> None:
    target = tmp_path / "big.xlsx"
    assert main([str(target), "--positions", "200"]) == 0
    result = read_file(target)
    assert result.errors == []
    assert len(result.dataset.items) == 200


def test_sample_reads_without_errors(sample_read) -> None:
    result, _ = sample_read
    assert result.errors == [], [e.located() for e in result.errors]
    ds = result.dataset
    assert ds.countries == {"BY", "RU"}
    assert len(ds.items) >= 80
    assert len(ds.enterprises) >= 25
    # Groups come from a column on one sheet and from section rows on the other.
    assert all(item.group for item in ds.items.values())
    assert {i.kind for i in ds.items.values()} == {"machine", "component", "tool"}
    # The INN typed as a number lost its leading zero; the reader gives it back.
    assert any(e.tax_id == "0274123456" for e in ds.enterprises.values())


def test_sample_colours_match_the_generator_and_show_all_three(sample_read) -> None:
    result, statuses = sample_read
    sample = build_sample()
    for (code, country), colour in sample.expected.items():
        assert statuses[code][country].colour == colour, (code, country)
    for scope in ("BY", "RU", "UNION"):
        seen = Counter(statuses[key][scope].colour for key in result.dataset.items)
        assert seen["green"] and seen["yellow"] and seen["red"], (scope, seen)
    # Cooperation: RU's surplus makes the Union green where Belarus is short.
    code = sample.designated["UNION green: RU surplus covers BY shortfall"]
    assert statuses[code]["BY"].colour == "yellow"
    assert statuses[code]["UNION"].colour == "green"


def test_sample_shows_every_duplication_kind(sample_read) -> None:
    result, statuses = sample_read
    warnings = find_warnings(result.dataset, statuses)
    kinds = {(w.kind, w.severity) for w in warnings}
    assert ("parallel-new", "high") in kinds
    assert ("parallel-new", "medium") in kinds
    assert ("partner-covers", "high") in kinds
    assert any(w.kind == "same-enterprise?" for w in warnings)
    sample = build_sample()
    cross = sample.designated["parallel-new across borders"]
    assert any(
        w.kind == "parallel-new" and w.item == cross and set(w.countries) == {"BY", "RU"} for w in warnings
    )


def test_sample_has_a_machine_blocked_from_localisation(sample_read) -> None:
    result, statuses = sample_read
    loc = localisation(result.dataset, statuses)
    blocked = [entry for entry in loc.values() if not entry.localisable]
    assert blocked
    assert any(0 < entry.share < 1 for entry in loc.values())


def test_sample_carries_a_contradiction_remark_and_notes_worth_an_override(sample_read) -> None:
    result, _ = sample_read
    assert result.remarks, "modernisation without production should be remarked"
    notes = [r.note or "" for r in result.dataset.records]
    assert any("гособоронзаказ" in n for n in notes)
