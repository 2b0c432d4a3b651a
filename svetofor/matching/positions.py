"""The matcher's entry points: suggestions between stored positions, one pair explained, and
the rows of an uploaded list against the stored positions (docs/domain.md §8).

Nothing here is applied by itself: a suggestion is a question for a planner, who merges or
dismisses it; an incoming ``probable`` match is confirmed row by row in the import preview.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from svetofor.matching.blocking import Blocks
from svetofor.matching.compare import Comparison, Side, compare_sides, side
from svetofor.matching.features import name_features, vocabulary
from svetofor.matching.learning import LearnedTable
from svetofor.matching.morphology import DEFAULT_BACKEND, lemmatiser
from svetofor.messages import Message, msg
from svetofor.vocabulary import normalise_name

MatchStatus = Literal["exact", "probable", "new"]
DEFAULT_LIMIT = 3


@dataclass(frozen=True)
class PositionInfo:
    """What the matcher needs to know of one position.

    ``countries`` are the countries whose lists hold the position (after merges); empty means
    not known, which never blocks a suggestion.
    """

    key: str
    name: str
    code: str | None = None
    hs_code: str | None = None
    kind: str | None = None
    group: str | None = None
    countries: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PositionSuggestion:
    """ "Same position?" between two stored positions; ``a_key < b_key``."""

    a_key: str
    b_key: str
    score: float
    reason: Message


@dataclass(frozen=True)
class Candidate:
    """A stored position an incoming row probably is."""

    key: str
    score: float
    reason: Message


@dataclass(frozen=True)
class IncomingMatch:
    """What one position of an uploaded list is among the stored positions.

    ``exact``: ``stored_key`` is the same position (same key, same position code, or the same
    name after identity normalisation); ``conflict`` is set when the code is the same but the
    names describe another product. ``probable``: ``candidates`` (best first, ``stored_key`` the
    best) are probably the same and need a planner's confirmation. ``new``: nothing like it.
    """

    key: str
    status: MatchStatus
    stored_key: str | None
    score: float
    reason: Message
    candidates: tuple[Candidate, ...] = ()
    conflict: Message | None = None


def _side(p: PositionInfo, learned: LearnedTable | None, backend: str) -> Side:
    return side(name_features(p.name, backend), p.hs_code, p.kind, learned)


def _backend(learned: LearnedTable | None, morphology: str | None) -> str:
    if morphology is not None:
        return morphology
    if learned is not None:
        return learned.morphology.split("/", 1)[0]
    return DEFAULT_BACKEND


def compare_positions(
    a: PositionInfo, b: PositionInfo, learned: LearnedTable | None = None, *, morphology: str | None = None
) -> Comparison:
    """Whether ``a`` and ``b`` are the same position by their names, HS codes and kinds, with
    the reasons (what agreed) and the veto (what differs). Lists are not looked at: whether a
    pair is worth suggesting is :func:`suggest_positions`' question."""
    backend = _backend(learned, morphology)
    return compare_sides(
        _side(a, learned, backend), _side(b, learned, backend), vocabulary(backend), lemmatiser(backend)
    )


def suggest_positions(
    positions: Sequence[PositionInfo],
    *,
    dismissed: Collection[frozenset[str]] = (),
    learned: LearnedTable | None = None,
    disjoint_lists: bool = True,
    morphology: str | None = None,
) -> list[PositionSuggestion]:
    """ "Same position?" suggestions among ``positions``, best first (score, then keys).

    With ``disjoint_lists`` (the default) a pair is suggested only when no country's list holds
    both: a position both lists hold is already matched, and two positions of one list are two
    products as far as that ministry is concerned. ``dismissed`` holds the key pairs a planner
    rejected. Positions with a repeated key count once (the first).
    """
    backend = _backend(learned, morphology)
    vocab, morph = vocabulary(backend), lemmatiser(backend)
    unique = list({p.key: p for p in reversed(positions)}.values())[::-1]
    sides = [_side(p, learned, backend) for p in unique]
    rejected = {frozenset(d) for d in dismissed}
    out: list[PositionSuggestion] = []
    for i, j in Blocks(sides, vocab, morph).pairs():
        a, b = unique[i], unique[j]
        if disjoint_lists and a.countries & b.countries:
            continue
        if frozenset((a.key, b.key)) in rejected:
            continue
        if b.key < a.key:  # the reason reads the same whatever the input order
            i, j, a, b = j, i, b, a
        verdict = compare_sides(sides[i], sides[j], vocab, morph)
        if verdict.match:
            out.append(PositionSuggestion(a.key, b.key, verdict.score, verdict.reason))
    out.sort(key=lambda s: (-s.score, s.a_key, s.b_key))
    return out


