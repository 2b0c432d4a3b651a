"""The service layer: one object the CLI and the web app talk to.

``Svetofor`` glues the store to the rules. Its ``view()`` is the classified, warned, localised
diagram of the stored data, cached on the instance per store version: every app process keeps
its own cache and checks the store's version on each call, so several processes on one database
stay coherent without any shared memory. Recolours and reviews (which change only the
``data_version``) reuse the classification and rebuild only the rows; imports, merges and
dismissals (which change the ``dataset_version``) rebuild everything.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from svetofor import auth
from svetofor.auth import PermissionDenied, User
from svetofor.classify import classify
from svetofor.diagram import DiagramCell, DiagramRow, build_rows
from svetofor.diff import diff_states, state_of
from svetofor.duplication import build_graph, cooperation, find_warnings, localisation
from svetofor.lists import file_countries, file_dataset
from svetofor.model import (
    SCOPES,
    SEVERITY_ORDER,
    Colour,
    Dataset,
    DuplicationWarning,
    Enterprise,
    Item,
    Localisation,
    Override,
    Problem,
    ReadResult,
    Review,
    Statuses,
)
from svetofor.progress import encode_snapshot, import_snapshot_name, stored_name
from svetofor.reading import read_file
from svetofor.store import ImportRecord, MergeInfo, OverrideEvent, ReviewEvent, Store

SAMPLE_LIST = Path(__file__).resolve().parent.parent / "data" / "sample_list.xlsx"
SEED_USER = auth.SYSTEM.name


class ImportRefused(Exception):
    """The file has errors: nothing was stored. ``errors`` are the located problems."""

    def __init__(self, errors: Sequence[Problem]) -> None:
        self.errors = list(errors)
        shown = "; ".join(p.located() for p in self.errors[:3])
        more = f" (+{len(self.errors) - 3})" if len(self.errors) > 3 else ""
        super().__init__(f"import refused, {len(self.errors)} error(s): {shown}{more}")


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class View:
    """Everything a page needs about the stored diagram at one store version."""

    version: int
    dataset: Dataset
    statuses: Statuses
    overrides: dict[tuple[str, str], Override]
    warnings: list[DuplicationWarning]
    reviews: dict[str, Review]
    localisation: dict[str, Localisation]
    rows: list[DiagramRow]
    dataset_version: int = 0
    merges: dict[str, str] = field(default_factory=dict)
    dismissed: frozenset[frozenset[str]] = frozenset()
    graph: Any = field(default=None, repr=False, compare=False)  # networkx graph, built once

    @cached_property
    def cooperation(self) -> list:
        """Positions red/yellow in one country and green in the other (computed on first use)."""
        return cooperation(self.dataset, self.statuses, self.merges, graph=self.graph)

    def gone_reviews(self) -> dict[str, Review]:
        """Reviews of warnings that no longer apply: kept (with their history), shown as gone."""
        live = {w.key for w in self.warnings}
        return {key: review for key, review in self.reviews.items() if key not in live}

    def stale_overrides(self) -> list[Override]:
        """Overrides whose data moved since they were set ("override differs from the data")."""
        return [row.cells[s].override for row in self.rows for s in SCOPES if row.cells[s].stale]  # type: ignore[misc]


@dataclass(frozen=True)
class _Rules:
    """The part of a view that depends only on the dataset version."""

    dataset_version: int
    dataset: Dataset
    statuses: Statuses
    warnings: list[DuplicationWarning]
    localisation: dict[str, Localisation]
    merges: dict[str, str]
    dismissed: frozenset[frozenset[str]]
    graph: Any


def _apply_rules(
    dataset: Dataset, merges: Mapping[str, str], dismissed: frozenset[frozenset[str]], version: int = 0
) -> _Rules:
    statuses = classify(dataset)
    graph = build_graph(dataset)
    warnings = find_warnings(dataset, statuses, dict(merges), dismissed=dismissed, graph=graph)
    loc = localisation(dataset, statuses, graph=graph)
    return _Rules(version, dataset, statuses, warnings, loc, dict(merges), dismissed, graph)


def _rows_with_overrides(
    previous: View, overrides: Mapping[tuple[str, str], Override], index: Mapping[str, int]
) -> list[DiagramRow]:
    """``previous.rows`` with the cells whose override changed rebuilt, the same as
    ``build_rows`` would give: a recolour at 2,000 positions must cost milliseconds, and a full
    ``build_rows`` costs about a hundred."""
    changed = {
        key
        for key in previous.overrides.keys() | overrides.keys()
        if previous.overrides.get(key) != overrides.get(key)
    }
    rows = list(previous.rows)
    for item_key in {key for key, _ in changed}:
        n = index.get(item_key)
        if n is None:
            continue  # an override of a position no list holds now: not on the diagram
        row = rows[n]
        cells = {}
        for scope, cell in row.cells.items():
            ov = overrides.get((item_key, scope))
            status = cell.computed
            cells[scope] = (
                DiagramCell(scope, status.colour, status)
                if ov is None
                else DiagramCell(scope, ov.colour, status, ov, ov.stale(status.colour))
            )
        rows[n] = replace(row, cells=cells)
    return rows


def _make_view(
    rules: _Rules,
    version: int,
    overrides: dict[tuple[str, str], Override],
    rows: list[DiagramRow],
    reviews: dict[str, Review],
) -> View:
    return View(
        version=version,
        dataset=rules.dataset,
        statuses=rules.statuses,
        overrides=overrides,
        warnings=rules.warnings,
        reviews=reviews,
        localisation=rules.localisation,
        rows=rows,
        dataset_version=rules.dataset_version,
        merges=rules.merges,
        dismissed=rules.dismissed,
        graph=rules.graph,
    )


# ------------------------------------------------------------------------------------ check


def _sorted_warnings(warnings: Sequence[DuplicationWarning]) -> list[DuplicationWarning]:
    """SPEC §6: by severity (high first), then item; the rest only makes the order total."""
    return sorted(
        warnings,
        key=lambda w: (
            SEVERITY_ORDER.get(w.severity, 9),
            w.item or "",
            w.kind,
            w.country or "",
            w.enterprises,
        ),
    )


def _ordered_items(dataset: Dataset) -> list[Item]:
    return sorted(dataset.items.values(), key=lambda i: i.order)  # stable: ties keep list order


@dataclass
class CheckReport:
    """The reading, colours and warnings of one file on its own (nothing stored)."""

    result: ReadResult
    statuses: Statuses = field(default_factory=dict)
    warnings: list[DuplicationWarning] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result.ok

    def status_counts(self) -> dict[str, dict[str, int]]:
        out = {scope: dict.fromkeys(("green", "yellow", "red", "none"), 0) for scope in SCOPES}
        if not self.ok:
            return out
        for item in self.result.dataset.items.values():
            for scope in SCOPES:
                cell = self.statuses.get(item.key, {}).get(scope)
                out[scope][cell.colour if cell is not None else "none"] += 1
        return out

    def cells(self) -> list[dict[str, Any]]:
        if not self.ok:
            return []
        out = []
        for item in _ordered_items(self.result.dataset):
            cell: dict[str, Any] = {
                "item": item.key,
                "name": item.name,
                "group": item.group,
                "kind": item.kind,
            }
            for scope in SCOPES:
                status = self.statuses.get(item.key, {}).get(scope)
                cell[scope] = status.colour if status is not None else "none"
            out.append(cell)
        return out

    def to_json(self, lang: str = "ru") -> dict[str, Any]:
        """Exactly the object of ``svetofor check --json``; problems in ``lang``."""
        ds = self.result.dataset
        return {
            "ok": self.ok,
            "items": len(ds.items),
            "enterprises": len(ds.enterprises),
            "records": len(ds.records),
            "errors": [p.to_json(lang) for p in self.result.errors],
            "remarks": [p.to_json(lang) for p in self.result.remarks],
            "status": self.status_counts(),
            "cells": self.cells(),
            "duplicates": [w.to_json() for w in _sorted_warnings(self.warnings)] if self.ok else [],
        }


# ---------------------------------------------------------------------------------- preview


@dataclass(frozen=True)
class StaleOverride:
    """An override the import would move the data under: computed ``was`` → ``now``."""

    override: Override
    was: Colour | None
    now: Colour


@dataclass
class ImportPreview:
    """What importing a file would do, computed without writing."""

    result: ReadResult
    countries: tuple[str, ...]
    diff: Any  # svetofor.diff.diff_states(current, would-be)
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


# ---------------------------------------------------------------------------------- service


class Svetofor:
    """The application: store + rules + a per-version cache of the classified view."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._view: View | None = None
        self._rules: _Rules | None = None
        self._row_index: dict[str, int] = {}  # item key -> position in the cached view's rows

    @classmethod
    def open(
        cls, data_dir: Path | str | None = None, url: str | None = None, seed: Path | str | None = None
    ) -> Svetofor:
        """Open the store (``url`` > env ``SVETOFOR_DATABASE_URL`` > SQLite in ``data_dir``); on
        the first start of an empty store, import the ``seed`` workbook (e.g. ``SAMPLE_LIST``)."""
        svc = cls(Store.open(data_dir, url))
        if seed is not None and svc.store.lists.is_empty():
            svc.import_file(seed, user=auth.SYSTEM)
        return svc

    def close(self) -> None:
        self.store.close()

    # ------------------------------------------------------------------------------ view

    def view(self) -> View:
        data_version, dataset_version = self.store.versions()
        current = self._view
        if current is not None and current.version == data_version:
            return current
        with self._lock:  # one build per process and version, not one per waiting request
            current = self._view
            if current is not None and current.version == data_version:
                return current
            rules = self._rules
            if rules is None or rules.dataset_version != dataset_version:
                rules = _apply_rules(
                    self.store.lists.load_dataset(),
                    self.store.merges.direct(),
                    frozenset(self.store.merges.dismissed()),
                    dataset_version,
                )
                self._rules = rules
            overrides = self.store.overrides.active()
            if current is not None and current.dataset is rules.dataset:
                rows = _rows_with_overrides(current, overrides, self._row_index)
            else:
                rows = build_rows(
                    rules.dataset, rules.statuses, overrides, rules.warnings, rules.localisation
                )
                self._row_index = {row.item.key: n for n, row in enumerate(rows)}
            view = _make_view(rules, data_version, overrides, rows, self.store.reviews.all())
            self._view = view
            return view

    def computed_colour(self, item_key: str, scope: str) -> Colour | None:
        status = self.view().statuses.get(item_key, {}).get(scope)
        return status.colour if status is not None else None

    # ----------------------------------------------------------------------------- files

    def read(
        self,
        path: str | Path,
        *,
        country: str | None = None,
        field_overrides: dict[tuple[str | None, int], str | None] | None = None,
        file_name: str | None = None,
    ) -> ReadResult:
        return read_file(path, country=country, file_name=file_name, field_overrides=field_overrides)

    def check(
        self,
        path: str | Path,
        *,
        country: str | None = None,
        field_overrides: dict[tuple[str | None, int], str | None] | None = None,
        file_name: str | None = None,
    ) -> CheckReport:
        """Read, classify and warn on the FILE alone; nothing is stored or compared."""
        return self.check_result(
            self.read(path, country=country, field_overrides=field_overrides, file_name=file_name)
        )

    @staticmethod
    def check_result(result: ReadResult) -> CheckReport:
        if not result.ok:
            return CheckReport(result)
        ds = file_dataset(result)
        statuses = classify(ds)
        return CheckReport(result, statuses, find_warnings(ds, statuses))

    def preview(self, result: ReadResult, *, file_hash: str | None = None) -> ImportPreview:
        """The effect of importing ``result`` on the stored diagram, computed without writing."""
        if not result.ok:
            raise ImportRefused(result.errors)
        now = self.view()
        after_ds = self.store.lists.preview_dataset(result)
        after = _apply_rules(after_ds, now.merges, now.dismissed)
        after_rows = build_rows(
            after.dataset, after.statuses, now.overrides, after.warnings, after.localisation
        )
        before_items, after_items = now.dataset.items, after.dataset.items
        before_ents, after_ents = now.dataset.enterprises, after.dataset.enterprises
        before_warn = {w.key for w in now.warnings}
        after_warn = {w.key for w in after.warnings}
        stale = []
        for (item_key, scope), ov in now.overrides.items():
            status = after.statuses.get(item_key, {}).get(scope)
            if status is None:
                continue
            was = now.statuses.get(item_key, {}).get(scope)
            if ov.stale(status.colour) and not (was is not None and ov.stale(was.colour)):
                stale.append(StaleOverride(ov, was.colour if was is not None else None, status.colour))
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
            stale_overrides=stale,
            already_imported=self.store.imports.find(file_hash) if file_hash else None,
            dataset=after.dataset,
            statuses=after.statuses,
            rows=after_rows,
        )

    def import_result(self, result: ReadResult, *, user: str | User, file_hash: str) -> ImportRecord:
        """Store a read file (all or nothing) with an automatic snapshot of the diagram it
        produces, in the same transaction. ``ImportRefused`` if the file has errors;
        ``PermissionDenied`` unless the user may import every country the file replaces."""
        if not result.ok:
            raise ImportRefused(result.errors)
        user = self._allowed(user, auth.IMPORT, *file_countries(result), every=True).name
        versions = self.store.versions()
        merges = self.store.merges.direct()
        dismissed = frozenset(self.store.merges.dismissed())
        rules = _apply_rules(self.store.lists.preview_dataset(result), merges, dismissed)
        overrides = self.store.overrides.active()
        rows = build_rows(rules.dataset, rules.statuses, overrides, rules.warnings, rules.localisation)
        taken_at = datetime.now(UTC)
        # named by a message, so each planner reads the name in their own language
        name = import_snapshot_name(result.file)
        payload = encode_snapshot(state_of(rows, rules.warnings), name=name, taken_at=taken_at)
        record = self.store.lists.import_result(
            result,
            user=user,
            file_hash=file_hash,
            computed=rules.statuses,
            snapshot=(stored_name(name), payload),
        )
        # Nobody else wrote between our reads and the import: what we classified is exactly what
        # is stored now, so the next view() need not load, classify and lay it out again.
        if self.store.versions() == (versions[0] + 1, versions[1] + 1):
            with self._lock:
                self._rules = replace(rules, dataset_version=versions[1] + 1)
                self._view = _make_view(
                    self._rules, versions[0] + 1, overrides, rows, self.store.reviews.all()
                )
                self._row_index = {row.item.key: n for n, row in enumerate(rows)}
        return record

    def import_file(
        self,
        path: str | Path,
        *,
        country: str | None = None,
        user: str | User = "local",
        field_overrides: dict[tuple[str | None, int], str | None] | None = None,
        file_name: str | None = None,
    ) -> ImportRecord:
        result = self.read(path, country=country, field_overrides=field_overrides, file_name=file_name)
        if not result.ok:
            raise ImportRefused(result.errors)
        return self.import_result(result, user=user, file_hash=file_sha256(path))

    # --------------------------------------------------------------------------- changes

    def set_override(
        self,
        item_key: str,
        scope: str,
        colour: str,
        reason: str,
        *,
        user: str | User,
        expected_version: int | None = None,
    ) -> Override:
        """Recolour a cell, remembering the computed colour it replaces (to flag it stale later)."""
        actor = self._allowed(user, auth.OVERRIDE, scope)
        return self.store.overrides.set(
            item_key,
            scope,
            colour,
            reason,
            user=actor.name,
            based_on=self.computed_colour(item_key, scope),
            expected_version=expected_version,
        )

    def clear_override(
        self, item_key: str, scope: str, *, user: str | User, expected_version: int | None = None
    ) -> None:
        actor = self._allowed(user, auth.OVERRIDE, scope)
        self.store.overrides.clear(item_key, scope, user=actor.name, expected_version=expected_version)

    def undo_last_override(self, user: str | User) -> OverrideEvent | None:
        actor = self._allowed(user, auth.VIEW)
        target = self.store.overrides.undo_target(actor.name)
        if target is not None:  # the role may have changed since the change being undone
            auth.require(actor, auth.OVERRIDE, target.scope)
        return self.store.overrides.undo_last(actor.name)

    def review_warning(self, key: str, state: str, reason: str, *, user: str | User) -> Review:
        actor = self._allowed(user, auth.REVIEW, *self._warning_countries(key), every=False)
        return self.store.reviews.review(key, state, reason, user=actor.name)

    def review_history(self, key: str) -> list[ReviewEvent]:
        """Every review of one warning, newest first (kept after the warning stops applying)."""
        return self.store.reviews.history(key)

    def merge_info(self) -> list[MergeInfo]:
        """Stored merges, newest first: what the enterprises page lists for undoing."""
        return self.store.merges.info()

    def merge_enterprises(self, surviving_key: str, merged_key: str, *, user: str | User) -> None:
        actor = self._allowed(user, auth.MERGE)
        self.store.merges.merge(surviving_key, merged_key, user=actor.name)

    def unmerge(self, merged_key: str, *, user: str | User) -> None:
        actor = self._allowed(user, auth.MERGE)
        self.store.merges.unmerge(merged_key, user=actor.name)

    def dismiss_suggestion(self, keys: frozenset[str], *, user: str | User) -> None:
        actor = self._allowed(user, auth.MERGE)
        self.store.merges.dismiss(keys, user=actor.name)

    def save_snapshot(self, name: str, payload: bytes, *, user: str | User, automatic: bool = False) -> Any:
        """Freeze a snapshot (editors and admins; pages should call this, not the store)."""
        actor = self._allowed(user, auth.SNAPSHOT)
        return self.store.snapshots.save(name, payload, user=actor.name, automatic=automatic)

    # ----------------------------------------------------------------------- permissions
    # Every change above goes through ``_allowed`` first: the web callbacks, the JSON API and
    # the CLI all reach the store through this class, so a refusal here holds whatever a page
    # shows or hides.

    def actor(self, user: str | User) -> User:
        """The acting user with the role that counts now (see :func:`svetofor.auth.resolve`)."""
        return auth.resolve(self.store, user)

    def _allowed(self, user: str | User, action: str, *scopes: str | None, every: bool = True) -> User:
        actor = self.actor(user)
        wanted = [s for s in scopes if s is not None]
        if not wanted:
            auth.require(actor, action, None)
        elif every:
            auth.require_all(actor, action, wanted)
        else:
            auth.require_any(actor, action, wanted)
        return actor

    def _warning_countries(self, key: str) -> tuple[str, ...]:
        """The countries a warning concerns: the planning country when it has one, else all
        involved. A warning that no longer applies is judged by the countries in its key."""
        for w in self.view().warnings:
            if w.key == key:
                return (w.country,) if w.country else tuple(w.countries)
        parts = key.split("|")
        if len(parts) == 3 and parts[2] in SCOPES:
            return (parts[2],)
        return tuple(sorted({p.split(":", 1)[0] for p in parts[1:] if p[:3] in ("BY:", "RU:")}))


__all__ = [
    "SAMPLE_LIST",
    "CheckReport",
    "ImportPreview",
    "ImportRefused",
    "PermissionDenied",
    "StaleOverride",
    "Svetofor",
    "View",
    "file_sha256",
]
