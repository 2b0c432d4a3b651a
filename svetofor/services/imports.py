"""The import history as the service offers it: list, revert and re-apply (docs/domain.md §8).

A mixin of :class:`svetofor.service.Svetofor`. Who may import a country may revert or re-apply
its imports: an import of both countries needs the right for both. Refusals are messages a
planner reads ("a later import of the same country must be reverted first").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from svetofor import auth
from svetofor.auth import User
from svetofor.lists import ModeEffect, file_countries, mode_effects
from svetofor.messages import Message, MessageError, msg
from svetofor.messages.core import format_datetime, local_timezone
from svetofor.model import ReadResult
from svetofor.store import AuditEntry, ImportEntry, RevertRefused, Store


@dataclass(frozen=True)
class RevertSummary:
    """What reverting (or re-applying) one import would bring back, for the confirmation."""

    entry: ImportEntry
    records: dict[str, int]  # country -> records it would hold again
    blocked: Message | None = None  # why it cannot be done now, if so

    @property
    def action(self) -> str:
        return "reapply" if self.entry.reverted else "revert"


_REFUSALS = {
    "superseded": "importing.refused.superseded",
    "not_kept": "importing.refused.not_kept",
    "already_reverted": "importing.refused.already_reverted",
    "not_reverted": "importing.refused.not_reverted",
    "no_import": "importing.refused.no_import",
}
# The words of each import mode, for pages and the command line.
MODE_WORDS = {"replace": "importing.mode.replace", "update": "importing.mode.update"}


def format_time(at: datetime) -> str:
    """``10:42`` today's changes are named by the hour, in the planners' time zone."""
    return at.astimezone(local_timezone()).strftime("%H:%M")


def refusal_message(error: RevertRefused, entry: ImportEntry | None, *, reverting: bool) -> Message:
    """The plain sentence for a refused revert or re-apply."""
    file = entry.record.file_name if entry is not None else str(error.import_id)
    if error.reason == "superseded" and error.by is not None:
        later = error.by
        return msg(
            "importing.refused.superseded" if reverting else "importing.refused.superseded_reapply",
            file=file,
            later=later.file_name,
            user=later.user,
            at=format_datetime(later.at),
            id=later.id,
        )
    return msg(_REFUSALS[error.reason], file=file, id=error.import_id)


def _later_blocker(entries: list[ImportEntry], target: ImportEntry) -> ImportEntry | None:
    countries = set(target.record.countries)
    for entry in entries:
        if entry.record.id <= target.record.id:
            break
        if not entry.reverted and countries & set(entry.record.countries):
            return entry
    return None


def mode_line(effect: ModeEffect) -> Message:
    """ "Обновление: в перечне РБ заменяются данные позиций: 3, новых позиций: 1; остальные
    позиции (82) остаются как есть"."""
    country = msg(f"scope.{effect.country}")
    if effect.mode == "update":
        return msg(
            "importing.mode.effect.update",
            country=country,
            renewed=effect.renewed,
            added=effect.added,
            untouched=effect.untouched,
        )
    return msg(
        "importing.mode.effect.replace",
        country=country,
        in_file=effect.in_file,
        held=effect.held,
        dropped=effect.dropped,
    )


# The audit actions that change what a diagram shows (a sign-in moves the version too).
DATA_ACTIONS = ("import", "revert", "reapply", "override", "review", "merge", "unmerge", "dismiss")
_CHANGE_WORDS = {
    "import": "importing.fresh.import",
    "revert": "importing.fresh.revert",
    "reapply": "importing.fresh.reapply",
}


@dataclass(frozen=True)
class ChangeNote:
    """The newest change of the data, as the "data updated" banner names it."""

    id: int
    action: str
    what: Message
    user: str
    at: datetime

    @property
    def at_text(self) -> str:
        return format_time(self.at)


def change_note(entry: AuditEntry) -> ChangeNote:
    """ "импорт РФ", "отмена импорта РБ", or the audit log's word for the kind of change."""
    group = entry.action.split(".", 1)[0]
    words = _CHANGE_WORDS.get(group)
    if words is not None:
        countries = entry.after.get("countries", []) if isinstance(entry.after, dict) else []
        what = msg(words, countries=tuple(msg(f"scope.{c}") for c in countries))
    else:
        what = msg(f"audit.action.{group}")
    return ChangeNote(entry.id, group, what, entry.user, entry.at)


class ImportsService:
    """Import history, revert and re-apply: permission-checked like an import."""

    store: Store

    if TYPE_CHECKING:

        def _allowed(
            self, user: str | User, action: str, *scopes: str | None, every: bool = True
        ) -> User: ...

    def data_version(self) -> int:
        """The store's data version: one small read, for a tab asking whether it is still current."""
        return self.store.data_version()

    def latest_change(self) -> ChangeNote | None:
        """The newest change of what diagrams show (not a sign-in), or ``None``."""
        for entry in self.store.audit.entries(limit=50):
            if entry.action.split(".", 1)[0] in DATA_ACTIONS:
                return change_note(entry)
        return None

    def import_entries(self) -> list[ImportEntry]:
        """Every import, newest first, with its mode and whether it is reverted."""
        return self.store.import_states.entries()

    def mode_effects(self, result: ReadResult, mode: str) -> list[ModeEffect]:
        """What ``mode`` means in numbers for each country of the read file (the preview says it)."""
        countries = file_countries(result)
        held = self.store.import_states.held(countries)
        return mode_effects(held, result.dataset.items, countries, mode)

    def revert_summary(self, import_id: int) -> RevertSummary | None:
        """What the revert (or re-apply) of ``import_id`` would restore, and why it may not."""
        entries = self.store.import_states.entries()
        entry = next((e for e in entries if e.record.id == import_id), None)
        if entry is None:
            return None
        blocked: Message | None = None
        later = _later_blocker(entries, entry)
        if not entry.revertible:
            blocked = refusal_message(RevertRefused(import_id, "not_kept"), entry, reverting=True)
        elif later is not None:
            error = RevertRefused(import_id, "superseded", later.record)
            blocked = refusal_message(error, entry, reverting=not entry.reverted)
        return RevertSummary(entry, self.store.import_states.pending_counts(import_id), blocked)

    def revert_import(self, import_id: int, *, user: str | User) -> ImportEntry:
        """Return the import's countries to their records before it (``MessageError`` if the
        history does not allow it, ``PermissionDenied`` without the right to import them)."""
        return self._swap(import_id, user, reverting=True)

    def reapply_import(self, import_id: int, *, user: str | User) -> ImportEntry:
        """Undo the revert of ``import_id``: its data back as it was when it was reverted."""
        return self._swap(import_id, user, reverting=False)

    def _swap(self, import_id: int, user: str | User, *, reverting: bool) -> ImportEntry:
        states = self.store.import_states
        entry = states.entry(import_id)
        if entry is None:
            raise MessageError(
                refusal_message(RevertRefused(import_id, "no_import"), None, reverting=reverting)
            )
        actor = self._allowed(user, auth.IMPORT, *entry.record.countries, every=True)
        try:
            if reverting:
                return states.revert(import_id, user=actor.name)
            return states.reapply(import_id, user=actor.name)
        except RevertRefused as error:
            raise MessageError(refusal_message(error, entry, reverting=reverting)) from error


__all__ = ["MODE_WORDS", "ImportsService", "RevertSummary", "mode_line", "refusal_message"]
