"""The service's position methods (docs/domain.md §8): "same position?" suggestions, what a
merge would change, merges, proposals and their confirmation, dismissals and unmerges.

Who may (the gate for the pages, the JSON API and the CLI alike):

* an admin does everything directly;
* an editor merges two positions held only by their own country's list directly; a merge that
  touches the other country's position is a **proposal**, which takes effect when the other
  country's editor or an admin confirms it (both ministries agree the positions are one);
* an editor rejects a proposal of the other country, or withdraws their own;
* an editor dismisses a suggestion that involves their country (dismissing merges nothing);
* an unmerge is allowed to whoever could have merged the two directly;
* a viewer changes nothing.

Which countries a position involves: the countries whose lists hold it, or hold any position
merged into it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from svetofor import auth
from svetofor.auth import PermissionDenied, User
from svetofor.matching import (
    LearnedTable,
    PositionInfo,
    PositionSuggestion,
    learn_from_merges,
    suggest_positions,
)
from svetofor.merging import resolve_merges
from svetofor.model import SCOPES, Colour, DuplicationWarning
from svetofor.position_merges import Identity
from svetofor.view import apply_rules

if TYPE_CHECKING:
    from svetofor.store import PositionMerge, Store
    from svetofor.view import View

Right = Literal["merge", "propose"]
MergeOutcome = Literal["merged", "proposed"]


def merge_right(user: User, countries: frozenset[str]) -> Right | None:
    """What ``user`` may do about a merge of positions the lists of ``countries`` hold."""
    if user.role == auth.ADMIN:
        return "merge"
    own = user.country
    if own is None:
        return None
    if countries <= {own}:
        return "merge"
    return "propose" if own in countries else None


def may_answer(user: User, proposal: PositionMerge, countries: frozenset[str]) -> bool:
    """Whether ``user`` may confirm or reject ``proposal``: an admin, or an editor of a country
    involved other than the proposer's."""
    if user.role == auth.ADMIN:
        return True
    own = user.country
    return own is not None and own != proposal.country and own in countries


def may_dismiss(user: User, countries: frozenset[str]) -> bool:
    if user.role == auth.ADMIN:
        return True
    return user.country is not None and user.country in countries


def _denied(user: User, action: str, what: str) -> PermissionDenied:
    return PermissionDenied(f"{user.name} ({user.role}) may not {what}", user=user, action=action)


@dataclass(frozen=True)
class MergePreview:
    """What merging ``other`` into ``keep`` would change, computed without writing."""

    keep: str
    other: str
    name: str
    code: str | None
    before: dict[str, dict[str, Colour]]  # key -> scope -> colour, both positions as now
    after: dict[str, Colour]  # scope -> colour of the merged row
    new_warnings: list[DuplicationWarning] = field(default_factory=list)
    gone_warnings: list[DuplicationWarning] = field(default_factory=list)


