"""The service's enterprise methods (docs/domain.md §5): "same enterprise?" merges, their undoing
and dismissed suggestions. All are the admin's (``auth.MERGE``); every change is one transaction
with its audit entries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from svetofor import auth
from svetofor.auth import User

if TYPE_CHECKING:
    from svetofor.store import MergeInfo, Store


class EnterprisesService:
    """Merging, unmerging and dismissing enterprise suggestions; the gate is ``_allowed``."""

    store: Store

    if TYPE_CHECKING:  # provided by svetofor.service.Svetofor

        def _allowed(
            self, user: str | User, action: str, *scopes: str | None, every: bool = True
        ) -> User: ...

    def merge_info(self) -> list[MergeInfo]:
        """Stored merges, newest first: what the enterprises page lists for undoing."""
        return self.store.merges.info()

    def merge_enterprises(self, surviving_key: str, merged_key: str, *, user: str | User) -> None:
        self.merge_group(surviving_key, [merged_key], user=user)

    def merge_group(self, surviving_key: str, merged_keys: Sequence[str], *, user: str | User) -> None:
        """Merge a suggestion's other enterprises into the one kept, all or none (one transaction)."""
        actor = self._allowed(user, auth.MERGE)
        others = [k for k in dict.fromkeys(merged_keys) if k != surviving_key]
        if not others:
            raise ValueError("a merge names at least one other enterprise")
        self.store.merges.merge_group(surviving_key, others, user=actor.name)

    def unmerge(self, merged_key: str, *, user: str | User) -> None:
        actor = self._allowed(user, auth.MERGE)
        self.store.merges.unmerge(merged_key, user=actor.name)

    def dismiss_suggestion(self, keys: frozenset[str], *, user: str | User) -> None:
        actor = self._allowed(user, auth.MERGE)
        self.store.merges.dismiss(keys, user=actor.name)
