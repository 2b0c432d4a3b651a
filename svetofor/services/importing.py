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
from pathlib import Path
from typing import TYPE_CHECKING

from svetofor import auth
from svetofor.auth import User
from svetofor.checking import CheckReport, check_result
from svetofor.lists import file_countries
from svetofor.messages import MessageError, msg
from svetofor.model import (
    Dataset,
    Problem,
    ReadResult,
)
from svetofor.pipeline import ImportPlan, ImportPreview, plan
from svetofor.reading import read_file
from svetofor.store import ImportRecord, StaleVersions, Store
from svetofor.store.import_states import check_mode
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
        return check_result(result)

    def plan_import(
        self, result: ReadResult, *, file_hash: str, preview: bool = True, mode: str = "replace"
    ) -> ImportPlan:
        """What importing ``result`` would do, computed once without writing. With ``preview``
        the plan carries the difference from the stored diagram (the import page shows it).
        ``mode``: ``replace`` or ``update`` (docs/domain.md §8, :func:`svetofor.lists.with_file`)."""
        if not result.ok:
            raise ImportRefused(result.errors)
        checked = check_mode(mode)
        versions = self.store.versions()
        now: View | None = None
        if preview:
            now = self._fresh_view(versions)
            if now is None:  # not cached: read the stored rows once for both datasets
                current, after = self.store.lists.load_with_file(result, checked)
                now = self._view_of(self._rules_of(current, versions), versions)
            else:
                after = self.store.lists.preview_dataset(result, checked)
            merges, dismissed, overrides = now.merges, now.dismissed, now.overrides
        else:
            after = self.store.lists.preview_dataset(result, checked)
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
            mode=checked,
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
            plan = self.plan_import(plan.result, file_hash=plan.file_hash, preview=False, mode=plan.mode)
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
            mode=plan.mode,
        )

    def preview(
        self, result: ReadResult, *, file_hash: str | None = None, mode: str = "replace"
    ) -> ImportPreview:
        """The effect of importing ``result`` on the stored diagram, computed without writing."""
        preview = self.plan_import(result, file_hash=file_hash or "", mode=mode).preview
        assert preview is not None  # planned with the preview
        return preview

    def import_result(
        self, result: ReadResult, *, user: str | User, file_hash: str, mode: str = "replace"
    ) -> ImportRecord:
        """Plan and commit a read file at once (the CLI, the API, the seed import).
        ``ImportRefused`` if the file has errors; ``PermissionDenied`` as :meth:`commit`."""
        if not result.ok:
            raise ImportRefused(result.errors)
        self._allowed(user, auth.IMPORT, *file_countries(result), every=True)  # before any work
        return self.commit(self.plan_import(result, file_hash=file_hash, preview=False, mode=mode), user=user)

    def import_file(
        self,
        path: str | Path,
        *,
        country: str | None = None,
        user: str | User = "local",
        field_overrides: FieldOverrides | None = None,
        file_name: str | None = None,
        mode: str = "replace",
    ) -> ImportRecord:
        result = self.read(path, country=country, field_overrides=field_overrides, file_name=file_name)
        if not result.ok:
            raise ImportRefused(result.errors)
        return self.import_result(result, user=user, file_hash=file_sha256(path), mode=mode)