def match_incoming(
    incoming: Sequence[PositionInfo],
    stored: Sequence[PositionInfo],
    learned: LearnedTable | None = None,
    *,
    limit: int = DEFAULT_LIMIT,
    morphology: str | None = None,
) -> list[IncomingMatch]:
    """For each incoming position, in order: ``exact``, ``probable`` (up to ``limit``
    candidates) or ``new``.

    A stored position that one incoming row matches exactly is no candidate for another row of
    the same upload (two rows of one list are two products). Own-country stored positions are
    candidates too: a ministry that rewords its own list is asked, not given a second position.
    """
    backend = _backend(learned, morphology)
    vocab, morph = vocabulary(backend), lemmatiser(backend)
    stored_sides = [_side(p, learned, backend) for p in stored]
    exact = _exact_matches(incoming, stored)
    claimed = {stored[j].key for j, _ in exact.values()}
    blocks = Blocks(stored_sides, vocab, morph)
    out: list[IncomingMatch] = []
    for i, p in enumerate(incoming):
        mine = _side(p, learned, backend)
        if i in exact:
            j, reason = exact[i]
            verdict = compare_sides(mine, stored_sides[j], vocab, morph)
            conflict = msg("matching.conflict", veto=verdict.veto) if verdict.veto is not None else None
            out.append(IncomingMatch(p.key, "exact", stored[j].key, 1.0, reason, (), conflict))
            continue
        found: list[Candidate] = []
        for j in blocks.candidates(mine):
            if stored[j].key in claimed:
                continue
            verdict = compare_sides(mine, stored_sides[j], vocab, morph)
            if verdict.match:
                found.append(Candidate(stored[j].key, verdict.score, verdict.reason))
        found.sort(key=lambda c: (-c.score, c.key))
        if found:
            best = found[0]
            out.append(
                IncomingMatch(p.key, "probable", best.key, best.score, best.reason, tuple(found[:limit]))
            )
        else:
            out.append(IncomingMatch(p.key, "new", None, 0.0, msg("matching.new")))
    return out


def _exact_matches(
    incoming: Sequence[PositionInfo], stored: Sequence[PositionInfo]
) -> dict[int, tuple[int, Message]]:
    """incoming index -> (stored index, reason) by key, then position code, then name."""
    by_key = _first_index(p.key for p in stored)
    by_code = _first_index(_code(p.code) for p in stored)
    by_name = _first_index(normalise_name(p.name) for p in stored)
    out: dict[int, tuple[int, Message]] = {}
    for i, p in enumerate(incoming):
        code = _code(p.code)
        if p.key in by_key:
            out[i] = (by_key[p.key], msg("matching.exact.key"))
        elif code and code in by_code:
            out[i] = (by_code[code], msg("matching.exact.code", code=p.code or ""))
        elif normalise_name(p.name) in by_name:
            out[i] = (by_name[normalise_name(p.name)], msg("matching.exact.name"))
    return out


def _code(code: str | None) -> str:
    return " ".join((code or "").split()).casefold()


def _first_index(values: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, v in enumerate(values):
        if v:
            out.setdefault(v, i)
    return out
