"""Generator of the illustrative sample list (``data/sample_list.xlsx``).

The workbook looks like what the two ministries actually send: one sheet per country, title
lines above the header, different column orders and header words per sheet, a two-row merged
header and a row of column numbers on the Belarusian sheet, section rows that set the group on
the Russian sheet, merged name cells over several producers, numbers written as text with
(non-breaking) spaces, "+/-" and "да/нет", quarter-and-year launch dates, a footnote. That way
the sample exercises the reader's tolerance as well as the rules.

The content is deterministic for a seed: a fixed set of *designated* positions guarantees every
colour, every duplication kind, a localisation blocker and cells a planner would want to
override; the remaining positions draw their situation from a pool with a seeded RNG.

Run ``python scripts/sample_list.py data/sample_list.xlsx`` to re-make the committed file.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

DEFAULT_SEED = 2026
ILLUSTRATIVE_NOTE = "Данные условные, предприятия вымышлены (иллюстративный пример)"
BY_SHEET = "Беларусь"
RU_SHEET = "Россия"

# ---------------------------------------------------------------------------------------------
# Positions: Russian names derived from the HS reference (shared/reference/hs_machine_tools.csv)
# ---------------------------------------------------------------------------------------------

G_CUTTING = "Металлорежущие станки"
G_FORMING = "Кузнечно-прессовое оборудование"
G_UNITS = "Узлы и приспособления"
G_ELECTRO = "Системы ЧПУ, приводы, датчики и лазерные источники"
G_MECH = "Подшипники, передачи и гидравлика"
G_TOOLS = "Инструмент"

GROUP_KIND = {
    G_CUTTING: "machine",
    G_FORMING: "machine",
    G_UNITS: "component",
    G_ELECTRO: "component",
    G_MECH: "component",
    G_TOOLS: "tool",
}
GROUP_PREFIX = {G_CUTTING: "М", G_FORMING: "П", G_UNITS: "У", G_ELECTRO: "Э", G_MECH: "Д", G_TOOLS: "И"}

# (slug, group, hs6, name, used_in slugs)
_POSITIONS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("laser6", G_CUTTING, "845611", "Станки лазерной резки листового металла с ЧПУ, источник до 6 кВт", ()),
    (
        "laser20",
        G_CUTTING,
        "845611",
        "Станки лазерной резки листового металла с ЧПУ, источник свыше 6 кВт",
        (),
    ),
    ("lasertube", G_CUTTING, "845611", "Станки лазерные для резки труб и профиля", ()),
    ("edmwire", G_CUTTING, "845630", "Станки электроэрозионные проволочно-вырезные", ()),
    ("edmsink", G_CUTTING, "845630", "Станки электроэрозионные копировально-прошивочные", ()),
    ("plasma", G_CUTTING, "845640", "Станки плазменной резки с ЧПУ", ()),
    ("waterjet", G_CUTTING, "845650", "Машины водоструйные резательные с ЧПУ", ()),
    ("vmc", G_CUTTING, "845710", "Центры обрабатывающие вертикальные трёхосевые", ()),
    ("hmc", G_CUTTING, "845710", "Центры обрабатывающие горизонтальные", ()),
    ("mc5", G_CUTTING, "845710", "Центры обрабатывающие пятиосевые", ()),
    ("unit1", G_CUTTING, "845720", "Станки агрегатные однопозиционные", ()),
    ("transfer", G_CUTTING, "845730", "Линии автоматические из агрегатных многопозиционных станков", ()),
    (
        "lathe400",
        G_CUTTING,
        "845811",
        "Станки токарные горизонтальные с ЧПУ, диаметр обработки до 400 мм",
        (),
    ),
    (
        "lathe1000",
        G_CUTTING,
        "845811",
        "Станки токарные горизонтальные с ЧПУ, диаметр обработки 400–1000 мм",
        (),
    ),
    ("turncentre", G_CUTTING, "845811", "Центры токарные с приводным инструментом", ()),
    ("latheheavy", G_CUTTING, "845811", "Станки токарные тяжёлые с ЧПУ, диаметр обработки свыше 1000 мм", ()),
    ("vtl", G_CUTTING, "845891", "Станки токарно-карусельные с ЧПУ", ()),
    ("swiss", G_CUTTING, "845891", "Автоматы токарные продольного точения с ЧПУ", ()),
    ("drill", G_CUTTING, "845921", "Станки сверлильные с ЧПУ", ()),
    ("deepdrill", G_CUTTING, "845921", "Станки глубокого сверления с ЧПУ", ()),
    ("boring", G_CUTTING, "845931", "Станки расточно-фрезерные горизонтальные с ЧПУ", ()),
    ("jigbore", G_CUTTING, "845931", "Станки координатно-расточные с ЧПУ", ()),
    ("vmill", G_CUTTING, "845961", "Станки фрезерные вертикальные с ЧПУ", ()),
    ("gantry", G_CUTTING, "845961", "Станки продольно-фрезерные портальные с ЧПУ", ()),
    ("thread", G_CUTTING, "845970", "Станки резьбонарезные", ()),
    ("surfgrind", G_CUTTING, "846012", "Станки плоскошлифовальные с ЧПУ", ()),
    ("centreless", G_CUTTING, "846022", "Станки бесцентрово-шлифовальные с ЧПУ", ()),
    ("cylgrind", G_CUTTING, "846023", "Станки круглошлифовальные с ЧПУ", ()),
    ("intgrind", G_CUTTING, "846023", "Станки внутришлифовальные с ЧПУ", ()),
    ("toolgrind", G_CUTTING, "846031", "Станки заточные с ЧПУ для концевого инструмента", ()),
    ("hone", G_CUTTING, "846040", "Станки хонинговальные", ()),
    ("broach", G_CUTTING, "846130", "Станки протяжные горизонтальные", ()),
    ("hob", G_CUTTING, "846140", "Станки зубофрезерные с ЧПУ", ()),
    ("geargrind", G_CUTTING, "846140", "Станки зубошлифовальные с ЧПУ", ()),
    ("shaper", G_CUTTING, "846140", "Станки зубодолбёжные с ЧПУ", ()),
    ("bandsaw", G_CUTTING, "846150", "Станки ленточнопильные", ()),
    ("coldsaw", G_CUTTING, "846150", "Станки отрезные дисковые", ()),
    ("forgepress", G_FORMING, "846211", "Прессы кривошипные горячештамповочные", ()),
    ("radialforge", G_FORMING, "846211", "Машины радиально-ковочные", ()),
    ("brake100", G_FORMING, "846223", "Прессы листогибочные с ЧПУ, усилие до 100 т", ()),
    ("brake400", G_FORMING, "846223", "Прессы листогибочные с ЧПУ, усилие свыше 100 т", ()),
    ("punch", G_FORMING, "846242", "Прессы координатно-пробивные с ЧПУ", ()),
    ("hydpress", G_FORMING, "846261", "Прессы гидравлические штамповочные", ()),
    ("powderpress", G_FORMING, "846261", "Прессы гидравлические для порошковой металлургии", ()),
    ("mech1", G_FORMING, "846262", "Прессы механические однокривошипные", ()),
    ("mech2", G_FORMING, "846262", "Прессы механические двухкривошипные", ()),
    ("threadroll", G_FORMING, "846320", "Станки резьбонакатные", ()),
    ("wire", G_FORMING, "846330", "Станки для обработки проволоки", ()),
    (
        "toolholder",
        G_UNITS,
        "846610",
        "Оправки и патроны инструментальные HSK и ISO",
        ("vmc", "hmc", "mc5", "vmill"),
    ),
    ("diehead", G_UNITS, "846610", "Головки резьбонарезные самораскрывающиеся", ("thread",)),
    (
        "chuck",
        G_UNITS,
        "846620",
        "Патроны токарные механизированные",
        ("lathe400", "lathe1000", "turncentre"),
    ),
    ("vice", G_UNITS, "846620", "Тиски станочные прецизионные", ("vmc", "vmill")),
    ("rotary", G_UNITS, "846630", "Столы поворотные с ЧПУ", ("hmc", "mc5", "boring")),
    ("dividing", G_UNITS, "846630", "Головки делительные", ("hob", "vmill")),
    ("spindle", G_UNITS, "846693", "Шпиндельные узлы (мотор-шпиндели)", ("vmc", "mc5", "turncentre")),
    (
        "turret",
        G_UNITS,
        "846693",
        "Головки револьверные с приводным инструментом",
        ("turncentre", "lathe400", "swiss"),
    ),
    ("bed", G_UNITS, "846693", "Станины литые чугунные", ("lathe1000", "latheheavy", "gantry")),
    ("magazine", G_UNITS, "846693", "Магазины инструментов", ("vmc", "hmc", "mc5")),
    (
        "gspindle",
        G_UNITS,
        "846693",
        "Шпиндели прецизионные для шлифовальных станков",
        ("cylgrind", "intgrind", "surfgrind"),
    ),
    ("pressparts", G_UNITS, "846694", "Муфты-тормоза и станины прессов", ("mech1", "mech2", "forgepress")),
    (
        "servo",
        G_ELECTRO,
        "850152",
        "Серводвигатели переменного тока 0,75–75 кВт",
        ("vmc", "lathe400", "mc5", "gantry"),
    ),
    ("spmotor", G_ELECTRO, "850152", "Двигатели шпиндельные асинхронные", ("lathe1000", "vtl", "boring")),
    ("drive", G_ELECTRO, "850440", "Сервоприводы (сервоусилители)", ("vmc", "lathe400", "mc5", "brake100")),
    ("vfd", G_ELECTRO, "850440", "Преобразователи частоты для главного привода", ("lathe1000", "vtl")),
    ("cnc", G_ELECTRO, "853710", "Системы ЧПУ", ("vmc", "mc5", "lathe400", "turncentre", "laser6")),
    ("panel", G_ELECTRO, "853710", "Пульты управления станочные", ("vmill", "drill")),
    (
        "scale",
        G_ELECTRO,
        "903180",
        "Датчики линейных перемещений (линейки оптические)",
        ("mc5", "jigbore", "cylgrind"),
    ),
    ("probe", G_ELECTRO, "903180", "Щупы измерительные контактные", ("vmc", "mc5")),
    ("encoder", G_ELECTRO, "903180", "Энкодеры угловые", ("mc5", "rotary")),
    ("fiber6", G_ELECTRO, "901320", "Источники лазерные волоконные до 6 кВт", ("laser6", "lasertube")),
    ("fiber20", G_ELECTRO, "901320", "Источники лазерные волоконные свыше 6 кВт", ("laser20",)),
    ("ballscrew", G_MECH, "848340", "Передачи шарико-винтовые (ШВП)", ("vmc", "lathe400", "mc5", "jigbore")),
    ("gearbox", G_MECH, "848340", "Редукторы прецизионные", ("rotary", "vtl")),
    ("spbearing", G_MECH, "848210", "Подшипники шпиндельные прецизионные", ("spindle", "gspindle")),
    ("linear", G_MECH, "848280", "Направляющие линейные роликовые", ("vmc", "mc5", "gantry")),
    ("cylinder", G_MECH, "841221", "Гидроцилиндры", ("hydpress", "brake400", "powderpress")),
    ("endmill", G_TOOLS, "820770", "Фрезы концевые твердосплавные", ()),
    ("facemill", G_TOOLS, "820770", "Фрезы торцевые сборные", ()),
    ("hobcutter", G_TOOLS, "820770", "Фрезы червячные зуборезные", ()),
    ("turntool", G_TOOLS, "820780", "Резцы токарные сборные", ()),
    ("holder", G_TOOLS, "820780", "Державки токарные", ()),
    ("insert", G_TOOLS, "820900", "Пластины твердосплавные сменные", ()),
    ("pcd", G_TOOLS, "820900", "Пластины из сверхтвёрдых материалов", ()),
    ("wheel", G_TOOLS, "680422", "Круги шлифовальные на керамической связке", ()),
    ("cbnwheel", G_TOOLS, "680422", "Круги шлифовальные эльборовые", ()),
)


@dataclass(frozen=True)
class Position:
    slug: str
    code: str
    name: str
    kind: str  # machine / component / tool
    group: str
    hs6: str
    used_in: tuple[str, ...]  # position codes of machines using this component


@dataclass(frozen=True)
class Firm:
    """An invented enterprise. ``spelling`` lets a second row write the same firm differently."""

    name: str
    country: str
    tax_id: str | None
    groups: tuple[str, ...]


# Invented enterprises. Names avoid real plants; the tax ids are made up.
_BY_FIRMS: tuple[Firm, ...] = (
    Firm("ОАО «Полесский станкозавод»", "BY", "291234561", (G_CUTTING,)),
    Firm("ОАО «Березинский завод станков»", "BY", "691234562", (G_CUTTING,)),
    Firm("РУП «Нарочанский механический завод»", "BY", None, (G_CUTTING, G_FORMING)),
    Firm("ООО «Ошмянский станкоцентр»", "BY", "591234563", (G_CUTTING,)),
    Firm("ОАО «Двинские прессы»", "BY", "391234564", (G_FORMING,)),
    Firm("ООО «Лидские шпиндели»", "BY", None, (G_UNITS,)),
    Firm("СООО «Браслав-Гидравлика»", "BY", "391234566", (G_MECH, G_UNITS)),
    Firm("ООО «Свислочь-Привод»", "BY", "191234567", (G_ELECTRO,)),
    Firm("ОДО «Припять-Электроника»", "BY", None, (G_ELECTRO,)),
    Firm("УП «Сожский подшипниковый завод»", "BY", "491234568", (G_MECH,)),
    Firm("ЗАО «Неманский инструментальный завод»", "BY", "591234569", (G_TOOLS,)),
    Firm("ЧУП «Налибоки-Абразив»", "BY", None, (G_TOOLS,)),
    Firm("ООО «Лучеса-Фотоника»", "BY", "391234570", (G_ELECTRO,)),
)
_RU_FIRMS: tuple[Firm, ...] = (
    Firm("АО «Окский станкостроительный завод»", "RU", "6234512345", (G_CUTTING,)),
    Firm("ПАО «Волжские станки»", "RU", "6312345678", (G_CUTTING,)),
    Firm("АО «Шекснинский завод тяжёлых станков»", "RU", "3523456789", (G_CUTTING,)),
    Firm("ООО «Ветлуга-Станкоцентр»", "RU", None, (G_CUTTING,)),
    Firm("АО «Тверецкий завод шлифовальных станков»", "RU", "6912345670", (G_CUTTING,)),
    Firm("АО «Сибирские прессы»", "RU", "5401234567", (G_FORMING,)),
    Firm("ООО «Клязьма-Пресс»", "RU", None, (G_FORMING,)),
    Firm("ЗАО «Ладога-Привод»", "RU", "7801234567", (G_ELECTRO,)),
    Firm("ООО «Вятка-ЧПУ»", "RU", "4345678901", (G_ELECTRO,)),
    Firm("ООО «Мста-Метрология»", "RU", None, (G_ELECTRO,)),
    Firm("АО «Ловать-Лазер»", "RU", "5321234567", (G_ELECTRO,)),
    # Its INN starts with 0: written as a number in the sheet it loses the zero (a reader quirk).
    Firm("АО «Агидель-Шпиндель»", "RU", "0274123456", (G_UNITS,)),
    Firm("АО «Онежский подшипник»", "RU", "1001234567", (G_MECH,)),
    Firm("ООО «Селигер-Гидро»", "RU", "6901234568", (G_MECH, G_UNITS)),
    Firm("ООО «Камский инструмент»", "RU", "1650123456", (G_TOOLS,)),
    Firm("ООО «Донские абразивы»", "RU", None, (G_TOOLS,)),
    Firm("АО «Тиманский завод режущего инструмента»", "RU", "1101234567", (G_TOOLS,)),
)
# Spelling variants of existing firms, used on one row each (same-enterprise? cases).
_OKA_VARIANT = Firm("Окский станкостроителный завод", "RU", None, (G_CUTTING,))  # a typo, no INN
_DVINA_VARIANT = Firm("ОАО «Завод Двинские прессы»", "BY", "391234564", (G_FORMING,))  # same UNP: one firm


# ---------------------------------------------------------------------------------------------
# Situations: what one country's rows for one position look like
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SampleRow:
    firm: Firm | None  # None: a row with no producer (none yet, or still to be chosen)
    existing: bool
    capacity: float | None = None
    action: str | None = None  # "new" / "modernise"
    launch_year: int | None = None
    note: str | None = None


@dataclass
class SampleList:
    """The generated content before it is laid out in sheets (also handy for tests and benches)."""

    positions: list[Position]
    rows: dict[str, dict[str, list[SampleRow]]]  # country -> position code -> rows (absent: none)
    demand: dict[tuple[str, str], int]  # (position code, country) -> units/year
    expected: dict[tuple[str, str], str] = field(default_factory=dict)  # (code, country) -> colour
    designated: dict[str, str] = field(default_factory=dict)  # scenario -> position code


# Situation codes -> the colour the docs/domain.md §4 rules give them.
_SITUATION_COLOUR = {
    "G1": "green",  # serial production, capacity >= demand
    "G2": "green",  # serial production, no demand stated
    "G3": "green",  # two producers whose sum covers demand
    "GX": "green",  # production plus an expansion (action new) that already covers
    "Y1": "yellow",  # production too small
    "Y2": "yellow",  # production that needs modernisation
    "Y3": "yellow",  # new capacity planned, none yet
    "Y4": "yellow",  # production of unknown size against a stated demand
    "Y5": "yellow",  # new capacity planned, producer still to be chosen (anonymous record)
    "Y6": "yellow",  # two enterprises of one country plan new capacity
    "R1": "red",  # no producer, nothing planned
    "R2": "red",  # the position is not on this country's list at all
    "R3": "red",  # "production exists" with capacity 0 (stopped)
    "RM": "red",  # modernisation claimed without production (a remark; counts as neither)
}

# Designated positions: (slug, BY situation, RU situation, scenario name, note for BY, note for RU)
_DESIGNATED: tuple[tuple[str, str, str, str, str | None, str | None], ...] = (
    ("mc5", "Y3", "Y3", "parallel-new across borders", None, None),
    ("geargrind", "Y3", "Y3", "parallel-new across borders (2)", None, None),
    ("fiber6", "R1", "Y6", "parallel-new within Russia", None, None),
    ("insert", "Y3", "G1", "partner-covers (BY plans, RU green)", None, None),
    ("brake100", "G1", "Y3", "partner-covers (RU plans, BY green)", None, None),
    ("cylgrind", "Y1", "G1", "UNION green: RU surplus covers BY shortfall", None, None),
    ("fiber20", "R1", "R1", "red everywhere: blocks laser machines", None, None),
    ("encoder", "R1", "R2", "red everywhere: blocks five-axis centres", None, None),
    ("lathe400", "G3", "G1", "green everywhere with two BY producers", None, None),
    ("hone", "RM", "R1", "remark: modernisation without production", None, None),
    ("swiss", "R3", "Y4", "capacity 0 and unknown capacity", "Производство приостановлено в 2024 г.", None),
    ("transfer", "Y5", "R1", "anonymous planned producer", "Исполнитель определяется", None),
    ("vtl", "GX", "Y2", "expansion counts as covering", None, None),
    (
        "spindle",
        "R1",
        "Y1",
        "override-worthy: BY says none, note says mastered",
        "Производство освоено в 2025 г., сведения в перечень не внесены",
        None,
    ),
    (
        "gantry",
        "Y2",
        "G1",
        "override-worthy: RU green but capacity taken",
        None,
        "Мощность полностью загружена гособоронзаказом",
    ),
    ("bandsaw", "G1", "G1", "same-enterprise? (fuzzy name) in RU", None, None),
    ("coldsaw", "R1", "G2", "same-enterprise? (full name of the fuzzy pair)", None, None),
    ("mech2", "G3", "R1", "one UNP under two names in BY: one enterprise, no warning", None, None),
)

# Pairs drawn for the other positions. No pair plans new capacity in one country while the
# other is green or also plans it: those are the designated duplication cases, kept countable.
# Only Russia's list leaves positions out (R2): the Belarusian sheet comes first and so sets
# the list order, which then follows the sections.
_POOL: tuple[tuple[str, str], ...] = (
    ("G1", "G1"),
    ("G1", "Y1"),
    ("Y1", "G1"),
    ("G2", "R1"),
    ("R1", "G2"),
    ("Y2", "Y1"),
    ("Y2", "G1"),
    ("R1", "R1"),
    ("Y2", "R2"),
    ("G3", "Y4"),
    ("Y4", "R1"),
    ("Y3", "R1"),
    ("R1", "Y3"),
    ("Y5", "R2"),
    ("G1", "R3"),
    ("Y1", "Y2"),
    ("G2", "G1"),
    ("Y3", "R2"),
)

_NOTES = (
    "Серийный выпуск с 2019 г.",
    "Поставки по кооперации",
    "Мелкосерийное производство",
    "Требуется обновление парка станков",
    None,
)


def _build_positions(count: int | None) -> list[Position]:
    counters: dict[str, int] = {}
    by_slug: dict[str, str] = {}
    base: list[tuple[str, str, str, str, tuple[str, ...]]] = list(_POSITIONS)
    for slug, group, _hs, _name, _used in base:
        prefix = GROUP_PREFIX[group]
        counters[prefix] = counters.get(prefix, 0) + 1
        by_slug[slug] = f"{prefix}-{counters[prefix]:02d}"
    positions = [
        Position(slug, by_slug[slug], name, GROUP_KIND[group], group, hs, tuple(by_slug[u] for u in used))
        for slug, group, hs, name, used in base
    ]
    # More positions on request (benchmarks): numbered "исполнения" of the base list.
    extra = 0 if count is None else max(0, count - len(positions))
    variant = 2
    while extra > 0:
        for pos in list(positions[: len(base)]):
            if extra == 0:
                break
            positions.append(
                Position(
                    f"{pos.slug}-{variant}",
                    f"{pos.code}-{variant}",
                    f"{pos.name}, исполнение {variant}",
                    pos.kind,
                    pos.group,
                    pos.hs6,
                    tuple(f"{u}-{variant}" for u in pos.used_in),
                )
            )
            extra -= 1
        variant += 1
    if count is not None and count < len(positions):
        positions = positions[:count]
    return positions


def _demand_for(rng: random.Random, kind: str, country: str) -> int:
    # Russia's market is several times larger, so its stated demand is too.
    factor = 4 if country == "RU" else 1
    if kind == "machine":
        return rng.choice((4, 6, 8, 10, 12, 15, 20, 25, 30, 40, 60)) * factor
    if kind == "component":
        return rng.choice((60, 80, 120, 150, 200, 300, 450, 600, 900, 1200)) * factor
    return rng.choice((2000, 5000, 8000, 12000, 20000, 40000)) * factor


def _pick(rng: random.Random, firms: Sequence[Firm], group: str, avoid: Sequence[Firm] = ()) -> Firm:
    fitting = [f for f in firms if group in f.groups and f not in avoid] or [
        f for f in firms if f not in avoid
    ]
    return rng.choice(fitting)


def _rows_for(
    situation: str,
    rng: random.Random,
    firms: Sequence[Firm],
    group: str,
    demand: int | None,
    note: str | None,
) -> tuple[list[SampleRow], bool]:
    """Rows of one country for one position, and whether demand should be stated."""
    d = demand or 10
    year = rng.choice((2025, 2026, 2027, 2028))
    plain_note = note if note is not None else rng.choice(_NOTES)
    one = _pick(rng, firms, group)
    if situation == "G1":
        return [SampleRow(one, True, round(d * rng.uniform(1.1, 2.0)), note=plain_note)], True
    if situation == "G2":
        cap = rng.choice((None, round(d * rng.uniform(0.5, 2.0))))
        return [SampleRow(one, True, cap, note=plain_note)], False
    if situation == "G3":
        two = _pick(rng, firms, group, avoid=(one,))
        first = round(d * rng.uniform(0.5, 0.8))
        return [SampleRow(one, True, first, note=plain_note), SampleRow(two, True, d - first + 1)], True
    if situation == "GX":
        return [
            SampleRow(one, True, round(d * 1.2), "new", year, "Расширение действующего производства")
        ], True
    if situation == "Y1":
        return [SampleRow(one, True, max(1, round(d * rng.uniform(0.3, 0.7))), note=plain_note)], True
    if situation == "Y2":
        cap = round(d * rng.uniform(0.4, 1.5))
        return [SampleRow(one, True, cap, "modernise", year, note or "Износ оборудования свыше 70 %")], True
    if situation == "Y3":
        return [SampleRow(one, False, None, "new", year, note)], True
    if situation == "Y4":
        return [SampleRow(one, True, None, note=note or "Мощность уточняется")], True
    if situation == "Y5":
        return [SampleRow(None, False, None, "new", year, note or "Исполнитель определяется")], True
    if situation == "Y6":
        two = _pick(rng, firms, group, avoid=(one,))
        return [
            SampleRow(one, False, None, "new", year, note),
            SampleRow(two, False, None, "new", year + 1, None),
        ], True
    if situation == "R1":
        return [SampleRow(None, False, None, None, None, note)], rng.random() < 0.6
    if situation == "R3":
        return [SampleRow(one, True, 0, note=note or "Производство приостановлено")], True
    if situation == "RM":
        return [SampleRow(one, False, None, "modernise", year, note)], True
    if situation == "R2":
        return [], False
    raise ValueError(f"unknown situation {situation}")


def build_sample(seed: int = DEFAULT_SEED, positions: int | None = None) -> SampleList:
    """The sample's content: positions, rows per country, demand and the expected colours."""
    rng = random.Random(seed)
    pos_list = _build_positions(positions)
    code_of = {p.slug: p.code for p in pos_list}
    designated = {slug: (by, ru, name, nby, nru) for slug, by, ru, name, nby, nru in _DESIGNATED}
    pool = list(_POOL)
    rng.shuffle(pool)
    rows: dict[str, dict[str, list[SampleRow]]] = {"BY": {}, "RU": {}}
    demand: dict[tuple[str, str], int] = {}
    expected: dict[tuple[str, str], str] = {}
    scenario: dict[str, str] = {}
    k = 0
    for pos in pos_list:
        if pos.slug in designated:
            by_sit, ru_sit, name, note_by, note_ru = designated[pos.slug]
            scenario[name] = pos.code
        else:
            by_sit, ru_sit = pool[k % len(pool)]
            note_by = note_ru = None
            k += 1
        for country, sit, note, firms in (
            ("BY", by_sit, note_by, _BY_FIRMS),
            ("RU", ru_sit, note_ru, _RU_FIRMS),
        ):
            d = _demand_for(rng, pos.kind, country)
            country_rows, with_demand = _rows_for(sit, rng, firms, pos.group, d, note)
            if sit != "R2":
                rows[country][pos.code] = country_rows
                if with_demand:
                    demand[(pos.code, country)] = d
            expected[(pos.code, country)] = _SITUATION_COLOUR[sit]
    _apply_spelling_variants(rows, code_of)
    _cover_union(rows, demand, code_of)
    return SampleList(pos_list, rows, demand, expected, scenario)


