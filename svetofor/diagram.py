"""The one view model of the diagram, shared by the page, the image export and the Excel export.

Everything that decides what a cell shows (computed colour, override, "override differs from the
data") and which rows a filter keeps lives here, so the three outputs cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

from svetofor.classify import paused_gc
from svetofor.messages import msg
from svetofor.model import (
    COLOURS,
    SCOPES,
    CellStatus,
    Colour,
    Dataset,
    DuplicationWarning,
    Item,
    Localisation,
    Override,
    Statuses,
    effective_colour,
)

FILTER_SCOPES: tuple[str, ...] = (*SCOPES, "ANY")
_MISSING = CellStatus("none", msg("colour.none"))


def normalise_text(text: str) -> str:
    """Case- and ё-insensitive form used by the text search."""
    return " ".join(text.casefold().replace("ё", "е").split())


@dataclass(frozen=True)
class DiagramCell:
    scope: str
    colour: Colour  # effective: the override wins over the computed colour
    computed: CellStatus
    override: Override | None = None
    stale: bool = False  # the data moved under the override since it was set

    @property
    def overridden(self) -> bool:
        return self.override is not None


@dataclass(frozen=True)
class DiagramRow:
    item: Item
    cells: dict[str, DiagramCell]
    enterprises: tuple[str, ...] = ()  # producer names (any record of the item), for search/tooltip
    warning_keys: tuple[str, ...] = ()
    localisation: Localisation | None = None
    # precomputed once so filtering 20k rows per request does no string work per row
    search_text: str = field(default="", init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = [
            self.item.name,
            self.item.code or "",
            self.item.key,
            self.item.group or "",
            *self.enterprises,
        ]
        object.__setattr__(self, "search_text", normalise_text("\n".join(parts)))

    @property
    def overridden(self) -> bool:
        return any(c.override is not None for c in self.cells.values())

    @property
    def stale(self) -> bool:
        return any(c.stale for c in self.cells.values())


def effective_cell(scope: str, status: CellStatus, override: Override | None) -> DiagramCell:
    """The cell as the diagram shows it: the effective colour (:func:`effective_colour`), the
    computed status beside it, and whether the data moved under the override."""
    if override is None:
        return DiagramCell(scope, status.colour, status)
    return DiagramCell(
        scope, effective_colour(status, override), status, override, override.stale(status.colour)
    )


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,")


def join_query_list(values: Sequence[str]) -> str:
    """Several values in one URL parameter: comma-separated, commas and backslashes escaped."""
    return ",".join(_escape(v) for v in values)


def split_query_list(text: str) -> tuple[str, ...]:
    """The inverse of :func:`join_query_list`."""
    out: list[str] = []
    cur: list[str] = []
    chars = iter(text)
    for ch in chars:
        if ch == "\\":
            cur.append(next(chars, "\\"))
        elif ch == ",":
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return tuple(out)


_TRUE = {"1", "true", "yes", "on"}
# The URL parameter of each country's colour choice (``colour_by=red&colour_ru=green``).
SCOPE_COLOUR_PARAMS: dict[str, str] = {scope: f"colour_{scope.lower()}" for scope in SCOPES}


def _scope_colours(value: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``scope_colours`` in its one canonical form; an unknown scope or colour is an error."""
    pairs: list[Any] = (
        list(value.items()) if isinstance(value, Mapping) else list(cast(Iterable[Any], value or ()))
    )
    wanted: dict[str, set[str]] = {}
    for scope, colours in pairs:
        colours = (colours,) if isinstance(colours, str) else tuple(colours)
        if scope not in SCOPES:
            raise ValueError(f"scope_colours: scope must be one of {', '.join(SCOPES)}, not {scope!r}")
        bad = [c for c in colours if c not in COLOURS]
        if bad:
            raise ValueError(f"unknown colour {bad[0]!r}; expected one of {', '.join(COLOURS)}")
        wanted.setdefault(scope, set()).update(colours)
    return tuple(
        (scope, tuple(c for c in COLOURS if c in wanted[scope])) for scope in SCOPES if wanted.get(scope)
    )


