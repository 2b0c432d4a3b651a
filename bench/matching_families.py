"""The product families of the labelled wordings (a data-only module: its length is its tables).

A family is a kind of product with its slots (type, axes, control, figures, designation) and
the ways lists write each value; :mod:`bench.matching_data` makes specs of them and writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bench.synth import REFERENCE

# ------------------------------------------------------------------ the product families
# adjective renderings are "singular|plural"; {v} a number, {rel} a relation, {unit} a unit

AXES = {
    n: (f"{n}-осев{{e}}", f"{word}осев{{e}}", f"{n}-х осев{{e}}")
    for n, word in ((3, "трёх"), (4, "четырёх"), (5, "пяти"))
}
REL_UPTO = {"≤": ("до", "не более"), ">": ("свыше", "более")}
NO_REL = {"": ("",)}
CNC = {
    "cnc": ("с ЧПУ", "ЧПУ", "с числовым программным управлением", "(ЧПУ)", "с ЧПУ"),
    "manual": ("без ЧПУ",),
}


@dataclass(frozen=True)
class Adj:
    name: str
    options: Mapping[str, tuple[str, ...]]  # value id -> renderings "sing|plur"
    optional: bool = False


@dataclass(frozen=True)
class Fig:
    name: str
    values: tuple[str, ...]
    patterns: tuple[str, ...]
    relations: Mapping[str, tuple[str, ...]]
    units: Mapping[str, tuple[str, ...]]
    optional: bool = True


@dataclass(frozen=True)
class Phrase:
    name: str
    options: Mapping[str, tuple[str, ...]]
    optional: bool = True


@dataclass(frozen=True)
class Model:
    name: str
    prefixes: tuple[str, ...]
    optional: bool = True


Slot = Adj | Fig | Phrase | Model


@dataclass(frozen=True)
class Family:
    id: str
    kind: str
    hs6: tuple[str, ...]
    noun: tuple[str, str]  # singular, plural
    generic: bool  # the noun may be left out ("Станок плоскошлифовальный" / "Плоскошлифовальный")
    slots: tuple[Slot, ...]
    ending: str = "ый"  # adjective gender of the noun: ый (masc), ая (fem), ые (plural noun)


# Families whose noun may carry a typo: long nouns outside the qualifier vocabulary, where the
# matcher promises to forgive one (docs/position-matching.md, "Typos").
TYPO_NOUNS = frozenset({"servo", "cylinder", "bearing"})


def _adj(*pairs: str) -> tuple[str, ...]:
    return pairs


MM = {"мм": ("мм", "мм.", "мм")}
# fmt: off
FAMILIES: tuple[Family, ...] = (
    Family("lathe", "machine", ("845811",), ("станок", "станки"), True, (
        Adj("type", {"t": _adj("токарный|токарные"), "tr": _adj("токарно-револьверный|токарно-револьверные",
                                                             "токарно–револьверный|токарно–револьверные"),
                     "tv": _adj("токарно-винторезный|токарно-винторезные")}),
        Adj("orient", {"h": _adj("горизонтальный|горизонтальные"), "v": _adj("вертикальный|вертикальные")}, True),
        Phrase("cnc", CNC),
        Fig("dia", ("250", "320", "400", "500", "630"), ("Ø обработки {rel} {v} {unit}", "диаметр обработки {rel} {v} {unit}",
            "диаметром обработки {rel} {v} {unit}", "диам. обработки {rel} {v} {unit}"), REL_UPTO, MM),
        Fig("rmc", ("710", "1000", "1500", "2000", "3000"), ("РМЦ {v} {unit}", "расстояние между центрами {v} {unit}"),
            NO_REL, MM),
        Model("model", ("16К", "16А", "СТ-", "ТС", "1М")),
    )),
    Family("mill", "machine", ("845961",), ("станок", "станки"), True, (
        Adj("type", {"f": _adj("фрезерный|фрезерные"), "kf": _adj("консольно-фрезерный|консольно-фрезерные")}),
        Adj("orient", {"h": _adj("горизонтальный|горизонтальные"), "v": _adj("вертикальный|вертикальные")}),
        Adj("axes", {str(n): AXES[n] for n in AXES}, True),
        Phrase("cnc", CNC),
        Fig("speed", ("8000", "12000", "15000", "24000"), ("шпиндель {v} {unit}", "частота вращения шпинделя {v} {unit}"),
            NO_REL, {"об/мин": ("об/мин", "об./мин", "мин-1")}),
        Fig("table", ("320x1250", "400x1600", "500x2000"), ("стол {v} {unit}", "стол {v}{unit}"), NO_REL, MM),
        Model("model", ("6Р1", "ФС", "ВМ", "6Т1")),
    )),
    Family("centre", "machine", ("845710",), ("центр обрабатывающий", "центры обрабатывающие"), False, (
        Adj("orient", {"h": _adj("горизонтальный|горизонтальные"), "v": _adj("вертикальный|вертикальные")}),
        Adj("axes", {str(n): AXES[n] for n in AXES}),
        Phrase("cnc", {"cnc": ("с ЧПУ", "с числовым программным управлением", "ЧПУ")}, True),
        Fig("travel", ("600", "800", "1000", "1500"), ("ход по оси X {v} {unit}", "ход по оси Х {v} {unit}"),
            NO_REL, MM),
        Model("model", ("МЦ", "ОЦ-", "VMC-", "ИС")),
    )),
    Family("grinder", "machine", ("846012",), ("станок", "станки"), True, (
        Adj("type", {"p": _adj("плоскошлифовальный|плоскошлифовальные"), "k": _adj("круглошлифовальный|круглошлифовальные"),
                     "v": _adj("внутришлифовальный|внутришлифовальные")}),
        Phrase("cnc", CNC),
        Phrase("class", {"П": ("класс точности П", "кл. точн. П", "класса точности П"),
                         "В": ("класс точности В", "кл. точн. В", "класса точности В"),
                         "А": ("класс точности А", "кл. точн. А")}),
        Fig("dia", ("200", "320", "500"), ("Ø шлифования {rel} {v} {unit}", "диаметр шлифования {rel} {v} {unit}"),
            REL_UPTO, MM),
        Model("model", ("3Е7", "3М1", "ШП-", "3Л2")),
    )),
    Family("press", "machine", ("846261",), ("пресс", "прессы"), False, (
        Adj("drive", {"g": _adj("гидравлический|гидравлические"), "m": _adj("механический|механические"),
                      "k": _adj("кривошипный|кривошипные")}),
        Adj("kind", {"l": _adj("листоштамповочный|листоштамповочные"), "o": _adj("однокривошипный|однокривошипные",
                                                                            "1-кривошипный|1-кривошипные")}, True),
        # "т" does not say it is a force, so the word "усилие" is always written with it
        Fig("force", ("63", "100", "160", "250", "400", "630"), ("усилием {v} {unit}", "усилие {v} {unit}"),
            NO_REL, {"тс": ("тс", "т.с.", "тс"), "т": ("т", "т")}, False),
        Phrase("cnc", CNC),
        Model("model", ("КД", "П6", "К2", "ПБ")),
    )),
    Family("endmill", "tool", ("820770",), ("фреза", "фрезы"), False, (
        Adj("type", {"k": _adj("концевая|концевые"), "t": _adj("торцевая|торцевые"), "d": _adj("дисковая|дисковые")}),
        Adj("mat", {"hm": _adj("твердосплавная|твердосплавные", "твёрдосплавная|твёрдосплавные"),
                    "hss": _adj("быстрорежущая|быстрорежущие")}),
        Fig("dia", ("6", "8", "10", "12", "16", "20", "25"), ("Ø{v} {unit}", "D{v} {unit}", "диаметром {v} {unit}",
            "Ø {v}"), NO_REL, MM, False),
        Adj("teeth", {"2": _adj("2-зубая|2-зубые", "двузубая|двузубые"), "4": _adj("4-зубая|4-зубые", "четырёхзубая|четырёхзубые")},
            True),
    ), "ая"),
    Family("cutter", "tool", ("820780",), ("резец", "резцы"), False, (
        Adj("type", {"p": _adj("проходной|проходные"), "o": _adj("отрезной|отрезные"), "r": _adj("расточной|расточные")}),
        Adj("lathe", {"t": _adj("токарный|токарные")}),
        Fig("section", ("16x16", "20x20", "25x25", "32x25"), ("сечение {v} {unit}", "сечением {v} {unit}"), NO_REL, MM),
        Phrase("grade", {"Т15К6": ("сплав Т15К6", "сплав T15K6"), "ВК8": ("сплав ВК8", "сплав BK8"),
                         "Т5К10": ("сплав Т5К10",)}),
    ), "ый"),
    Family("chuck", "component", ("846620",), ("патрон", "патроны"), False, (
        Adj("lathe", {"t": _adj("токарный|токарные")}),
        Adj("jaws", {"3": _adj("3-кулачковый|3-кулачковые", "трёхкулачковый|трёхкулачковые", "3-х кулачковый|3-х кулачковые"),
                     "4": _adj("4-кулачковый|4-кулачковые", "четырёхкулачковый|четырёхкулачковые"),
                     "6": _adj("6-кулачковый|6-кулачковые", "шестикулачковый|шестикулачковые")}),
        Adj("drive", {"s": _adj("самоцентрирующий|самоцентрирующие"), "g": _adj("гидравлический|гидравлические"),
                      "k": _adj("клиновой|клиновые")}, True),
        Fig("dia", ("160", "200", "250", "315", "400"), ("Ø{v} {unit}", "ф{v} {unit}", "диаметром {v} {unit}", "Ø {v}"),
            NO_REL, MM, False),
    )),
    Family("ballscrew", "component", ("848340",), ("передача шарико-винтовая", "передачи шарико-винтовые"), False, (
        Fig("dia", ("16", "20", "25", "32", "40"), ("Ø{v} {unit}", "диаметром {v} {unit}", "d{v} {unit}"), NO_REL, MM, False),
        Fig("pitch", ("5", "10", "20"), ("шаг {v} {unit}", "с шагом {v} {unit}"), NO_REL, MM, False),
        Phrase("class", {"П3": ("класс точности П3", "кл. точн. П3"), "П5": ("класс точности П5", "кл. точн. П5")}),
    ), "ая"),
    Family("spindle", "component", ("846693",), ("шпиндель", "шпиндели"), False, (
        Adj("type", {"m": _adj("моторный|моторные"), "r": _adj("ременной|ременные")}),
        Fig("speed", ("8000", "12000", "18000", "24000"), ("{v} {unit}", "частота вращения {v} {unit}"), NO_REL,
            {"об/мин": ("об/мин", "об./мин")}, False),
        Fig("power", ("7.5", "11", "15", "22"), ("{v} {unit}", "мощностью {v} {unit}"), NO_REL, {"кВт": ("кВт", "квт")}),
        Phrase("taper", {"HSK-A63": ("HSK-A63", "HSKA63"), "SK40": ("SK40", "SK-40"), "BT40": ("BT40", "BT-40")}),
    )),
    Family("servo", "component", ("850152",), ("серводвигатель", "серводвигатели"), False, (
        Adj("type", {"s": _adj("синхронный|синхронные"), "a": _adj("асинхронный|асинхронные")}),
        Fig("power", ("0.75", "1.5", "2.2", "5.5", "7.5"), ("{v} {unit}", "мощностью {v} {unit}"), NO_REL,
            {"кВт": ("кВт",)}, False),
        Fig("speed", ("2000", "3000", "6000"), ("{v} {unit}",), NO_REL, {"об/мин": ("об/мин", "об./мин")}),
    )),
    Family("bearing", "component", ("848210",), ("подшипник", "подшипники"), False, (
        Adj("use", {"s": _adj("шпиндельный|шпиндельные")}),
        Adj("type", {"ru": _adj("радиально-упорный|радиально-упорные"), "r": _adj("радиальный|радиальные"),
                     "u": _adj("упорный|упорные")}),
        Adj("body", {"b": _adj("шариковый|шариковые"), "r": _adj("роликовый|роликовые")}),
        Fig("bore", ("40", "50", "60", "70", "80"), ("Ø{v} {unit}", "диаметром {v} {unit}", "d{v}"), NO_REL, MM, False),
    )),
    Family("wheel", "tool", ("680422",), ("круг шлифовальный", "круги шлифовальные"), False, (
        Adj("mat", {"a": _adj("алмазный|алмазные"), "e": _adj("эльборовый|эльборовые"), "k": _adj("абразивный|абразивные")}),
        Fig("size", ("250x25x76", "400x40x127", "500x50x203"), ("{v} {unit}", "{v}{unit}"), NO_REL, MM, False),
        Phrase("grit", {"F60": ("F60",), "F80": ("F80",), "F46": ("F46",)}),
    )),
    Family("cylinder", "component", ("841221",), ("гидроцилиндр", "гидроцилиндры"), False, (
        Fig("bore", ("50", "63", "80", "100"), ("Ø{v} {unit}", "диаметром {v} {unit}", "Ø {v}"), NO_REL, MM, False),
        Fig("stroke", ("200", "400", "630", "1000"), ("ход {v} {unit}", "с ходом {v} {unit}"), NO_REL, MM, False),
        Fig("pressure", ("16", "25", "32"), ("{v} {unit}", "давление {v} {unit}"), NO_REL, {"МПа": ("МПа", "мпа")}),
    )),
    Family("laser", "machine", ("845611",), ("станок лазерной резки", "станки лазерной резки"), False, (
        Adj("source", {"f": _adj("волоконный|волоконные"), "c": _adj("газовый|газовые")}),
        Phrase("cnc", {"cnc": ("с ЧПУ", "ЧПУ", "с числовым программным управлением")}, True),
        Fig("power", ("1", "2", "3", "6", "12"), ("{v} {unit}", "мощностью {v} {unit}"), NO_REL,
            {"кВт": ("кВт",)}, False),
        Fig("table", ("1500x3000", "2000x4000", "2000x6000"), ("стол {v} {unit}", "стол {v}{unit}"), NO_REL, MM),
    )),
    Family("saw", "machine", ("846150",), ("станок", "станки"), True, (
        Adj("type", {"l": _adj("ленточнопильный|ленточнопильные"), "d": _adj("дисковопильный|дисковопильные")}),
        Adj("control", {"r": _adj("ручной|ручные"), "a": _adj("автоматический|автоматические"),
                        "p": _adj("полуавтоматический|полуавтоматические")}),
        Fig("cut", ("250", "320", "400", "500"), ("Ø заготовки {rel} {v} {unit}", "диаметр заготовки {rel} {v} {unit}"),
            REL_UPTO, MM),
    )),
    Family("bender", "machine", ("846223",), ("пресс листогибочный", "прессы листогибочные"), False, (
        Phrase("cnc", CNC),
        Fig("force", ("40", "100", "160", "250"), ("усилием {v} {unit}", "{v} {unit}"), NO_REL, {"тс": ("тс", "т.с.")}, False),
        Fig("length", ("2500", "3200", "4000"), ("длина гиба {v} {unit}", "длиной гиба {v} {unit}"), NO_REL, MM, False),
    )),
)
# fmt: on


def _reference_families() -> tuple[Family, ...]:
    """The HS reference names (bench/synth.py) with the suffixes synth.py gives them."""
    out = []
    for hs6, name, kind in REFERENCE:
        slots: tuple[Slot, ...]
        if kind == "machine":
            slots = (
                # always a model: a reference name never writes the very product of a hand-written family
                Model("model", ("СТ-", "ТФ-", "ФШ-", "КР-", "МП-"), optional=False),
                Fig("rmc", ("500", "750", "1000", "1500", "2000", "3000"), ("РМЦ {v} {unit}",), NO_REL, MM),
                Fig(
                    "dia",
                    ("250", "320", "400", "500", "630", "800"),
                    ("Ø {v} {unit}", "Ø{v} {unit}"),
                    NO_REL,
                    MM,
                ),
            )
        elif kind == "component":
            slots = (
                Fig(
                    "size",
                    ("16", "20", "25", "32", "40", "50", "63"),
                    ("типоразмер {v}",),
                    NO_REL,
                    {"": ("",)},
                    False,
                ),
            )
        else:
            slots = (
                Fig(
                    "dia",
                    ("6", "8", "10", "12", "16", "20"),
                    ("D{v} {unit}", "Ø{v} {unit}"),
                    NO_REL,
                    MM,
                    False,
                ),
                Phrase(
                    "alloy",
                    {
                        "ВК8": ("сплав ВК8",),
                        "Т15К6": ("сплав Т15К6", "сплав T15K6"),
                        "Т5К10": ("сплав Т5К10",),
                    },
                ),
            )
        out.append(Family(f"ref:{hs6}", kind, (hs6,), (name, name), False, slots, "ые"))
    return tuple(out)


HAND_FAMILIES = FAMILIES
REFERENCE_FAMILIES = _reference_families()
FAMILIES = HAND_FAMILIES + REFERENCE_FAMILIES
BY_FAMILY = {f.id: f for f in FAMILIES}
NOUN_ALTERNATIVES: dict[str, tuple[tuple[str, str], ...]] = {
    "ballscrew": (("ШВП", "ШВП"), ("шарико-винтовая передача", "шарико-винтовые передачи")),
    "centre": (("обрабатывающий центр", "обрабатывающие центры"),),
    "wheel": (("шлифовальный круг", "шлифовальные круги"),),
    "bender": (("листогибочный пресс", "листогибочные прессы"),),
}
