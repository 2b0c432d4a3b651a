"""Enterprise merges as every reader applies them (docs/domain.md §5, §8).

A merge is stored one step at a time — "a is b", later "b is c" — so a merged key stands for the
end of its chain. The store (loading the dataset, counting an import's enterprises, refusing a
merge that would close a loop) and the rules (warnings, cooperation) all follow the chain here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping


def resolve_merges(direct: Mapping[str, str]) -> dict[str, str]:
    """Merged key -> final surviving key, chains followed (a into b, b into c: a -> c).

    A cycle in stored merges (which :func:`check_merge` refuses, but an edited database may
    hold) ends at the first key met twice instead of hanging the page."""
    resolved: dict[str, str] = {}
    for start, first in direct.items():
        seen = {start}
        key = first
        while key in direct and key not in seen:
            seen.add(key)
            key = direct[key]
        resolved[start] = key
    return resolved


def resolver(direct: Mapping[str, str] | None) -> Callable[[str], str]:
    """``key -> the key it stands for``, for any enterprise key (an unmerged one stands for itself)."""
    resolved = resolve_merges(direct or {})
    if not resolved:
        return _same
    return lambda key: resolved.get(key, key)


def _same(key: str) -> str:
    return key


def check_merge(direct: Mapping[str, str], surviving_key: str, merged_key: str) -> None:
    """``ValueError`` unless ``merged_key`` may be merged into ``surviving_key`` given the stored
    ``direct`` merges: not into itself, and not into an enterprise already merged into it (a loop)."""
    if surviving_key == merged_key:
        raise ValueError("an enterprise cannot be merged into itself")
    if resolve_merges(direct).get(surviving_key, surviving_key) == merged_key:
        raise ValueError(f"{surviving_key!r} is already merged into {merged_key!r}")
