"""Steps 1 and 2 of reading a name (:mod:`svetofor.matching.features`): the text, then tokens.

The text is case-folded with ё/е, dashes, quotes and spaces unified, noise phrases dropped,
thousands groups joined and a decimal comma read as a point. Each clause is then cut into
tokens: numbers, words (lemmas), designations ("16К20", Latin look-alike letters folded to
Cyrillic), numerals in words or digits ("трёхосевой", "3-х осевой", "3-осевой" are all one
token), and the signs between figures ("-" of a range, "x" of a size).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from svetofor.matching import table
from svetofor.matching.morphology import Lemmatiser

# Token kinds
WORD = "word"  # a content word (lemma, or the canonical token of an abbreviation)
NUM = "num"
CODE = "code"
NUMERAL = "numeral"  # "3-осевой": a count glued to a word
ORDINAL = "ordinal"  # "3-х": a count waiting for its word
UNIT = "unit"
RELATION = "relation"
RANGE = "range"  # "-" between two numbers
TIMES = "times"  # "x" between two sizes
SYMBOL = "symbol"


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    value: str  # lemma, canonical number, canonical token
    text: str  # as written
    flag: str = ""  # "abbr" (from the abbreviation table), "words" (numeral written in words)


# ---------------------------------------------------------------------------- step 1: text

_CHARACTERS = str.maketrans(
    {
        **{c: "-" for c in "‐‑‒–—―−"},  # dashes and hyphens
        **{c: " " for c in "\u00a0\u2007\u202f\u2009\t\r\n"},  # spaces
        **{c: " " for c in "\"'«»„“”‘’`‹›№"},  # quotes
        "×": "x",
        "*": "x",
        "⌀": "ø",
    }
)
# "24 000", also inside a size ("500x2 000"), never after a letter ("F60 250" is a grade and a size)
_THOUSANDS = re.compile(r"(?<![\d.a-wyzа-фц-яø])\d{1,3}(?: \d{3})+(?![\d.])")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
_LINE_HYPHEN = re.compile(r"(?<=[a-zа-я])- (?=[a-zа-я])")
CLAUSES = re.compile(r"[,;:()\[\]{}!?]| - ")
_TOKEN = re.compile(r"[a-zа-яø0-9]+(?:[./\-][a-zа-яø0-9]+)*\.?|[%°<>≤≥]")


def _noise_pattern() -> re.Pattern[str]:
    phrases = sorted((p.casefold().replace("ё", "е") for p in table.NOISE_PHRASES), key=len, reverse=True)
    body = "|".join(r"\s*".join(re.escape(part) for part in p.split()) for p in phrases)
    return re.compile(r"(?<![a-zа-я])(?:" + body + r")(?![a-zа-я])")


_NOISE = _noise_pattern()


def clean(name: str) -> str:
    text = name.casefold().replace("ё", "е")
    text = text.translate(_CHARACTERS)
    text = _NOISE.sub(" ", text)
    text = _LINE_HYPHEN.sub("-", text)
    text = _THOUSANDS.sub(lambda m: m.group(0).replace(" ", ""), text)
    return _DECIMAL_COMMA.sub(".", text)


# ---------------------------------------------------------------------------- step 2: tokens

_NUMBER = r"\d+(?:\.\d+)?"
_IS_NUMBER = re.compile(_NUMBER)
_SIZE = re.compile(rf"{_NUMBER}(?:[xх]{_NUMBER})+")
_NUM_RANGE = re.compile(rf"({_NUMBER})-({_NUMBER})")
_SUFFIXES = "|".join(sorted(table.NUMERAL_SUFFIXES, key=len, reverse=True))
_NUMERAL_DIGITS = re.compile(rf"(\d+)(?:-?(?:{_SUFFIXES}))?-([а-я][а-я-]{{2,}})")
_ORDINAL_DIGITS = re.compile(rf"(\d+)-(?:{_SUFFIXES})")
_NUMBER_UNIT = re.compile(rf"({_NUMBER}(?:[-xх]{_NUMBER})*)([a-zа-я/°%][a-zа-я/°%.-]*)")
_DIAMETER = re.compile(r"(ø|ф|d)(\d.*)")
HOMOGLYPHS = str.maketrans("abcehkmoptxy", "авсенкмортху")
_NUMERAL_PREFIXES = sorted(table.NUMERAL_PREFIXES.items(), key=lambda kv: len(kv[0]), reverse=True)
# Unit spellings with a dot or slash inside are kept whole ("об/мин", "т.с.").
_WHOLE_UNITS = frozenset(
    a.casefold().rstrip(".") for aliases in table.UNITS.values() for a in aliases if re.search(r"[./-]", a)
)
_UNIT_SPELLINGS = frozenset(a.casefold().rstrip(".") for aliases in table.UNITS.values() for a in aliases)
_LATIN_LETTER = re.compile(r"[a-z]")


def _number(text: str) -> str:
    """Canonical decimal: "400.0" -> "400", "0.750" -> "0.75", "007" -> "7"."""
    whole, _, fraction = text.partition(".")
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def _numeral_word(word: str) -> tuple[int, str] | None:
    """ "трехосевой" -> (3, "осевой"); None when the word does not start with a numeral."""
    for prefix, n in _NUMERAL_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            return n, word[len(prefix) :]
    return None


def _scan(raw: str, morph: Lemmatiser) -> Iterator[Token]:
    """The tokens of one written token (a few for "400x200", "ø400мм", "0.75-75")."""
    bare = raw.rstrip(".") or raw
    if bare in _WHOLE_UNITS:
        yield Token(WORD, bare, raw)
        return
    if _IS_NUMBER.fullmatch(bare):
        yield Token(NUM, _number(bare), raw)
        return
    if _SIZE.fullmatch(bare):
        for i, part in enumerate(re.split(r"[xх]", bare)):
            if i:
                yield Token(TIMES, "x", "x")
            yield Token(NUM, _number(part), part)
        return
    m = _NUM_RANGE.fullmatch(bare)
    if m:
        yield Token(NUM, _number(m.group(1)), m.group(1))
        yield Token(RANGE, "-", "-")
        yield Token(NUM, _number(m.group(2)), m.group(2))
        return
    m = _DIAMETER.fullmatch(bare)
    if m:
        yield Token(WORD, "ø", m.group(1))
        yield from _scan(m.group(2), morph)
        return
    m = _NUMERAL_DIGITS.fullmatch(bare)
    if m and not re.search(r"\d", m.group(2)):
        rest = m.group(2)
        yield Token(NUMERAL, f"{m.group(1)}-{_compound(rest, morph)}", raw)
        return
    m = _ORDINAL_DIGITS.fullmatch(bare)
    if m:
        yield Token(ORDINAL, m.group(1), raw)
        return
    m = _NUMBER_UNIT.fullmatch(bare)
    if m and m.group(2).rstrip(".") in _UNIT_SPELLINGS:  # "400мм", "400x1600мм", "0.75-75квт"
        yield from _scan(m.group(1), morph)
        yield Token(WORD, m.group(2).rstrip("."), m.group(2))
        return
    if re.search(r"\d", bare):
        yield Token(CODE, bare.translate(HOMOGLYPHS).replace("-", ""), raw.rstrip("."))
        return
    if bare in ("<", ">", "≤", "≥", "%", "°"):
        yield Token(WORD, bare, raw)
        return
    for part in re.split(r"[./]", bare):
        if part:
            yield _word(part, morph)


def _compound(word: str, morph: Lemmatiser) -> str:
    """ "токарно-револьверный" -> "токарноревольверный": the last part takes its lemma, the
    first parts stay as written (they are linking forms), the hyphen goes. A last part outside
    the dictionary takes its stem, however short ("2-зубая" / "2-зубые"): it is no abbreviation."""
    parts = [p for p in word.split("-") if p]
    if not parts:
        return word
    last = parts[-1]
    return "".join(parts[:-1]) + (morph.lemma(last) if morph.is_known(last) else morph.stem(last))


def _word(word: str, morph: Lemmatiser) -> Token:
    first = word.split("-", 1)[0]
    if "-" in word and first in table.NUMERAL_PREFIXES:
        return Token(
            NUMERAL,
            f"{table.NUMERAL_PREFIXES[first]}-{_compound(word[len(first) + 1 :], morph)}",
            word,
            "words",
        )
    numeral = _numeral_word(word)
    if numeral is not None:
        n, rest = numeral
        return Token(NUMERAL, f"{n}-{_compound(rest, morph)}", word, "words")
    if "-" in word:
        return Token(WORD, _compound(word, morph), word)
    if len(word) == 1 and _LATIN_LETTER.fullmatch(word):
        word = word.translate(HOMOGLYPHS)  # "ось X", "класс A": a Latin look-alike letter
    return Token(WORD, morph.lemma(word), word)


def tokens(clause: str, morph: Lemmatiser) -> list[Token]:
    out: list[Token] = []
    for raw in _TOKEN.findall(clause):
        out.extend(_scanned(raw, morph))
    return out


@lru_cache(maxsize=200_000)
def _scanned(raw: str, morph: Lemmatiser) -> tuple[Token, ...]:
    # a list of 20,000 positions repeats a few thousand written tokens: scan each once
    return tuple(_scan(raw, morph))
