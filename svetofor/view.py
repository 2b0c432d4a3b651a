"""The classified, warned, laid-out diagram of one dataset: the rules run once, the rows built.

:class:`View` is what every page reads about the stored diagram at one store version;
:class:`Rules` is its part that depends on the dataset alone (classification, warnings,
localisation, the production graph), so a recolour reuses it and an import plan carries it to
the commit. Pure: the service loads the data and caches views; nothing here touches the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import networkx as nx

from svetofor.classify import classify
from svetofor.diagram import DiagramRow, build_rows, effective_cell
from svetofor.duplication import Cooperation, build_graph, cooperation, find_warnings, localisation
from svetofor.model import SCOPES, Dataset, DuplicationWarning, Localisation, Override, Review, Statuses


@dataclass(frozen=True)
class Rules:
    """The rules' output for one dataset: what depends only on the dataset version. The
    localisation is not here: it reads the colours the cells show, so overrides move it."""

    dataset_version: int
    dataset: Dataset
    statuses: Statuses
    warnings: list[DuplicationWarning]
    merges: dict[str, str]
    dismissed: frozenset[frozenset[str]]
    graph: nx.MultiDiGraph

    def localisation(self, overrides: Mapping[tuple[str, str], Override]) -> dict[str, Localisation]:
        """Every machine's localisation from the effective UNION colours of its components."""
        return localisation(self.dataset, self.statuses, graph=self.graph, overrides=overrides)

    def rows(
        self,
        overrides: Mapping[tuple[str, str], Override],
        loc: Mapping[str, Localisation] | None = None,
    ) -> list[DiagramRow]:
        """The diagram's rows of this dataset with ``overrides`` applied."""
        shown = self.localisation(overrides) if loc is None else loc
        return build_rows(self.dataset, self.statuses, overrides, self.warnings, shown)


def apply_rules(
    dataset: Dataset, merges: Mapping[str, str], dismissed: frozenset[frozenset[str]], version: int = 0
) -> Rules:
    """Classify, warn and localise ``dataset`` (the one place the rules run on a whole dataset)."""
    statuses = classify(dataset)
    graph = build_graph(dataset)
    warnings = find_warnings(dataset, statuses, dict(merges), dismissed=dismissed, graph=graph)
    return Rules(version, dataset, statuses, warnings, dict(merges), dismissed, graph)


@dataclass(frozen=True)
class View:
    """Everything a page needs about the stored diagram at one store version."""

    version: int
    dataset: Dataset
    statuses: Statuses
    overrides: dict[tuple[str, str], Override]
    warnings: list[DuplicationWarning]
    reviews: dict[str, Review]
    localisation: dict[str, Localisation]
    rows: list[DiagramRow]
    dataset_version: int = 0
    merges: dict[str, str] = field(default_factory=dict)
    dismissed: frozenset[frozenset[str]] = frozenset()
    graph: nx.MultiDiGraph | None = field(default=None, repr=False, compare=False)  # built once

    @cached_property
    def cooperation(self) -> list[Cooperation]:
        """Positions red/yellow in one country and green in the other (computed on first use)."""
        return cooperation(self.dataset, self.statuses, self.merges, graph=self.graph)

    def gone_reviews(self) -> dict[str, Review]:
        """Reviews of warnings that no longer apply: kept (with their history), shown as gone."""
        live = {w.key for w in self.warnings}
        return {key: review for key, review in self.reviews.items() if key not in live}

    def stale_overrides(self) -> list[Override]:
        """Overrides whose data moved since they were set ("override differs from the data")."""
        return [
            cell.override
            for row in self.rows
            for s in SCOPES
            if (cell := row.cells[s]).stale and cell.override is not None
        ]


def make_view(
    rules: Rules,
    version: int,
    overrides: dict[tuple[str, str], Override],
    rows: list[DiagramRow],
    reviews: dict[str, Review],
    loc: dict[str, Localisation] | None = None,
) -> View:
    """The view of ``rules`` with ``overrides`` and the ``rows`` built from them (``loc``: their
    localisation, when the caller has it)."""
    return View(
        version=version,
        dataset=rules.dataset,
        statuses=rules.statuses,
        overrides=overrides,
        warnings=rules.warnings,
        reviews=reviews,
        localisation=rules.localisation(overrides) if loc is None else loc,
        rows=rows,
        dataset_version=rules.dataset_version,
        merges=rules.merges,
        dismissed=rules.dismissed,
        graph=rules.graph,
    )


def rows_with_overrides(
    previous: View,
    overrides: Mapping[tuple[str, str], Override],
    loc: Mapping[str, Localisation],
    index: Mapping[str, int],
) -> list[DiagramRow]:
    """``previous.rows`` with the cells whose override changed rebuilt, and the machines whose
    localisation ``loc`` moved with them, the same as ``build_rows`` would give: a recolour at
    2,000 positions must cost milliseconds, and a full ``build_rows`` costs about a hundred."""
    changed = {
        key
        for key in previous.overrides.keys() | overrides.keys()
        if previous.overrides.get(key) != overrides.get(key)
    }
    moved = {
        m for m in previous.localisation.keys() | loc.keys() if previous.localisation.get(m) != loc.get(m)
    }
    rows = list(previous.rows)
    for item_key in {key for key, _ in changed} | moved:
        n = index.get(item_key)
        if n is None:
            continue  # an override of a position no list holds now: not on the diagram
        row = rows[n]
        cells = {
            scope: effective_cell(scope, cell.computed, overrides.get((item_key, scope)))
            for scope, cell in row.cells.items()
        }
        rows[n] = replace(row, cells=cells, localisation=loc.get(item_key))
    return rows
