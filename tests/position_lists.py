"""Two ministries' lists that word the same products differently (docs/domain.md §8), as tiny
workbooks without a code column, for the tests of position merges (service, CLI, browser).

Minsk and Moscow both plan a surface grinder (one product: merged, a parallel-new warning);
Minsk makes end mills that Moscow plans anew (one product: merged, the partner covers it); the
cylindrical grinder is another product than the surface grinder and is never suggested."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HEADER = (
    "Наименование продукции",
    "Вид",
    "Группа",
    "Предприятие",
    "Наличие производства",
    "Мощность, шт./год",
    "Требуется",
    "Срок ввода",
)
BY_ROWS = [
    (
        "Станок плоскошлифовальный",
        "станок",
        "Шлифовальные",
        "ОАО Минский станкозавод",
        "нет",
        None,
        "создание",
        2027,
    ),
    (
        "Фреза концевая твердосплавная",
        "инструмент",
        "Инструмент",
        "ОАО Витебский завод",
        "да",
        500,
        None,
        None,
    ),
    ("Станок круглошлифовальный", "станок", "Шлифовальные", "ОАО Минский станкозавод", "да", 20, None, None),
]
RU_ROWS = [
    (
        "Плоскошлифовальный станок",
        "станок",
        "Шлифовальные",
        "АО Тверской завод",
        "нет",
        None,
        "создание",
        2028,
    ),
    (
        "Фрезы концевые твёрдосплавные",
        "инструмент",
        "Инструмент",
        "АО Сестрорецкий завод",
        "нет",
        None,
        "создание",
        2027,
    ),
]
# keys: the normalised names (no code column)
BY_GRINDER, RU_GRINDER = "станок плоскошлифовальный", "плоскошлифовальный станок"
BY_MILL, RU_MILL = "фреза концевая твердосплавная", "фрезы концевые твердосплавные"
BY_ROUND = "станок круглошлифовальный"


def write(path: Path, rows: list[tuple[object, ...]], sheet: str) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append([f"Перечень продукции ({sheet})"])
    ws.append(list(HEADER))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def write_lists(directory: Path) -> tuple[Path, Path]:
    """The Belarusian and the Russian list in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    return (
        write(directory / "by_positions.xlsx", BY_ROWS, "Беларусь"),
        write(directory / "ru_positions.xlsx", RU_ROWS, "Россия"),
    )