def _apply_spelling_variants(rows: dict[str, dict[str, list[SampleRow]]], code_of: dict[str, str]) -> None:
    # The fuzzy-name case: the Oka plant is the RU producer of band saws under a sloppy name,
    # and of cold saws under its full name, so both spellings occur in one list.
    oka = _RU_FIRMS[0]
    saw = rows["RU"].get(code_of.get("bandsaw", ""))
    if saw:
        rows["RU"][code_of["bandsaw"]] = [SampleRow(_OKA_VARIANT, *_tail(saw[0]))]
    cold = rows["RU"].get(code_of.get("coldsaw", ""))
    if cold:
        rows["RU"][code_of["coldsaw"]] = [SampleRow(oka, *_tail(cold[0]))]
    # One UNP written under two names on the BY list.
    presses = rows["BY"].get(code_of.get("mech2", ""))
    if presses and len(presses) == 2:
        presses[0] = SampleRow(_BY_FIRMS[4], *_tail(presses[0]))
        presses[1] = SampleRow(_DVINA_VARIANT, *_tail(presses[1]))


def _cover_union(
    rows: dict[str, dict[str, list[SampleRow]]], demand: dict[tuple[str, str], int], code_of: dict[str, str]
) -> None:
    # BY is short, RU has a surplus that covers both: the UNION is green while BY is yellow,
    # which is exactly the cooperation the diagram is meant to show.
    code = code_of.get("cylgrind")
    if code is None or (code, "BY") not in demand or (code, "RU") not in demand:
        return
    total = demand[(code, "BY")] + demand[(code, "RU")]
    firm = rows["RU"][code][0].firm
    rows["RU"][code] = [SampleRow(firm, True, total + 5, note="Мощность позволяет поставки в Беларусь")]


