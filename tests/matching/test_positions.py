"""The entry points the store, service, import preview and UI use."""

from __future__ import annotations

import dataclasses

import pytest

from bench.matching_data import labelled_pairs, population
from svetofor.matching import (
    Candidate,
    IncomingMatch,
    PositionInfo,
    PositionSuggestion,
    compare_positions,
    learn_from_merges,
    match_incoming,
    suggest_positions,
)

BY, RU = frozenset({"BY"}), frozenset({"RU"})


def p(key: str, name: str, countries: frozenset[str] = frozenset(), **kw: str | None) -> PositionInfo:
    return PositionInfo(key, name, countries=countries, **kw)


def test_suggestions_pair_the_lists_and_say_why() -> None:
    positions = [
        p("BY-1", "Станок плоскошлифовальный", BY, hs_code="846012"),
        p("RU-7", "Плоскошлифовальный станок", RU, hs_code="8460 12 000 9"),
        p("RU-8", "Станок круглошлифовальный", RU, hs_code="846023"),
    ]
    assert suggest_positions(positions) == [
        PositionSuggestion("BY-1", "RU-7", 0.97, compare_positions(positions[0], positions[1]).reason)
    ]
    assert (
        suggest_positions(positions)[0].reason.text("ru")
        == "тот же раздел ТН ВЭД 8460 12; те же слова после нормализации"
    )


def test_positions_of_one_list_or_held_by_both_are_not_suggested() -> None:
    positions = [
        p("BY-1", "Станок плоскошлифовальный", BY),
        p("BY-2", "Плоскошлифовальный станок", BY),  # one ministry's two products
        p("X", "Станок плоскошлифовальный.", frozenset({"BY", "RU"})),  # already matched
    ]
    assert suggest_positions(positions) == []
    everything = suggest_positions(positions, disjoint_lists=False)
    assert [(s.a_key, s.b_key) for s in everything] == [("BY-1", "X"), ("BY-1", "BY-2"), ("BY-2", "X")]


def test_unknown_lists_never_block_and_dismissed_pairs_stay_dismissed() -> None:
    positions = [p("a", "Фреза концевая"), p("b", "Фрезы концевые"), p("c", "Концевая фреза", RU)]
    assert {(s.a_key, s.b_key) for s in suggest_positions(positions)} == {("a", "b"), ("a", "c"), ("b", "c")}
    kept = suggest_positions(positions, dismissed=[frozenset({"b", "a"}), frozenset({"c", "b"})])
    assert [(s.a_key, s.b_key) for s in kept] == [("a", "c")]


def test_a_repeated_key_counts_once() -> None:
    positions = [p("a", "Фреза концевая", BY), p("a", "Фреза концевая", BY), p("b", "Фрезы концевые", RU)]
    assert len(suggest_positions(positions)) == 1


def test_learned_equivalences_reach_the_suggestions() -> None:
    positions = [p("BY-1", "Головка револьверная", BY), p("RU-1", "Голова револьверная", RU)]
    assert suggest_positions(positions) == []
    learned = learn_from_merges([("Головка револьверная", "Голова револьверная")])
    assert [(s.a_key, s.b_key) for s in suggest_positions(positions, learned=learned)] == [("BY-1", "RU-1")]


