"""A position's name as comparable features: content words, figures and designations.

"Станок токарный с ЧПУ, Ø обработки до 400 мм" becomes the words {токарный, обработка, чпу},
the figure (диаметр, ≤, 400, мм) and no designation; "Токарный станок с числовым программным
управлением, диаметр обработки до 400 мм" becomes exactly the same. The steps, in order:

1. fold case and ё/е, unify dashes, quotes and spaces; drop noise phrases ("в т.ч.");
   join thousands groups ("24 000") and read a decimal comma as a point;
2. split into clauses at commas, semicolons, colons and brackets (a quantity word binds only
   to figures of its own clause), and each clause into tokens: numbers, words, designations
   ("16К20", "ВК8", Latin look-alike letters folded to Cyrillic), numerals in words or digits
   ("трёхосевой", "3-х осевой", "3-осевой" are all ``3-осевой``);
3. reduce words to lemmas (:mod:`svetofor.matching.morphology`) and replace the phrases of the
   table (abbreviations, units, relations) by their canonical token;
4. read figures: ``[quantity] [relation] number [- number | x number ...] [unit]``;
5. what is left and not a stop word is a content word.

The rule that uses these features is in :mod:`svetofor.matching.compare` (docs/domain.md §8).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from svetofor.matching import table
from svetofor.matching.morphology import DEFAULT_BACKEND, Lemmatiser, lemmatiser
from svetofor.matching.tokens import (
    CLAUSES,
    CODE,
    HOMOGLYPHS,
    NUM,
    NUMERAL,
    ORDINAL,
    RANGE,
    RELATION,
    TIMES,
    UNIT,
    WORD,
    Token,
    clean,
    tokens,
)
from svetofor.vocabulary import normalise_name


@dataclass(frozen=True, slots=True, order=True)
class Figure:
    """A number with what it measures: (quantity, relation, shape, values, unit).

    ``values`` are canonical decimals ("24000", "0.75"); ``shape`` is ``value``, ``range``
    ("0,75-75", "от 0,75 до 75") or ``size`` ("400x200"). ``text`` is the figure as written in
    the name, for the reasons shown to a planner; it takes no part in equality.
    """

    quantity: str
    relation: str
    shape: str
    values: tuple[str, ...]
    unit: str
    text: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class NameFeatures:
    """What the matcher compares of one name; see the module docstring for the steps."""

    plain: str  # the identity normalisation of the name (vocabulary.normalise_name)
    words: frozenset[str]
    figures: tuple[Figure, ...]  # sorted
    codes: frozenset[str]
    order: tuple[str, ...]  # content words in the order written
    surfaces: tuple[tuple[str, str], ...]  # content word or code -> as written (first one)
    abbreviated: frozenset[str]  # canonical tokens written as an abbreviation or its long form
    numerals: frozenset[str]  # numeral tokens written in words ("трёхосевой")

    def surface(self, token: str) -> str:
        for key, written in self.surfaces:
            if key == token:
                return written
        return token

    @property
    def signature(self) -> tuple[tuple[str, ...], tuple[Figure, ...], tuple[str, ...]]:
        """Equal for two names exactly when their words, figures and designations are equal."""
        return tuple(sorted(self.words)), self.figures, tuple(sorted(self.codes))


# ---------------------------------------------------------------------------- the table, lemmatised


@dataclass(frozen=True)
class Vocabulary:
    """The data of :mod:`svetofor.matching.table` put through one lemmatiser."""

    backend: str
    phrases: dict[tuple[str, ...], tuple[str, str]]  # sorted token values -> (kind, canonical)
    starts: frozenset[str]  # first token values of the phrases
    longest: int
    units: dict[str, str]  # one-token unit spelling -> canonical unit
    stop: frozenset[str]
    quantities: frozenset[str]
    qualifiers: frozenset[str]
    canonical: frozenset[str]  # the canonical tokens of the abbreviation table
    counted: frozenset[str]  # words a count written apart belongs to ("5 осевой")


def _values(text: str, morph: Lemmatiser) -> tuple[str, ...]:
    return tuple(t.value for clause in CLAUSES.split(clean(text)) for t in tokens(clause, morph))


def _phrase_key(values: Iterable[str]) -> tuple[str, ...]:
    """Phrases match in any word order ("передача шариковинтовая" = "шариковинтовая передача")."""
    return tuple(sorted(values))


@lru_cache(maxsize=4)
def vocabulary(backend: str = DEFAULT_BACKEND) -> Vocabulary:
    morph = lemmatiser(backend)
    phrases: dict[tuple[str, ...], tuple[str, str]] = {}
    units: dict[str, str] = {}
    for canonical, aliases in table.ABBREVIATIONS.items():
        for alias in aliases:
            phrases[_phrase_key(_values(alias, morph))] = (WORD, canonical)
    for relation, aliases in table.RELATIONS.items():
        for alias in aliases:
            phrases[_phrase_key(_values(alias, morph))] = (RELATION, relation)
    for unit, aliases in table.UNITS.items():
        for alias in aliases:
            key = _values(alias, morph)
            if len(key) == 1:
                units[key[0]] = unit
                units[alias.casefold().rstrip(".")] = unit
            else:
                phrases[_phrase_key(key)] = (UNIT, unit)
    phrases.pop((), None)

    def words(entries: Iterable[str]) -> frozenset[str]:
        return frozenset(v for e in entries for v in _values(e, morph))

    return Vocabulary(
        backend=backend,
        phrases=phrases,
        starts=frozenset(v for k in phrases for v in k),
        longest=max(len(k) for k in phrases),
        units=units,
        stop=words(table.STOP_WORDS),
        quantities=words(table.QUANTITIES) | {canonical for canonical in table.DEFAULT_UNITS},
        qualifiers=words(table.QUALIFIERS),
        canonical=frozenset(table.ABBREVIATIONS),
        counted=words(table.COUNTED),
    )


# ---------------------------------------------------------------------------- step 3: phrases


def _phrases(tokens: list[Token], vocab: Vocabulary) -> list[Token]:
    """Longest table phrase first, left to right, over runs of word tokens (in any order)."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i].value not in vocab.starts:
            out.append(tokens[i])
            i += 1
            continue
        for length in range(min(vocab.longest, n - i), 0, -1):
            run = tokens[i : i + length]
            if any(t.kind != WORD for t in run):
                continue
            hit = vocab.phrases.get(_phrase_key(t.value for t in run))
            if hit is not None:
                kind, canonical = hit
                text = " ".join(t.text for t in run)
                original = " ".join(t.value for t in run)
                out.append(Token(kind, canonical, text, "abbr" if kind == WORD else original))
                i += length
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


