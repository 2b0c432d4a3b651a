"""The rule "same position?" for two names (docs/domain.md §8), with its reasons in words.

Two positions are the same when, after normalisation (:mod:`svetofor.matching.features`):

- their **content words** are the same set, after the abbreviation table and any learned
  equivalences; the one exception is a probable typo: exactly one word differs on each side,
  both are long (:data:`TYPO_MIN_LENGTH` letters or more), at most one edit apart (as lemmas
  or as written), neither is a qualifier, and not both are dictionary words (two real words
  are two words);
- their **figures** are the same: quantity, relation, values and unit ("до 400 мм" is not
  "свыше 400 мм", "Ø 10" is not "Ø 12", "100 тс" is not "100 т");
- their **designations** are the same ("16К20", "ВК8");
- their **HS headings** (first four digits) agree when both are given, and their kinds agree
  when both are known. Either may disagree only when the names are identical after identity
  normalisation (case, spaces, ё/е, quotes): then the codes are more likely a typing slip than
  a different product.

Anything else is a veto, and the veto says what differs. A match's score (0..1) only orders
suggestions: the same name scores highest, learned words and typos lower, and a missing or only
partly equal HS code lowers it a little.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from svetofor.matching.features import Figure, NameFeatures, Vocabulary
from svetofor.matching.learning import LearnedTable
from svetofor.matching.morphology import Lemmatiser
from svetofor.messages import Message, Param, msg

TYPO_MIN_LENGTH = 8
KNOWN_KINDS = frozenset({"machine", "component", "tool"})
MAX_LISTED = 4  # words or figures named in one reason

SCORE_SAME_NAME = 1.0
SCORE_SAME_WORDS = 0.97
PENALTY_LEARNED = 0.03
PENALTY_TYPO = 0.08
PENALTY_HS_PARTLY = 0.02  # the same heading, different subheadings
PENALTY_HS_MISSING = 0.04
PENALTY_HS_CONFLICT = 0.15  # different headings, identical names
PENALTY_KIND_CONFLICT = 0.15


@dataclass(frozen=True)
class Comparison:
    """The verdict on one pair: ``match`` is ``veto is None``; ``reason`` says what agreed
    (also for a vetoed pair), ``veto`` what differs."""

    match: bool
    score: float
    reason: Message
    veto: Message | None = None


@dataclass(frozen=True)
class Side:
    """One position as the rule sees it: features with learned words applied, codes."""

    features: NameFeatures
    words: frozenset[str]  # content words after the learned table
    learned: tuple[tuple[str, str], ...]  # learned equivalences this name used
    hs_code: str  # digits only, "" if none
    kind: str | None

    @property
    def informative(self) -> bool:
        return bool(self.words or self.features.codes or self.features.figures)


def side(features: NameFeatures, hs_code: str | None, kind: str | None, learned: LearnedTable | None) -> Side:
    words, used = (features.words, ()) if learned is None else learned.rewrite(features.words)
    digits = "".join(c for c in (hs_code or "") if c.isdigit())
    return Side(features, words, used, digits, (kind or "").strip().casefold() or None)


def hs_display(code: str) -> str:
    """ "845811" -> "8458 11": TN VED's groups of 4, 2, 3 and 1 digits."""
    parts, start = [], 0
    for width in (4, 2, 3, 1):
        if start < len(code):
            parts.append(code[start : start + width])
        start += width
    return " ".join(parts) + (code[10:] if len(code) > 10 else "")


def join_reasons(parts: Sequence[Message]) -> Message:
    """One message that reads "a; b; c" in either language."""
    if not parts:
        return msg("matching.none")
    out = parts[-1]
    for part in reversed(parts[:-1]):
        out = msg("matching.join", head=part, tail=out)
    return out


