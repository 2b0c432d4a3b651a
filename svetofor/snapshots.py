"""Snapshots: a frozen diagram, its stored payload and name, and the series of their totals.

A snapshot is the diagram as it stood (``svetofor.diff.DiagramState``) plus its totals, name and
date, stored as zlib-compressed JSON. Storing whole compact states rather than chains of
differences keeps every snapshot independently readable (no replay, no broken chain when one is
deleted) and still costs only a few kilobytes per thousand positions, because the state repeats
the same few colour words and keys that zlib folds away.

This is all an import needs of progress (its automatic snapshot); the comparison, the forecast
and the chart are :mod:`svetofor.comparison`, :mod:`svetofor.forecast` and :mod:`svetofor.progress`.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from svetofor.classify import paused_gc
from svetofor.diff import DiagramState, state_of
from svetofor.messages import Message, MessageError, format_date, msg, render
from svetofor.model import COLOURS, SCOPES

if TYPE_CHECKING:
    from svetofor.store.snapshots import SnapshotInfo
    from svetofor.store.snapshots import Snapshots as SnapshotStore
    from svetofor.view import View


SNAPSHOT_FORMAT = 1


class SnapshotError(MessageError, ValueError):
    """A stored snapshot could not be read; the message says which and why."""


# The automatic snapshot of an import is named by a message, stored as its JSON, so each reader
# sees the name in their own language; a name a planner typed is stored and shown as typed.
_NAME_IDS = frozenset({"snapshot.import"})

# Automatic snapshots stored before their names were messages: "Импорт «file.xlsx»".
_OLD_IMPORT_NAME = re.compile(r"Импорт «(?P<file>.*)»", re.DOTALL)


def import_snapshot_name(file: str) -> Message:
    """The name of the automatic snapshot an import of ``file`` leaves."""
    return msg("snapshot.import", file=file)


def stored_name(name: Message | str) -> str:
    """A snapshot name as the store keeps it: message JSON, or the typed text."""
    if isinstance(name, Message):
        return json.dumps(name.to_json(), ensure_ascii=False, separators=(",", ":"))
    return name


def snapshot_name(stored: object, *, automatic: bool = False) -> Message | str:
    """The name to show for a stored one (a store's column or a payload's field)."""
    if isinstance(stored, Mapping) and stored.get("id") in _NAME_IDS:
        return Message.from_json(stored)
    text_name = "" if stored is None else str(stored)
    if text_name.startswith("{"):
        try:
            data = json.loads(text_name)
        except ValueError:
            data = None
        if isinstance(data, dict) and data.get("id") in _NAME_IDS:
            return Message.from_json(data)
    old = _OLD_IMPORT_NAME.fullmatch(text_name) if automatic else None
    return import_snapshot_name(old["file"]) if old else text_name


@dataclass(frozen=True)
class Snapshot:
    """A frozen diagram: its name, when it was taken, its state and totals.

    ``name`` is what to show: a message (the automatic name after an import, "now") or the
    name a planner typed; render it with ``svetofor.messages.render``.
    """

    name: Message | str
    taken_at: datetime
    state: DiagramState
    totals: dict[str, dict[str, int]]  # scope -> colour -> count of effective colours

    @property
    def label(self) -> Message:
        return msg("snapshot.label", name=self.name, date=format_date(self.taken_at))


def state_of_view(view: View) -> DiagramState:
    """The comparable state of a view (all rows, every warning)."""
    return state_of(view.rows, view.warnings)


def encode_snapshot(
    state: DiagramState, *, name: Message | str = "", taken_at: datetime | None = None
) -> bytes:
    """zlib-compressed JSON of the state with its totals, name (a message as its JSON) and
    time (UTC)."""
    when = taken_at or datetime.now(UTC)
    with paused_gc():
        doc = {
            "format": SNAPSHOT_FORMAT,
            "name": name.to_json() if isinstance(name, Message) else name,
            "taken_at": when.isoformat(),
            "totals": state.totals(),
            "state": state.to_json(),
        }
        raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # level 6: a tenth larger than 9 but four times faster, and an import waits for it
    return zlib.compress(raw, 6)


def snapshot_payload(view: View, *, name: Message | str = "", taken_at: datetime | None = None) -> bytes:
    """The payload to store for the current diagram of ``view`` (``Store.snapshots.save``)."""
    return encode_snapshot(state_of_view(view), name=name, taken_at=taken_at)


def decode_snapshot(payload: bytes, *, name: str | None = None, automatic: bool = False) -> Snapshot:
    """Inverse of :func:`encode_snapshot`; ``name`` (the store's) wins over the payload's.

    Payloads written before snapshot names were messages (a plain automatic name) still read:
    the state format did not change, and the name is read by :func:`snapshot_name`."""
    # Parsing makes hundreds of thousands of small acyclic objects; the cyclic collector would
    # rescan them over and over (measured: most of the decode time at 20k positions).
    with paused_gc():
        try:
            doc = json.loads(zlib.decompress(payload).decode("utf-8"))
            if doc.get("format") != SNAPSHOT_FORMAT:
                found = str(doc.get("format"))
                raise SnapshotError(msg("snapshot.format", found=found, expected=str(SNAPSHOT_FORMAT)))
            state = DiagramState.from_json(doc["state"])
            taken_at = datetime.fromisoformat(doc["taken_at"])
        except SnapshotError:
            raise
        except (zlib.error, UnicodeDecodeError, AttributeError, KeyError, TypeError, ValueError) as exc:
            shown = snapshot_name(name, automatic=automatic) if name else None
            raise _damaged(shown, exc) from exc
        totals = state.totals()
    stored = name if name is not None else doc.get("name", "")
    return Snapshot(snapshot_name(stored, automatic=automatic), taken_at, state, totals)


def _damaged(name: Message | str | None, exc: Exception) -> SnapshotError:
    if name:
        return SnapshotError(msg("snapshot.damaged", name=name, error=str(exc)))
    return SnapshotError(msg("snapshot.damaged.unnamed", error=str(exc)))


def snapshot_totals(payload: bytes) -> dict[str, dict[str, int]]:
    """Only the stored totals (the progress chart's point), without building the whole state."""
    try:
        doc = json.loads(zlib.decompress(payload).decode("utf-8"))
        totals = doc["totals"]
        return {s: {c: int(totals[s][c]) for c in COLOURS} for s in SCOPES}
    except (zlib.error, UnicodeDecodeError, AttributeError, KeyError, TypeError, ValueError) as exc:
        raise _damaged(None, exc) from exc


NOW = msg("progress.now")  # the name of the current diagram in a comparison


def current_snapshot(view: View, name: Message | str = NOW, taken_at: datetime | None = None) -> Snapshot:
    """The diagram of ``view`` as an unsaved snapshot ("now" in a comparison)."""
    state = state_of_view(view)
    return Snapshot(name, taken_at or datetime.now(UTC), state, state.totals())


def default_since(infos: Sequence[SnapshotInfo]) -> SnapshotInfo | None:
    """The snapshot a comparison starts from by default: the newest one a planner froze (the last
    session), else the newest automatic one. ``infos`` newest first, as the store lists them."""
    manual = [i for i in infos if not i.automatic]
    chosen = manual or list(infos)
    return chosen[0] if chosen else None


def info_name(info: SnapshotInfo) -> Message | str:
    """The name to show for a stored snapshot as the store lists it (``SnapshotInfo``)."""
    return snapshot_name(info.name, automatic=bool(info.automatic))


class SnapshotNotFound(MessageError, KeyError):
    """No stored snapshot has the id or name asked for; the message lists some that exist."""


def find_snapshot(infos: Sequence[SnapshotInfo], ref: str) -> SnapshotInfo:
    """A snapshot by id or by name (the newest of that name; an automatic one by its name in
    either language); ``SnapshotNotFound`` naming what exists."""
    ref = ref.strip()
    by_id = [i for i in infos if ref.isdigit() and i.id == int(ref)]
    by_name = [
        i for i in infos if i.name == ref or ref in {render(info_name(i), lang) for lang in ("ru", "en")}
    ]
    if by_id or by_name:
        return (by_id or by_name)[0]
    known = tuple(msg("snapshot.listed", id=str(i.id), name=info_name(i)) for i in infos[:10])
    raise SnapshotNotFound(msg("cli.snapshot.not_found", ref=ref, known=known or (msg("cli.snapshot.none"),)))


def load_snapshot(stored: SnapshotStore, info: SnapshotInfo) -> Snapshot:
    """A stored snapshot, named and dated as the store lists it."""
    snap = decode_snapshot(stored.payload(info.id), name=info.name, automatic=bool(info.automatic))
    return Snapshot(snap.name, info.created_at, snap.state, snap.totals)


def _utc(when: datetime) -> datetime:
    """Naive times (a payload written by hand, an old database) are read as UTC, so they sort with aware ones."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


@dataclass(frozen=True)
class ProgressPoint:
    """The totals of one snapshot (or of "now") on the progress chart."""

    label: Message | str  # the snapshot's name
    taken_at: datetime
    totals: dict[str, dict[str, int]]  # scope -> colour -> count


def progress_series(snapshots: Iterable[Snapshot]) -> list[ProgressPoint]:
    """One point per snapshot, oldest first (the store lists newest first)."""
    ordered = sorted(snapshots, key=lambda s: _utc(s.taken_at))
    return [ProgressPoint(s.name, s.taken_at, s.totals) for s in ordered]


def stored_series(stored: SnapshotStore, now: Snapshot | None = None) -> list[ProgressPoint]:
    """Every stored snapshot's totals (read without building the states), then ``now``, oldest first."""
    points = []
    for info in stored.all():
        try:
            totals = snapshot_totals(stored.payload(info.id))
        except SnapshotError:
            continue  # one unreadable snapshot must not hide the chart; comparing it says why
        points.append(ProgressPoint(info_name(info), info.created_at, totals))
    if now is not None:
        points.append(ProgressPoint(now.name, now.taken_at, now.totals))
    return sorted(points, key=lambda p: _utc(p.taken_at))