def _tail(row: SampleRow) -> tuple:
    return (row.existing, row.capacity, row.action, row.launch_year, row.note)


# ---------------------------------------------------------------------------------------------
# Layout: the two ministries' sheets
# ---------------------------------------------------------------------------------------------

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=12)
_ITALIC = Font(italic=True, color="555555")
_HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(wrap_text=True, horizontal="center", vertical="center")

_KIND_BY = {"machine": "станок", "component": "комплектующие", "tool": "инструмент"}
_KIND_RU = {"machine": "оборудование", "component": "комплектующие изделия", "tool": "инструменты"}


def _ru_number(value: float | int | None, fmt: random.Random) -> object:
    """Russian lists often hold numbers as text with a (non-breaking) space between thousands."""
    if value is None:
        return fmt.choice(("", "—"))
    number = int(value)
    if number >= 1000:
        sep = fmt.choice((" ", "\u00a0"))
        return f"{number:,}".replace(",", sep)
    return number if fmt.random() < 0.7 else f"{number} шт."


def _by_year(year: int | None, fmt: random.Random) -> object:
    if year is None:
        return None
    return year if fmt.random() < 0.5 else f"{year} г."


def _ru_year(year: int | None, fmt: random.Random) -> object:
    if year is None:
        return None
    return fmt.choice((f"{fmt.choice(('I', 'II', 'III', 'IV'))} кв. {year}", f"{year}–{year + 1}", str(year)))


