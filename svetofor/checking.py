"""Checking one file on its own: its reading, colours and warnings, nothing stored or compared.

This is the path of ``svetofor check`` (docs/domain.md §6), which a ministry's script runs as
a whole process for every list it sends. It deliberately imports neither the store
(SQLAlchemy) nor the service, so the process starts with only the reader and the rules loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from svetofor.classify import classify
from svetofor.lists import file_dataset
from svetofor.model import SCOPES, SEVERITY_ORDER, Dataset, DuplicationWarning, Item, ReadResult, Statuses

COLOUR_KEYS = ("green", "yellow", "red", "none")


def sorted_warnings(warnings: Sequence[DuplicationWarning]) -> list[DuplicationWarning]:
    """By severity (high first), then position (docs/domain.md §6); the rest only makes the
    order total, so two runs on one file print the same list."""
    return sorted(
        warnings,
        key=lambda w: (
            SEVERITY_ORDER.get(w.severity, 9),
            w.item or "",
            w.kind,
            w.country or "",
            w.enterprises,
        ),
    )


def ordered_items(dataset: Dataset) -> list[Item]:
    return sorted(dataset.items.values(), key=lambda i: i.order)  # stable: ties keep list order


@dataclass
class CheckReport:
    """The reading, colours and warnings of one file on its own (nothing stored)."""

    result: ReadResult
    statuses: Statuses = field(default_factory=dict)
    warnings: list[DuplicationWarning] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result.ok

    def status_counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {scope: dict.fromkeys(COLOUR_KEYS, 0) for scope in SCOPES}
        if not self.ok:
            return out
        for item in self.result.dataset.items.values():
            cells = self.statuses.get(item.key, {})
            for scope in SCOPES:
                cell = cells.get(scope)
                out[scope][cell.colour if cell is not None else "none"] += 1
        return out

    def cells(self) -> list[dict[str, Any]]:
        if not self.ok:
            return []
        out = []
        for item in ordered_items(self.result.dataset):
            cell: dict[str, Any] = {
                "item": item.key,
                "name": item.name,
                "group": item.group,
                "kind": item.kind,
            }
            statuses = self.statuses.get(item.key, {})
            for scope in SCOPES:
                status = statuses.get(scope)
                cell[scope] = status.colour if status is not None else "none"
            out.append(cell)
        return out

    def to_json(self, lang: str = "ru") -> dict[str, Any]:
        """Exactly the object of ``svetofor check --json`` (docs/domain.md §6); problems in ``lang``."""
        ds = self.result.dataset
        return {
            "ok": self.ok,
            "items": len(ds.items),
            "enterprises": len(ds.enterprises),
            "records": len(ds.records),
            "errors": [p.to_json(lang) for p in self.result.errors],
            "remarks": [p.to_json(lang) for p in self.result.remarks],
            "status": self.status_counts(),
            "cells": self.cells(),
            "duplicates": [w.to_json() for w in sorted_warnings(self.warnings)] if self.ok else [],
        }


def check_result(result: ReadResult) -> CheckReport:
    """Classify and warn on a file's reading alone; a reading with errors gets no colours."""
    if not result.ok:
        return CheckReport(result)
    from svetofor.duplication import find_warnings  # networkx: only once the file reads

    dataset = file_dataset(result)
    statuses = classify(dataset)
    return CheckReport(result, statuses, find_warnings(dataset, statuses))
