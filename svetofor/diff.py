"""A compact, comparable state of the diagram, and what changed between two of them.

Used by the import preview ("12 cells red → yellow" before anything is stored) and by snapshot
comparison between commission sessions. A state holds only what a comparison needs (effective
and computed colours, overrides, warnings), in a JSON form compact enough to keep dozens of
snapshots of a 2,000-position list in a few MB once compressed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from svetofor.classify import paused_gc
from svetofor.diagram import DiagramRow
from svetofor.messages import Message, msg
from svetofor.model import COLOURS, SCOPES, DuplicationWarning

Totals = dict[str, dict[str, int]]  # scope -> colour -> count

FORMAT_VERSION = 1
# Progress order; "none" (no data) is outside it: a country appearing is neither better nor worse.
RANK: dict[str, int] = {"red": 0, "yellow": 1, "green": 2}
_CODE = {"green": "g", "yellow": "y", "red": "r", "none": "n"}
_COLOUR = {v: k for k, v in _CODE.items()}


@dataclass(frozen=True)
class StateOverride:
    colour: str
    reason: str
    author: str
    version: int = 1


@dataclass(frozen=True)
class StateCell:
    colour: str  # effective colour
    computed: str
    override: StateOverride | None = None
    stale: bool = False


@dataclass(frozen=True)
class StateItem:
    key: str
    name: str
    group: str | None
    kind: str | None
    cells: Mapping[str, StateCell]


@dataclass(frozen=True)
class StateWarning:
    key: str
    kind: str
    severity: str
    item: str | None


@dataclass(frozen=True)
class DiagramState:
    items: Mapping[str, StateItem]  # list order
    warnings: Mapping[str, StateWarning] = field(default_factory=dict)

    def totals(self) -> Totals:
        """Scope -> colour -> count of effective colours (the progress chart's points)."""
        out: Totals = {scope: dict.fromkeys(COLOURS, 0) for scope in SCOPES}
        for item in self.items.values():
            for scope, cell in item.cells.items():
                out[scope][cell.colour] += 1
        return out

    def to_json(self) -> dict[str, Any]:
        """Plain lists and strings, colours as one letter: 2,000 positions are ~100 KB raw."""
        items = []
        for it in self.items.values():
            row: list[Any] = [it.key, it.name, it.group, it.kind]
            for scope in SCOPES:
                c = it.cells[scope]
                ov = c.override
                row.append(
                    [
                        _CODE[c.colour],
                        _CODE[c.computed],
                        None if ov is None else [_CODE[ov.colour], ov.reason, ov.author, ov.version],
                        1 if c.stale else 0,
                    ]
                )
            items.append(row)
        warnings = [[w.key, w.kind, w.severity, w.item] for w in self.warnings.values()]
        return {"v": FORMAT_VERSION, "items": items, "warnings": warnings}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DiagramState:
        if data.get("v") != FORMAT_VERSION:
            raise ValueError(
                f"unsupported diagram state format {data.get('v')!r} (expected {FORMAT_VERSION})"
            )
        items: dict[str, StateItem] = {}
        # Cells without an override take a handful of distinct values: each is built once and
        # shared (they are frozen), so decoding 20k positions makes 20k cell objects fewer x3.
        plain: dict[tuple[str, str, int], StateCell] = {}
        for key, name, group, kind, *cells in data["items"]:
            parsed: dict[str, StateCell] = {}
            for scope, (colour, computed, ov, stale) in zip(SCOPES, cells, strict=True):
                if ov is None:
                    token = (colour, computed, stale)
                    cell = plain.get(token)
                    if cell is None:
                        cell = plain[token] = StateCell(_COLOUR[colour], _COLOUR[computed], None, bool(stale))
                else:
                    override = StateOverride(_COLOUR[ov[0]], ov[1], ov[2], ov[3])
                    cell = StateCell(_COLOUR[colour], _COLOUR[computed], override, bool(stale))
                parsed[scope] = cell
            items[key] = StateItem(key, name, group, kind, parsed)
        warnings = {w[0]: StateWarning(*w) for w in data.get("warnings", ())}
        return cls(items, warnings)


def state_of(rows: Sequence[DiagramRow], warnings: Sequence[DuplicationWarning]) -> DiagramState:
    """The comparable state of a built diagram (all rows, not a filtered view) and its warnings."""
    with paused_gc():
        return _state_of(rows, warnings)


def _state_of(rows: Sequence[DiagramRow], warnings: Sequence[DuplicationWarning]) -> DiagramState:
    items: dict[str, StateItem] = {}
    for row in rows:
        cells: dict[str, StateCell] = {}
        for scope, cell in row.cells.items():
            ov = cell.override
            override = None if ov is None else StateOverride(ov.colour, ov.reason, ov.author, ov.version)
            cells[scope] = StateCell(cell.colour, cell.computed.colour, override, cell.stale)
        items[row.item.key] = StateItem(row.item.key, row.item.name, row.item.group, row.item.kind, cells)
    return DiagramState(items, {w.key: StateWarning(w.key, w.kind, w.severity, w.item) for w in warnings})


@dataclass(frozen=True)
class CellChange:
    item: str
    name: str
    scope: str
    before: str
    after: str
    group: str | None = None
    kind: str | None = None

    @property
    def direction(self) -> str:
        """``improved`` (towards green), ``regressed`` (towards red) or ``other`` (to/from no data)."""
        if self.before not in RANK or self.after not in RANK:
            return "other"
        return "improved" if RANK[self.after] > RANK[self.before] else "regressed"


def change_line(scope: str, before: str, after: str, n: int) -> Message:
    """ "РБ: 12 ячеек красный → жёлтый": ``n`` cells of ``scope`` went from one colour to another."""
    return msg(
        "diff.cells_changed",
        scope=msg(f"scope.{scope}"),
        cells=msg("count.cells", n=n),
        before=msg(f"colour.{before}.short"),
        after=msg(f"colour.{after}.short"),
    )


@dataclass(frozen=True)
class StateDiff:
    changes: tuple[CellChange, ...]  # effective colour changes of kept items, in the list order of `after`
    added: tuple[str, ...]  # item keys
    removed: tuple[str, ...]
    warnings_opened: tuple[str, ...]  # warning keys
    warnings_closed: tuple[str, ...]
    overrides_made: tuple[tuple[str, str], ...]  # (item, scope): new or changed in `after`
    overrides_cleared: tuple[tuple[str, str], ...]
    stale: tuple[tuple[str, str], ...]  # overrides in `after` the data moved under

    @property
    def counts(self) -> dict[tuple[str, str, str], int]:
        """(scope, from, to) -> number of cells, in order of first appearance."""
        out: dict[tuple[str, str, str], int] = {}
        for c in self.changes:
            k = (c.scope, c.before, c.after)
            out[k] = out.get(k, 0) + 1
        return out

    def counts_by_group(self) -> dict[str | None, dict[tuple[str, str, str], int]]:
        out: dict[str | None, dict[tuple[str, str, str], int]] = {}
        for c in self.changes:
            per = out.setdefault(c.group, {})
            k = (c.scope, c.before, c.after)
            per[k] = per.get(k, 0) + 1
        return out

    def count(self, direction: str, scope: str | None = None) -> int:
        """Cells that ``improved``, ``regressed`` or changed ``other``wise, in one scope or all."""
        return sum(
            1 for c in self.changes if c.direction == direction and (scope is None or c.scope == scope)
        )

    @property
    def empty(self) -> bool:
        return not (
            self.changes
            or self.added
            or self.removed
            or self.warnings_opened
            or self.warnings_closed
            or self.overrides_made
            or self.overrides_cleared
        )

    def summary(self) -> list[Message]:
        """One line per (scope, from → to), regressions last: "РБ: 12 ячеек красный → жёлтый"."""
        order = {"improved": 0, "other": 1, "regressed": 2}
        counts = self.counts
        keys = sorted(counts, key=lambda k: (order[CellChange("", "", *k).direction], SCOPES.index(k[0])))
        return [
            change_line(scope, before, after, counts[(scope, before, after)]) for scope, before, after in keys
        ]


def diff_states(before: DiagramState, after: DiagramState) -> StateDiff:
    """What changed from ``before`` to ``after``; a dict lookup per cell, no sorting of cells."""
    with paused_gc():
        return _diff_states(before, after)


def _diff_states(before: DiagramState, after: DiagramState) -> StateDiff:
    b_items, a_items = before.items, after.items
    changes: list[CellChange] = []
    made: list[tuple[str, str]] = []
    cleared: list[tuple[str, str]] = []
    stale: list[tuple[str, str]] = []
    added: list[str] = []
    for key, a in a_items.items():
        b = b_items.get(key)
        for scope, ac in a.cells.items():
            if ac.stale:
                stale.append((key, scope))
            bc = b.cells.get(scope) if b is not None else None
            if bc is None:
                if ac.override is not None:
                    made.append((key, scope))
                continue
            if bc.colour != ac.colour:
                changes.append(CellChange(key, a.name, scope, bc.colour, ac.colour, a.group, a.kind))
            if ac.override != bc.override:
                if ac.override is not None:
                    made.append((key, scope))
                else:
                    cleared.append((key, scope))
        if b is None:
            added.append(key)
    removed = tuple(k for k in b_items if k not in a_items)
    opened = tuple(k for k in after.warnings if k not in before.warnings)
    closed = tuple(k for k in before.warnings if k not in after.warnings)
    return StateDiff(
        changes=tuple(changes),
        added=tuple(added),
        removed=removed,
        warnings_opened=opened,
        warnings_closed=closed,
        overrides_made=tuple(made),
        overrides_cleared=tuple(cleared),
        stale=tuple(stale),
    )


def changed_cells(diff: StateDiff) -> set[tuple[str, str]]:
    """(item, scope) of every changed cell, for highlighting them in a diff diagram."""
    return {(c.item, c.scope) for c in diff.changes}


def totals_series(states: Iterable[tuple[str, DiagramState]]) -> list[tuple[str, Totals]]:
    """(label, totals) per state, in the given order: the points of the progress chart."""
    return [(label, state.totals()) for label, state in states]


# ------------------------------------------------------------------------- named changes
# The import preview names every change before anything is stored (docs/domain.md §8): which
# position changes colour where, which positions come and go with their colours, which warnings
# appear and disappear, which overrides the data would now disagree with.


@dataclass(frozen=True)
class NamedItem:
    """A position that appears or disappears, with its effective colour per scope."""

    key: str
    name: str
    colours: Mapping[str, str]


@dataclass(frozen=True)
class NamedWarning:
    """A warning that appears or disappears, with the name of its position (if it has one)."""

    key: str
    kind: str
    severity: str
    item: str | None
    name: str | None


@dataclass(frozen=True)
class NamedStale:
    """An override the data would now disagree with: its colour, the computed colour before
    (``None`` for a position new to the diagram) and after."""

    key: str
    name: str
    scope: str
    override: str
    before: str | None
    after: str


@dataclass(frozen=True)
class NamedDiff:
    changes: tuple[CellChange, ...]
    added: tuple[NamedItem, ...]
    removed: tuple[NamedItem, ...]
    warnings_opened: tuple[NamedWarning, ...]
    warnings_closed: tuple[NamedWarning, ...]
    stale: tuple[NamedStale, ...]

    def counts(self) -> dict[str, int]:
        """The numbers on top of the preview, in the order it shows them."""
        return {
            "changes": len(self.changes),
            "added": len(self.added),
            "removed": len(self.removed),
            "warnings_opened": len(self.warnings_opened),
            "warnings_closed": len(self.warnings_closed),
            "stale": len(self.stale),
        }


def _named_item(item: StateItem) -> NamedItem:
    return NamedItem(item.key, item.name, {scope: cell.colour for scope, cell in item.cells.items()})


def _named_warnings(
    keys: Iterable[str], warnings: Mapping[str, StateWarning], *states: DiagramState
) -> tuple[NamedWarning, ...]:
    out = []
    for key in keys:
        w = warnings[key]
        name = None
        if w.item is not None:
            found = next((s.items[w.item] for s in states if w.item in s.items), None)
            name = found.name if found is not None else w.item
        out.append(NamedWarning(w.key, w.kind, w.severity, w.item, name))
    return tuple(out)


def named_diff(before: DiagramState, after: DiagramState, diff: StateDiff | None = None) -> NamedDiff:
    """Every change from ``before`` to ``after`` by name (``diff``: :func:`diff_states` of
    them, if the caller has it already)."""
    diff = diff if diff is not None else diff_states(before, after)
    stale: list[NamedStale] = []
    for key, scope in diff.stale:
        a = after.items[key]
        cell = a.cells[scope]
        b = before.items.get(key)
        was = b.cells.get(scope) if b is not None else None
        if was is not None and was.stale and was.override == cell.override:
            continue  # it disagreed already: nothing new for the planner to look at
        assert cell.override is not None  # a stale cell is an overridden one
        computed = was.computed if was is not None else None
        stale.append(NamedStale(key, a.name, scope, cell.override.colour, computed, cell.computed))
    return NamedDiff(
        changes=diff.changes,
        added=tuple(_named_item(after.items[k]) for k in diff.added),
        removed=tuple(_named_item(before.items[k]) for k in diff.removed),
        warnings_opened=_named_warnings(diff.warnings_opened, after.warnings, after, before),
        warnings_closed=_named_warnings(diff.warnings_closed, before.warnings, before, after),
        stale=tuple(stale),
    )