class PositionsService:
    """Mixed into :class:`svetofor.service.Svetofor`."""

    if TYPE_CHECKING:
        store: Store

        def view(self) -> View: ...
        def actor(self, user: str | User) -> User: ...

    _position_cache: tuple[int, list[PositionSuggestion]] | None = None

    # ---------------------------------------------------------------------------- reading

    def position_countries(self, *keys: str) -> frozenset[str]:
        """The countries whose lists hold any of ``keys`` or a position merged with one of them."""
        resolve = resolve_merges(self.store.positions.aliases().direct)
        groups = {resolve.get(k, k) for k in keys}
        out: set[str] = set()
        for key, countries in self.store.positions.holders().items():
            if resolve.get(key, key) in groups:
                out |= countries
        return frozenset(out)

    def learned_positions(self) -> LearnedTable:
        """What the stored merges teach the matcher (re-derived from them: no state to drift)."""
        return learn_from_merges(
            (m.merged_name, m.surviving_name)
            for m in self.store.positions.merges()
            if m.merged_name and m.surviving_name
        )

    def position_suggestions(self) -> list[PositionSuggestion]:
        """ "Same position?" pairs among the positions on the diagram, best first; cached per
        dataset version (merges and dismissals bump it)."""
        view = self.view()
        cached = self._position_cache
        if cached is not None and cached[0] == view.dataset_version:
            return cached[1]
        resolve = resolve_merges(self.store.positions.aliases().direct)
        holders: dict[str, set[str]] = {}
        for key, countries in self.store.positions.holders().items():
            holders.setdefault(resolve.get(key, key), set()).update(countries)
        infos = [
            PositionInfo(k, i.name, i.code, i.hs_code, i.kind, i.group, frozenset(holders.get(k, ())))
            for k, i in view.dataset.items.items()
        ]
        found = suggest_positions(
            infos, dismissed=self.store.positions.dismissed(), learned=self.learned_positions()
        )
        self._position_cache = (view.dataset_version, found)
        return found

    def position_merges(self) -> list[PositionMerge]:
        return self.store.positions.merges()

    def position_proposals(self) -> list[PositionMerge]:
        return self.store.positions.proposals()

    def preview_position_merge(
        self, keep: str, other: str, *, name: str | None = None, code: str | None = None
    ) -> MergePreview:
        """The merged row's colours and the warnings the merge would raise or settle."""

        now = self.view()
        for key in (keep, other):
            if key not in now.dataset.items:
                raise ValueError(f"unknown position {key!r}")
        identity = Identity(name or None, code or None)
        aliases = self.store.positions.aliases().with_merge(keep, other, identity)
        after = apply_rules(self.store.lists.load_dataset(aliases), now.merges, now.dismissed)
        before_keys = {w.key for w in now.warnings}
        after_keys = {w.key for w in after.warnings}
        item = after.dataset.items[keep]
        return MergePreview(
            keep=keep,
            other=other,
            name=item.name,
            code=item.code,
            before={
                k: {s: now.statuses[k][s].colour for s in SCOPES if s in now.statuses.get(k, {})}
                for k in (keep, other)
            },
            after={s: after.statuses[keep][s].colour for s in SCOPES if s in after.statuses.get(keep, {})},
            new_warnings=[w for w in after.warnings if w.key not in before_keys],
            gone_warnings=[w for w in now.warnings if w.key not in after_keys],
        )

    # ---------------------------------------------------------------------------- changes

    def merge_positions(
        self,
        keep: str,
        other: str,
        *,
        user: str | User,
        name: str | None = None,
        code: str | None = None,
    ) -> MergeOutcome:
        """Merge ``other`` into ``keep`` (named ``name``, coded ``code`` if given), or — for an
        editor when the other country's position is involved — propose it for confirmation."""
        actor = self.actor(user)
        countries = self.position_countries(keep, other)
        right = merge_right(actor, countries)
        identity = Identity(name or None, code or None)
        if right == "merge":
            self.store.positions.merge(keep, other, user=actor.name, identity=identity)
            return "merged"
        if right == "propose":
            self.store.positions.propose(
                keep, other, user=actor.name, country=actor.country, identity=identity
            )
            return "proposed"
        raise _denied(actor, "position-merge", "merge these positions")

    def confirm_position_merge(self, merged_key: str, *, user: str | User) -> None:
        """Confirm a pending proposal: the merge takes effect, its proposer stays its author."""
        actor = self.actor(user)
        proposal = self.store.positions.proposal(merged_key)
        if not may_answer(actor, proposal, self.position_countries(proposal.surviving_key, merged_key)):
            raise _denied(actor, "position-confirm", "confirm this merge")
        self.store.positions.merge(
            proposal.surviving_key,
            merged_key,
            user=proposal.author,
            identity=Identity(proposal.name, proposal.code),
            confirmed_by=actor.name,
        )

    def reject_position_merge(self, merged_key: str, *, user: str | User) -> None:
        """Reject a pending proposal (the other side or an admin), or withdraw one's own."""
        actor = self.actor(user)
        proposal = self.store.positions.proposal(merged_key)
        countries = self.position_countries(proposal.surviving_key, merged_key)
        if actor.name != proposal.author and not may_answer(actor, proposal, countries):
            raise _denied(actor, "position-confirm", "reject this merge")
        self.store.positions.withdraw(merged_key, user=actor.name)

    def unmerge_position(self, merged_key: str, *, user: str | User) -> None:
        actor = self.actor(user)
        if merge_right(actor, self.position_countries(merged_key)) != "merge":
            raise _denied(actor, "position-unmerge", "undo this merge")
        self.store.positions.unmerge(merged_key, user=actor.name)

    def dismiss_positions(self, keys: Sequence[str], *, user: str | User) -> None:
        """Never suggest these two positions as one again."""
        actor = self.actor(user)
        if not may_dismiss(actor, self.position_countries(*keys)):
            raise _denied(actor, "position-dismiss", "dismiss this suggestion")
        self.store.positions.dismiss(frozenset(keys), user=actor.name)
