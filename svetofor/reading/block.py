"""The parsed data rows of a file, one list per field (columnar: the rules of the whole file
then run over distinct values with C-level builtins rather than object by object)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from svetofor.model import Action, Country


@dataclass
class Block:
    sheet: list[str | None] = field(default_factory=list)
    number: list[int] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    norm: list[str] = field(default_factory=list)
    code: list[str | None] = field(default_factory=list)
    kind: list[str | None] = field(default_factory=list)
    group: list[str | None] = field(default_factory=list)
    hs_code: list[str | None] = field(default_factory=list)
    enterprise: list[str | None] = field(default_factory=list)
    tax_id: list[str | None] = field(default_factory=list)
    country: list[Country] = field(default_factory=list)
    existing: list[bool] = field(default_factory=list)
    capacity: list[float | None] = field(default_factory=list)
    demand: list[float | None] = field(default_factory=list)
    action: list[Action | None] = field(default_factory=list)
    launch_year: list[int | None] = field(default_factory=list)
    used_in: list[tuple[str, ...]] = field(default_factory=list)
    note: list[str | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.name)

    def extend(self, other: Block) -> None:
        for name in _COLUMNS:
            mine = getattr(self, name)
            if mine:
                mine.extend(getattr(other, name))
            else:
                setattr(self, name, list(getattr(other, name)))

    def keep(self, mask: list[bool]) -> None:
        for name in _COLUMNS:
            values = getattr(self, name)
            setattr(self, name, [v for v, keep in zip(values, mask, strict=True) if keep])


_COLUMNS = tuple(f.name for f in fields(Block))