@dataclass(frozen=True)
class DiagramFilter:
    """What the planner narrowed the diagram to; serialisable into the URL query.

    ``groups`` holds group names, ``""`` standing for "no group"; ``kinds`` the same for kinds.
    ``colours`` keep a row when the cell of ``colour_scope`` (any of the three for ``ANY``) has
    one of them, compared on the effective colour. ``scope_colours`` asks per country at once,
    all conditions together: ``{"BY": ("red",), "RU": ("green",)}`` keeps rows red in Belarus
    and green in Russia. It may be given as a mapping or pairs; it is kept as pairs in
    ``SCOPES`` order with colours in ``COLOURS`` order, so equal filters compare equal.
    """

    groups: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    colours: tuple[str, ...] = ()
    colour_scope: str = "ANY"
    text: str = ""
    only_overridden: bool = False
    only_warnings: bool = False
    only_stale: bool = False
    scope_colours: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "scope_colours", _scope_colours(self.scope_colours))
        if self.colour_scope not in FILTER_SCOPES:
            raise ValueError(
                f"colour_scope must be one of {', '.join(FILTER_SCOPES)}, not {self.colour_scope!r}"
            )
        bad = [c for c in self.colours if c not in COLOURS]
        if bad:
            raise ValueError(f"unknown colour {bad[0]!r}; expected one of {', '.join(COLOURS)}")
        for name in ("groups", "kinds", "colours"):
            value = getattr(self, name)
            if not isinstance(value, tuple):  # lists from callers would make the filter unhashable
                object.__setattr__(self, name, tuple(value))

    @property
    def active(self) -> bool:
        return self != DiagramFilter()

    def colours_in(self, scope: str) -> tuple[str, ...]:
        """The colours ``scope_colours`` asks of ``scope`` (``()``: any colour)."""
        return dict(self.scope_colours).get(scope, ())

    def normalised(self) -> DiagramFilter:
        """The same filter with a one-country ``colours``/``colour_scope`` pair (old links)
        moved into ``scope_colours``, where a per-country control can show it. ``ANY`` stays."""
        if self.colour_scope == "ANY" or (self.colours and self.colour_scope in dict(self.scope_colours)):
            return self
        merged = dict(self.scope_colours)
        if self.colours:
            merged[self.colour_scope] = self.colours
        return replace(self, colours=(), colour_scope="ANY", scope_colours=tuple(merged.items()))

    def to_query(self) -> dict[str, str]:
        """Only the non-default parts, so a plain link stays plain."""
        q: dict[str, str] = {}
        if self.groups:
            q["group"] = join_query_list(self.groups)
        if self.kinds:
            q["kind"] = join_query_list(self.kinds)
        if self.colours:
            q["colour"] = join_query_list(self.colours)
        if self.colour_scope != "ANY":
            q["scope"] = self.colour_scope
        if self.text:
            q["q"] = self.text
        if self.only_overridden:
            q["overridden"] = "1"
        if self.only_warnings:
            q["warnings"] = "1"
        if self.only_stale:
            q["stale"] = "1"
        for scope, colours in self.scope_colours:
            q[SCOPE_COLOUR_PARAMS[scope]] = join_query_list(colours)
        return q

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> DiagramFilter:
        """Inverse of :meth:`to_query`; values a hand-edited link got wrong are dropped, not fatal."""
        scope = params.get("scope", "ANY")
        return cls(
            groups=split_query_list(params["group"]) if "group" in params else (),
            kinds=split_query_list(params["kind"]) if "kind" in params else (),
            colours=tuple(c for c in split_query_list(params["colour"]) if c in COLOURS)
            if "colour" in params
            else (),
            colour_scope=scope if scope in FILTER_SCOPES else "ANY",
            text=params.get("q", ""),
            only_overridden=params.get("overridden", "").lower() in _TRUE,
            only_warnings=params.get("warnings", "").lower() in _TRUE,
            only_stale=params.get("stale", "").lower() in _TRUE,
            scope_colours=tuple(
                (scope, tuple(c for c in split_query_list(params[key]) if c in COLOURS))
                for scope, key in SCOPE_COLOUR_PARAMS.items()
                if key in params
            ),
        )


