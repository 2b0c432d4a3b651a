"""Merge chains and merge refusals, as a table (svetofor.merging)."""

from __future__ import annotations

import pytest

from svetofor.merging import check_merge, resolve_merges, resolver


@pytest.mark.parametrize(
    ("direct", "resolved"),
    [
        ({}, {}),
        ({"a": "b"}, {"a": "b"}),
        ({"a": "b", "b": "c"}, {"a": "c", "b": "c"}),
        ({"b": "c", "a": "b"}, {"a": "c", "b": "c"}),  # the order of the rows does not matter
        ({"a": "b", "b": "c", "c": "d", "x": "d"}, {"a": "d", "b": "d", "c": "d", "x": "d"}),
        # a cycle (refused when merging, but a database may hold one) ends instead of hanging
        ({"a": "b", "b": "a"}, {"a": "a", "b": "b"}),
        ({"a": "b", "b": "c", "c": "b"}, {"a": "b", "b": "b", "c": "c"}),
        ({"a": "a"}, {"a": "a"}),
    ],
)
def test_chains_are_followed_to_their_end(direct: dict[str, str], resolved: dict[str, str]) -> None:
    assert resolve_merges(direct) == resolved
    resolve = resolver(direct)
    assert {key: resolve(key) for key in direct} == resolved


@pytest.mark.parametrize("direct", [None, {}, {"a": "b"}])
def test_an_unmerged_key_stands_for_itself(direct: dict[str, str] | None) -> None:
    assert resolver(direct)("z") == "z"


@pytest.mark.parametrize(
    ("direct", "surviving", "merged", "message"),
    [
        ({}, "a", "a", "an enterprise cannot be merged into itself"),
        ({"a": "b"}, "a", "b", "'a' is already merged into 'b'"),
        ({"a": "b", "b": "c"}, "a", "c", "'a' is already merged into 'c'"),  # through the chain
        ({"a": "b"}, "b", "a", None),  # the same merge again
        ({"a": "b"}, "c", "a", None),  # moving a merged enterprise to another one
        ({}, "a", "b", None),
    ],
)
def test_a_merge_that_would_close_a_loop_is_refused(
    direct: dict[str, str], surviving: str, merged: str, message: str | None
) -> None:
    if message is None:
        check_merge(direct, surviving, merged)
    else:
        with pytest.raises(ValueError) as caught:
            check_merge(direct, surviving, merged)
        assert str(caught.value) == message
