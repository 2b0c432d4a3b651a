"""Candidate pairs without comparing all pairs: two keys per position cover every match.

The rule (:mod:`svetofor.matching.compare`) accepts a pair only when the two names have equal
features, or equal features but for one long word on each side that is one edit away. So:

- **signature blocks** group positions by their whole signature (content words after learned
  equivalences, figures, designations): every pair of equal features is inside one block;
- **typo blocks** group, for each word that a typo may touch, the signature without that word:
  two names that differ only in that word (one on each side) share the block, and only their
  differing words are then compared by edit distance.

Every pair the rule can accept is therefore in a block, which ``tests/matching/test_blocking.py``
checks against the brute force; the blocks never hold pairs that differ in a figure or a
designation. Work grows with the number of positions times their words, not with its square.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from svetofor.matching.compare import Side, near_spelling, spellings, typo_eligible
from svetofor.matching.features import Figure, Vocabulary
from svetofor.matching.morphology import Lemmatiser

Entry = tuple[int, tuple[str, str, str]]  # position, spellings of the word (compare.spellings)
_SMALL_BLOCK = 400  # entry pairs compared one by one; more go through cdist
Key = tuple[tuple[str, ...], tuple[Figure, ...], tuple[str, ...]]


def _signature(s: Side) -> Key:
    return tuple(sorted(s.words)), s.features.figures, tuple(sorted(s.features.codes))


def _without(s: Side, word: str) -> Key:
    return tuple(sorted(s.words - {word})), s.features.figures, tuple(sorted(s.features.codes))


class Blocks:
    """The two block indexes over a list of sides (by position in the list)."""

    def __init__(self, sides: Sequence[Side], vocab: Vocabulary, morph: Lemmatiser) -> None:
        self.vocab = vocab
        self.morph = morph
        self.exact: dict[Key, list[int]] = defaultdict(list)
        # signature without one word -> (position, that word's spellings)
        self.typo: dict[Key, list[Entry]] = defaultdict(list)
        for i, s in enumerate(sides):
            if not s.informative:
                continue
            self.exact[_signature(s)].append(i)
            for word in s.words:
                if typo_eligible(word, vocab):
                    self.typo[_without(s, word)].append((i, self._spellings(s, word)))

    def _spellings(self, s: Side, word: str) -> tuple[str, str, str]:
        return spellings(word, s.features.surface(word), self.morph)

    def pairs(self) -> Iterator[tuple[int, int]]:
        """Every candidate pair (i < j) within the list, each once, in order."""
        seen: set[tuple[int, int]] = set()
        for members in self.exact.values():
            for x, i in enumerate(members):
                for j in members[x + 1 :]:
                    seen.add((i, j))
        for entries in self.typo.values():
            if len(entries) < 2:
                continue
            for x, y in _near_entries(entries, entries):
                i, j = entries[x][0], entries[y][0]
                if i != j and entries[x][1][0] != entries[y][1][0]:
                    seen.add((min(i, j), max(i, j)))
        yield from sorted(seen)

    def candidates(self, s: Side) -> list[int]:
        """Members of this index that may match ``s`` (a side from another list)."""
        if not s.informative:
            return []
        found = set(self.exact.get(_signature(s), ()))
        for word in s.words:
            if not typo_eligible(word, self.vocab):
                continue
            entries = self.typo.get(_without(s, word))
            if not entries:
                continue
            mine = [(-1, self._spellings(s, word))]
            for _, y in _near_entries(mine, entries):
                if entries[y][1][0] != word:
                    found.add(entries[y][0])
        return sorted(found)


def _near_entries(a: Sequence[Entry], b: Sequence[Entry]) -> Iterator[tuple[int, int]]:
    """Index pairs (x, y) whose words are at most one edit apart as lemmas or as written
    (:func:`near_spelling`). Blocks usually hold a handful of entries; the block of one-word
    names can hold thousands, compared in three cdist calls."""
    if len(a) * len(b) <= _SMALL_BLOCK:
        for x, (_, s1) in enumerate(a):
            for y, (_, s2) in enumerate(b):
                if s1[0] != s2[0] and near_spelling(s1, s2):
                    yield x, y
        return
    near = np.zeros((len(a), len(b)), dtype=bool)
    for column in range(3):
        left, right = [e[1][column] for e in a], [e[1][column] for e in b]
        near |= (
            process.cdist(left, right, scorer=OSA.distance, score_cutoff=1, dtype=np.uint8, workers=1) <= 1
        )
    rows, cols = np.nonzero(near)
    yield from zip(rows.tolist(), cols.tolist(), strict=True)
