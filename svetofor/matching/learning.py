"""What confirmed merges teach the matcher: word equivalences and abbreviations.

When a planner confirms that "Станок с УЦИ" and "Станок с устройством цифровой индикации" are
one position, the two names differ by one abbreviation and its phrase; when "Подшипник
шпиндельный" and "Подшипник шпинделя" are confirmed, they differ by one word each. Such
differences become a :class:`LearnedTable` that later matching applies to content words before
comparing (docs/domain.md §8). Derivation is deterministic (the same merges give the same table,
whatever their order) and never touches a veto: figures, designations, HS codes and kinds are
compared as before, and a word of the qualifier vocabulary is never learned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from svetofor.matching.features import NameFeatures, name_features, vocabulary
from svetofor.matching.morphology import DEFAULT_BACKEND, lemmatiser

FORMAT = 1
MAX_PHRASE = 4  # an abbreviation stands for at most this many words


class LearnedTableError(ValueError):
    """A stored table that cannot be used (another format or morphology): re-derive it."""


@dataclass(frozen=True)
class LearnedTable:
    """Equivalences derived from confirmed merges, in the lemmas of one morphology backend.

    ``words`` maps a word to the representative of its class (the alphabetically first word);
    ``phrases`` maps the sorted words of a phrase to the abbreviation that stands for it.
    """

    morphology: str
    words: tuple[tuple[str, str], ...] = ()
    phrases: tuple[tuple[tuple[str, ...], str], ...] = ()

    def rewrite(self, words: frozenset[str]) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
        """The words with the learned equivalences applied, and which ones were used
        (pairs of "as it was" and "what it became")."""
        used: list[tuple[str, str]] = []
        out = set(words)
        for phrase, abbreviation in self.phrases:
            if set(phrase) <= out:
                out -= set(phrase)
                out.add(abbreviation)
                used.append((" ".join(phrase), abbreviation))
        mapping = dict(self.words)
        rewritten = set()
        for word in out:
            target = mapping.get(word, word)
            if target != word:
                used.append((word, target))
            rewritten.add(target)
        return frozenset(rewritten), tuple(sorted(used))

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "morphology": self.morphology,
            "words": [[w, rep] for w, rep in self.words],
            "phrases": [[list(phrase), abbreviation] for phrase, abbreviation in self.phrases],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object], *, morphology: str = DEFAULT_BACKEND) -> LearnedTable:
        """The table as :meth:`to_json` wrote it, for a matcher on the ``morphology`` backend.

        Raises :class:`LearnedTableError` for another format or another morphology (its lemmas
        would not be this matcher's: the store then re-derives the table from its merges);
        entries that name a qualifier word are dropped, so an edited file cannot lift a veto."""
        if data.get("format") != FORMAT:
            raise LearnedTableError(f"learned table format {data.get('format')!r}, expected {FORMAT}")
        current = lemmatiser(morphology).name
        if data.get("morphology") != current:
            raise LearnedTableError(f"learned with {data.get('morphology')!r}, this matcher uses {current!r}")
        qualifiers = vocabulary(morphology).qualifiers
        try:
            pairs = [(str(w), str(rep)) for w, rep in _rows(data.get("words"))]
            phrases = [
                (tuple(str(p) for p in _row(phrase)), str(abbr))
                for phrase, abbr in _rows(data.get("phrases"))
            ]
        except (TypeError, ValueError) as exc:
            raise LearnedTableError(f"malformed learned table: {exc}") from exc
        return _build(
            current,
            [(a, b) for a, b in pairs if a not in qualifiers and b not in qualifiers],
            [(p, a) for p, a in phrases if a not in qualifiers and not qualifiers.intersection(p)],
        )


def _rows(value: object) -> list[tuple[object, object]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError("expected a list")
    out = []
    for row in value:
        if not isinstance(row, list) or len(row) != 2:
            raise ValueError(f"expected a pair, got {row!r}")
        out.append((row[0], row[1]))
    return out


def _row(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError("expected a list of words")
    return list(value)


def learn_from_merges(pairs: Iterable[tuple[str, str]], *, morphology: str = DEFAULT_BACKEND) -> LearnedTable:
    """The equivalences that the names of confirmed merges teach.

    A pair teaches only when its names agree in figures and designations and differ in content
    words by exactly one word on each side (a word equivalence), or by one word on one side and
    a phrase of up to four words on the other whose initials, in the order written, spell that
    word (an abbreviation). Words of the qualifier vocabulary never take part, so a merge of
    "вертикальный" with "горизонтальный" (a mistake, or a planner's special case) teaches nothing.
    Equivalences are transitive: a = b and b = c put a, b and c in one class.
    """
    qualifiers = vocabulary(morphology).qualifiers
    words: list[tuple[str, str]] = []
    phrases: list[tuple[tuple[str, ...], str]] = []
    for a_name, b_name in pairs:
        a, b = name_features(a_name, morphology), name_features(b_name, morphology)
        if a.figures != b.figures or a.codes != b.codes:
            continue
        only_a, only_b = a.words - b.words, b.words - a.words
        if qualifiers & (only_a | only_b) or not only_a or not only_b:
            continue
        if len(only_a) == 1 and len(only_b) == 1:
            x, y = next(iter(only_a)), next(iter(only_b))
            if not any(c.isdigit() for c in x + y):
                words.append((x, y))
            continue
        for short, long_side, short_features, long_features in (
            (only_a, only_b, a, b),
            (only_b, only_a, b, a),
        ):
            if len(short) == 1 and 2 <= len(long_side) <= MAX_PHRASE:
                abbreviation = next(iter(short))
                # the initials spell the abbreviation as written ("СОИ", whose lemma is "соя")
                if _initials(long_features, long_side) == short_features.surface(abbreviation):
                    phrases.append((tuple(sorted(long_side)), abbreviation))
    return _build(lemmatiser(morphology).name, words, phrases)


def _initials(features: NameFeatures, phrase: frozenset[str]) -> str:
    return "".join(w[0] for w in features.order if w in phrase)


def _build(
    morphology: str, words: Iterable[tuple[str, str]], phrases: Iterable[tuple[tuple[str, ...], str]]
) -> LearnedTable:
    """Classes of equivalent words (union-find, the alphabetically first word represents its
    class), phrases sorted: the same input in any order gives the same table."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in words:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    mapping = tuple(sorted((w, find(w)) for w in parent if find(w) != w))
    unique = dict(sorted(set(phrases), key=lambda p: (-len(p[0]), p)))
    return LearnedTable(morphology, mapping, tuple(unique.items()))
