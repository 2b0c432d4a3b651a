"""The forecast by year: what the diagram will look like in year Y if the plans are met.

Records with planned new capacity or modernisation whose ``launch_year`` is at most Y are treated
as done, and the unchanged colour rules (``classify``) are applied to that projected data. Plans
without a launch year are assumed not done — a plan nobody has dated is not evidence of progress.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from svetofor.classify import classify
from svetofor.diff import RANK
from svetofor.messages import Message
from svetofor.model import COLOURS, SCOPES, Colour, Dataset, Record, Statuses

HORIZON_ENV = "SVETOFOR_HORIZON"

DEFAULT_HORIZON = 2030


def roadmap_horizon() -> int:
    """The roadmap horizon year: ``SVETOFOR_HORIZON`` if it is a plausible year, else 2030."""
    raw = os.environ.get(HORIZON_ENV, "").strip()
    if raw.isdigit() and 1900 <= int(raw) <= 2200:
        return int(raw)
    return DEFAULT_HORIZON


def _done_by(r: Record, year: int) -> Record:
    if r.action is None or r.launch_year is None or r.launch_year > year:
        return r
    if r.action == "new":
        # the planned line runs: serial production exists with the planned capacity
        return replace(r, existing=True, action=None)
    # Modernisation of running production makes it covering. Modernisation recorded without any
    # production is a contradiction in the list (docs/domain.md §7 counts it as neither); finishing it does
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
