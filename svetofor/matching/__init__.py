"""Position matching: is this wording in one ministry's list the same position as that one in
the other's? (docs/domain.md §8; the rule and its data: docs/position-matching.md.)

Pure core, no Dash and no SQL. The entry points the store, the service, the import preview
and the UI use:

- :func:`suggest_positions` — "same position?" suggestions among stored positions;
- :func:`compare_positions` — one pair explained (match, score, reasons, veto);
- :func:`match_incoming` — each row-position of an uploaded list: exact, probable or new;
- :func:`learn_from_merges` — equivalences taught by confirmed merges, a :class:`LearnedTable`
  with a JSON round trip (``to_json`` / ``LearnedTable.from_json``).
"""

from __future__ import annotations

from svetofor.matching.compare import Comparison
from svetofor.matching.features import Figure, NameFeatures, name_features
from svetofor.matching.learning import LearnedTable, LearnedTableError, learn_from_merges
from svetofor.matching.positions import (
    Candidate,
    IncomingMatch,
    MatchStatus,
    PositionInfo,
    PositionSuggestion,
    compare_positions,
    match_incoming,
    suggest_positions,
)

__all__ = [
    "Candidate",
    "Comparison",
    "Figure",
    "IncomingMatch",
    "LearnedTable",
    "LearnedTableError",
    "MatchStatus",
    "NameFeatures",
    "PositionInfo",
    "PositionSuggestion",
    "compare_positions",
    "learn_from_merges",
    "match_incoming",
    "name_features",
    "suggest_positions",
]
