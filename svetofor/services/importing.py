"""Importing a file: read it once, plan it once, commit the plan (docs/domain.md §3).

:meth:`Importing.plan_import` loads the stored data once, runs the rules once on the would-be
data and returns an :class:`~svetofor.pipeline.ImportPlan`; the import page shows its preview
and keeps it server-side until the planner presses "import". :meth:`Importing.commit` writes the
plan in one transaction if the store still holds the versions it was planned on; if another
change came first it plans again once from the same read file (the file is not read again) and
commits that, or refuses with :class:`ImportConflict`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from svetofor import auth
from svetofor.auth import User
from svetofor.classify import classify
from svetofor.duplication import find_warnings
from svetofor.lists import file_countries, file_dataset
from svetofor.messages import MessageError, msg
from svetofor.model import (
    SCOPES,
    SEVERITY_ORDER,
    Dataset,
    DuplicationWarning,
    Item,
    Problem,
    ReadResult,
    Statuses,
)
from svetofor.pipeline import ImportPlan, ImportPreview, plan
from svetofor.reader import read_file
from svetofor.store import ImportRecord, StaleVersions, Store
from svetofor.view import Rules, View, apply_rules

FieldOverrides = dict[tuple[str | None, int], str | None]


class ImportRefused(Exception):
    """The file has errors: nothing was stored. ``errors`` are the located problems."""

    def __init__(self, errors: Sequence[Problem]) -> None:
        self.errors = list(errors)
        shown = "; ".join(p.located() for p in self.errors[:3])
        more = f" (+{len(self.errors) - 3})" if len(self.errors) > 3 else ""
        super().__init__(f"import refused, {len(self.errors)} error(s): {shown}{more}")


class ImportConflict(MessageError):
    """The store changed under the plan and again under its re-plan: nothing was stored."""


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_rules(result: ReadResult) -> tuple[Statuses, list[DuplicationWarning]]:
    """The colours and warnings of a file on its own (``svetofor check``)."""
    ds = file_dataset(result)
    statuses = classify(ds)
    return statuses, find_warnings(ds, statuses)


def _sorted_warnings(warnings: Sequence[DuplicationWarning]) -> list[DuplicationWarning]:
    """docs/domain.md §6: by severity (high first), then item; the rest only makes the order total."""
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
        out: dict[str, dict[str, int]] = {
            scope: dict.fromkeys(("green", "yellow", "red", "none"), 0) for scope in SCOPES
        }
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

    def to_json(self) -> dict[str, Any]:
        """The object ``svetofor check --json`` prints (docs/domain.md §6)."""
        ds = self.result.dataset
        return {
            "ok": self.ok,
            "items": len(ds.items),
            "enterprises": len(ds.enterprises),
            "records": len(ds.records),
            "errors": [p.to_json() for p in self.result.errors],
            "remarks": [p.to_json() for p in self.result.remarks],
            "status": self.status_counts(),
            "cells": self.cells(),
            "duplicates": [w.to_json() for w in _sorted_warnings(self.warnings)] if self.ok else [],
        }


class Importing:
    """The service's file methods: reading, checking, planning and committing imports."""

    store: Store

    if TYPE_CHECKING:  # provided by svetofor.service.Svetofor

        def view(self) -> View: ...

        def _allowed(
            self, user: str | User, action: str, *scopes: str | None, every: bool = True
        ) -> User: ...

        def _fresh_view(self, versions: tuple[int, int]) -> View | None: ...

        def _view_of(self, rules: Rules, versions: tuple[int, int]) -> View: ...

        def _seed_after_import(self, plan: ImportPlan) -> None: ...

    def read(
        self,
        path: str | Path,
        *,
        country: str | None = None,
        field_overrides: FieldOverrides | None = None,
        file_name: str | None = None,
    ) -> ReadResult:
        return read_file(path, country=country, file_name=file_name, field_overrides=field_overrides)

    def check(
        self,
        path: str | Path,
        *,
        country: str | None = None,
        field_overrides: FieldOverrides | None = None,
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
        statuses, warnings = check_rules(result)
        return CheckReport(result, statuses, warnings)

    def plan_import(self, result: ReadResult, *, file_hash: str, preview: bool = True) -> ImportPlan:
        """What importing ``result`` would do, computed once without writing. With ``preview``
        the plan carries the difference from the stored diagram (the import page shows it)."""
        if not result.ok:
            raise ImportRefused(result.errors)
        versions = self.store.versions()
        now: View | None = None
        if preview:
            now = self._fresh_view(versions)
            if now is None:  # not cached: read the stored rows once for both datasets
                current, after = self.store.lists.load_with_file(result)
                now = self._view_of(self._rules_of(current, versions), versions)
            else:
                after = self.store.lists.preview_dataset(result)
            merges, dismissed, overrides = now.merges, now.dismissed, now.overrides
        else:
            after = self.store.lists.preview_dataset(result)
            merges = self.store.merges.direct()
            dismissed = frozenset(self.store.merges.dismissed())
            overrides = self.store.overrides.active()
        return plan(
            result,
            after,
            file_hash=file_hash,
            versions=versions,
            merges=merges,
            dismissed=dismissed,
            overrides=overrides,
            now=now,
            already=self.store.imports.find(file_hash) if preview and file_hash else None,
        )

    def _rules_of(self, dataset: Dataset, versions: tuple[int, int]) -> Rules:
        return apply_rules(
            dataset, self.store.merges.direct(), frozenset(self.store.merges.dismissed()), versions[1]
        )

    def commit(self, plan: ImportPlan, *, user: str | User) -> ImportRecord:
        """Store a plan (all or nothing) with its automatic snapshot, in one transaction, if the
        store is still at the plan's versions; else plan again once and commit that.
        ``PermissionDenied`` unless the user may import every country the file replaces;
        :class:`ImportConflict` if the store moved again under the second plan."""
        name = self._allowed(user, auth.IMPORT, *plan.countries, every=True).name
        try:
            record = self._write(plan, name)
        except StaleVersions:
            plan = self.plan_import(plan.result, file_hash=plan.file_hash, preview=False)
            try:
                record = self._write(plan, name)
            except StaleVersions:
                raise ImportConflict(msg("pipeline.conflict")) from None
        # the store holds exactly what the plan computed: the next view() needs no rules run
        self._seed_after_import(plan)
        return record

    def _write(self, plan: ImportPlan, user: str) -> ImportRecord:
        return self.store.lists.import_result(
            plan.result,
            user=user,
            file_hash=plan.file_hash,
            computed=plan.statuses,
            snapshot=plan.snapshot,
            expected_versions=plan.versions,
        )

    def preview(self, result: ReadResult, *, file_hash: str | None = None) -> ImportPreview:
        """The effect of importing ``result`` on the stored diagram, computed without writing."""
        preview = self.plan_import(result, file_hash=file_hash or "").preview
        assert preview is not None  # planned with the preview
        return preview

    def import_result(self, result: ReadResult, *, user: str | User, file_hash: str) -> ImportRecord:
        """Plan and commit a read file at once (the CLI, the API, the seed import).
        ``ImportRefused`` if the file has errors; ``PermissionDenied`` as :meth:`commit`."""
        if not result.ok:
            raise ImportRefused(result.errors)
        self._allowed(user, auth.IMPORT, *file_countries(result), every=True)  # before any work
        return self.commit(self.plan_import(result, file_hash=file_hash, preview=False), user=user)

    def import_file(
        self,
        path: str | Path,
        *,
        country: str | None = None,
        user: str | User = "local",
        field_overrides: FieldOverrides | None = None,
        file_name: str | None = None,
    ) -> ImportRecord:
        result = self.read(path, country=country, field_overrides=field_overrides, file_name=file_name)
        if not result.ok:
            raise ImportRefused(result.errors)
        return self.import_result(result, user=user, file_hash=file_sha256(path))