def build_rows(
    dataset: Dataset,
    statuses: Statuses,
    overrides: Mapping[tuple[str, str], Override],
    warnings: Sequence[DuplicationWarning],
    localisation: Mapping[str, Localisation],
) -> list[DiagramRow]:
    """One row per item in list order (``Item.order``, then insertion order)."""
    with paused_gc():
        return _build_rows(dataset, statuses, overrides, warnings, localisation)


def _build_rows(
    dataset: Dataset,
    statuses: Statuses,
    overrides: Mapping[tuple[str, str], Override],
    warnings: Sequence[DuplicationWarning],
    localisation: Mapping[str, Localisation],
) -> list[DiagramRow]:
    names = {k: e.name for k, e in dataset.enterprises.items()}
    producers: dict[str, dict[str, None]] = {}  # item -> ordered set of names
    for r in dataset.records:
        if r.enterprise_key is not None:
            producers.setdefault(r.item_key, {})[names.get(r.enterprise_key, r.enterprise_key)] = None
    warned: dict[str, list[str]] = {}
    for w in warnings:
        if w.item is not None:
            warned.setdefault(w.item, []).append(w.key)

    rows = []
    for item in sorted(dataset.items.values(), key=lambda i: i.order):  # stable: ties keep insertion order
        computed = statuses.get(item.key, {})
        cells: dict[str, DiagramCell] = {}
        for scope in SCOPES:
            cells[scope] = effective_cell(
                scope, computed.get(scope, _MISSING), overrides.get((item.key, scope))
            )
        rows.append(
            DiagramRow(
                item=item,
                cells=cells,
                enterprises=tuple(producers.get(item.key, ())),
                warning_keys=tuple(warned.get(item.key, ())),
                localisation=localisation.get(item.key),
            )
        )
    return rows


def _row_matches(row: DiagramRow, flt: DiagramFilter, needle: str) -> bool:
    if flt.groups and (row.item.group or "") not in flt.groups:
        return False
    if flt.kinds and (row.item.kind or "") not in flt.kinds:
        return False
    if flt.colours:
        if flt.colour_scope == "ANY":
            if not any(c.colour in flt.colours for c in row.cells.values()):
                return False
        elif row.cells[flt.colour_scope].colour not in flt.colours:
            return False
    for scope, colours in flt.scope_colours:
        if row.cells[scope].colour not in colours:
            return False
    if flt.only_overridden and not row.overridden:
        return False
    if flt.only_warnings and not row.warning_keys:
        return False
    if flt.only_stale and not row.stale:
        return False
    return not needle or needle in row.search_text


def filter_rows(rows: Iterable[DiagramRow], flt: DiagramFilter) -> list[DiagramRow]:
    needle = normalise_text(flt.text)
    return [r for r in rows if _row_matches(r, flt, needle)]


def totals(rows: Iterable[DiagramRow]) -> dict[str, dict[str, int]]:
    """Scope -> colour -> count of effective colours; every scope and colour is present."""
    out: dict[str, dict[str, int]] = {scope: dict.fromkeys(COLOURS, 0) for scope in SCOPES}
    for row in rows:
        for scope, cell in row.cells.items():
            out[scope][cell.colour] += 1
    return out


def group_rows(rows: Iterable[DiagramRow]) -> list[tuple[str, str | None, list[DiagramRow]]]:
    """Sections ``(kind, group, rows)`` in order of first appearance; an unset kind is ``""``.

    A group that reappears later in the list joins its first section, so a section is never
    shown twice.
    """
    sections: dict[tuple[str, str | None], list[DiagramRow]] = {}
    for row in rows:
        sections.setdefault((row.item.kind or "", row.item.group), []).append(row)
    return [(kind, group, members) for (kind, group), members in sections.items()]