def _by_sheet(wb: Workbook, sample: SampleList, fmt: random.Random) -> None:
    ws = wb.create_sheet(BY_SHEET)
    ws.append(
        [
            "Перечень станкоинструментальной продукции, производство которой необходимо создать или модернизировать"
        ]
    )
    ws.append(["Министерство промышленности Республики Беларусь"])
    ws.append([ILLUSTRATIVE_NOTE])
    ws.append([])
    ws["A1"].font = _TITLE
    ws["A3"].font = _ITALIC
    upper = [
        "№ п/п",
        "Код позиции",
        "Наименование продукции",
        "Вид",
        "Группа",
        "Код ТН ВЭД ЕАЭС",
        "Предприятие-изготовитель",
        "УНП",
        "Производство",
        None,
        "Потребность, шт./год",
        "Мероприятие",
        "Срок ввода",
        "Применяется в",
        "Примечание",
    ]
    lower = [None] * 8 + ["освоено", "мощность, шт./год"] + [None] * 5
    ws.append(upper)
    ws.append(lower)
    ws.append(list(range(1, len(upper) + 1)))  # the column-number row real lists carry
    head, numbers = 5, 7
    for col in range(1, len(upper) + 1):
        if col in (9, 10):
            continue
        ws.merge_cells(start_row=head, start_column=col, end_row=head + 1, end_column=col)
    ws.merge_cells(start_row=head, start_column=9, end_row=head, end_column=10)
    for r in (head, head + 1, numbers):
        for col in range(1, len(upper) + 1):
            cell = ws.cell(r, col)
            cell.font = _BOLD if r != numbers else _ITALIC
            cell.alignment = _CENTRE
            cell.fill = _HEAD_FILL
            cell.border = _BOX

    seen_tax: set[str] = set()
    running = 0
    for pos in sample.positions:
        rows = sample.rows["BY"].get(pos.code)
        if rows is None:
            continue
        running += 1
        first = ws.max_row + 1
        demand = sample.demand.get((pos.code, "BY"))
        for row in rows:
            firm = row.firm
            tax = None
            if firm is not None and firm.tax_id:
                # The first mention carries the UNP; later ones sometimes leave it out.
                if firm.tax_id not in seen_tax or fmt.random() < 0.6:
                    tax = firm.tax_id
                seen_tax.add(firm.tax_id)
            action = {"new": "создание", "modernise": "модернизация"}.get(row.action or "", "")
            if not action and firm is not None:
                action = fmt.choice(("нет", ""))
            ws.append(
                [
                    running,
                    pos.code,
                    pos.name,
                    _KIND_BY[pos.kind],
                    pos.group,
                    pos.hs6,
                    firm.name if firm else None,
                    tax,
                    "да" if row.existing else "нет",
                    None if row.capacity is None else int(row.capacity),
                    demand,
                    action or None,
                    _by_year(row.launch_year, fmt),
                    "; ".join(pos.used_in) or None,
                    row.note,
                ]
            )
        last = ws.max_row
        if last > first:
            # One position over several producers: its own cells are merged, as ministries do.
            for col in (1, 2, 3, 4, 5, 6, 11, 14):
                ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)
    for r in range(numbers + 1, ws.max_row + 1):
        for col in range(1, len(upper) + 1):
            ws.cell(r, col).border = _BOX
            ws.cell(r, col).alignment = _WRAP
    widths = (6, 10, 48, 14, 26, 12, 38, 12, 10, 12, 12, 14, 10, 18, 36)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = ws.cell(numbers + 1, 4)


