"""Audit entries in words: actions, cells by position name and country, changes, local time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from svetofor.audit_text import Names, describe

AT = datetime(2026, 3, 6, 7, 5, tzinfo=UTC)  # 10:05 in Minsk and Moscow
NAMES = Names(
    items={"М-31": "Станки плоскошлифовальные с ЧПУ"},
    enterprises={"e1": "ОАО «Станкозавод»", "e2": "ЗАО «Станкозавод»"},
)


@dataclass(frozen=True)
class E:
    action: str
    target: str
    before: Any = None
    after: Any = None
    at: datetime = AT
    user: str = "ivanova"


@pytest.mark.parametrize(
    ("entry", "action", "target", "change"),
    [
        (
            E(
                "override.set",
                "М-31|BY",
                None,
                {"colour": "yellow", "based_on": "red", "reason": "план 2027"},
            ),
            "цвет ячейки задан вручную",
            "Станки плоскошлифовальные с ЧПУ (М-31) — РБ",
            "красный → жёлтый; причина: план 2027",
        ),
        (
            E("override.set", "М-31|UNION", {"colour": "yellow"}, {"colour": "green", "based_on": "red"}),
            "цвет ячейки задан вручную",
            "Станки плоскошлифовальные с ЧПУ (М-31) — Союз",
            "жёлтый → зелёный",
        ),
        (
            E("override.clear", "М-99|RU", {"colour": "green", "based_on": "red"}, None),
            "ручная отметка снята",
            "М-99 — РФ",
            "зелёный → расчётный",
        ),
        (
            E(
                "import",
                "перечень.xlsx",
                {"records": 3},
                {"countries": ["BY"], "items": 2, "enterprises": 1, "records": 4},
            ),
            "загрузка перечня",
            "перечень.xlsx",
            "РБ: позиций 2, предприятий 1, записей 4",
        ),
        (
            E("review", "w1", None, {"state": "accepted", "reason": "разные рынки"}),
            "проверка предупреждения",
            "w1",
            "принято; причина: разные рынки",
        ),
        (
            E("merge", "e2", None, {"surviving": "e1"}),
            "предприятия объединены",
            "ЗАО «Станкозавод»",
            "в «ОАО «Станкозавод»»",
        ),
        (
            E("dismiss", "e1 + e2", None, {"keys": ["e1", "e2"]}),
            "отмечено «не одно предприятие»",
            "ОАО «Станкозавод», ЗАО «Станкозавод»",
            "",
        ),
        (
            E("snapshot", "Сессия 5", None, {"id": 3, "automatic": True}),
            "снимок сохранён",
            "Сессия 5",
            "автоматический",
        ),
        (
            E("user.put", "petrov", {"role": "viewer"}, {"role": "editor-BY"}),
            "пользователь добавлен или изменён",
            "petrov",
            "просмотр → редактор РБ",
        ),
        (E("login.failed", "petrov", None, {"ip": "10.0.0.1"}), "неудачная попытка входа", "petrov", ""),
        (E("positions.merge", "М-1 + М-2"), "positions.merge", "М-1 + М-2", ""),
    ],
)
def test_entry_in_words(entry: E, action: str, target: str, change: str) -> None:
    words = describe(entry, NAMES, "ru")
    assert (words.action, words.target, words.change) == (action, target, change)
    assert words.at == "06.03.2026 10:05" and words.user == "ivanova"


def test_naive_times_are_utc_and_english_words() -> None:
    words = describe(E("override.undo", "М-31|RU", at=datetime(2026, 3, 6, 21, 30)), NAMES, "en")
    assert words.at == "07.03.2026 00:30"
    assert (words.action, words.target) == (
        "colour change undone",
        "Станки плоскошлифовальные с ЧПУ (М-31) — RU",
    )
