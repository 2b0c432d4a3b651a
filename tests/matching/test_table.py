"""The vocabulary data: every entry reads, and the lists do not contradict each other."""

from __future__ import annotations

from svetofor.matching import table
from svetofor.matching.features import vocabulary
from svetofor.matching.morphology import lemmatiser


def test_every_entry_reads_as_at_least_one_token() -> None:
    vocab = vocabulary()
    assert all(key for key in vocab.phrases)
    assert vocab.units["мм"] == "мм" and vocab.units["квт"] == "кВт"
    assert vocab.phrases[("чпу",)] == ("word", "чпу")
    morph = lemmatiser()
    long_form = tuple(sorted(morph.lemma(w) for w in ("числовое", "программное", "управление")))
    assert vocab.phrases[long_form] == ("word", "чпу")


def test_no_qualifier_is_a_stop_word_and_the_generic_nouns_are_stop_words() -> None:
    vocab = vocabulary()
    assert not vocab.stop & vocab.qualifiers
    assert {"станок", "изделие", "оборудование"} <= vocab.stop
    assert not {"без", "до", "свыше", "не", "кроме"} & vocab.stop


def test_the_qualifiers_of_the_brief_are_qualifiers() -> None:
    vocab = vocabulary()
    morph = lemmatiser()
    for word in (
        "вертикальный",
        "горизонтальный",
        "ручной",
        "автоматический",
        "концевой",
        "торцевой",
        "плоскошлифовальный",
        "круглошлифовальный",
        "твердосплавный",
        "без",
    ):
        assert morph.lemma(word) in vocab.qualifiers, word


def test_unit_quantities_and_default_units_name_known_things() -> None:
    units = set(table.UNITS)
    assert set(table.UNIT_QUANTITY) <= units
    assert set(table.DEFAULT_UNITS.values()) <= units
    assert set(table.DEFAULT_UNITS) <= set(table.QUANTITIES)