def _ru_sheet(wb: Workbook, sample: SampleList, fmt: random.Random) -> None:
    ws = wb.create_sheet(RU_SHEET)
    ws.append(["Приложение к письму Минпромторга России"])
    ws.append(
        ["Перечень станкоинструментальной продукции и комплектующих (предложения Российской Федерации)"]
    )
    ws.append([ILLUSTRATIVE_NOTE])
    ws.append([])
    ws["A2"].font = _TITLE
    ws["A3"].font = _ITALIC
    header = [
        "Код",
        "Наименование",
        "Тип продукции",
        "Код ТН ВЭД",
        "Изготовитель",
        "ИНН",
        "Серийное производство (+/-)",
        "Производственная мощность (шт/год)",
        "Потребность (шт/год)",
        "Требуется",
        "Год ввода",
        "Применяется в (коды позиций)",
        "Примечание",
    ]
    ws.append(header)
    head = ws.max_row
    for col in range(1, len(header) + 1):
        cell = ws.cell(head, col)
        cell.font = _BOLD
        cell.alignment = _CENTRE
        cell.fill = _HEAD_FILL
        cell.border = _BOX

    seen_tax: set[str] = set()
    group = None
    section = 0
    for pos in sample.positions:
        rows = sample.rows["RU"].get(pos.code)
        if rows is None:
            continue
        if pos.group != group:
            # No group column here: section rows carry the group, as in the ministry's letter.
            group = pos.group
            section += 1
            ws.append([f"{section}. {group}"])
            ws.cell(ws.max_row, 1).font = _BOLD
        demand = sample.demand.get((pos.code, "RU"))
        for i, row in enumerate(rows):
            firm = row.firm
            tax: object = None
            if firm is not None and firm.tax_id:
                if firm.tax_id not in seen_tax or fmt.random() < 0.6:
                    # Typed in as a number, the INN with a leading zero loses it.
                    tax = int(firm.tax_id) if firm.tax_id.startswith("0") else firm.tax_id
                seen_tax.add(firm.tax_id)
            words = ("+", "+", "есть") if row.existing else ("-", "−", "нет")
            existing = fmt.choice(words)
            if row.action == "new":
                action = "создание нового производства"
            elif row.action == "modernise":
                action = fmt.choice(("техническое перевооружение", "модернизация"))
            else:
                action = fmt.choice(("не требуется", "—", None))
            ws.append(
                [
                    pos.code,
                    pos.name,
                    _KIND_RU[pos.kind],
                    f"{pos.hs6[:4]} {pos.hs6[4:]}",
                    firm.name if firm else None,
                    tax,
                    existing,
                    _ru_number(row.capacity, fmt) if row.existing or row.capacity is not None else "—",
                    _ru_number(demand, fmt) if (demand is not None and i == 0) else None,
                    action,
                    _ru_year(row.launch_year, fmt),
                    ", ".join(pos.used_in) or None,
                    row.note,
                ]
            )
    ws.append([])
    ws.append(
        ["Примечание: мощность и потребность указаны в штуках в год; «+» — серийное производство освоено."]
    )
    ws.append(["Исполнитель: департамент станкостроения (условный)."])
    widths = (9, 48, 20, 11, 38, 13, 13, 15, 13, 24, 12, 20, 36)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = ws.cell(head + 1, 3)


