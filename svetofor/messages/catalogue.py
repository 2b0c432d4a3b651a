"""All catalogue entries in one table, gathered from the area modules of this package.

Each area module holds a ``TEXT`` dict ``id -> (russian, english)``; ids are unique across
areas (a clash is an error at import, so two areas can never silently disagree on a word).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from svetofor.messages import cli, common, diagram, export, matching, pipeline, positions, report, rules, ui
from svetofor.messages.core import Entry

AREAS = (common, rules, diagram, report, export, cli, ui, matching, pipeline, positions)


def _gather() -> Mapping[str, Entry]:
    table: dict[str, Entry] = {}
    for area in AREAS:
        for key, entry in area.TEXT.items():
            if key in table:
                raise RuntimeError(f"message id {key!r} is defined twice (again in {area.__name__})")
            table[key] = entry
    return MappingProxyType(table)


CATALOGUE: Mapping[str, Entry] = _gather()
