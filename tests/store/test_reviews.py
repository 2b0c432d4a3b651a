"""Reviews of warnings: the state now and every review, newest first."""

from __future__ import annotations

import pytest

from svetofor.store import Store


def test_reviews_store_state_and_history(loaded: Store) -> None:
    key = "partner-covers|P1|BY"
    loaded.reviews.review(key, "accepted", "разные типоразмеры", user="alice")
    loaded.reviews.review(key, "resolved", "", user="boris")
    review = loaded.reviews.all()[key]
    assert (review.state, review.author) == ("resolved", "boris")
    assert [(e.state, e.reason, e.author) for e in loaded.reviews.history(key)] == [
        ("resolved", "", "boris"),
        ("accepted", "разные типоразмеры", "alice"),
    ]


@pytest.mark.parametrize(("state", "reason"), [("accepted", ""), ("accepted", "  "), ("closed", "x")])
def test_review_refuses_accept_without_reason_and_unknown_states(loaded: Store, state, reason) -> None:
    with pytest.raises(ValueError):
        loaded.reviews.review("k", state, reason, user="alice")
    assert loaded.reviews.all() == {} and loaded.reviews.history("k") == []