def compare_sides(a: Side, b: Side, vocab: Vocabulary, morph: Lemmatiser) -> Comparison:
    """The rule of the module docstring for two prepared sides."""
    fa, fb = a.features, b.features
    agreed = _agreed(a, b)
    if not a.informative or not b.informative:
        return _vetoed(agreed, msg("matching.veto.nothing"))
    identical = fa.plain == fb.plain  # the identity normalisation of docs/domain.md §3
    score = SCORE_SAME_NAME if fa.plain == fb.plain else SCORE_SAME_WORDS
    hs_veto, hs_penalty, hs_reason = _hs(a.hs_code, b.hs_code, identical)
    if hs_veto is not None:
        return _vetoed(agreed, hs_veto)
    if a.kind in KNOWN_KINDS and b.kind in KNOWN_KINDS and a.kind != b.kind:
        if not identical:
            return _vetoed(agreed, msg("matching.veto.kind", a=_kind(a.kind), b=_kind(b.kind)))
        score -= PENALTY_KIND_CONFLICT
    if fa.figures != fb.figures:
        return _vetoed(agreed, _figure_veto(fa.figures, fb.figures))
    if fa.codes != fb.codes:
        only_a, only_b = sorted(fa.codes - fb.codes), sorted(fb.codes - fa.codes)
        return _vetoed(agreed, msg("matching.veto.codes", a=_listing(fa, only_a), b=_listing(fb, only_b)))
    reasons = list(agreed)
    if a.words != b.words:
        typo = _typo(a, b, vocab, morph)
        if typo is None:
            return _vetoed(agreed, _word_veto(a, b))
        reasons.append(msg("matching.typo", a=typo[0], b=typo[1]))
        score -= PENALTY_TYPO
    learned = sorted(set(a.learned) | set(b.learned))
    if learned:
        pairs = tuple(msg("matching.pair", a=x, b=y) for x, y in learned[:MAX_LISTED])
        reasons.append(msg("matching.learned", pairs=pairs))
        score -= PENALTY_LEARNED * len(learned)
    if hs_reason is not None:
        reasons.insert(0, hs_reason)
    return Comparison(True, round(max(0.0, min(1.0, score - hs_penalty)), 3), join_reasons(reasons))


def _vetoed(agreed: list[Message], veto: Message) -> Comparison:
    return Comparison(False, 0.0, join_reasons(agreed), veto)


def _agreed(a: Side, b: Side) -> list[Message]:
    """What agrees, whatever the verdict: words, abbreviations, numerals, figures, codes."""
    fa, fb = a.features, b.features
    out: list[Message] = []
    if fa.plain == fb.plain:
        out.append(msg("matching.same_name"))
    elif a.words == b.words and a.words:
        same_order = [w for w in fa.order if w in b.words] == [w for w in fb.order if w in a.words]
        out.append(msg("matching.same_words" if same_order else "matching.same_words_reordered"))
    shared = a.words & b.words
    abbreviations = _written_differently(fa, fb, shared & (fa.abbreviated | fb.abbreviated))
    if abbreviations:
        out.append(msg("matching.abbreviations", pairs=abbreviations))
    numerals = _written_differently(fa, fb, shared & (fa.numerals ^ fb.numerals))
    if numerals:
        out.append(msg("matching.numerals", pairs=numerals))
    common = [f for f in fa.figures if f in fb.figures]
    if common:
        out.append(msg("matching.figures_agree", figures=tuple(f.text for f in common[:MAX_LISTED])))
    codes = sorted(fa.codes & fb.codes)
    if codes:
        out.append(msg("matching.codes_agree", codes=_listing(fa, codes)))
    return out


def _written_differently(fa: NameFeatures, fb: NameFeatures, tokens: frozenset[str]) -> tuple[Param, ...]:
    pairs: list[Param] = []
    for token in sorted(tokens):
        x, y = _abbreviation(fa.surface(token), token), _abbreviation(fb.surface(token), token)
        if x.casefold() != y.casefold():
            pairs.append(msg("matching.pair", a=x, b=y))
    return tuple(pairs[:MAX_LISTED])


def _abbreviation(written: str, token: str) -> str:
    """ "чпу" is shown as the abbreviation it is (names are compared case-folded)."""
    return written.upper() if written == token and len(token) <= 5 else written


