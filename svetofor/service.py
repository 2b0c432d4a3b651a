"""The service layer: one object the CLI and the web app talk to.

``Svetofor`` glues the store to the rules. Its ``view()`` is the classified, warned, localised
diagram of the stored data, cached on the instance per store version: every app process keeps
its own cache and checks the store's version on each call, so several processes on one database
stay coherent without any shared memory. Recolours and reviews (which change only the
``data_version``) reuse the classification and rebuild only the rows; imports, merges and
dismissals (which change the ``dataset_version``) rebuild everything.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from svetofor import auth, security
from svetofor.auth import PermissionDenied, User
from svetofor.checking import CheckReport
from svetofor.model import Colour, Override, Review, WarningKey
from svetofor.pipeline import ImportPlan, ImportPreview, StaleOverride
from svetofor.security import check_text
from svetofor.services.enterprises import EnterprisesService
from svetofor.services.history import History
from svetofor.services.importing import ImportConflict, Importing, ImportRefused, file_sha256
from svetofor.services.imports import ImportsService
from svetofor.services.positions import PositionsService
from svetofor.services.snapshots import Snapshotting
from svetofor.store import OverrideEvent, ReviewEvent, Store, make_engine
from svetofor.view import Rules, View, apply_rules, make_view, rows_with_overrides

SAMPLE_LIST = Path(__file__).resolve().parent.parent / "data" / "sample_list.xlsx"
SEED_USER = auth.SYSTEM.name


class Svetofor(Importing, Snapshotting, History, ImportsService, PositionsService, EnterprisesService):
    """The application: store + rules + a per-version cache of the classified view."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._view: View | None = None
        self._rules: Rules | None = None
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

    def after_fork(self) -> None:
        """In a forked worker process: drop the parent's pooled connections without closing them
        (sharing a connection between processes corrupts it); the child opens its own."""
        self.store.engine.dispose(close=False)

    def for_job(self) -> Svetofor:
        """A service for one background job on the same database: its own engine (a forked job
        must not share the app's pooled connections) starting from this one's cached view, so
        a preview does not classify the stored data again when the app already has."""
        job = type(self)(Store(make_engine(self.store.engine.url.render_as_string(hide_password=False))))
        job._rules, job._view, job._row_index = self._rules, self._view, self._row_index
        return job

    # ------------------------------------------------------------------------------ view

    def view(self) -> View:
        versions = self.store.versions()
        current = self._fresh_view(versions)
        if current is not None:
            return current
        with self._lock:  # one build per process and version, not one per waiting request
            current = self._fresh_view(versions)
            if current is not None:
                return current
            rules = self._rules
            if rules is None or rules.dataset_version != versions[1]:
                rules = apply_rules(
                    self.store.lists.load_dataset(),
                    self.store.merges.direct(),
                    frozenset(self.store.merges.dismissed()),
                    versions[1],
                )
            return self._view_of(rules, versions)

    def _fresh_view(self, versions: tuple[int, int]) -> View | None:
        """The cached view if it is of the store at ``versions``."""
        current = self._view
        return current if current is not None and current.version == versions[0] else None

    def _view_of(self, rules: Rules, versions: tuple[int, int]) -> View:
        """Cache and return the view of ``rules`` at ``versions``, with the stored overrides and
        reviews: only the cells whose override changed are rebuilt when the dataset is the same."""
        self._rules = rules
        current = self._view
        overrides = self.store.overrides.active()
        loc = rules.localisation(overrides)
        if current is not None and current.dataset is rules.dataset:
            rows = rows_with_overrides(current, overrides, loc, self._row_index)
        else:
            rows = rules.rows(overrides, loc)
            self._row_index = {row.item.key: n for n, row in enumerate(rows)}
        view = make_view(rules, versions[0], overrides, rows, self.store.reviews.all(), loc)
        self._view = view
        return view

    def _seed_after_import(self, plan: ImportPlan) -> None:
        """After committing ``plan``: the store holds exactly what it computed (its versions were
        checked in the transaction), so the next view() need not load, classify and lay out."""
        data_version, dataset_version = plan.versions
        rules = replace(plan.rules, dataset_version=dataset_version + 1)
        with self._lock:
            self._rules = rules
            self._view = make_view(
                rules, data_version + 1, plan.overrides, plan.rows, self.store.reviews.all()
            )
            self._row_index = {row.item.key: n for n, row in enumerate(plan.rows)}

    def computed_colour(self, item_key: str, scope: str) -> Colour | None:
        status = self.view().statuses.get(item_key, {}).get(scope)
        return status.colour if status is not None else None

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
        check_text(security.REASON, reason)  # the gate: every edge is refused alike
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
        check_text(security.REASON, reason)
        return self.store.reviews.review(key, state, reason, user=actor.name)

    def review_history(self, key: str) -> list[ReviewEvent]:
        """Every review of one warning, newest first (kept after the warning stops applying)."""
        return self.store.reviews.history(key)

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
        """The countries a warning concerns (:meth:`DuplicationWarning.scopes`); a warning that
        no longer applies is judged by the countries in its key."""
        for w in self.view().warnings:
            if w.key == key:
                return w.scopes()
        return WarningKey.parse(key).scopes()


__all__ = [
    "SAMPLE_LIST",
    "CheckReport",
    "ImportConflict",
    "ImportPlan",
    "ImportPreview",
    "ImportRefused",
    "PermissionDenied",
    "StaleOverride",
    "Svetofor",
    "View",
    "file_sha256",
]
