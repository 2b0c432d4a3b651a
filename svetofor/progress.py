"""Progress between commission sessions: snapshots, comparison, progress series, forecast.

A snapshot is the diagram as it stood (``svetofor.diff.DiagramState``) plus its totals, name and
date, stored as zlib-compressed JSON. Storing whole compact states rather than chains of
differences keeps every snapshot independently readable (no replay, no broken chain when one is
deleted) and still costs only a few kilobytes per thousand positions, because the state repeats
the same few colour words and keys that zlib folds away.

The forecast answers "what will the diagram look like in year Y if the plans are met": records
with planned new capacity or modernisation whose ``launch_year`` is at most Y are treated as done,
and the unchanged colour rules (``classify``) are applied to that projected data. Plans without a
launch year are assumed not done — a plan nobody has dated is not evidence of progress.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from svetofor.classify import classify, paused_gc
from svetofor.diff import (
    RANK,
    CellChange,
    DiagramState,
    StateDiff,
    StateWarning,
    changed_cells,
    diff_states,
    state_of,
)
from svetofor.figure import FONT_FAMILY
from svetofor.messages import Message, MessageError, format_date, msg, norm_lang, render, text
from svetofor.model import COLOURS, SCOPES, Colour, Dataset, Record, Statuses
from svetofor.palette import FILL, colour_word, scope_word
from svetofor.security import plotly_text

NOW = msg("progress.now")  # the name of the current diagram in a comparison
HORIZON_ENV = "SVETOFOR_HORIZON"
DEFAULT_HORIZON = 2030


def roadmap_horizon() -> int:
    """The roadmap horizon year: ``SVETOFOR_HORIZON`` if it is a plausible year, else 2030."""
    raw = os.environ.get(HORIZON_ENV, "").strip()
    if raw.isdigit() and 1900 <= int(raw) <= 2200:
        return int(raw)
    return DEFAULT_HORIZON


# ---------------------------------------------------------------------------------------------
# Forecast by year


def _done_by(r: Record, year: int) -> Record:
    if r.action is None or r.launch_year is None or r.launch_year > year:
        return r
    if r.action == "new":
        # the planned line runs: serial production exists with the planned capacity
        return replace(r, existing=True, action=None)
    # Modernisation of running production makes it covering. Modernisation recorded without any
    # production is a contradiction in the list (SPEC §7 counts it as neither); finishing it does
    # not create production out of nothing, so it stays as it was.
    if r.existing:
        return replace(r, action=None)
    return r


def forecast(dataset: Dataset, year: int) -> Dataset:
    """The data as it would be in ``year`` if every dated plan with ``launch_year <= year`` is met."""
    return Dataset(
        items=dataset.items,
        enterprises=dataset.enterprises,
        records=[_done_by(r, year) for r in dataset.records],
        demand=dataset.demand,
        countries=dataset.countries,
    )


def forecast_statuses(dataset: Dataset, year: int, *, today: Statuses | None = None) -> Statuses:
    """Computed colours of the forecast for ``year`` (overrides are today's judgements: not applied).

    Meeting a plan never takes production away, so no cell is forecast worse than it is today
    (``today``: ``classify(dataset)``, computed here when not given). Without this floor, a plan
    with no capacity figure would turn a covered demand yellow once done, because the rules read
    an unknown capacity as not covering a stated demand.
    """
    now = classify(dataset) if today is None else today
    then = classify(forecast(dataset, year))
    for key, cells in then.items():
        for scope, cell in cells.items():
            before = now[key][scope]
            if cell.colour in RANK and before.colour in RANK and RANK[cell.colour] < RANK[before.colour]:
                cells[scope] = before
    return then


def _plan_years(dataset: Dataset, horizon: int) -> list[int]:
    return sorted(
        {r.launch_year for r in dataset.records if r.action and r.launch_year and r.launch_year <= horizon}
    )


def green_year(
    dataset: Dataset, horizon: int | None = None, *, today: int | None = None
) -> dict[str, dict[str, int | None]]:
    """Per item and scope, the first year from ``today`` on in which the cell is expected green.

    A cell already green today gets ``today``; a plan dated in the past but not yet reflected in
    the list is taken as due now (``today``). ``None``: not green by ``horizon`` even if every
    dated plan is met. Colours only change at launch years, so only those years are classified.
    """
    horizon = roadmap_horizon() if horizon is None else horizon
    today = date.today().year if today is None else today
    out: dict[str, dict[str, int | None]] = {key: dict.fromkeys(SCOPES) for key in dataset.items}
    if today > horizon:
        return out
    years = [today, *(y for y in _plan_years(dataset, horizon) if y > today)]
    pending = {(key, scope) for key in dataset.items for scope in SCOPES}
    now = classify(dataset)
    for year in years:
        statuses = forecast_statuses(dataset, year, today=now)
        for key, scope in list(pending):
            if statuses[key][scope].colour == "green":
                out[key][scope] = year
                pending.discard((key, scope))
        if not pending:
            break
    return out


@dataclass(frozen=True)
class NotGreen:
    """A position whose dated plans do not make it green by the horizon in ``scope``."""

    item_key: str
    name: str
    group: str | None
    scope: str
    colour_now: Colour
    colour_at_horizon: Colour
    explanation: Message  # why it is not green at the horizon


def not_green_by(dataset: Dataset, horizon: int | None = None, *, scope: str = "UNION") -> list[NotGreen]:
    """Positions not green in ``scope`` by ``horizon`` even if every dated plan is met, list order.

    The roadmap aim is production somewhere in the Union, hence UNION by default; a country scope
    with no data at all (``none``) lists nothing rather than every position.
    """
    horizon = roadmap_horizon() if horizon is None else horizon
    now = classify(dataset)
    then = forecast_statuses(dataset, horizon, today=now)
    out: list[NotGreen] = []
    for key, item in dataset.items.items():
        cell = then[key][scope]
        if cell.colour in ("green", "none"):
            continue
        out.append(
            NotGreen(
                item_key=key,
                name=item.name,
                group=item.group,
                scope=scope,
                colour_now=now[key][scope].colour,
                colour_at_horizon=cell.colour,
                explanation=cell.explanation,
            )
        )
    return out


def count_colours(
    statuses: Mapping[str, Mapping[str, object]], keys: Iterable[str] | None = None
) -> dict[str, dict[str, int]]:
    """Totals ``{scope: {colour: n}}`` of statuses (``CellStatus`` or colour strings)."""
    out: dict[str, dict[str, int]] = {s: dict.fromkeys(COLOURS, 0) for s in SCOPES}
    for key in statuses if keys is None else keys:
        for scope in SCOPES:
            cell = statuses[key][scope]
            colour = getattr(cell, "colour", cell)
            out[scope][str(colour)] += 1
    return out


# ---------------------------------------------------------------------------------------------
# Snapshots

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


def state_of_view(view: Any) -> DiagramState:
    """The comparable state of a ``service.View`` (all rows, every warning)."""
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


def snapshot_payload(view: Any, *, name: Message | str = "", taken_at: datetime | None = None) -> bytes:
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


def current_snapshot(view: Any, name: Message | str = NOW, taken_at: datetime | None = None) -> Snapshot:
    """The diagram of ``view`` as an unsaved snapshot ("now" in a comparison)."""
    state = state_of_view(view)
    return Snapshot(name, taken_at or datetime.now(UTC), state, state.totals())


def freeze(svc: Any, name: str, *, user: object) -> Any:
    """Store the current diagram of the service ``svc`` as a snapshot named ``name`` (``user``:
    a name or an ``auth.User``; the service checks the role)."""
    name = (name or "").strip()
    return svc.save_snapshot(name, snapshot_payload(svc.view(), name=name), user=user)


def default_since(infos: Sequence[Any]) -> Any | None:
    """The snapshot a comparison starts from by default: the newest one a planner froze (the last
    session), else the newest automatic one. ``infos`` newest first, as the store lists them."""
    manual = [i for i in infos if not i.automatic]
    return (manual or list(infos) or [None])[0]


def info_name(info: Any) -> Message | str:
    """The name to show for a stored snapshot as the store lists it (``SnapshotInfo``)."""
    return snapshot_name(info.name, automatic=bool(info.automatic))


class SnapshotNotFound(MessageError, KeyError):
    """No stored snapshot has the id or name asked for; the message lists some that exist."""


def find_snapshot(infos: Sequence[Any], ref: str) -> Any:
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


def load_snapshot(store: Any, info: Any) -> Snapshot:
    """A stored snapshot, named and dated as the store lists it."""
    snap = decode_snapshot(store.snapshots.payload(info.id), name=info.name, automatic=bool(info.automatic))
    return Snapshot(snap.name, info.created_at, snap.state, snap.totals)


def stored_series(store: Any, now: Snapshot | None = None) -> list[ProgressPoint]:
    """Every stored snapshot's totals (read without building the states), then ``now``, oldest first."""
    points = []
    for info in store.snapshots.all():
        try:
            totals = snapshot_totals(store.snapshots.payload(info.id))
        except SnapshotError:
            continue  # one unreadable snapshot must not hide the chart; comparing it says why
        points.append(ProgressPoint(info_name(info), info.created_at, totals))
    if now is not None:
        points.append(ProgressPoint(now.name, now.taken_at, now.totals))
    return sorted(points, key=lambda p: _utc(p.taken_at))


def _utc(when: datetime) -> datetime:
    """Naive times (a payload written by hand, an old database) are read as UTC, so they sort with aware ones."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


# ---------------------------------------------------------------------------------------------
# Comparison


@dataclass(frozen=True)
class OverrideMade:
    item_key: str
    name: str
    scope: str
    colour: str
    reason: str
    author: str


@dataclass(frozen=True)
class Comparison:
    """What changed between two states, with the totals a session looks at first."""

    diff: StateDiff
    totals_before: dict[str, dict[str, int]]
    totals_after: dict[str, dict[str, int]]
    # scope -> (from, to) -> cells
    directions: dict[str, dict[tuple[str, str], int]]
    # group -> scope -> {"improved", "regressed", "other"} -> cells; groups in list order
    by_group: dict[str | None, dict[str, dict[str, int]]]
    added: list[tuple[str, str, str | None]]  # (key, name, group)
    removed: list[tuple[str, str, str | None]]
    warnings_opened: list[tuple[str, str, str]]  # (kind, position name, severity)
    warnings_closed: list[tuple[str, str, str]]
    overrides: list[OverrideMade]

    @property
    def changes(self) -> tuple[CellChange, ...]:
        return self.diff.changes

    @property
    def empty(self) -> bool:
        return self.diff.empty

    def count(self, direction: str, scope: str | None = None) -> int:
        return self.diff.count(direction, scope)

    def changed_cells(self) -> set[tuple[str, str]]:
        return changed_cells(self.diff)


def _warning_entry(w: StateWarning, before: DiagramState, after: DiagramState) -> tuple[str, str, str]:
    item = (after.items.get(w.item) or before.items.get(w.item)) if w.item else None
    return (w.kind, item.name if item else (w.item or ""), w.severity)


def compare(before: DiagramState, after: DiagramState) -> Comparison:
    """Every difference from ``before`` to ``after`` and its totals by direction, scope and group."""
    with paused_gc():
        diff = diff_states(before, after)
    directions: dict[str, dict[tuple[str, str], int]] = {s: {} for s in SCOPES}
    by_group: dict[str | None, dict[str, dict[str, int]]] = {}
    for c in diff.changes:
        per = directions[c.scope]
        per[(c.before, c.after)] = per.get((c.before, c.after), 0) + 1
        group = by_group.setdefault(c.group, {s: {"improved": 0, "regressed": 0, "other": 0} for s in SCOPES})
        group[c.scope][c.direction] += 1
    overrides = []
    for key, scope in diff.overrides_made:
        item = after.items[key]
        ov = item.cells[scope].override
        assert ov is not None  # made means present in `after`
        overrides.append(OverrideMade(key, item.name, scope, ov.colour, ov.reason, ov.author))
    return Comparison(
        diff=diff,
        totals_before=before.totals(),
        totals_after=after.totals(),
        directions=directions,
        by_group=by_group,
        added=[(k, after.items[k].name, after.items[k].group) for k in diff.added],
        removed=[(k, before.items[k].name, before.items[k].group) for k in diff.removed],
        warnings_opened=[_warning_entry(after.warnings[k], before, after) for k in diff.warnings_opened],
        warnings_closed=[_warning_entry(before.warnings[k], before, after) for k in diff.warnings_closed],
        overrides=overrides,
    )


@dataclass(frozen=True)
class Line:
    """One position of a diff or forecast diagram: per scope its colour before and after."""

    key: str
    name: str
    group: str | None
    cells: Mapping[str, tuple[str | None, str | None]]  # scope -> (before, after); None: absent
    tag: str = ""  # "added" / "removed" / ""
    note: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.tag) or any(b != a for b, a in self.cells.values())


def diff_lines(cmp: Comparison, before: DiagramState, after: DiagramState) -> list[Line]:
    """Every position of ``after`` in list order, then the removed ones: the diff diagram."""
    added = set(cmp.diff.added)
    lines = []
    for key, item in after.items.items():
        old = before.items.get(key)
        cells: dict[str, tuple[str | None, str | None]] = {
            s: (old.cells[s].colour if old else None, item.cells[s].colour) for s in SCOPES
        }
        lines.append(Line(key, item.name, item.group, cells, "added" if key in added else ""))
    for key in cmp.diff.removed:
        item = before.items[key]
        lines.append(
            Line(key, item.name, item.group, {s: (item.cells[s].colour, None) for s in SCOPES}, "removed")
        )
    return lines


def forecast_lines(
    dataset: Dataset, statuses: Statuses, year: int, horizon: int | None = None
) -> tuple[list[Line], dict[str, dict[str, int]]]:
    """Today's computed colours against the forecast for ``year``, the note being the year the
    UNION cell turns green ("" if not by ``horizon``); and the forecast's totals."""
    then = forecast_statuses(dataset, year, today=statuses)
    years = green_year(dataset, horizon)
    lines = []
    for key, item in dataset.items.items():
        cells: dict[str, tuple[str | None, str | None]] = {
            s: (statuses[key][s].colour, then[key][s].colour) for s in SCOPES
        }
        green = years[key]["UNION"]
        lines.append(Line(key, item.name, item.group, cells, note="" if green is None else str(green)))
    return lines, count_colours(then)


# ---------------------------------------------------------------------------------------------
# Progress over snapshots


@dataclass(frozen=True)
class ProgressPoint:
    """The totals of one snapshot (or of "now") on the progress chart."""

    label: Message | str  # the snapshot's name
    taken_at: datetime
    totals: dict[str, dict[str, int]]  # scope -> colour -> count


# Line styles differ as well as colours, so the chart reads in greyscale and for colour-blind readers.
_DASH = {"green": "solid", "yellow": "dash", "red": "dot", "none": "dashdot"}
_SYMBOL = {"green": "circle", "yellow": "square", "red": "diamond", "none": "x"}


def progress_series(snapshots: Iterable[Snapshot]) -> list[ProgressPoint]:
    """One point per snapshot, oldest first (the store lists newest first)."""
    ordered = sorted(snapshots, key=lambda s: _utc(s.taken_at))
    return [ProgressPoint(s.name, s.taken_at, s.totals) for s in ordered]


def _short(label: str, limit: int = 16) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def progress_figure(
    series: Sequence[ProgressPoint], *, lang: str = "ru", width: int = 1000, height: int = 420
) -> go.Figure:
    """Green/yellow/red counts per scope (one panel each) over the snapshots, oldest left."""
    lang = norm_lang(lang)
    fig = make_subplots(
        rows=1,
        cols=len(SCOPES),
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=[scope_word(s, lang) for s in SCOPES],
    )
    xs = list(range(len(series)))
    # snapshot names are typed by planners: literal text for plotly, never markup
    labels = [plotly_text(render(p.label, lang)) for p in series]
    # three panels share the width: long snapshot names are cut on the axis, whole in the hover
    ticks = [f"{plotly_text(_short(render(p.label, lang)))}<br>{format_date(p.taken_at)}" for p in series]
    shown_none = any(p.totals[s]["none"] for p in series for s in SCOPES)
    colours = [c for c in COLOURS if c != "none" or shown_none]
    for col, scope in enumerate(SCOPES, start=1):
        for colour in colours:
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=[p.totals[scope][colour] for p in series],
                    mode="lines+markers",
                    name=colour_word(colour, lang),
                    legendgroup=colour,
                    showlegend=col == 1,
                    line={"color": FILL[colour], "width": 3, "dash": _DASH[colour]},
                    marker={"symbol": _SYMBOL[colour], "size": 8, "line": {"color": "#333333", "width": 1}},
                    customdata=labels,
                    hovertemplate=f"%{{customdata}}<br>{scope_word(scope, lang)} · "
                    f"{colour_word(colour, lang)}: %{{y}}<extra></extra>",
                ),
                row=1,
                col=col,
            )
        fig.update_xaxes(
            tickvals=xs, ticktext=ticks, tickangle=0 if len(series) <= 2 else -35, row=1, col=col
        )
    title = text("progress.chart.title", lang)
    if not series:
        title = f"{title} — {text('progress.chart.empty', lang)}"
    fig.update_yaxes(title_text=text("progress.chart.positions", lang), rangemode="tozero", row=1, col=1)
    fig.update_layout(
        title={"text": title, "x": 0.01},
        width=width,
        height=height,
        font={"family": FONT_FAMILY, "size": 12},
        legend={"orientation": "h", "y": -0.35 if len(series) > 2 else -0.2},
        margin={"l": 60, "r": 20, "t": 70, "b": 140},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
    )
    fig.update_xaxes(showgrid=False, linecolor="#999999")
    fig.update_yaxes(gridcolor="#e5e5e5")
    return fig
