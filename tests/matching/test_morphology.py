"""The two morphology backends behind one interface."""

from __future__ import annotations

import pytest

from svetofor.matching.morphology import lemmatiser


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("станки", "станок"),
        ("резцы", "резец"),
        ("прессы", "пресс"),
        ("токарные", "токарный"),
        ("концевые", "концевый"),
        ("концевой", "концевый"),  # not the surname "Концев"
        ("твердосплавный", "твердосплавный"),
        ("твердосплавная", "твердосплавный"),  # the dictionary also has "твердосплавной"
        ("эльборовые", "эльборов"),  # not in the dictionary: the Snowball stem, same for every form
        ("эльборовый", "эльборов"),
    ],
)
def test_pymorphy_lemmas_are_stable_across_forms(word: str, lemma: str) -> None:
    assert lemmatiser("pymorphy3").lemma(word) == lemma


def test_pymorphy_knows_dictionary_words_and_names_its_version() -> None:
    morph = lemmatiser("pymorphy3")
    assert morph.is_known("подшипник") and not morph.is_known("подшипнки")
    assert morph.name.startswith("pymorphy3/") and morph.name.endswith("+snowball")
    assert morph.stem("серводвигатели") == "серводвигател"


def test_snowball_stems_and_knows_no_words() -> None:
    morph = lemmatiser("snowball")
    assert morph.lemma("станки") == "станк" != morph.lemma("станок")  # why it is not the default
    assert not morph.is_known("станок")
    assert morph.name == "snowball/russian"


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown morphology backend 'stanza'"):
        lemmatiser("stanza")
