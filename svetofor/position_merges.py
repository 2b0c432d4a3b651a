"""Position merges as every reader applies them (docs/domain.md §8).

Two ministries word one product differently, so it arrives as two positions. A planner's merge
keeps one identity (the surviving key, with the name and code the planner chose) and remembers
the other key as an alias. The alias is applied when the dataset is composed, never written
into the stored rows: every later import of either list lands on the survivor, and an unmerge
gives both positions back exactly as the lists wrote them.

An alias is followed by key, and also by name: a list that numbers its rows anew (another
position code, so another key) but words the merged position as before still lands on the
survivor, because the planner said that wording is the survivor.

Pure: the store reads and writes the merges, the service checks who may make them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from svetofor.merging import resolve_merges
from svetofor.model import Item
from svetofor.vocabulary import normalise_name


@dataclass(frozen=True)
class Identity:
    """The name and code the planner chose for a surviving position (``None``: as the lists say)."""

    name: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class PositionAliases:
    """The stored position merges: merged key -> the key it was merged into (one step each, as
    stored; chains are followed), and the identity chosen for each surviving key."""

    direct: Mapping[str, str] = field(default_factory=dict)
    identities: Mapping[str, Identity] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.direct)

    def with_merge(
        self, surviving_key: str, merged_key: str, identity: Identity | None = None
    ) -> PositionAliases:
        """These aliases and one more merge (for a preview: nothing is stored)."""
        direct = {**self.direct, merged_key: surviving_key}
        identities = dict(self.identities)
        if identity is not None and (identity.name or identity.code):
            identities[surviving_key] = identity
        return PositionAliases(direct, identities)


def check_position_merge(direct: Mapping[str, str], surviving_key: str, merged_key: str) -> None:
    """``ValueError`` unless ``merged_key`` may be merged into ``surviving_key``: not into itself,
    not a key merged already (unmerge it first), and not into a position merged into it."""
    if surviving_key == merged_key:
        raise ValueError("a position cannot be merged into itself")
    if merged_key in direct:
        raise ValueError(f"{merged_key!r} is already merged into {direct[merged_key]!r}")
    if resolve_merges(direct).get(surviving_key, surviving_key) == merged_key:
        raise ValueError(f"{surviving_key!r} is already merged into {merged_key!r}")


def resolve_positions(aliases: PositionAliases, items: Mapping[str, Item]) -> dict[str, str]:
    """Every stored position key that stands for another -> the key it stands for (final).

    By key: the merges, chains followed. By name: a position whose name, after identity
    normalisation (docs/domain.md §3), is the name of a merged position stands for that
    position's survivor — unless it is itself a survivor or merged (the planner decided it)."""
    by_key = resolve_merges(aliases.direct)
    if not by_key:
        return {}
    names: dict[str, str] = {}
    for merged, survivor in by_key.items():
        item = items.get(merged)
        if item is not None:
            names.setdefault(normalise_name(item.name), survivor)
    decided = set(by_key) | set(by_key.values())
    out = dict(by_key)
    for key, item in items.items():
        if key in decided:
            continue
        alias = names.get(normalise_name(item.name))
        if alias is not None and alias != key:
            out[key] = alias
    return out


def merged_item(survivor: Item, merged: Iterable[Item], identity: Identity | None) -> Item:
    """The surviving position: its place in list order; the chosen name, else its own; the
    chosen code, else its own; what it lacks (code, kind, group, HS code, use) taken from the
    positions merged into it."""
    others = list(merged)

    def first(attr: str) -> str | None:
        for item in (survivor, *others):
            value: str | None = getattr(item, attr)
            if value:
                return value
        return None

    used_in = tuple(dict.fromkeys(k for item in (survivor, *others) for k in item.used_in))
    return Item(
        key=survivor.key,
        name=(identity.name if identity and identity.name else survivor.name),
        code=(identity.code if identity and identity.code else first("code")),
        kind=first("kind"),
        group=first("group"),
        hs_code=first("hs_code"),
        used_in=used_in,
        order=survivor.order,
    )