# ---------------------------------------------------------------------------- step 4: figures


@dataclass
class _Clause:
    words: list[Token] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


def _unit_at(tokens: list[Token], j: int, vocab: Vocabulary) -> str | None:
    if j >= len(tokens):
        return None
    t = tokens[j]
    if t.kind == UNIT:
        return t.value
    if t.kind == WORD:
        return vocab.units.get(t.value) or vocab.units.get(t.text.rstrip("."))
    return None


def _figure_at(
    tokens: list[Token], i: int, relation: Token | None, quantity: Token | None, vocab: Vocabulary
) -> tuple[Figure, bool, int]:
    """The figure starting with the number at ``i``: the figure, whether it took ``quantity``
    (the last quantity word of the clause), and the index after it."""
    values, shape, j, n = [tokens[i].value], "value", i + 1, len(tokens)
    numbers = [tokens[i].text]
    while j + 1 < n and _joins(tokens[j]) and tokens[j + 1].kind in (NUM, ORDINAL):
        shape = "range" if tokens[j].kind == RANGE else "size"
        values.append(tokens[j + 1].value)
        numbers.append(tokens[j + 1].text)
        j += 2
    relation_value = relation.value if relation is not None else ""
    if (
        relation_value == "≥"
        and shape == "value"
        and j + 1 < n
        and tokens[j].kind == RELATION
        and tokens[j].value == "≤"
        and tokens[j + 1].kind == NUM
    ):
        relation_value, shape = "", "range"  # "от 0,75 до 75" is the range "0,75-75"
        values.append(tokens[j + 1].value)
        numbers.append(tokens[j + 1].text)
        j += 2
    unit = _unit_at(tokens, j, vocab)
    if unit is not None:
        j += 1
    implied = table.UNIT_QUANTITY.get(unit or "", "")
    # The unit says what is measured when it can: "тока 5 кВт" is a power, and "ток" stays a word.
    takes = quantity is not None and (not implied or quantity.value == implied)
    what = implied or (quantity.value if takes and quantity is not None else "")
    unit = unit or table.DEFAULT_UNITS.get(what, "")
    shown = [
        _shown_quantity(quantity) if takes and quantity is not None else "",
        relation.text if relation else "",
    ]
    shown.append(("x" if shape == "size" else "-").join(numbers) + (f" {unit}" if unit else ""))
    text = " ".join(p for p in shown if p)
    return Figure(what, relation_value, shape, tuple(values), unit, text), takes, j