def test_incoming_rows_are_exact_probable_or_new() -> None:
    stored = [
        p("П-1", "Станок токарный с ЧПУ", BY, code="П-1", hs_code="845811"),
        p("станок фрезерный", "Станок фрезерный", BY),
        p("П-3", "Фреза концевая Ø10 мм", BY, code="П-3"),
        p("П-4", "Концевая фреза D10 мм", RU, code="П-4"),
        p("П-5", "Станок плоскошлифовальный", BY, code="П-5"),
    ]
    incoming = [
        p("П-1", "Станок токарный с ЧПУ", RU, code="П-1"),  # the same key
        p("12", "Фрезерный станок", RU, code="п-5 "),  # the same code, another product
        p("станок фрезерный", "СТАНОК ФРЕЗЕРНЫЙ", RU),  # the same key again
        p("9", "Фрезы концевые, Ø 10 мм", RU, code="9"),
        p("10", "Станок ленточнопильный", RU, code="10"),
    ]
    out = match_incoming(incoming, stored)
    assert [(m.key, m.status, m.stored_key) for m in out] == [
        ("П-1", "exact", "П-1"),
        ("12", "exact", "П-5"),
        ("станок фрезерный", "exact", "станок фрезерный"),
        ("9", "probable", "П-3"),
        ("10", "new", None),
    ]
    assert out[0].reason.text("ru") == "та же позиция" and out[0].conflict is None
    assert out[1].reason.text("ru") == "тот же код позиции п-5 "
    assert out[1].conflict is not None and out[1].conflict.text("ru") == (
        "тот же код позиции, но другое изделие: различаются слова: фрезерный / плоскошлифовальный"
    )
    assert [c.key for c in out[3].candidates] == ["П-3", "П-4"]
    assert all(isinstance(c, Candidate) and c.score > 0.8 for c in out[3].candidates)
    assert out[4] == IncomingMatch("10", "new", None, 0.0, out[4].reason)
    assert out[4].reason.text("en") == "no similar position"


def test_an_exactly_matched_stored_position_is_no_candidate_for_another_row() -> None:
    stored = [p("S", "Фреза концевая", BY)]
    incoming = [p("a", "Фреза концевая", RU), p("b", "Фрезы концевые", RU)]
    out = match_incoming(incoming, stored)
    assert [(m.status, m.stored_key) for m in out] == [("exact", "S"), ("new", None)]


def test_incoming_limit_keeps_the_best_candidates() -> None:
    stored = [p(f"S{i}", "Фреза концевая", BY, hs_code=hs) for i, hs in enumerate(("820770", None, "8207"))]
    (match,) = match_incoming([p("in", "Фрезы концевые", RU, hs_code="8207700000")], stored, limit=2)
    assert match.status == "probable" and [c.key for c in match.candidates] == ["S0", "S2"]


def test_everything_is_frozen() -> None:
    suggestion = PositionSuggestion("a", "b", 1.0, compare_positions(p("a", "x"), p("b", "x")).reason)
    for value in (p("a", "x"), suggestion, compare_positions(p("a", "x"), p("b", "x"))):
        with pytest.raises(dataclasses.FrozenInstanceError):
            value.key = "z"  # type: ignore[misc, union-attr]


def test_labelled_pairs_recall_and_no_trap() -> None:
    """The benchmark's generator on a small fixed sample: quality, not time."""
    pairs = labelled_pairs(300, seed=11)
    verdicts = [
        (
            lp,
            compare_positions(
                PositionInfo("a", lp.a.name, None, lp.a.hs_code, lp.a.kind),
                PositionInfo("b", lp.b.name, None, lp.b.hs_code, lp.b.kind),
            ),
        )
        for lp in pairs
    ]
    same = [v.match for lp, v in verdicts if lp.same]
    traps = [(lp.how, lp.a.name, lp.b.name) for lp, v in verdicts if not lp.same and v.match]
    assert sum(same) / len(same) >= 0.95
    assert traps == []
    assert len({lp.how for lp in pairs if not lp.same}) >= 25  # every kind of veto is tried


def test_population_recall_precision_and_no_trap() -> None:
    pop = population(1200, seed=5)
    positions = [
        PositionInfo(f"{c}-{i:05d}", w.name, None, w.hs_code, w.kind, None, frozenset({c}))
        for c, words in (("BY", pop.by), ("RU", pop.ru))
        for i, w in enumerate(words)
    ]
    offered = {(s.a_key, s.b_key) for s in suggest_positions(positions)}
    truth = {(f"BY-{i:05d}", f"RU-{j:05d}") for i, j in pop.true_pairs()}
    traps = {(f"BY-{i:05d}", f"RU-{j:05d}") for i, j in pop.traps}
    assert len(offered & truth) / len(truth) >= 0.95
    assert offered <= truth  # nothing wrong offered, so no trap either
    assert traps and not offered & traps