def _hs(a: str, b: str, identical: bool) -> tuple[Message | None, float, Message | None]:
    """(veto, score penalty, reason) from the two HS codes (digits only)."""
    if len(a) < 4 or len(b) < 4:
        return None, PENALTY_HS_MISSING, (msg("matching.hs_missing") if a or b else None)
    if a[:4] != b[:4]:
        if identical:
            reason = msg("matching.hs_differs_same_name", a=hs_display(a), b=hs_display(b))
            return None, PENALTY_HS_CONFLICT, reason
        return msg("matching.veto.hs", a=hs_display(a[:4]), b=hs_display(b[:4])), 0.0, None
    if a == b:
        return None, 0.0, msg("matching.hs_same_code", code=hs_display(a))
    common = 4
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    penalty = 0.0 if common >= 6 else PENALTY_HS_PARTLY
    return None, penalty, msg("matching.hs_same_heading", code=hs_display(a[:common]))


def _kind(kind: str) -> Message | str:
    return msg(f"matching.kind.{kind}") if kind in KNOWN_KINDS else kind


def _listing(features: NameFeatures, tokens: Sequence[str]) -> Param:
    if not tokens:
        return msg("matching.none")
    return tuple(features.surface(t) for t in tokens[:MAX_LISTED])


def _figure_veto(a: tuple[Figure, ...], b: tuple[Figure, ...]) -> Message:
    only_a = [f.text for f in a if f not in b]
    only_b = [f.text for f in b if f not in a]
    shown_a: Param = tuple(only_a[:MAX_LISTED]) if only_a else msg("matching.none")
    shown_b: Param = tuple(only_b[:MAX_LISTED]) if only_b else msg("matching.none")
    return msg("matching.veto.figures", a=shown_a, b=shown_b)


def _word_veto(a: Side, b: Side) -> Message:
    only_a = sorted(a.words - b.words)
    only_b = sorted(b.words - a.words)
    if only_a and only_b:
        return msg(
            "matching.veto.words",
            a=_listing(a.features, only_a),
            b=_listing(b.features, only_b),
        )
    extra = only_a or only_b
    features = a.features if only_a else b.features
    return msg("matching.veto.extra_words", words=_listing(features, extra))


def typo_eligible(word: str, vocab: Vocabulary) -> bool:
    """A word whose spelling may be forgiven: one long written word, no digits, neither a
    qualifier nor a token of the abbreviation table ("класс точности А" is no typo of "П")."""
    return (
        len(word) >= TYPO_MIN_LENGTH
        and word not in vocab.qualifiers
        and word not in vocab.canonical
        and " " not in word
        and not any(c.isdigit() for c in word)
    )


def spellings(word: str, written: str, morph: Lemmatiser) -> tuple[str, str, str]:
    """The three forms a typo is looked for in: lemma, as written, Snowball stem of the written."""
    return word, written, morph.stem(written)


def near_spelling(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    """At most one edit apart as lemmas, as written, or as stems: a misspelt word may get an odd
    lemma ("подшипнки" -> "подшипнкий") or stand in another number ("серводвигтаели" /
    "серводвигатель"), while one of the three forms stays one letter away."""
    return any(OSA.distance(x, y, score_cutoff=1) <= 1 for x, y in zip(a, b, strict=True))


def _typo(a: Side, b: Side, vocab: Vocabulary, morph: Lemmatiser) -> tuple[str, str] | None:
    only_a, only_b = a.words - b.words, b.words - a.words
    if len(only_a) != 1 or len(only_b) != 1:
        return None
    x, y = next(iter(only_a)), next(iter(only_b))
    if not (typo_eligible(x, vocab) and typo_eligible(y, vocab)):
        return None
    x_written, y_written = a.features.surface(x), b.features.surface(y)
    if morph.is_known(x_written) and morph.is_known(y_written):
        return None  # two dictionary words are two words, however alike
    if not near_spelling(spellings(x, x_written, morph), spellings(y, y_written, morph)):
        return None
    return x_written, y_written
