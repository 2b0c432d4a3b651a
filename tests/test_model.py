"""The model's small rules: a cell's effective colour and a warning's key."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from svetofor.messages import msg
from svetofor.model import CellStatus, DuplicationWarning, Override, WarningKey, effective_colour

AT = datetime(2026, 1, 1, tzinfo=UTC)


def _override(colour: str) -> Override:
    return Override("М-1", "UNION", colour, "решение", "alice", AT)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("computed", "override", "shown"),
    [
        ("red", None, "red"),
        ("red", "green", "green"),  # a planner's override wins
        ("green", "yellow", "yellow"),
        (None, None, "none"),  # a cell the rules did not colour
        (None, "red", "red"),
    ],
)
def test_effective_colour_lets_the_override_win(computed, override, shown):
    status = CellStatus(computed, msg("colour.none")) if computed else None
    assert effective_colour(status, _override(override) if override else None) == shown


@pytest.mark.parametrize(
    ("warning", "text", "scopes"),
    [
        (
            DuplicationWarning("partner-covers", "high", "М-1", "RU", ("BY", "RU"), ()),
            "partner-covers|М-1|RU",
            ("RU",),
        ),
        (DuplicationWarning("parallel-new", "medium", "М-2", None, ("BY",), ()), "parallel-new|М-2|", ()),
        (
            DuplicationWarning("same-enterprise?", "info", None, None, ("BY", "RU"), (), ("RU:б", "BY:а")),
            "same-enterprise?|BY:а|RU:б",
            ("BY", "RU"),
        ),
    ],
)
def test_a_warning_key_round_trips_through_its_text(warning, text, scopes):
    assert warning.key == text
    parsed = WarningKey.parse(text)
    assert parsed == warning.identity and str(parsed) == text
    assert parsed.scopes() == scopes  # what a warning that no longer applies is judged by
