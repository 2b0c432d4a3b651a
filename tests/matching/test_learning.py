"""Confirmed merges teach word equivalences and abbreviations, never a veto."""

from __future__ import annotations

import json
import random

import pytest

from svetofor.matching import (
    LearnedTable,
    LearnedTableError,
    PositionInfo,
    compare_positions,
    learn_from_merges,
)
from svetofor.matching.morphology import lemmatiser


def same(a: str, b: str, learned: LearnedTable | None) -> bool:
    return compare_positions(PositionInfo("a", a), PositionInfo("b", b), learned).match


def test_a_word_pair_is_learned_and_used_by_later_matching() -> None:
    assert not same("Головка револьверная", "Голова револьверная", None)
    learned = learn_from_merges([("Головка револьверная", "Голова револьверная")])
    assert learned.words == (("головка", "голова"),)
    assert same("Головки револьверные", "Голова револьверная", learned)  # other forms too
    assert same("Головка револьверная 12-позиционная", "Голова 12-позиционная револьверная", learned)
    verdict = compare_positions(
        PositionInfo("a", "Головка револьверная"), PositionInfo("b", "Голова револьверная"), learned
    )
    assert verdict.reason.text("ru").endswith("по подтверждённым объединениям: головка = голова")
    assert (
        verdict.score
        < compare_positions(PositionInfo("a", "Голова"), PositionInfo("b", "голова"), learned).score
    )


def test_an_abbreviation_is_learned_from_its_initials() -> None:
    assert not same("Фрезерный станок, СОИ", "Станок фрезерный с системой отображения информации", None)
    learned = learn_from_merges([("Станок с СОИ", "Станок с системой отображения информации")])
    assert learned.phrases == ((("информация", "отображение", "система"), "соя"),)  # "сои" is a word too
    assert same("Фрезерный станок, СОИ", "Станок фрезерный с системой отображения информации", learned)
    # a phrase whose initials do not spell the word teaches nothing
    assert learn_from_merges([("Станок с СОИ", "Станок с пультом управления")]).phrases == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Станок вертикальный", "Станок горизонтальный"),  # qualifiers: a mistake teaches nothing
        ("Фреза концевая", "Фреза торцевая"),
        ("Станок ручной", "Станок автоматический"),
        ("Пресс 100 тс", "Пресс 400 тс"),  # figures differ
        ("Станок 16К20", "Станок 16К25"),
        ("Станок фрезерный 3-осевой", "Станок фрезерный 5-осевой"),
        ("Станок токарный", "Станок токарный универсальный"),  # nothing on one side
        ("Головка револьверная", "Голова шпиндельная"),  # two words each side
    ],
)
def test_a_merge_never_teaches_a_veto_away(a: str, b: str) -> None:
    learned = learn_from_merges([(a, b)])
    assert learned.words == () and learned.phrases == ()
    assert not same(a, b, learned)


def test_a_learned_table_cannot_lift_a_veto_even_when_edited() -> None:
    data = learn_from_merges([("Головка револьверная", "Голова револьверная")]).to_json()
    words = data["words"]
    assert isinstance(words, list)
    data["words"] = [*words, ["вертикальный", "горизонтальный"]]
    tampered = LearnedTable.from_json(data)
    assert tampered.words == (("головка", "голова"),)
    assert not same("Станок вертикальный", "Станок горизонтальный", tampered)


def test_equivalences_are_transitive_and_the_order_of_merges_does_not_matter() -> None:
    pairs = [("Головка револьверная", "Голова револьверная"), ("Голова револьверная", "Башка револьверная")]
    shuffled = pairs[::-1]
    a, b = learn_from_merges(pairs), learn_from_merges(shuffled)
    assert a == b
    assert dict(a.words) == {"головка": "башка", "голова": "башка"}
    assert same("Головка револьверная", "Башка револьверная", a)


def test_json_round_trip() -> None:
    learned = learn_from_merges(
        [
            ("Головка револьверная", "Голова револьверная"),
            ("Станок с СОИ", "Станок с системой отображения информации"),
        ]
    )
    data = json.loads(json.dumps(learned.to_json(), ensure_ascii=False))
    assert data["format"] == 1 and data["morphology"] == lemmatiser().name
    assert LearnedTable.from_json(data) == learned


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": 2}, "learned table format 2, expected 1"),
        (
            {"morphology": "snowball/russian"},
            "learned with 'snowball/russian', this matcher uses 'pymorphy3/",
        ),
        ({"morphology": "stanza/1"}, "learned with 'stanza/1', this matcher uses 'pymorphy3/"),
        ({"words": "головка"}, "malformed learned table: expected a list"),
        ({"words": [["a", "b", "c"]]}, "malformed learned table: expected a pair, got ['a', 'b', 'c']"),
    ],
)
def test_a_table_that_cannot_be_used_says_so(change: dict[str, object], message: str) -> None:
    data = {**learn_from_merges([]).to_json(), **change}
    with pytest.raises(LearnedTableError) as error:
        LearnedTable.from_json(data)
    assert str(error.value).startswith(message)


def test_learning_is_deterministic_on_a_shuffled_sample() -> None:
    from bench.matching_data import labelled_pairs

    pairs = [(p.a.name, p.b.name) for p in labelled_pairs(60, seed=3) if p.same]
    shuffled = pairs[:]
    random.Random(1).shuffle(shuffled)
    assert learn_from_merges(pairs) == learn_from_merges(shuffled)