_FIXED_TIME = (2026, 1, 15, 9, 0, 0)
_FIXED_STAMP = "2026-01-15T09:00:00Z"


def _deterministic_zip(data: bytes) -> bytes:
    """Re-pack the xlsx with fixed timestamps, so re-generating gives identical bytes (clean git)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    rf"\g<1>{_FIXED_STAMP}\g<3>",
                    text,
                )
                content = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, content)
    return out.getvalue()


def write_sample(sample: SampleList, target: str | Path | BinaryIO, *, seed: int = DEFAULT_SEED) -> None:
    """Lay ``sample`` out as the two ministries' sheets and save it to a path or binary buffer."""
    fmt = random.Random(seed + 1)  # formatting quirks drawn apart from the content
    wb = Workbook()
    wb.remove(wb.active)
    _by_sheet(wb, sample, fmt)
    _ru_sheet(wb, sample, fmt)
    wb.properties.creator = "svetofor.sample"  # kept: the committed file says so
    wb.properties.title = "Светофор: условный пример перечня"
    buffer = io.BytesIO()
    wb.save(buffer)
    data = _deterministic_zip(buffer.getvalue())
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(data)
    else:
        target.write(data)


def generate_sample(
    target: str | Path | BinaryIO, *, seed: int = DEFAULT_SEED, positions: int | None = None
) -> SampleList:
    """Generate the illustrative list and write it to ``target``; returns its content.

    ``positions`` above the base list (85) adds numbered variants, for benchmarks.
    """
    sample = build_sample(seed, positions)
    write_sample(sample, target, seed=seed)
    return sample


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python scripts/sample_list.py", description="Write the illustrative Svetofor sample list."
    )
    parser.add_argument("output", nargs="?", default="data/sample_list.xlsx")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--positions", type=int, default=None, help="number of positions (default: 85)")
    args = parser.parse_args(argv)
    sample = generate_sample(args.output, seed=args.seed, positions=args.positions)
    rows = sum(len(r) for country in sample.rows.values() for r in country.values())
    print(f"{args.output}: {len(sample.positions)} positions, {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
