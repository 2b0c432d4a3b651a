"""The import pipeline's pure part: what importing one read file would do, computed once.

:func:`plan` takes the read file, the would-be dataset (the stored lists with the file's
countries replaced, docs/domain.md §3) and the stored state it was planned on, runs the rules on
the would-be data once, and returns an :class:`ImportPlan`: the would-be rules and rows, the
automatic snapshot payload, the preview the page shows, and the store versions it was based on.
The service commits a plan only while the store still holds those versions (see
:mod:`svetofor.services.importing`); nothing here reads or writes the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from svetofor.diagram import DiagramRow
from svetofor.diff import StateDiff, diff_states, state_of
from svetofor.lists import file_countries
from svetofor.model import (
    Colour,
    Dataset,
    DuplicationWarning,
    Enterprise,
    Item,
    Override,
    ReadResult,
    Statuses,
)
from svetofor.progress import encode_snapshot, import_snapshot_name, stored_name
from svetofor.store.imports import ImportRecord
from svetofor.view import Rules, View, apply_rules


@dataclass(frozen=True)
class StaleOverride:
    """An override the import would move the data under: computed ``was`` → ``now``."""

    override: Override
    was: Colour | None
    now: Colour


@dataclass
class ImportPreview:
    """What importing a file would do to the stored diagram, computed without writing."""

    result: ReadResult
    countries: tuple[str, ...]
    diff: StateDiff
    new_items: list[Item]
    removed_items: list[Item]
    new_enterprises: list[Enterprise]
    removed_enterprises: list[Enterprise]
    new_warnings: list[DuplicationWarning]
    gone_warnings: list[DuplicationWarning]
    stale_overrides: list[StaleOverride]
    already_imported: ImportRecord | None = None  # an earlier import of the same file (sha256)
    dataset: Dataset | None = None  # the would-be data
    statuses: Statuses = field(default_factory=dict)
    rows: list[DiagramRow] = field(default_factory=list)


@dataclass(frozen=True)
class ImportPlan:
    """One import computed once: what :meth:`commit` writes and what the preview shows.

    ``versions`` are the store's ``(data_version, dataset_version)`` the plan was computed on;
    ``snapshot`` the automatic snapshot (stored name, payload) the import leaves."""

    result: ReadResult
    file_hash: str
    countries: tuple[str, ...]
    versions: tuple[int, int]
    rules: Rules
    overrides: dict[tuple[str, str], Override]
    rows: list[DiagramRow]
    snapshot: tuple[str, bytes]
    preview: ImportPreview | None = None  # None when planned for a commit alone (the CLI)

    @property
    def statuses(self) -> Statuses:
        return self.rules.statuses


def _stale_overrides(now: View, after: Rules) -> list[StaleOverride]:
    """Overrides the import would newly leave differing from the data."""
    stale = []
    for (item_key, scope), ov in now.overrides.items():
        status = after.statuses.get(item_key, {}).get(scope)
        if status is None:
            continue
        was = now.statuses.get(item_key, {}).get(scope)
        if ov.stale(status.colour) and not (was is not None and ov.stale(was.colour)):
            stale.append(StaleOverride(ov, was.colour if was is not None else None, status.colour))
    return stale


def preview_of(
    result: ReadResult,
    now: View,
    after: Rules,
    after_rows: list[DiagramRow],
    already: ImportRecord | None = None,
) -> ImportPreview:
    """The difference between the stored diagram ``now`` and the would-be one ``after``."""
    before_items, after_items = now.dataset.items, after.dataset.items
    before_ents, after_ents = now.dataset.enterprises, after.dataset.enterprises
    before_warn = {w.key for w in now.warnings}
    after_warn = {w.key for w in after.warnings}
    return ImportPreview(
        result=result,
        countries=file_countries(result),
        diff=diff_states(state_of(now.rows, now.warnings), state_of(after_rows, after.warnings)),
        new_items=[i for k, i in after_items.items() if k not in before_items],
        removed_items=[i for k, i in before_items.items() if k not in after_items],
        new_enterprises=[e for k, e in after_ents.items() if k not in before_ents],
        removed_enterprises=[e for k, e in before_ents.items() if k not in after_ents],
        new_warnings=[w for w in after.warnings if w.key not in before_warn],
        gone_warnings=[w for w in now.warnings if w.key not in after_warn],
        stale_overrides=_stale_overrides(now, after),
        already_imported=already,
        dataset=after.dataset,
        statuses=after.statuses,
        rows=after_rows,
    )


def plan(
    result: ReadResult,
    after: Dataset,
    *,
    file_hash: str,
    versions: tuple[int, int],
    merges: Mapping[str, str],
    dismissed: frozenset[frozenset[str]],
    overrides: dict[tuple[str, str], Override],
    now: View | None = None,
    already: ImportRecord | None = None,
    taken_at: datetime | None = None,
) -> ImportPlan:
    """The plan of importing ``result`` (its would-be dataset ``after``) on the stored state at
    ``versions``; with ``now`` (the stored view) it carries the preview too."""
    rules = apply_rules(after, merges, dismissed, versions[1] + 1)
    rows = rules.rows(overrides)
    # named by a message, so each planner reads the name in their own language
    name = import_snapshot_name(result.file)
    payload = encode_snapshot(
        state_of(rows, rules.warnings), name=name, taken_at=taken_at or datetime.now(UTC)
    )
    return ImportPlan(
        result=result,
        file_hash=file_hash,
        countries=file_countries(result),
        versions=versions,
        rules=rules,
        overrides=overrides,
        rows=rows,
        snapshot=(stored_name(name), payload),
        preview=preview_of(result, now, rules, rows, already) if now is not None else None,
    )
