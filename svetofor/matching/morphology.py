"""Russian word forms: "фрезы концевые" and "фреза концевая" become the same lemmas.

Two backends behind one small interface, so the benchmark can measure both on the labelled
set (``bench/matching.py``): pymorphy3 with its OpenCorpora dictionary (the default: it knows
that "резцы" is "резец" and "станки" is "станок", and whether a word is a dictionary word,
which the typo rule needs), and the Snowball stemmer (faster, but "резец"/"резцы" and
"станок"/"станки" get different stems). Results are memoised per word: a list of 20,000
positions has a few thousand distinct words.
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import lru_cache
from typing import Any, Protocol

DEFAULT_BACKEND = "pymorphy3"
BACKENDS = ("pymorphy3", "snowball")
_ADJECTIVE_LIKE = frozenset({"ADJF", "ADJS", "PRTF", "PRTS"})
_PROPER = frozenset({"Surn", "Name", "Patr"})  # readings as a person's name never count
SHORT_WORD = 5


class Lemmatiser(Hashable, Protocol):
    """What the matcher needs of a morphology library (hashable: results are memoised per
    lemmatiser)."""

    @property
    def name(self) -> str:
        """Backend and dictionary version: a learned table is valid only for the same one."""
        ...

    def lemma(self, word: str) -> str:
        """The dictionary form (or stem) of a lower-case word with ё already folded to е."""
        ...

    def is_known(self, word: str) -> bool:
        """Whether the word is in the backend's dictionary (a stemmer knows no words)."""
        ...

    def stem(self, word: str) -> str:
        """The Snowball stem: what a misspelt word and its correct form still share."""
        ...


class PymorphyLemmatiser:
    """pymorphy3 for dictionary words, the Snowball stem for the others.

    pymorphy guesses a normal form for a word outside its dictionary from the ending, and the
    guess differs between forms of one word ("эльборовый" / "эльборовые"); the Snowball stem of
    such a word is the same for all its forms, so unknown words (trade terms, typos) take it.

    A word with several readings takes one of them by a fixed preference rather than by
    pymorphy's ranking, so that every form of one word lands on the same lemma: an adjective or
    participle reading first ("токарные": токарный, not the noun токарная), readings as a
    person's name last ("голова", not the surname Голов), then the shortest
    normal form ("прессы": пресс, not пресса), then the first alphabetically; an adjective's
    "-ой" is written "-ый" (the lemma is a key, not a word shown to anyone).
    """

    def __init__(self) -> None:
        import pymorphy3

        self._morph: Any = pymorphy3.MorphAnalyzer(lang="ru")
        version = getattr(self._morph.dictionary, "version", None) or "?"
        self._name = f"pymorphy3/{version}+snowball"
        self._snowball = SnowballLemmatiser()
        self._lemma = lru_cache(maxsize=200_000)(self._lemma_uncached)
        self._known = lru_cache(maxsize=200_000)(self._morph.word_is_known)

    @property
    def name(self) -> str:
        return self._name

    def _lemma_uncached(self, word: str) -> str:
        if not self._known(word):
            # an abbreviation ("уци") stays as written; a longer unknown word takes its stem
            return word if len(word) <= SHORT_WORD else self._snowball.lemma(word)
        parses = self._morph.parse(word)
        common = [p for p in parses if not _PROPER & set(p.tag.grammemes)] or parses  # not "Голов"
        readings = [
            (0 if p.tag.POS in _ADJECTIVE_LIKE else 1, len(p.normal_form), str(p.normal_form)) for p in common
        ]
        if not readings:
            return word
        adjective, _, form = min(readings)
        form = form.replace("ё", "е")
        if adjective == 0 and form.endswith("ой"):
            # the dictionary holds some adjectives under both endings ("твердосплавный" and
            # "твердосплавной"), different forms preferring different ones: one ending for all
            form = form[:-2] + "ый"
        return form

    def lemma(self, word: str) -> str:
        return str(self._lemma(word))

    def is_known(self, word: str) -> bool:
        return bool(self._known(word))

    def stem(self, word: str) -> str:
        return self._snowball.lemma(word)


class SnowballLemmatiser:
    """The Snowball Russian stemmer (measured against pymorphy3; not the default)."""

    def __init__(self) -> None:
        import snowballstemmer

        self._stemmer: Any = snowballstemmer.stemmer("russian")
        self._stem = lru_cache(maxsize=200_000)(self._stemmer.stemWord)

    @property
    def name(self) -> str:
        return "snowball/russian"

    def lemma(self, word: str) -> str:
        return str(self._stem(word))

    def is_known(self, word: str) -> bool:
        return False

    def stem(self, word: str) -> str:
        return self.lemma(word)


@lru_cache(maxsize=len(BACKENDS))
def lemmatiser(backend: str = DEFAULT_BACKEND) -> Lemmatiser:
    """The shared lemmatiser of a backend (loaded once: pymorphy3's dictionary takes ~15 MB)."""
    if backend == "pymorphy3":
        return PymorphyLemmatiser()
    if backend == "snowball":
        return SnowballLemmatiser()
    raise ValueError(f"unknown morphology backend {backend!r}: expected one of {', '.join(BACKENDS)}")
