"""Labelled wordings for the position matcher: products as specs, written the ways lists write.

A **spec** is a product: a family (template) and a value for each of its slots (type, axes,
control, figures, designation, HS code). A spec is **written** with a random style, the way
ministries word their lists: noun first or last, singular or plural, the generic noun left out,
ё or е, abbreviations or their long forms, numerals as digits or words, thousands spacing,
decimal comma or point, brackets, quotes, dash variants, upper case, a Latin look-alike letter
in a designation, now and then a typo in a long word. Two writings of one spec are the **same
position**; a spec with one slot changed (a figure, its relation or unit, a qualifier, the axis
count, the control, the designation, the HS heading) is a **trap**: a look-alike that is another
product. Truth is spec equality, so precision is exact, not estimated.

Used by ``bench/matching.py`` (20,000 positions) and by ``tests/matching`` (a small fixed-seed
sample), so the suite checks recall and zero traps on the same generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.synth import REFERENCE
from svetofor.vocabulary import normalise_name

# ------------------------------------------------------------------ the product families
# adjective renderings are "singular|plural"; {v} a number, {rel} a relation, {unit} a unit

AXES = {
    n: (f"{n}-осев{{e}}", f"{word}осев{{e}}", f"{n}-х осев{{e}}")
    for n, word in ((3, "трёх"), (4, "четырёх"), (5, "пяти"))
}
REL_UPTO = {"≤": ("до", "не более"), ">": ("свыше", "более")}
NO_REL = {"": ("",)}
CNC = {"cnc": ("с ЧПУ", "ЧПУ", "с числовым программным управлением", "(ЧПУ)", "с ЧПУ"), "manual": ("без ЧПУ",)}


@dataclass(frozen=True)
class Adj:
    name: str
    options: dict[str, tuple[str, ...]]  # value id -> renderings "sing|plur"
    optional: bool = False


@dataclass(frozen=True)
class Fig:
    name: str
    values: tuple[str, ...]
    patterns: tuple[str, ...]
    relations: dict[str, tuple[str, ...]]
    units: dict[str, tuple[str, ...]]
    optional: bool = True


@dataclass(frozen=True)
class Phrase:
    name: str
    options: dict[str, tuple[str, ...]]
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


# ------------------------------------------------------------------ specs


@dataclass(frozen=True)
class Spec:
    family: str
    values: tuple[tuple[str, str], ...]  # slot -> value id ("" absent); for a figure "rel|value|unit"
    hs6: str

    def value(self, slot: str) -> str:
        return dict(self.values)[slot]

    def with_value(self, slot: str, value: str) -> Spec:
        return Spec(self.family, tuple((k, value if k == slot else v) for k, v in self.values), self.hs6)


@dataclass(frozen=True)
class Wording:
    """One written position: its spec (the truth) and what a list says."""

    spec: Spec
    name: str
    hs_code: str | None
    kind: str


@dataclass(frozen=True)
class LabelledPair:
    a: Wording
    b: Wording
    same: bool
    how: str  # "variant" or "trap:<slot>" / "trap:hs" / "trap:reference-<part>"


BY_FAMILY = {f.id: f for f in FAMILIES}


def _model(rng: random.Random, prefixes: tuple[str, ...]) -> str:
    return f"{rng.choice(prefixes)}{rng.randint(10, 99)}{rng.choice(('', '', 'Ф3', 'Ф4', 'М'))}"


def random_spec(rng: random.Random) -> Spec:
    """A product: seven in ten from the hand-written families, the rest from the HS reference."""
    family = rng.choice(HAND_FAMILIES if rng.random() < 0.7 else REFERENCE_FAMILIES)
    values: list[tuple[str, str]] = []
    for slot in family.slots:
        absent = slot.optional and rng.random() < 0.3
        values.append((slot.name, "" if absent else _random_value(rng, slot)))
    return Spec(family.id, tuple(values), rng.choice(family.hs6))


def _random_value(rng: random.Random, slot: Slot) -> str:
    if isinstance(slot, Adj | Phrase):
        return rng.choice(sorted(slot.options))
    if isinstance(slot, Fig):
        return f"{rng.choice(sorted(slot.relations))}|{rng.choice(slot.values)}|{rng.choice(sorted(slot.units))}"
    return _model(rng, slot.prefixes)


def trap_of(spec: Spec, rng: random.Random, *, hs_known: bool = True) -> tuple[Spec, str]:
    """The spec with one thing changed that makes it another product, and what changed
    (a different HS heading only when the original's code is written: ``hs_known``)."""
    family = BY_FAMILY[spec.family]
    if hs_known and rng.random() < 0.1:
        others = [f for f in FAMILIES if f.hs6[0][:4] != spec.hs6[:4]]
        return Spec(spec.family, spec.values, rng.choice(others).hs6[0]), "trap:hs"
    if spec.family.startswith("ref:") and rng.random() < 0.3:
        siblings = [f for f in REFERENCE_FAMILIES if f.hs6[0][:4] == spec.hs6[:4] and f.id != spec.family]
        siblings = [f for f in siblings if f.kind == family.kind]
        if siblings:
            sibling = rng.choice(siblings)
            return Spec(sibling.id, spec.values, sibling.hs6[0]), "trap:reference-name"
    slot = rng.choice(family.slots)
    current = spec.value(slot.name)
    for _ in range(20):
        new, how = _changed(slot, current, rng)
        if new != current:
            return spec.with_value(slot.name, new), how
    return spec.with_value(slot.name, "" if current else _random_value(rng, slot)), f"trap:{slot.name}-presence"


def _changed(slot: Slot, current: str, rng: random.Random) -> tuple[str, str]:
    if current and (slot.optional or isinstance(slot, Model)) and rng.random() < 0.2:
        return "", f"trap:{slot.name}-dropped"
    if not current:
        return _random_value(rng, slot), f"trap:{slot.name}-added"
    if isinstance(slot, Fig):
        rel, value, unit = current.split("|")
        part = rng.choice(("value", "relation", "unit"))
        if part == "relation" and len(slot.relations) > 1:
            rel = rng.choice([r for r in slot.relations if r != rel])
        elif part == "unit" and len(slot.units) > 1:
            unit = rng.choice([u for u in slot.units if u != unit])
        else:
            part = "value"
            value = rng.choice([v for v in slot.values if v != value])
        return f"{rel}|{value}|{unit}", f"trap:{slot.name}-{part}"
    if isinstance(slot, Model):
        return _model(rng, slot.prefixes), f"trap:{slot.name}"
    options = sorted(slot.options)
    return rng.choice([o for o in options if o != current] or options), f"trap:{slot.name}"


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
                Fig("dia", ("250", "320", "400", "500", "630", "800"), ("Ø {v} {unit}", "Ø{v} {unit}"), NO_REL, MM),
            )
        elif kind == "component":
            slots = (Fig("size", ("16", "20", "25", "32", "40", "50", "63"), ("типоразмер {v}",), NO_REL, {"": ("",)}, False),)
        else:
            slots = (
                Fig("dia", ("6", "8", "10", "12", "16", "20"), ("D{v} {unit}", "Ø{v} {unit}"), NO_REL, MM, False),
                Phrase("alloy", {"ВК8": ("сплав ВК8",), "Т15К6": ("сплав Т15К6", "сплав T15K6"), "Т5К10": ("сплав Т5К10",)}),
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
_LATIN = str.maketrans("АВЕКМНОРСТХ", "ABEKMHOPCTX")
_ADJ_ENDINGS = ("ые", "ие", "ый", "ий", "ой", "ая", "ое")


# ------------------------------------------------------------------ writing a spec


def write(spec: Spec, rng: random.Random, *, typos: bool = True) -> Wording:
    """One way a ministry may write ``spec``."""
    family = BY_FAMILY[spec.family]
    plural = rng.random() < 0.35
    noun = rng.choice(((family.noun,) * 3) + NOUN_ALTERNATIVES.get(family.id, ()))[1 if plural else 0]
    if family.id.startswith("ref:") and rng.random() < 0.4:
        noun = _swap_first_words(noun)
    if typos and family.id in TYPO_NOUNS and rng.random() < 0.15:
        noun = _typo(noun, rng)
    adjectives, tail = [], []
    for slot in family.slots:
        value = spec.value(slot.name)
        if not value:
            continue
        if isinstance(slot, Adj):
            adjectives.append(_adjective(rng.choice(slot.options[value]), plural, family.ending))
        else:
            tail.append(_fragment(slot, value, rng))
    rng.shuffle(adjectives)
    rng.shuffle(tail)
    if family.generic and adjectives and rng.random() < 0.15:
        head = " ".join(adjectives)
    elif rng.random() < 0.5:
        head = " ".join([noun, *adjectives])
    else:
        head = " ".join([*adjectives, noun])
    name = head + "".join(rng.choice((", ", ", ", ", ", " ", "; ")) + t for t in tail)
    return Wording(spec, _style(name, rng), _hs(spec.hs6, rng), family.kind)


def _adjective(rendering: str, plural: bool, ending: str) -> str:
    if "|" in rendering:
        singular, many = rendering.split("|")
        return many if plural else singular
    if plural or ending == "ые":
        return rendering.format(e="ые")
    return rendering.format(e="ая" if ending == "ая" else "ой")


def _fragment(slot: Slot, value: str, rng: random.Random) -> str:
    if isinstance(slot, Model):
        code = value.translate(_LATIN) if rng.random() < 0.2 else value
        if rng.random() < 0.2:
            code = code.replace("-", "")
        pattern = rng.choice(("мод. {c}", "модель {c}", "{c}", "«{c}»", "(мод. {c})", 'мод. "{c}"'))
        return pattern.format(c=code)
    if isinstance(slot, Phrase):
        return rng.choice(slot.options[value])
    assert isinstance(slot, Fig)
    relation, number, unit = value.split("|")
    written = "x".join(_number(part, rng) for part in number.split("x"))
    if "x" in number and rng.random() < 0.4:
        written = written.replace("x", rng.choice(("х", "×", " x ")))
    text = rng.choice(slot.patterns).format(
        rel=rng.choice(slot.relations[relation]), v=written, unit=rng.choice(slot.units[unit])
    )
    text = " ".join(text.split())
    return f"({text})" if rng.random() < 0.1 else text


def _number(value: str, rng: random.Random) -> str:
    if "." in value and rng.random() < 0.6:
        return value.replace(".", ",")
    if len(value) >= 4 and value.isdigit() and rng.random() < 0.4:
        return f"{int(value):,}".replace(",", rng.choice((" ", "\u00a0")))
    return value


def _swap_first_words(name: str) -> str:
    words = name.split(" ")
    if len(words) >= 2 and words[1].endswith(_ADJ_ENDINGS) and words[1].isalpha():
        words[0], words[1] = words[1], words[0].lower()
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def _typo(noun: str, rng: random.Random) -> str:
    """A dropped, doubled or swapped letter inside the longest word of at least 9 letters."""
    words = noun.split(" ")
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 9 or not word.isalpha():
        return noun
    i = rng.randrange(2, len(word) - 2)
    how = rng.randrange(3)
    if how == 0:
        word = word[:i] + word[i + 1 :]
    elif how == 1:
        word = word[:i] + word[i] + word[i:]
    else:
        word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    words[longest] = word
    return " ".join(words)


def _style(name: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        name = name.replace("ё", "е")
    if rng.random() < 0.1:
        name = name.replace("-", rng.choice(("‑", "–")))
    if rng.random() < 0.1:
        name += "."
    if rng.random() < 0.1:
        name = name.replace(" ", "  ", 1)
    p = rng.random()
    if p < 0.05:
        return name.upper()
    if p < 0.15:
        return name.lower()
    return name[:1].upper() + name[1:]


def _hs(hs6: str, rng: random.Random) -> str | None:
    p = rng.random()
    if p < 0.1:
        return None
    if p < 0.3:
        return hs6
    full = hs6 + f"{rng.randint(0, 999):03d}{rng.randint(0, 9)}"
    return f"{full[:4]} {full[4:6]} {full[6:9]} {full[9]}" if p < 0.4 else full


# ------------------------------------------------------------------ labelled sets


def labelled_pairs(n: int, seed: int = 1) -> list[LabelledPair]:
    """``n`` true pairs (two writings of one spec) and ``n`` traps (one slot changed)."""
    rng = random.Random(seed)
    out: list[LabelledPair] = []
    for _ in range(n):
        spec = random_spec(rng)
        out.append(LabelledPair(write(spec, rng), write(spec, rng), True, "variant"))
    while len(out) < 2 * n:
        spec = random_spec(rng)
        a = write(spec, rng)
        other, how = trap_of(spec, rng, hs_known=a.hs_code is not None)
        if other != spec:
            out.append(LabelledPair(a, write_trap(a, other, how, rng), False, how))
    return out


def write_trap(original: Wording, spec: Spec, how: str, rng: random.Random) -> Wording:
    """A writing of the look-alike ``spec`` of ``original``. A look-alike by HS heading alone
    is given a code and a name that is not identical to the original's (the rule lets an
    identical name through whatever its code, docs/domain.md §8)."""
    for _ in range(50):
        trap = write(spec, rng)
        if how != "trap:hs":
            return trap
        if trap.hs_code is not None and normalise_name(trap.name) != normalise_name(original.name):
            return trap
    return Wording(spec, original.name + " (иная позиция)", spec.hs6, trap.kind)


@dataclass(frozen=True)
class Population:
    """Two lists of positions (``BY`` and ``RU``) with known truth."""

    by: list[Wording]
    ru: list[Wording]
    traps: frozenset[tuple[int, int]]  # (BY index, RU index) built as look-alikes

    def true_pairs(self) -> set[tuple[int, int]]:
        by_spec: dict[Spec, list[int]] = {}
        for i, w in enumerate(self.by):
            by_spec.setdefault(w.spec, []).append(i)
        return {(i, j) for j, w in enumerate(self.ru) for i in by_spec.get(w.spec, ())}


def population(n: int, seed: int = 1, *, variants: float = 0.4, traps: float = 0.3) -> Population:
    """``n`` positions: half in a BY list of distinct products; the RU list rewords a share
    ``variants`` of them, writes look-alikes of a share ``traps``, and the rest are its own."""
    rng = random.Random(seed)
    half = n // 2
    specs: list[Spec] = []
    seen: set[Spec] = set()
    while len(specs) < half:
        spec = random_spec(rng)
        if spec not in seen:
            seen.add(spec)
            specs.append(spec)
    by = [write(s, rng) for s in specs]
    ru: list[Wording] = []
    trap_pairs: set[tuple[int, int]] = set()
    used: set[Spec] = set()
    for i in rng.sample(range(half), n - half):
        p = rng.random()
        if p < variants:
            ru.append(write(specs[i], rng))
            continue
        is_trap = p < variants + traps
        spec, how = trap_of(specs[i], rng, hs_known=by[i].hs_code is not None) if is_trap else (specs[i], "")
        while spec in seen or spec in used:
            spec, how = random_spec(rng), ""
        used.add(spec)
        if is_trap and how:
            trap_pairs.add((i, len(ru)))
            ru.append(write_trap(by[i], spec, how, rng))
        else:
            ru.append(write(spec, rng))
    return Population(by, ru, frozenset(trap_pairs))
