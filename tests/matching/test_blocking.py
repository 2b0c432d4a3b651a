"""Blocking finds every pair the rule accepts, without comparing all pairs."""

from __future__ import annotations

import random

import pytest

from bench.matching_data import population
from svetofor.matching import PositionInfo, compare_positions, learn_from_merges, suggest_positions


def positions(n: int, seed: int) -> list[PositionInfo]:
    pop = population(n, seed=seed)
    out = [
        PositionInfo(f"{c}-{i:04d}", w.name, None, w.hs_code, w.kind, None, frozenset({c}))
        for c, words in (("BY", pop.by), ("RU", pop.ru))
        for i, w in enumerate(words)
    ]
    random.Random(seed).shuffle(out)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_blocked_search_finds_what_brute_force_finds(seed: int) -> None:
    sample = positions(300, seed)
    learned = learn_from_merges([("Головка револьверная", "Голова револьверная")])
    brute = set()
    for i, a in enumerate(sample):
        for b in sample[i + 1 :]:
            if a.countries != b.countries and compare_positions(a, b, learned).match:
                brute.add(tuple(sorted((a.key, b.key))))
    blocked = {(s.a_key, s.b_key) for s in suggest_positions(sample, learned=learned)}
    assert brute  # the sample has pairs to find
    assert blocked == brute


def test_typo_pairs_are_found_in_a_crowd_of_one_word_names() -> None:
    crowd = [
        PositionInfo(f"BY-{i}", f"Изделие{chr(0x430 + i % 32)}{i}", countries=frozenset({"BY"}))
        for i in range(600)
    ]
    pair = [
        PositionInfo("BY-x", "Серводвигатель", countries=frozenset({"BY"})),
        PositionInfo("RU-x", "Сервадвигатель", countries=frozenset({"RU"})),
    ]
    found = suggest_positions(crowd + pair)
    assert [(s.a_key, s.b_key) for s in found] == [("BY-x", "RU-x")]


def test_suggestions_are_deterministic_whatever_the_input_order() -> None:
    sample = positions(400, 7)
    first = suggest_positions(sample)
    again = suggest_positions(list(reversed(sample)))
    assert first == again
    assert first == sorted(first, key=lambda s: (-s.score, s.a_key, s.b_key))
