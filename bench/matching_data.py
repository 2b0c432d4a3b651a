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

from bench.matching_families import (
    BY_FAMILY,
    FAMILIES,
    HAND_FAMILIES,
    NOUN_ALTERNATIVES,
    REFERENCE_FAMILIES,
    TYPO_NOUNS,
    Adj,
    Fig,
    Model,
    Phrase,
    Slot,
)
from svetofor.vocabulary import normalise_name

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
        return (
            f"{rng.choice(sorted(slot.relations))}|{rng.choice(slot.values)}|{rng.choice(sorted(slot.units))}"
        )
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
    return spec.with_value(
        slot.name, "" if current else _random_value(rng, slot)
    ), f"trap:{slot.name}-presence"


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
