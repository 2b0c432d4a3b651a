"""Snapshots through the service: freezing the diagram (a change: editors and admins), listing
and loading stored ones, and the totals of every one for the progress chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svetofor import auth
from svetofor.auth import User
from svetofor.snapshots import ProgressPoint, Snapshot, load_snapshot, snapshot_payload, stored_series
from svetofor.store import SnapshotInfo, Store

if TYPE_CHECKING:
    from svetofor.view import View


class Snapshotting:
    """The service's snapshot methods; pages and the CLI call these, never the store."""

    store: Store

    if TYPE_CHECKING:  # provided by svetofor.service.Svetofor

        def view(self) -> View: ...

        def _allowed(
            self, user: str | User, action: str, *scopes: str | None, every: bool = True
        ) -> User: ...

    def save_snapshot(
        self, name: str, payload: bytes, *, user: str | User, automatic: bool = False
    ) -> SnapshotInfo:
        """Store a snapshot payload (editors and admins)."""
        actor = self._allowed(user, auth.SNAPSHOT)
        return self.store.snapshots.save(name, payload, user=actor.name, automatic=automatic)

    def freeze(self, name: str, *, user: str | User) -> SnapshotInfo:
        """Store the current diagram as a snapshot named ``name`` (editors and admins)."""
        name = (name or "").strip()
        return self.save_snapshot(name, snapshot_payload(self.view(), name=name), user=user)

    def snapshot_infos(self) -> list[SnapshotInfo]:
        """Every stored snapshot, newest first, without payloads."""
        return self.store.snapshots.all()

    def load_snapshot(self, info: SnapshotInfo) -> Snapshot:
        """A stored snapshot, named and dated as the store lists it."""
        return load_snapshot(self.store.snapshots, info)

    def progress_points(self, now: Snapshot | None = None) -> list[ProgressPoint]:
        """Every stored snapshot's totals, then ``now``, oldest first (the progress chart)."""
        return stored_series(self.store.snapshots, now)
