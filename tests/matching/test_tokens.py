"""Steps 1 and 2: a name's text cleaned, then cut into tokens."""

from __future__ import annotations

import pytest

from svetofor.matching.morphology import lemmatiser
from svetofor.matching.tokens import CLAUSES, clean, tokens


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("Станок «Токарный»", "станок  токарный "),
        ("Шпиндель 24 000 об/мин", "шпиндель 24000 об/мин"),
        ("0,75 кВт", "0.75 квт"),
        ("Станок токарно–револьверный", "станок токарно-револьверный"),
        ("Станок токарно- револьверный", "станок токарно-револьверный"),
        ("Станки (в т.ч. карусельные)", "станки (  карусельные)"),
        ("F60 250х25", "f60 250х25"),  # a grade glued to letters is no thousands group
        ("Твёрдый\u00a0сплав", "твердый сплав"),
    ],
)
def test_clean(name: str, cleaned: str) -> None:
    assert clean(name) == cleaned


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("400x200мм", [("num", "400"), ("times", "x"), ("num", "200"), ("word", "мм")]),
        ("0.75-75", [("num", "0.75"), ("range", "-"), ("num", "75")]),
        ("ø400", [("word", "ø"), ("num", "400")]),
        ("16k20", [("code", "16к20")]),
        ("3-осевой", [("numeral", "3-осевый")]),
        ("трехосевой", [("numeral", "3-осевый")]),
        ("3-х", [("ordinal", "3")]),
        ("об/мин", [("word", "об/мин")]),
        ("кл.точн", [("word", "кл"), ("word", "точн")]),
    ],
)
def test_tokens(text: str, kinds: list[tuple[str, str]]) -> None:
    assert [(t.kind, t.value) for t in tokens(text, lemmatiser())] == kinds


def test_clauses_split_at_punctuation_and_spaced_dashes() -> None:
    assert CLAUSES.split("а, б; в (г) д - е") == ["а", " б", " в ", "г", " д", "е"]
