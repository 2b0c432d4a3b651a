"""Comparing two diagrams: what changed between two snapshots (or a snapshot and now), and the
lines of a diff or forecast diagram."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from svetofor.classify import paused_gc
from svetofor.diff import CellChange, DiagramState, StateDiff, StateWarning, changed_cells, diff_states
from svetofor.forecast import count_colours, forecast_statuses, green_year
from svetofor.model import SCOPES, Dataset, Statuses


@dataclass(frozen=True)
class OverrideMade:
    item_key: str
    name: str
    scope: str
    colour: str
    reason: str
    author: str


@dataclass(frozen=True)
class Comparison:
    """What changed between two states, with the totals a session looks at first."""

    diff: StateDiff
    totals_before: dict[str, dict[str, int]]
    totals_after: dict[str, dict[str, int]]
    # scope -> (from, to) -> cells
    directions: dict[str, dict[tuple[str, str], int]]
    # group -> scope -> {"improved", "regressed", "other"} -> cells; groups in list order
    by_group: dict[str | None, dict[str, dict[str, int]]]
    added: list[tuple[str, str, str | None]]  # (key, name, group)
    removed: list[tuple[str, str, str | None]]
    warnings_opened: list[tuple[str, str, str]]  # (kind, position name, severity)
    warnings_closed: list[tuple[str, str, str]]
    overrides: list[OverrideMade]

    @property
    def changes(self) -> tuple[CellChange, ...]:
        return self.diff.changes

    @property
    def empty(self) -> bool:
        return self.diff.empty

    def count(self, direction: str, scope: str | None = None) -> int:
        return self.diff.count(direction, scope)

    def changed_cells(self) -> set[tuple[str, str]]:
        return changed_cells(self.diff)


def _warning_entry(w: StateWarning, before: DiagramState, after: DiagramState) -> tuple[str, str, str]:
    item = (after.items.get(w.item) or before.items.get(w.item)) if w.item else None
    return (w.kind, item.name if item else (w.item or ""), w.severity)


def compare(before: DiagramState, after: DiagramState) -> Comparison:
    """Every difference from ``before`` to ``after`` and its totals by direction, scope and group."""
    with paused_gc():
        diff = diff_states(before, after)
    directions: dict[str, dict[tuple[str, str], int]] = {s: {} for s in SCOPES}
    by_group: dict[str | None, dict[str, dict[str, int]]] = {}
    for c in diff.changes:
        per = directions[c.scope]
        per[(c.before, c.after)] = per.get((c.before, c.after), 0) + 1
        group = by_group.setdefault(c.group, {s: {"improved": 0, "regressed": 0, "other": 0} for s in SCOPES})
        group[c.scope][c.direction] += 1
    overrides = []
    for key, scope in diff.overrides_made:
        item = after.items[key]
        ov = item.cells[scope].override
        assert ov is not None  # made means present in `after`
        overrides.append(OverrideMade(key, item.name, scope, ov.colour, ov.reason, ov.author))
    return Comparison(
        diff=diff,
        totals_before=before.totals(),
        totals_after=after.totals(),
        directions=directions,
        by_group=by_group,
        added=[(k, after.items[k].name, after.items[k].group) for k in diff.added],
        removed=[(k, before.items[k].name, before.items[k].group) for k in diff.removed],
        warnings_opened=[_warning_entry(after.warnings[k], before, after) for k in diff.warnings_opened],
        warnings_closed=[_warning_entry(before.warnings[k], before, after) for k in diff.warnings_closed],
        overrides=overrides,
    )


@dataclass(frozen=True)
class Line:
    """One position of a diff or forecast diagram: per scope its colour before and after."""

    key: str
    name: str
    group: str | None
    cells: Mapping[str, tuple[str | None, str | None]]  # scope -> (before, after); None: absent
    tag: str = ""  # "added" / "removed" / ""
    note: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.tag) or any(b != a for b, a in self.cells.values())


def diff_lines(cmp: Comparison, before: DiagramState, after: DiagramState) -> list[Line]:
    """Every position of ``after`` in list order, then the removed ones: the diff diagram."""
    added = set(cmp.diff.added)
    lines = []
    for key, item in after.items.items():
        old = before.items.get(key)
        cells: dict[str, tuple[str | None, str | None]] = {
            s: (old.cells[s].colour if old else None, item.cells[s].colour) for s in SCOPES
        }
        lines.append(Line(key, item.name, item.group, cells, "added" if key in added else ""))
    for key in cmp.diff.removed:
        item = before.items[key]
        lines.append(
            Line(key, item.name, item.group, {s: (item.cells[s].colour, None) for s in SCOPES}, "removed")
        )
    return lines


def forecast_lines(
    dataset: Dataset, statuses: Statuses, year: int, horizon: int | None = None
) -> tuple[list[Line], dict[str, dict[str, int]]]:
    """Today's computed colours against the forecast for ``year``, the note being the year the
    UNION cell turns green ("" if not by ``horizon``); and the forecast's totals."""
    then = forecast_statuses(dataset, year, today=statuses)
    years = green_year(dataset, horizon)
    lines = []
    for key, item in dataset.items.items():
        cells: dict[str, tuple[str | None, str | None]] = {
            s: (statuses[key][s].colour, then[key][s].colour) for s in SCOPES
        }
        green = years[key]["UNION"]
        lines.append(Line(key, item.name, item.group, cells, note="" if green is None else str(green)))
    return lines, count_colours(then)