def _joins(t: Token) -> bool:
    """ "-" of a range, or "x" of a size (also written apart: "400 x 200")."""
    return t.kind in (RANGE, TIMES) or (t.kind == WORD and t.text in ("x", "х"))


def _shown_quantity(quantity: Token) -> str:
    return "Ø" if quantity.text in table.DIAMETER_PREFIXES or quantity.text == "ø" else quantity.text


def _clause(tokens: list[Token], vocab: Vocabulary) -> _Clause:
    out = _Clause()
    quantity: Token | None = None
    quantity_at = -1  # its index in out.words
    bound: set[int] = set()  # indexes in out.words of quantity words a figure took
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else None
        if t.kind == WORD and t.value in table.DESIGNATED and nxt is not None and nxt.kind in (WORD, CODE):
            # "класс точности В": the letter is the class, not the preposition "в"
            written = nxt.text.translate(HOMOGLYPHS)
            out.words.append(Token(WORD, f"{t.value} {written}", f"{t.text} {nxt.text}", t.flag))
            i += 2
        elif t.kind == ORDINAL and nxt is not None and nxt.kind == WORD:
            out.words.append(Token(NUMERAL, f"{t.value}-{nxt.value}", f"{t.text} {nxt.text}"))
            i += 2
        elif t.kind == NUM and nxt is not None and nxt.kind == WORD and nxt.value in vocab.counted:
            out.words.append(Token(NUMERAL, f"{t.value}-{nxt.value}", f"{t.text} {nxt.text}"))  # "5 осевой"
            i += 2
        elif t.kind == WORD and t.text in table.NUMERAL_PREFIXES and nxt is not None and nxt.kind == WORD:
            count = table.NUMERAL_PREFIXES[t.text]
            out.words.append(Token(NUMERAL, f"{count}-{nxt.value}", f"{t.text} {nxt.text}", "words"))
            i += 2
        elif t.kind in (NUM, ORDINAL) or (t.kind == RELATION and nxt is not None and nxt.kind == NUM):
            relation = t if t.kind == RELATION else None
            start = i + 1 if relation is not None else i
            figure, took, i = _figure_at(tokens, start, relation, quantity, vocab)
            if took and quantity is not None:
                bound.add(quantity_at)
            quantity = None  # a quantity word names the next figure of its clause only
            out.figures.append(figure)
        else:
            if t.kind == WORD and t.value in vocab.quantities:
                quantity, quantity_at = t, len(out.words)
            out.words.append(t)
            i += 1
    out.words = [t for k, t in enumerate(out.words) if k not in bound]
    return out


# ---------------------------------------------------------------------------- step 5: the features


def name_features(name: str, backend: str = DEFAULT_BACKEND) -> NameFeatures:
    """The features of a position's name (memoised per name and backend)."""
    return _features(str(name), backend)


@lru_cache(maxsize=100_000)
def _features(name: str, backend: str) -> NameFeatures:
    vocab = vocabulary(backend)
    morph = lemmatiser(backend)
    words: list[str] = []
    figures: list[Figure] = []
    codes: set[str] = set()
    surfaces: dict[str, str] = {}
    abbreviated: set[str] = set()
    numerals: set[str] = set()
    for text in CLAUSES.split(clean(name)):
        clause = _clause(_phrases(tokens(text, morph), vocab), vocab)
        figures.extend(clause.figures)
        for t in clause.words:
            if t.kind == CODE:
                codes.add(t.value)
                surfaces.setdefault(t.value, t.text)
                continue
            value = t.flag if t.kind in (RELATION, UNIT) else t.value  # a relation with no figure
            if t.kind not in (WORD, NUMERAL, RELATION, UNIT) or not value or value in vocab.stop:
                continue
            words.append(value)
            surfaces.setdefault(value, t.text)
            if t.flag == "abbr":
                abbreviated.add(value)
            elif t.flag == "words":
                numerals.add(value)
    return NameFeatures(
        plain=normalise_name(name),
        words=frozenset(words),
        figures=tuple(sorted(figures)),
        codes=frozenset(codes),
        order=tuple(dict.fromkeys(words)),
        surfaces=tuple(surfaces.items()),
        abbreviated=frozenset(abbreviated),
        numerals=frozenset(numerals),
    )
